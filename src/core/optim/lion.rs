//! Lion (EvoLved Sign Momentum; Chen et al. 2023, "Symbolic Discovery of
//! Optimization Algorithms", Algorithm 2): every coordinate steps by lr in
//! the direction of the sign of a blend of its momentum and its gradient,
//! so the step has the same size in every coordinate whatever the
//! gradient's. torch has no Lion: the numbers follow the paper's algorithm
//! box, with torch's `sign` (sign(0) = 0).

use super::HyperValue::{Number, Pair};
use super::breakdown::{Breakdown, StepStates, plain};
use super::decl::{BETAS, Declaration, Family, MISMATCH, MomentumLike, RateAxis, Step, WEIGHT_DECAY};
use super::{Hyper, HyperValue, OptimizerState};
use crate::core::{Matrix, Vector};

/// lion: the paper's defaults, lr = 1e-4, betas (0.9, 0.99), no weight decay.
pub(super) const LION: Declaration = Declaration {
    name: "lion",
    lr: 1e-4,
    hyper: || Hyper::Lion(Lion::default()),
    fields: &[BETAS, WEIGHT_DECAY],
    exact: false,
    torch: false,
    most_parameters: None,
    rate_map_as: None,
};

/// Lion's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lion {
    /// (β1, β2): the blend the sign is taken of, and the momentum's decay.
    pub betas: [f64; 2],
    /// λ, decoupled: θ ← θ − lr·(sign(c) + λθ).
    pub weight_decay: f64,
}

impl Default for Lion {
    fn default() -> Self {
        Lion { betas: [0.9, 0.99], weight_decay: 0.0 }
    }
}

/// sign(x) as torch's `sign`: −1, 0 (keeping the zero's sign) or 1; NaN
/// stays NaN.
fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

impl Lion {
    /// The blend c = β1·m + (1 − β1)·g whose sign is the step.
    pub fn blend(&self, m: f64, g: f64) -> f64 {
        let beta1 = self.betas[0];
        beta1 * m + (1.0 - beta1) * g
    }

    /// The paper's update, per coordinate: c ← β1·m + (1 − β1)·g;
    /// θ ← θ − lr·(sign(c) + λθ); m ← β2·m + (1 − β2)·g. Updates `params`
    /// and `exp_avg` (m) in place.
    pub fn update(&self, params: &mut [f64], grad: &[f64], lr: f64, exp_avg: &mut [f64]) {
        let beta2 = self.betas[1];
        let n = params.len();
        let (grad, m) = (&grad[..n], &mut exp_avg[..n]);
        for i in 0..n {
            let c = self.blend(m[i], grad[i]);
            // Without weight decay the step is exactly lr·sign(c).
            let direction = if self.weight_decay != 0.0 { sign(c) + self.weight_decay * params[i] } else { sign(c) };
            params[i] -= lr * direction;
            m[i] = beta2 * m[i] + (1.0 - beta2) * grad[i];
        }
    }

    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let (OptimizerState::Lion { exp_avg: m0 }, OptimizerState::Lion { exp_avg: m1 }) = (&s.before, &s.after) else {
            return;
        };
        let [beta1, beta2] = self.betas;
        let c: Vector = m0.iter().zip(s.grad.iter()).map(|(m, g)| self.blend(*m, *g)).collect();
        let signs: Vector = c.iter().map(|c| sign(*c)).collect();
        out.rule(format!("c ← {}·m + {}·g (β1 = {})", plain(beta1), plain(1.0 - beta1), plain(beta1)));
        if self.weight_decay != 0.0 {
            out.rule(format!("θ ← θ − lr·(sign(c) + {}·θ)", plain(self.weight_decay)));
        } else {
            out.rule("θ ← θ − lr·sign(c)");
        }
        // β2 named: it is Lion's memory, how long its momentum lasts.
        out.rule(format!("m ← {}·m + {}·g (β2 = {})", plain(beta2), plain(1.0 - beta2), plain(beta2)));
        out.vector("m (before)", m0);
        out.vector("c", &c);
        out.vector("sign(c)", &signs);
        out.vector("m (after)", m1);
        // Where m outweighs the gradient, the step goes against the gradient.
        let against: Vec<&str> = (0..s.dim.min(signs.len()).min(s.grad.len()))
            .filter(|&i| signs[i] * sign(s.grad[i]) < 0.0)
            .map(|i| s.names.get(i).map_or("?", String::as_str))
            .collect();
        let carried = match against.as_slice() {
            [] => String::new(),
            [one] => format!(", {one} against its gradient, carried by m"),
            many if many.len() <= 3 => format!(", {} against their gradients, carried by m", many.join(" and ")),
            many => format!(", {} coordinates against their gradients, carried by m", many.len()),
        };
        out.say(format!(
            "Lion steps by the sign of a blend of its momentum and the gradient, so every coordinate moves by lr = {} \
             whatever the gradient's size: it moved {}{carried}.",
            plain(s.lr),
            s.per_coordinate(&s.step),
        ));
    }
}

impl Family for Lion {
    fn get(&self, field: &str) -> Option<HyperValue> {
        Some(match field {
            "betas" => Pair(self.betas),
            "weight_decay" => Number(self.weight_decay),
            _ => return None,
        })
    }

    fn set(&mut self, field: &str, value: HyperValue) {
        match (field, value) {
            ("betas", Pair(v)) => self.betas = v,
            ("weight_decay", Number(v)) => self.weight_decay = v,
            _ => {}
        }
    }

    fn check(&self, _given: &dyn Fn(&str) -> bool, _clean: bool) -> Option<(&'static str, String)> {
        None
    }

    fn initial_state(&self, n: usize, _lr: f64) -> OptimizerState {
        OptimizerState::Lion { exp_avg: Vector::zeros(n) }
    }

    /// The keys turn β1, the momentum's share of the blend.
    fn momentum_like(&self) -> Option<MomentumLike> {
        Some(MomentumLike {
            name: "β1",
            symbol: "β1",
            value: self.betas[0],
            max: 0.999,
            field: "betas",
            at_one: "its steps follow the momentum alone",
        })
    }

    fn set_momentum_like(&mut self, value: f64) {
        self.betas[0] = value;
    }

    fn rate_axis(&self) -> Option<RateAxis> {
        Some(RateAxis { name: "β1", value: self.betas[0] })
    }

    fn set_rate_axis(&mut self, value: f64) {
        self.betas[0] = value;
    }

    /// The step the momentum alone would take, −lr·sign(m), with m after k
    /// steps.
    fn memory_step(&self, state: &OptimizerState, lr: f64, _k: u64) -> Option<Vector> {
        let OptimizerState::Lion { exp_avg: m } = state else { return None };
        Some(m.iter().map(|m| -lr * sign(*m)).collect())
    }

    /// Its step is lr·sign(c), not a rate times the gradient.
    fn effective_rates(&self, _state: &OptimizerState, _lr: f64, _k: u64) -> Option<Vector> {
        None
    }

    fn stable_lr_bound(&self, _hessian: &Matrix) -> Option<f64> {
        None
    }

    fn has_lr_limit(&self) -> bool {
        false
    }

    fn heavy_ball(&self) -> Option<f64> {
        None
    }

    super::decl::one_gradient_a_step!();
}

impl Step for Lion {
    fn step(
        &self,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
        _t: u64,
        state: &mut OptimizerState,
        _hessian: impl FnOnce() -> Matrix,
        _sqrt: impl Fn(f64) -> f64,
    ) -> Result<(), String> {
        let OptimizerState::Lion { exp_avg } = state else { return Err(MISMATCH.into()) };
        self.update(params, grad, lr, exp_avg);
        Ok(())
    }

    fn explain_step(&self, states: &StepStates, _hessian: &Matrix, out: &mut Breakdown) {
        self.explain(states, out);
    }
}
