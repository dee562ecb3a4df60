//! torch.optim.SGD, with momentum, dampening and Nesterov.

use super::breakdown::{Breakdown, StepStates, plain};
use super::{OptimizerState, add_scaled, l2};
use crate::core::{Vector, norm};

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
    /// Updates `params` in place.
    pub fn update(&self, params: &mut [f64], grad: &[f64], lr: f64, buffer: &mut Option<Vector>) {
        let n = params.len();
        let grad = &grad[..n];
        let weight_decay = self.weight_decay;
        if self.momentum == 0.0 {
            for i in 0..n {
                params[i] = add_scaled(params[i], l2(params[i], grad[i], weight_decay), -lr);
            }
            return;
        }
        let mu = self.momentum;
        let first = buffer.is_none();
        let b = buffer.get_or_insert_with(|| Vector::zeros(n));
        let b = &mut b[..n];
        for i in 0..n {
            let g = l2(params[i], grad[i], weight_decay);
            b[i] = match (first, self.ema) {
                // The EMA form starts from b = 0.
                (_, true) => b[i] * mu + (1.0 - mu) * g,
                (true, false) => g,
                (false, false) => add_scaled(b[i] * mu, g, 1.0 - self.dampening),
            };
            let d = match (self.nesterov, self.ema) {
                (false, _) => b[i],
                (true, false) => add_scaled(g, b[i], mu),
                (true, true) => (1.0 - mu) * g + mu * b[i],
            };
            params[i] = add_scaled(params[i], d, -lr);
        }
    }
}

impl Sgd {
    /// The step in plain words: plain GD's lr times the gradient, or what
    /// momentum kept and how many times plain GD's step that makes.
    fn sentence(&self, s: &StepStates, first: bool) -> String {
        let (lr, g, step) = (plain(s.lr), plain(norm(&s.grad)), plain(s.step_length()));
        let times = plain(s.times_plain());
        let decay = if self.weight_decay == 0.0 { "" } else { " (and the weight decay)" };
        let mu = self.momentum;
        if mu == 0.0 {
            return format!(
                "Plain GD stepped downhill by lr times the gradient{decay}: {lr} × {g} = a step {step} long."
            );
        }
        let against = format!("this step is {times} times what plain GD would take ({step} against {lr} × {g})");
        if self.nesterov {
            if first && !self.ema {
                return format!(
                    "Nesterov has nothing to keep on its first step, but looks ahead: it stepped along the gradient \
                     plus {mu} of it again, so {against}."
                );
            }
            let kept = if self.ema { "its average" } else { "its velocity" };
            return format!(
                "Nesterov kept {mu} of {kept}, added the new gradient, and stepped as if one step further ahead: \
                 {against}."
            );
        }
        if first && !self.ema {
            return format!(
                "Momentum has nothing to keep on its first step: it stepped as plain GD would, lr × the gradient = {step}."
            );
        }
        let kept = if self.ema {
            format!("kept {mu} of its average and mixed in {} of the new gradient", plain(1.0 - mu))
        } else if self.dampening != 0.0 {
            format!("kept {mu} of its last step and added {} of the new gradient", plain(1.0 - self.dampening))
        } else {
            format!("kept {mu} of its last step and added the new gradient")
        };
        format!("Momentum {kept}: {against}.")
    }

    /// Its update rule and the numbers of one step, for the step breakdown.
    pub fn explain(&self, s: &StepStates, out: &mut Breakdown) {
        let (OptimizerState::Sgd { momentum_buffer: b0 }, OptimizerState::Sgd { momentum_buffer: b1 }) =
            (&s.before, &s.after)
        else {
            return;
        };
        out.weight_decay(self.weight_decay, false);
        out.say(self.sentence(s, b0.is_none()));
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
        let zeros = Vector::zeros(s.grad.len());
        out.vector("b (before)", b0.as_ref().unwrap_or(&zeros));
        out.vector("b (after)", b1.as_ref().unwrap_or(&zeros));
        out.rule(match (self.nesterov, self.ema) {
            (true, true) => format!("θ ← θ − lr·((1 − {mu})·g + {mu}·b)"),
            (true, false) => format!("θ ← θ − lr·(g + {mu}·b)"),
            (false, _) => "θ ← θ − lr·b".into(),
        });
    }
}
