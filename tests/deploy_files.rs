//! The deployment files parse and agree with the code and with each other: compose, the
//! Prometheus and NATS configs, the kustomize tree, the Dockerfile. Every `QUOTEWIRE__*` variable
//! they set names a key of `config/default.toml` (the reference of every key) or, for
//! `[telemetry]`, a key `TelemetryConfig` accepts with that value. No Docker engine or cluster is
//! needed: this is what can be checked without one.
#![cfg(feature = "service")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_norway::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every YAML document in a file.
fn yaml_docs(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_norway::Deserializer::from_str(&text)
        .map(|d| {
            Value::deserialize(d)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
        })
        .filter(|v| !v.is_null())
        .collect()
}

fn yaml(rel: &str) -> Value {
    let mut docs = yaml_docs(&root().join(rel));
    assert_eq!(docs.len(), 1, "{rel}: one document expected");
    docs.remove(0)
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    let mut cur = v;
    for key in path {
        cur = match key.parse::<usize>() {
            Ok(i) if cur.is_sequence() => &cur[i],
            _ => &cur[*key],
        };
    }
    cur
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => panic!("not a scalar: {other:?}"),
    }
}

/// `30s`, `2m`, `45` (seconds) as seconds.
fn seconds(v: &str) -> u64 {
    let v = v.trim();
    let (num, mult) = if let Some(n) = v.strip_suffix("ms") {
        return n
            .parse::<u64>()
            .map(|ms| ms / 1000)
            .unwrap_or_else(|_| panic!("duration {v:?}"));
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1)
    } else if let Some(n) = v.strip_suffix('m') {
        (n, 60)
    } else if let Some(n) = v.strip_suffix('h') {
        (n, 3600)
    } else {
        (v, 1)
    };
    num.parse::<u64>()
        .unwrap_or_else(|_| panic!("duration {v:?}"))
        * mult
}

/// `section.key` for every key in config/default.toml (commented-out keys do not count).
fn known_config_keys() -> BTreeMap<String, toml::Value> {
    let doc: toml::Table =
        toml::from_str(&read("config/default.toml")).expect("config/default.toml parses");
    let mut keys = BTreeMap::new();
    for (section, table) in &doc {
        let table = table
            .as_table()
            .unwrap_or_else(|| panic!("[{section}] is a table"));
        for (key, value) in table {
            keys.insert(format!("{section}.{key}"), value.clone());
        }
    }
    keys
}

fn default_of(key: &str) -> String {
    match known_config_keys().get(key) {
        Some(toml::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => panic!("{key} is not in config/default.toml"),
    }
}

/// Checks one `QUOTEWIRE__SECTION__KEY=value` against the code; returns a complaint if any.
fn check_env_key(
    origin: &str,
    name: &str,
    value: &str,
    known: &BTreeMap<String, toml::Value>,
) -> Option<String> {
    let rest = name.strip_prefix("QUOTEWIRE__")?;
    let parts: Vec<String> = rest.split("__").map(str::to_ascii_lowercase).collect();
    if parts.len() != 2 || parts.iter().any(String::is_empty) {
        return Some(format!("{origin}: {name} is not QUOTEWIRE__SECTION__KEY"));
    }
    let key = parts.join(".");
    if parts[0] == "telemetry" {
        // The telemetry section is this crate's own type: it must accept the key and the value.
        let mut map = serde_json::Map::new();
        map.insert(parts[1].clone(), serde_json::Value::from(value));
        return serde_json::from_value::<quotewire::telemetry::TelemetryConfig>(
            serde_json::Value::Object(map),
        )
        .err()
        .map(|e| format!("{origin}: {name}={value:?} is not accepted by [telemetry]: {e}"));
    }
    if !known.contains_key(&key) {
        return Some(format!(
            "{origin}: {name} sets `{key}`, which config/default.toml does not define"
        ));
    }
    None
}

/// (origin, name, value) of every environment variable the deploy files set.
fn deploy_env_vars() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let compose = yaml("deploy/compose.yaml");
    for (svc, def) in compose["services"].as_mapping().expect("services").iter() {
        let svc = text(svc);
        match &def["environment"] {
            Value::Mapping(m) => {
                for (k, v) in m {
                    out.push((format!("compose {svc}"), text(k), text(v)));
                }
            }
            Value::Sequence(list) => {
                for item in list {
                    let item = text(item);
                    let (k, v) = item.split_once('=').unwrap_or((&item, ""));
                    out.push((format!("compose {svc}"), k.to_owned(), v.to_owned()));
                }
            }
            Value::Null => {}
            other => panic!("compose {svc}: environment is {other:?}"),
        }
    }
    for (path, doc) in k8s_docs() {
        let origin = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        match s(&doc, &["kind"]).as_str() {
            Some("ConfigMap") => {
                for (k, v) in doc["data"].as_mapping().expect("ConfigMap data") {
                    out.push((origin.clone(), text(k), text(v)));
                }
            }
            Some("Deployment") => {
                for c in s(&doc, &["spec", "template", "spec", "containers"])
                    .as_sequence()
                    .expect("containers")
                {
                    for e in c["env"].as_sequence().into_iter().flatten() {
                        let value = e.get("value").map(text).unwrap_or_default();
                        out.push((origin.clone(), text(&e["name"]), value));
                    }
                }
            }
            Some("Component") => {
                for p in doc["patches"].as_sequence().into_iter().flatten() {
                    let ops: Vec<Value> =
                        serde_norway::from_str(&text(&p["patch"])).expect("component patch parses");
                    for op in ops {
                        let path = text(&op["path"]);
                        if let Some(name) = path.strip_prefix("/data/") {
                            out.push((origin.clone(), name.to_owned(), text(&op["value"])));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for line in dockerfile_instructions() {
        if let Some(rest) = line.strip_prefix("ENV ") {
            for pair in rest.split_whitespace() {
                let (k, v) = pair
                    .split_once('=')
                    .unwrap_or_else(|| panic!("Dockerfile ENV {pair}: use K=V"));
                out.push(("Dockerfile".to_owned(), k.to_owned(), v.to_owned()));
            }
        }
    }
    out
}

/// Every document of every YAML file under deploy/k8s, with its file.
fn k8s_docs() -> Vec<(PathBuf, Value)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("deploy/k8s")
            .map(|e| e.expect("dir entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("deploy/k8s"), &mut files);
    files
        .into_iter()
        .flat_map(|f| yaml_docs(&f).into_iter().map(move |d| (f.clone(), d)))
        .collect()
}

fn k8s_kind(kind: &str) -> Vec<Value> {
    k8s_docs()
        .into_iter()
        .filter(|(_, d)| d["kind"].as_str() == Some(kind) && d.get("apiVersion").is_some())
        .map(|(_, d)| d)
        .collect()
}

fn one_kind(kind: &str) -> Value {
    let mut v = k8s_kind(kind);
    assert_eq!(v.len(), 1, "one {kind} expected");
    v.remove(0)
}

/// The Dockerfile's instructions, continuation lines joined, comments dropped.
fn dockerfile_instructions() -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in read("Dockerfile").lines() {
        let t = line.trim();
        if t.starts_with('#') || (t.is_empty() && cur.is_empty()) {
            continue;
        }
        if let Some(body) = t.strip_suffix('\\') {
            cur.push_str(body.trim_end());
            cur.push(' ');
            continue;
        }
        cur.push_str(t);
        if !cur.trim().is_empty() {
            out.push(cur.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        cur.clear();
    }
    out
}

fn env_map(vars: &[(String, String, String)], origin_prefix: &str) -> BTreeMap<String, String> {
    vars.iter()
        .filter(|(o, _, _)| o.starts_with(origin_prefix))
        .map(|(_, k, v)| (k.clone(), v.clone()))
        .collect()
}

#[test]
fn every_quotewire_variable_names_a_config_key_the_code_knows() {
    let known = known_config_keys();
    for must in [
        "nats.url",
        "http.addr",
        "telemetry.log_format",
        "telemetry.log_level",
    ] {
        assert!(known.contains_key(must), "config/default.toml lacks {must}");
    }
    let vars = deploy_env_vars();
    let quotewire_vars = vars
        .iter()
        .filter(|(_, k, _)| k.starts_with("QUOTEWIRE__"))
        .count();
    assert!(
        quotewire_vars >= 15,
        "expected the deploy files to configure the worker, found {quotewire_vars}"
    );
    let complaints: Vec<String> = vars
        .iter()
        .filter_map(|(o, k, v)| check_env_key(o, k, v, &known))
        .collect();
    assert!(complaints.is_empty(), "{}", complaints.join("\n"));

    // The standard OpenTelemetry variables used are ones the exporter honours.
    let otel: BTreeSet<&str> = [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
        "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_EXPORTER_OTLP_TIMEOUT",
        "OTEL_SERVICE_NAME",
        "OTEL_RESOURCE_ATTRIBUTES",
        "OTEL_SDK_DISABLED",
        "OTEL_TRACES_EXPORTER",
        "OTEL_TRACES_SAMPLER",
        "OTEL_TRACES_SAMPLER_ARG",
    ]
    .into();
    for (origin, k, _) in &vars {
        if k.starts_with("OTEL_") {
            assert!(
                otel.contains(k.as_str()),
                "{origin}: {k} is not a variable quotewire's telemetry reads"
            );
        }
    }
}

#[test]
fn the_key_check_catches_an_unknown_key() {
    let known = known_config_keys();
    assert!(check_env_key("t", "QUOTEWIRE__NATS__URL", "nats://x:4222", &known).is_none());
    assert!(check_env_key("t", "QUOTEWIRE__NATS__URLS", "nats://x:4222", &known).is_some());
    assert!(check_env_key("t", "QUOTEWIRE__NATS_URL", "x", &known).is_some());
    assert!(check_env_key(
        "t",
        "QUOTEWIRE__TELEMETRY__OTLP_ENDPOINT",
        "http://c:4318",
        &known
    )
    .is_none());
    assert!(check_env_key(
        "t",
        "QUOTEWIRE__TELEMETRY__OTLP_ENDPIONT",
        "http://c:4318",
        &known
    )
    .is_some());
    assert!(check_env_key("t", "QUOTEWIRE__TELEMETRY__LOG_FORMAT", "yaml", &known).is_some());
}

#[test]
fn compose_runs_durable_nats_three_workers_jaeger_and_prometheus() {
    let compose = yaml("deploy/compose.yaml");
    let svc = &compose["services"];
    for name in ["nats", "quotewire", "jaeger", "prometheus"] {
        assert!(svc.get(name).is_some(), "compose has no service {name}");
        assert!(
            s(svc, &[name, "image"])
                .as_str()
                .is_some_and(|i| i.contains(':')),
            "{name}: pinned image"
        );
    }
    let worker = &svc["quotewire"];
    assert_eq!(s(worker, &["deploy", "replicas"]).as_u64(), Some(3));
    assert_eq!(
        s(worker, &["build", "dockerfile"]).as_str(),
        Some("Dockerfile")
    );
    assert!(root()
        .join("deploy")
        .join(text(s(worker, &["build", "context"])))
        .join("Dockerfile")
        .is_file());
    assert_eq!(worker["read_only"].as_bool(), Some(true));
    let user = text(&worker["user"]);
    assert!(
        user.split(':')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
        "numeric user: {user}"
    );

    let env = env_map(&deploy_env_vars(), "compose quotewire");
    assert_eq!(
        env.get("QUOTEWIRE__NATS__URL").map(String::as_str),
        Some("nats://nats:4222")
    );
    let http_port = env["QUOTEWIRE__HTTP__ADDR"]
        .rsplit(':')
        .next()
        .expect("port")
        .to_owned();
    let otlp = &env["QUOTEWIRE__TELEMETRY__OTLP_ENDPOINT"];
    assert!(otlp.starts_with("http://jaeger:4318"), "{otlp}");
    let grace = env
        .get("QUOTEWIRE__WORKER__SHUTDOWN_GRACE")
        .cloned()
        .unwrap_or_else(|| default_of("worker.shutdown_grace"));
    assert!(
        seconds(&text(&worker["stop_grace_period"])) > seconds(&grace),
        "stop_grace_period longer than the drain"
    );

    // NATS: JetStream, monitoring, durable writes.
    let nats_cmd: Vec<String> = s(svc, &["nats", "command"])
        .as_sequence()
        .expect("nats command")
        .iter()
        .map(text)
        .collect();
    assert!(nats_cmd.iter().any(|a| a == "/etc/nats/nats.conf"));
    let mounts: Vec<String> = s(svc, &["nats", "volumes"])
        .as_sequence()
        .expect("volumes")
        .iter()
        .map(text)
        .collect();
    assert!(
        mounts
            .iter()
            .any(|m| m.starts_with("./nats.conf:/etc/nats/nats.conf")),
        "{mounts:?}"
    );
    let conf = read("deploy/nats.conf");
    let lines: Vec<&str> = conf
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .collect();
    let js_start = lines
        .iter()
        .position(|l| l.starts_with("jetstream"))
        .expect("jetstream block");
    let js_end = js_start
        + lines[js_start..]
            .iter()
            .position(|l| *l == "}")
            .expect("end of jetstream block");
    assert!(
        lines[js_start..js_end].contains(&"sync_interval: always"),
        "nats.conf: sync_interval always"
    );
    assert!(lines.contains(&"http_port: 8222"), "nats.conf: monitoring");

    // Prometheus scrapes the workers on their metrics port.
    let prom = yaml("deploy/prometheus.yml");
    let jobs = prom["scrape_configs"]
        .as_sequence()
        .expect("scrape_configs");
    let job = jobs
        .iter()
        .find(|j| j["job_name"] == "quotewire")
        .expect("quotewire job");
    let dns = &job["dns_sd_configs"][0];
    assert_eq!(text(&dns["port"]), http_port);
    assert_eq!(
        text(&dns["names"][0]),
        "quotewire",
        "the compose service name"
    );
    let prom_mounts: Vec<String> = s(svc, &["prometheus", "volumes"])
        .as_sequence()
        .expect("volumes")
        .iter()
        .map(text)
        .collect();
    assert!(prom_mounts
        .iter()
        .any(|m| m.starts_with("./prometheus.yml:")));
    for j in jobs {
        for t in j["static_configs"][0]["targets"]
            .as_sequence()
            .into_iter()
            .flatten()
        {
            let host = text(t).split(':').next().unwrap_or("").to_owned();
            assert!(
                svc.get(host.as_str()).is_some(),
                "prometheus target {host} is a compose service"
            );
        }
    }
}

#[test]
fn kustomize_tree_is_complete_and_consistent() {
    let kustomization = yaml("deploy/k8s/kustomization.yaml");
    for r in kustomization["resources"].as_sequence().expect("resources") {
        assert!(
            root().join("deploy/k8s").join(text(r)).is_file(),
            "resource {} exists",
            text(r)
        );
    }
    let component = yaml("deploy/k8s/nack/kustomization.yaml");
    assert_eq!(component["kind"].as_str(), Some("Component"));
    for r in component["resources"].as_sequence().expect("resources") {
        assert!(
            root().join("deploy/k8s/nack").join(text(r)).is_file(),
            "nack resource {} exists",
            text(r)
        );
    }

    let vars = deploy_env_vars();
    let cm = env_map(&vars, "deploy/k8s/configmap.yaml");
    let deploy = one_kind("Deployment");
    let pod = s(&deploy, &["spec", "template", "spec"]);
    let c = &pod["containers"][0];
    assert_eq!(
        text(&c["envFrom"][0]["configMapRef"]["name"]),
        text(&one_kind("ConfigMap")["metadata"]["name"])
    );

    // Probes on the metrics port, which is the port of http.addr.
    let port = &c["ports"][0];
    let http_port = cm["QUOTEWIRE__HTTP__ADDR"]
        .rsplit(':')
        .next()
        .expect("port")
        .to_owned();
    assert_eq!(text(&port["containerPort"]), http_port);
    for (probe, path) in [
        ("livenessProbe", "/healthz"),
        ("readinessProbe", "/readyz"),
        ("startupProbe", "/healthz"),
    ] {
        assert_eq!(text(&c[probe]["httpGet"]["path"]), path, "{probe}");
        assert_eq!(c[probe]["httpGet"]["port"], port["name"], "{probe} port");
    }
    for kind in ["requests", "limits"] {
        for r in ["cpu", "memory"] {
            assert!(
                c["resources"][kind].get(r).is_some(),
                "resources.{kind}.{r}"
            );
        }
    }
    assert_eq!(pod["securityContext"]["runAsNonRoot"].as_bool(), Some(true));
    assert!(pod["securityContext"]["runAsUser"]
        .as_u64()
        .is_some_and(|u| u > 0));
    assert_eq!(
        c["securityContext"]["readOnlyRootFilesystem"].as_bool(),
        Some(true)
    );
    assert_eq!(
        c["securityContext"]["allowPrivilegeEscalation"].as_bool(),
        Some(false)
    );
    let grace = cm
        .get("QUOTEWIRE__WORKER__SHUTDOWN_GRACE")
        .cloned()
        .unwrap_or_else(|| default_of("worker.shutdown_grace"));
    let termination = pod["terminationGracePeriodSeconds"]
        .as_u64()
        .expect("terminationGracePeriodSeconds");
    assert!(
        termination > seconds(&grace) + 5,
        "termination grace {termination}s must exceed the drain {grace}"
    );

    // The NATS credentials: Secret mounted where the config looks for them.
    let secret = one_kind("Secret");
    let creds = &cm["QUOTEWIRE__NATS__CREDS_FILE"];
    let (dir, file) = creds.rsplit_once('/').expect("creds path");
    let vol = pod["volumes"]
        .as_sequence()
        .expect("volumes")
        .iter()
        .find(|v| v["secret"]["secretName"] == secret["metadata"]["name"])
        .expect("secret volume");
    let mount = c["volumeMounts"]
        .as_sequence()
        .expect("mounts")
        .iter()
        .find(|m| m["name"] == vol["name"])
        .expect("mounted");
    assert_eq!(text(&mount["mountPath"]), dir);
    assert!(
        secret["stringData"].get(file).is_some() || secret["data"].get(file).is_some(),
        "secret has {file}"
    );

    // Service, PDB and pods agree on labels.
    let pod_labels = s(&deploy, &["spec", "template", "metadata", "labels"]);
    let matches = |selector: &Value| {
        selector
            .as_mapping()
            .expect("selector")
            .iter()
            .all(|(k, v)| pod_labels.get(text(k).as_str()) == Some(v))
    };
    assert!(matches(&deploy["spec"]["selector"]["matchLabels"]));
    let svc = one_kind("Service");
    assert!(
        matches(&svc["spec"]["selector"]),
        "service selects the workers"
    );
    assert_eq!(svc["spec"]["ports"][0]["targetPort"], port["name"]);
    let pdb = one_kind("PodDisruptionBudget");
    assert!(
        matches(&pdb["spec"]["selector"]["matchLabels"]),
        "PDB selects the workers"
    );

    // KEDA scales this Deployment on the durable consumer of the input stream.
    let so = one_kind("ScaledObject");
    assert_eq!(
        so["spec"]["scaleTargetRef"]["name"],
        deploy["metadata"]["name"]
    );
    let trigger = &so["spec"]["triggers"][0];
    assert_eq!(trigger["type"].as_str(), Some("nats-jetstream"));
    let durable = cm
        .get("QUOTEWIRE__CONSUMER__DURABLE")
        .cloned()
        .unwrap_or_else(|| default_of("consumer.durable"));
    assert_eq!(text(&trigger["metadata"]["consumer"]), durable);
    assert_eq!(
        text(&trigger["metadata"]["stream"]),
        default_of("streams.input")
    );
    assert!(trigger["metadata"]
        .get("natsServerMonitoringEndpoint")
        .is_some());
    assert!(trigger["metadata"].get("lagThreshold").is_some());

    // NACK resources mirror the worker's defaults; provision is switched off with them.
    let nack = env_map(&vars, "deploy/k8s/nack");
    assert_eq!(
        nack.get("QUOTEWIRE__STREAMS__PROVISION")
            .map(String::as_str),
        Some("false")
    );
    let streams = k8s_kind("Stream");
    let stream = |name: String| {
        streams
            .iter()
            .find(|st| text(&st["spec"]["name"]) == name)
            .cloned()
            .unwrap_or_else(|| panic!("NACK stream {name}"))
    };
    let input = stream(default_of("streams.input"));
    assert_eq!(text(&input["spec"]["retention"]), "workqueue");
    assert_eq!(
        text(&input["spec"]["subjects"][0]),
        default_of("subjects.input")
    );
    let output = stream(default_of("streams.output"));
    assert_eq!(
        text(&output["spec"]["subjects"][0]),
        default_of("subjects.output")
    );
    assert!(seconds(&text(&output["spec"]["duplicateWindow"])) >= 120);
    let dlq = stream(default_of("streams.dead_letter"));
    assert_eq!(
        text(&dlq["spec"]["subjects"][0]),
        default_of("subjects.dead_letter")
    );
    for st in &streams {
        assert_eq!(
            st["spec"]["replicas"].as_u64(),
            Some(3),
            "three replicas: {st:?}"
        );
    }
    assert_eq!(
        cm.get("QUOTEWIRE__STREAMS__REPLICAS").map(String::as_str),
        Some("3")
    );
    let consumer = one_kind("Consumer");
    assert_eq!(text(&consumer["spec"]["durableName"]), durable);
    assert_eq!(
        text(&consumer["spec"]["streamName"]),
        default_of("streams.input")
    );
    assert_eq!(text(&consumer["spec"]["ackPolicy"]), "explicit");
    assert_eq!(
        seconds(&text(&consumer["spec"]["ackWait"])),
        seconds(&cm["QUOTEWIRE__CONSUMER__ACK_WAIT"])
    );

    // The NATS cluster values: durable writes.
    let values = yaml("deploy/k8s/nats-values.yaml");
    assert_eq!(
        text(&values["config"]["merge"]["jetstream"]["sync_interval"]),
        "always"
    );
    assert_eq!(values["config"]["cluster"]["replicas"].as_u64(), Some(3));
}

#[test]
fn dockerfile_is_multi_stage_cached_small_and_unprivileged() {
    let ins = dockerfile_instructions();
    let froms: Vec<&String> = ins.iter().filter(|l| l.starts_with("FROM ")).collect();
    assert!(froms.len() >= 3, "multi-stage: {froms:?}");
    let mut stages = Vec::new();
    for f in &froms {
        let words: Vec<&str> = f.split_whitespace().collect();
        assert!(
            words.len() == 4 && words[2] == "AS",
            "every stage is named: {f}"
        );
        let image = words[1];
        if !stages.contains(&image) {
            assert!(
                image.contains(':') && !image.ends_with(":latest"),
                "pinned base image: {f}"
            );
        }
        stages.push(words[3]);
    }
    let last_from = ins
        .iter()
        .rposition(|l| l.starts_with("FROM "))
        .expect("FROM");
    let final_image = froms
        .last()
        .expect("final stage")
        .split_whitespace()
        .nth(1)
        .expect("image");
    assert!(
        final_image.contains("distroless") || final_image.contains("-slim"),
        "small final image: {final_image}"
    );

    // Dependencies are built before the sources are copied into the build stage.
    let cook = ins
        .iter()
        .position(|l| l.contains("cargo chef cook"))
        .expect("cargo chef cook");
    let copy_all = ins
        .iter()
        .enumerate()
        .skip(cook)
        .find(|(_, l)| *l == "COPY . .")
        .map(|(i, _)| i)
        .expect("COPY . . after cook");
    let build = ins
        .iter()
        .position(|l| l.contains("cargo build --release"))
        .expect("cargo build");
    assert!(
        cook < copy_all && copy_all < build,
        "cook, then copy sources, then build"
    );
    assert!(ins[build].contains("--locked"));

    let final_stage = &ins[last_from..];
    let users: Vec<&String> = final_stage
        .iter()
        .filter(|l| l.starts_with("USER "))
        .collect();
    assert_eq!(users.len(), 1, "one USER in the final stage");
    let user = users[0].trim_start_matches("USER ").trim();
    assert!(
        user.split(':')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p != "0"),
        "numeric non-root USER: {user}"
    );
    assert!(
        final_stage
            .iter()
            .any(|l| l.starts_with("COPY --from=builder")),
        "only the binary comes over"
    );
    assert!(
        !final_stage.iter().any(|l| l.starts_with("RUN ")),
        "nothing runs in the final stage (no shell there)"
    );
    let entry = final_stage
        .iter()
        .find(|l| l.starts_with("ENTRYPOINT "))
        .expect("ENTRYPOINT");
    assert!(
        entry.trim_start_matches("ENTRYPOINT ").starts_with('['),
        "exec form: {entry}"
    );
    assert!(
        !ins.iter()
            .any(|l| l.starts_with("ADD ") && l.contains("://")),
        "no downloads by ADD"
    );
    // Compose and k8s run the image as the Dockerfile's user.
    let compose = yaml("deploy/compose.yaml");
    assert_eq!(text(&compose["services"]["quotewire"]["user"]), user);
    let deploy = one_kind("Deployment");
    assert_eq!(
        text(&deploy["spec"]["template"]["spec"]["securityContext"]["runAsUser"]),
        user.split(':').next().unwrap_or("")
    );

    let ignore: Vec<String> = read(".dockerignore")
        .lines()
        .map(|l| l.trim().to_owned())
        .collect();
    for must in ["target", ".git"] {
        assert!(
            ignore.iter().any(|l| l == must),
            ".dockerignore leaves out {must}"
        );
    }
    for needed in ["src", "Cargo.toml", "Cargo.lock", "config", "lexicon"] {
        assert!(
            !ignore.iter().any(|l| l == needed),
            ".dockerignore must not drop {needed}"
        );
    }
}
