//! The scenario file's shape, as serde reads it: every field optional where
//! the file may leave it out, unknown fields refused.

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScenarioFile {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    #[serde(deserialize_with = "unique_keys")]
    pub(super) function: Value,
    pub(super) domain: Option<DomainFile>,
    pub(super) start: Option<Value>,
    pub(super) steps: u64,
    pub(super) seed: Option<u64>,
    pub(super) stop: Option<StopFile>,
    pub(super) optimizers: Vec<OptimizerFile>,
    pub(super) autoplay: Option<bool>,
    pub(super) layout: Option<String>,
    pub(super) select: Option<String>,
    pub(super) follow: Option<bool>,
    pub(super) aspect: Option<String>,
    pub(super) arrows: Option<String>,
    pub(super) speed: Option<f64>,
    pub(super) chart: Option<String>,
    pub(super) chart_x: Option<String>,
    pub(super) open: Option<String>,
    pub(super) view: Option<String>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(super) struct DomainFile {
    pub(super) x: [f64; 2],
    pub(super) y: Option<[f64; 2]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StopFile {
    pub(super) grad_norm: Option<f64>,
    pub(super) param_change: Option<f64>,
    pub(super) loss_change: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OptimizerFile {
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) label: Option<String>,
    pub(super) lr: Option<f64>,
    pub(super) momentum: Option<f64>,
    pub(super) dampening: Option<f64>,
    pub(super) nesterov: Option<bool>,
    pub(super) weight_decay: Option<f64>,
    pub(super) lr_decay: Option<f64>,
    pub(super) initial_accumulator_value: Option<f64>,
    pub(super) eps: Option<f64>,
    pub(super) alpha: Option<f64>,
    pub(super) centered: Option<bool>,
    pub(super) betas: Option<[f64; 2]>,
    pub(super) amsgrad: Option<bool>,
    pub(super) start: Option<Value>,
    pub(super) schedule: Option<ScheduleFile>,
    pub(super) clip_norm: Option<f64>,
    pub(super) noise: Option<f64>,
    pub(super) batch_size: Option<u64>,
    pub(super) color: Option<String>,
    pub(super) form: Option<String>,
    pub(super) momentum_decay: Option<f64>,
    pub(super) decoupled_weight_decay: Option<bool>,
    pub(super) rho: Option<f64>,
    pub(super) etas: Option<[f64; 2]>,
    pub(super) step_sizes: Option<[f64; 2]>,
    pub(super) max_iter: Option<u64>,
    pub(super) max_eval: Option<u64>,
    pub(super) tolerance_grad: Option<f64>,
    pub(super) tolerance_change: Option<f64>,
    pub(super) history_size: Option<u64>,
    pub(super) line_search_fn: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScheduleFile {
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) step_size: Option<u64>,
    pub(super) gamma: Option<f64>,
    pub(super) t_max: Option<u64>,
    pub(super) eta_min: Option<f64>,
    pub(super) factor: Option<f64>,
    pub(super) patience: Option<u64>,
    pub(super) threshold: Option<f64>,
    pub(super) min_lr: Option<f64>,
}

/// A JSON value in which no object repeats a key: a repeated key is an
/// error naming it, not silently the last one (serde's own structs already
/// refuse repeated fields; `function` is read as a free value).
fn unique_keys<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    use serde::de::{Error, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    struct Strict(Value);

    impl<'de> Deserialize<'de> for Strict {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(StrictVisitor)
        }
    }

    struct StrictVisitor;

    impl<'de> Visitor<'de> for StrictVisitor {
        type Value = Strict;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E: Error>(self, v: bool) -> Result<Strict, E> {
            Ok(Strict(Value::Bool(v)))
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<Strict, E> {
            Ok(Strict(Value::from(v)))
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<Strict, E> {
            Ok(Strict(Value::from(v)))
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<Strict, E> {
            Ok(Strict(Value::from(v)))
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<Strict, E> {
            Ok(Strict(Value::from(v)))
        }
        fn visit_unit<E: Error>(self) -> Result<Strict, E> {
            Ok(Strict(Value::Null))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
            let mut items = Vec::new();
            while let Some(Strict(v)) = seq.next_element()? {
                items.push(v);
            }
            Ok(Strict(Value::Array(items)))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
            let mut object = serde_json::Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if object.contains_key(&key) {
                    return Err(A::Error::custom(format!("duplicate key `{key}`")));
                }
                let Strict(value) = map.next_value()?;
                object.insert(key, value);
            }
            Ok(Strict(Value::Object(object)))
        }
    }

    Strict::deserialize(deserializer).map(|s| s.0)
}
