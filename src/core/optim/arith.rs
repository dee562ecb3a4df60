//! torch's tensor arithmetic, one coordinate at a time, as its CPU kernels
//! round it on x86-64: which operations are fused multiply-adds and which
//! are not, weight decay, and gradient clipping. Every optimizer steps with
//! these, so that each result is the one torch gives, to the bit. torch's
//! element-wise kernels compute every element alike, in its vectorised
//! loop and its scalar one, so the same holds for any number of
//! coordinates.

/// `self + alpha·other` as torch's `add_(other, alpha=alpha)` computes it
/// on x86-64: one fused multiply-add, rounded once.
#[inline]
pub(crate) fn add_scaled(this: f64, other: f64, alpha: f64) -> f64 {
    alpha.mul_add(other, this)
}

/// Weight decay λ as torch applies it before a step, to one coordinate:
/// taken from θ itself, θ·(1 − lr·λ), when decoupled (AdamW's form); else
/// added to the gradient, g + λθ (fused, as `grad.add(p, alpha=λ)`).
/// Returns (θ, g).
#[inline]
pub(crate) fn decay(theta: f64, grad: f64, lr: f64, weight_decay: f64, decoupled: bool) -> (f64, f64) {
    match (weight_decay != 0.0, decoupled) {
        (false, _) => (theta, grad),
        (true, true) => (theta * (1.0 - lr * weight_decay), grad),
        (true, false) => (theta, add_scaled(grad, theta, weight_decay)),
    }
}

/// The gradient after torch's L2 weight decay λ: g + λθ, fused.
#[inline]
pub(crate) fn l2(theta: f64, grad: f64, weight_decay: f64) -> f64 {
    decay(theta, grad, 0.0, weight_decay, false).1
}

/// `self + value·t1·t2` as torch's `addcmul_` computes it: fma(value·t1, t2, self).
#[inline]
pub(crate) fn addcmul(this: f64, t1: f64, t2: f64, value: f64) -> f64 {
    (value * t1).mul_add(t2, this)
}

/// `self + value·t1 / t2` as torch's `addcdiv_` computes it: not fused.
#[inline]
pub(crate) fn addcdiv(this: f64, t1: f64, t2: f64, value: f64) -> f64 {
    this + value * t1 / t2
}

/// torch's CPU `lerp`, fused in both branches: `start + weight·(end − start)`
/// below a weight of ½, `end − (end − start)·(1 − weight)` from ½ on.
#[inline]
pub(crate) fn lerp(start: f64, end: f64, weight: f64) -> f64 {
    let difference = end - start;
    if weight.abs() < 0.5 { weight.mul_add(difference, start) } else { (-difference).mul_add(1.0 - weight, end) }
}

/// Scales `grad` like torch.nn.utils.clip_grad_norm_: by
/// max_norm / (‖grad‖ + 1e-6) when that is below 1. Returns the scale used.
/// torch divides a number by a tensor as the tensor's reciprocal times the
/// number, which rounds twice: so does this. The norm is torch's for up to
/// three coordinates (see [`crate::core::norm`]).
pub fn clip_grad_norm(grad: &mut [f64], max_norm: f64) -> f64 {
    let total = crate::core::norm(&*grad);
    let coef = ((1.0 / (total + 1e-6)) * max_norm).min(1.0);
    grad.iter_mut().for_each(|g| *g *= coef);
    coef
}
