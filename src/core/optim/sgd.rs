//! torch.optim.SGD, with momentum, dampening and Nesterov.

use super::map2;
use crate::core::Vec2;

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
}

impl Sgd {
    /// torch's update: g ← g + λθ; b ← g on the first step, else μb + (1−τ)g;
    /// d ← g + μb (Nesterov) or b; θ ← θ − lr·d.
    pub fn update(&self, params: Vec2, grad: Vec2, lr: f64, buffer: &mut Option<Vec2>) -> Vec2 {
        let mut g = grad;
        if self.weight_decay != 0.0 {
            g = map2(|i| g[i] + self.weight_decay * params[i]);
        }
        if self.momentum != 0.0 {
            let b = match *buffer {
                None => g,
                Some(b) => map2(|i| b[i] * self.momentum + (1.0 - self.dampening) * g[i]),
            };
            *buffer = Some(b);
            g = if self.nesterov { map2(|i| g[i] + self.momentum * b[i]) } else { b };
        }
        map2(|i| params[i] + -lr * g[i])
    }
}
