//! The scenario file's shape, as serde reads it: unknown fields refused.
//!
//! Every field is an `Option`, even those a scenario needs: a missing one is
//! told by the validation in words (`steps: missing; …`), and a field whose
//! value is wrong can be taken out so that the rest of the file is still
//! checked (`shape.rs`). What each field must hold is read from these types,
//! so a new field is declared here once.

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScenarioFile {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) function: Option<Value>,
    pub(super) domain: Option<DomainFile>,
    pub(super) start: Option<Value>,
    pub(super) steps: Option<u64>,
    pub(super) seed: Option<u64>,
    pub(super) stop: Option<StopFile>,
    pub(super) optimizers: Option<Vec<OptimizerFile>>,
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
    pub(super) levels: Option<String>,
    pub(super) open_step: Option<u64>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(super) struct DomainFile {
    pub(super) x: Option<[f64; 2]>,
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
    pub(super) kind: Option<String>,
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
    pub(super) kind: Option<String>,
    pub(super) step_size: Option<u64>,
    pub(super) gamma: Option<f64>,
    pub(super) t_max: Option<u64>,
    pub(super) eta_min: Option<f64>,
    pub(super) factor: Option<f64>,
    pub(super) patience: Option<u64>,
    pub(super) threshold: Option<f64>,
    pub(super) min_lr: Option<f64>,
}
