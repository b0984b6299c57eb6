# syntax=docker/dockerfile:1
# quotewire: the NATS worker and the `extract` command in a small image.
#   docker build -t quotewire .
#   docker run --rm --read-only -e QUOTEWIRE__NATS__URL=nats://nats:4222 quotewire
# Dependencies are built in a layer of their own (cargo-chef), so a change to the sources rebuilds
# only the crate. The final image holds one static-ish binary on distroless (glibc, CA certificates,
# no shell), runs as an unprivileged numeric user, and writes nothing: a read-only root filesystem
# works. Configuration is by environment (QUOTEWIRE__SECTION__KEY, OTEL_*), defaults compiled in.

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-slim-bookworm AS chef
RUN cargo install cargo-chef --locked --version 0.1.78
WORKDIR /src

# Reduce the manifests to a recipe of the dependencies only.
FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
# Cached until Cargo.toml or Cargo.lock change.
RUN cargo chef cook --release --locked --bin quotewire --recipe-path recipe.json
COPY . .
RUN cargo build --release --locked --bin quotewire \
    && ./target/release/quotewire --version \
    && install -D -m 0755 target/release/quotewire /out/quotewire

FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
COPY --from=builder /out/quotewire /usr/local/bin/quotewire
# distroless' "nonroot" user, by number so that runAsNonRoot can verify it.
USER 65532:65532
ENV QUOTEWIRE__HTTP__ADDR=0.0.0.0:9464 \
    QUOTEWIRE__TELEMETRY__LOG_FORMAT=json
EXPOSE 9464
ENTRYPOINT ["/usr/local/bin/quotewire"]
CMD ["worker"]
