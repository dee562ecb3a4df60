//! torch.optim.SGD, with momentum, dampening and Nesterov.

use super::{OptimizerState, add_scaled, decay, map2};
use crate::core::Vec2;
use crate::core::explain::{Breakdown, StepStates};

/// SGD's hyperparameters (torch defaults: all zero, nesterov off).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sgd {
    /// μ.
    pub momentum: f64,
    /// τ.
    pub dampening: f64,
    /// Step along g + μ·b instead of b.
    pub nesterov: bool,
    /// λ (L2 penalty added to the gradient).
    pub weight_decay: f64,
    /// The exponential-moving-average form b ← μb + (1 − μ)g, from b = 0,
    /// instead of torch's b ← μb + (1 − τ)g with b = g on the first step.
    pub ema: bool,
}

impl Sgd {
    /// torch's update: g ← g + λθ; b ← g on the first step, else μb + (1−τ)g;
    /// d ← g + μb (Nesterov) or b; θ ← θ − lr·d. In the EMA form
    /// b ← μb + (1−μ)g from b = 0, and Nesterov's d ← (1−μ)g + μb.
    ///
    /// As torch computes them: `grad.add(param, alpha=λ)`,
    /// `buf.mul_(μ).add_(grad, alpha=1−τ)`, `grad.add(buf, alpha=μ)` and
    /// `param.add_(d, alpha=−lr)` are each one fused multiply-add.
    pub fn update(&self, params: Vec2, grad: Vec2, lr: f64, buffer: &mut Option<Vec2>) -> Vec2 {
        let (_, mut g) = decay(params, grad, 0.0, self.weight_decay, false);
        if self.momentum != 0.0 {
            let mu = self.momentum;
            let b = match (*buffer, self.ema) {
                (previous, true) => {
                    let b = previous.unwrap_or([0.0; 2]);
                    map2(|i| b[i] * mu + (1.0 - mu) * g[i])
                }
                (None, false) => g,
                (Some(b), false) => map2(|i| add_scaled(b[i] * mu, g[i], 1.0 - self.dampening)),
            };
            *buffer = Some(b);
            g = match (self.nesterov, self.ema) {
                (false, _) => b,
                (true, false) => map2(|i| add_scaled(g[i], b[i], mu)),
                (true, true) => map2(|i| (1.0 - mu) * g[i] + mu * b[i]),
            };
        }
        map2(|i| add_scaled(params[i], g[i], -lr))
    }
}

impl Sgd {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let (&OptimizerState::Sgd { momentum_buffer: b0 }, &OptimizerState::Sgd { momentum_buffer: b1 }) =
            (&s.before, &s.after)
        else {
            return;
        };
        out.weight_decay(self.weight_decay, false);
        if self.momentum == 0.0 {
            out.rule("θ ← θ − lr·g");
            return;
        }
        let mu = self.momentum;
        out.rule(match (self.ema, b0) {
            (true, _) => format!("b ← {mu}·b + (1 − {mu})·g"),
            (false, None) => "b ← g   (first step)".into(),
            (false, Some(_)) => format!("b ← {mu}·b + (1 − {})·g", self.dampening),
        });
        out.vector("b (before)", b0.unwrap_or([0.0; 2]));
        out.vector("b (after)", b1.unwrap_or([0.0; 2]));
        out.rule(match (self.nesterov, self.ema) {
            (true, true) => format!("θ ← θ − lr·((1 − {mu})·g + {mu}·b)"),
            (true, false) => format!("θ ← θ − lr·(g + {mu}·b)"),
            (false, _) => "θ ← θ − lr·b".into(),
        });
    }
}
