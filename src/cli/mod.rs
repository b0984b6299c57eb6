//! Commands of the `quotewire` binary that are tools around the service rather than part of
//! it: `demo` (try the worker on example articles) and `load` (measure throughput). They live
//! in the binary, not the library, and may use `anyhow` like the rest of `main`.

pub mod demo;
pub mod load;
