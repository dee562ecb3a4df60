//! torch.optim.RMSprop, plain, centered and with momentum.

use super::breakdown::{Breakdown, StepStates, plain};
use super::{OptimizerState, add_scaled, addcdiv, addcmul, decay, lerp, map2};
use crate::core::Vec2;

/// RMSprop's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RmsProp {
    /// Smoothing constant of the squared-gradient average.
    pub alpha: f64,
    /// Added to the root.
    pub eps: f64,
    /// λ.
    pub weight_decay: f64,
    /// μ of the momentum buffer (0: none).
    pub momentum: f64,
    /// Divide by an estimate of the variance instead of the raw second moment.
    pub centered: bool,
}

impl Default for RmsProp {
    fn default() -> Self {
        RmsProp { alpha: 0.99, eps: 1e-8, weight_decay: 0.0, momentum: 0.0, centered: false }
    }
}

impl RmsProp {
    /// torch's update: v ← αv + (1−α)g²; centered: ḡ ← αḡ + (1−α)g and
    /// v − ḡ² under the root; with μ > 0, b ← μb + g/(√· + ε), θ ← θ − lr·b,
    /// else θ ← θ − lr·g/(√· + ε).
    #[allow(clippy::too_many_arguments)] // torch's state, plus the square root
    pub fn update(
        &self,
        params: Vec2,
        grad: Vec2,
        lr: f64,
        square_avg: &mut Vec2,
        grad_avg: &mut Vec2,
        buffer: &mut Vec2,
        sqrt: impl Fn(f64) -> f64,
    ) -> Vec2 {
        let (_, g) = decay(params, grad, 0.0, self.weight_decay, false);
        *square_avg = map2(|i| addcmul(square_avg[i] * self.alpha, g[i], g[i], 1.0 - self.alpha));
        let avg = if self.centered {
            *grad_avg = map2(|i| lerp(grad_avg[i], g[i], 1.0 - self.alpha));
            map2(|i| sqrt(addcmul(square_avg[i], grad_avg[i], grad_avg[i], -1.0)) + self.eps)
        } else {
            map2(|i| sqrt(square_avg[i]) + self.eps)
        };
        if self.momentum > 0.0 {
            *buffer = map2(|i| addcdiv(buffer[i] * self.momentum, g[i], avg[i], 1.0));
            map2(|i| add_scaled(params[i], buffer[i], -lr))
        } else {
            map2(|i| addcdiv(params[i], g[i], avg[i], -lr))
        }
    }
}

impl RmsProp {
    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let (
            &OptimizerState::RmsProp { square_avg: v0, .. },
            &OptimizerState::RmsProp { square_avg: v1, grad_avg: ga1, momentum_buffer: b1 },
        ) = (&s.before, &s.after)
        else {
            return;
        };
        out.weight_decay(self.weight_decay, false);
        let a = self.alpha;
        out.rule(format!("v ← {a}·v + (1 − {a})·g²"));
        out.vector("v (before)", v0);
        out.vector("v (after)", v1);
        let centered = |i: usize| if self.centered { v1[i] - ga1[i] * ga1[i] } else { v1[i] };
        if self.centered {
            out.rule(format!("ḡ ← {a}·ḡ + (1 − {a})·g"));
            out.vector("ḡ (after)", ga1);
        }
        let root = if self.centered { "√(v − ḡ²)" } else { "√v" };
        if self.momentum > 0.0 {
            out.rule(format!("b ← {}·b + g / ({root} + {:e})", self.momentum, self.eps));
            out.rule("θ ← θ − lr·b");
            out.vector("b (after)", b1);
        } else {
            out.rule(format!("θ ← θ − lr·g / ({root} + {:e})", self.eps));
        }
        let rates = map2(|i| s.lr / (centered(i).sqrt() + self.eps));
        out.vector("effective lr", rates);
        let kept =
            if self.momentum > 0.0 { format!(" and keeps {} of its last step", self.momentum) } else { String::new() };
        out.say(format!(
            "RMSprop divides the gradient by the root of its recent squares{kept}, so a steep coordinate gets a small \
             rate: the rates (lr {}) are now {}; it moved {}.",
            plain(s.lr),
            s.per_coordinate(rates),
            s.per_coordinate(s.step),
        ));
    }
}
