//! One step of a run, taken apart: the update rule with that step's numbers.
//!
//! Everything here comes from the run's own records and the optimizers' own
//! functions, so a viewer shows the engine's numbers rather than its own.

use super::optim::{Hyper, Optimizer, OptimizerState, adam::bias_correction};
use super::run::Run;
use super::{Mat2, Matrix, Vec2, Vector};

/// A named number or vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Its symbol, such as `m̂` or `v (after)`.
    pub name: String,
    /// One value per coordinate (or a single number).
    pub value: Value,
}

/// A quantity's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// One number.
    Scalar(f64),
    /// One number per coordinate.
    Vector(Vector),
}

/// The step from θₖ to θₖ₊₁: the rule in symbols and the numbers in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// k.
    pub step: usize,
    /// One sentence a beginner can read, with the step's own numbers.
    pub summary: Option<String>,
    /// The update rule, one equation a line.
    pub rule: Vec<String>,
    /// The numbers, in the order the rule uses them.
    pub quantities: Vec<Quantity>,
}

/// One step's optimizer state before and after it, for the optimizer to
/// explain.
#[derive(Debug, Clone)]
pub struct StepStates {
    /// The state before the step.
    pub before: OptimizerState,
    /// The state after it.
    pub after: OptimizerState,
    /// t, counting steps from 1.
    pub t: u64,
    /// The learning rate the step used.
    pub lr: f64,
    /// The gradient the optimizer was given (with noise and clipping).
    pub grad: Vector,
    /// The step it took, θₖ₊₁ − θₖ.
    pub step: Vector,
    /// The parameters' names (x, y; w, b; x1, x2, …).
    pub names: Vec<String>,
    /// The number of parameters.
    pub dim: usize,
}

/// Up to this many coordinates, a sentence names each one's share.
const NAMED_COORDINATES: usize = 3;

impl StepStates {
    /// The step's length.
    pub fn step_length(&self) -> f64 {
        super::norm(&self.step)
    }

    /// The length of the step plain gradient descent would take from the
    /// same point with the same gradient and rate: lr·|g|.
    pub fn plain_step_length(&self) -> f64 {
        self.lr * super::norm(&self.grad)
    }

    /// How many times plain gradient descent's step the step is.
    pub fn times_plain(&self) -> f64 {
        self.step_length() / self.plain_step_length()
    }

    /// Each coordinate's share of a vector in words, "x 0.05 and y 0.048"
    /// ("x 0.05" in 1-D), as sizes: without their signs. With more than
    /// three coordinates, the smallest and the largest, with their names.
    pub fn per_coordinate(&self, v: &[f64]) -> String {
        let name = |i: usize| self.names.get(i).map_or("?", String::as_str);
        if self.dim <= 2 {
            let v = crate::format::denoised([v.first().copied().unwrap_or(0.0), v.get(1).copied().unwrap_or(0.0)]);
            let n = |i: usize| plain(v[i].abs());
            return if self.dim == 1 {
                format!("{} {}", name(0), n(0))
            } else {
                format!("{} {} and {} {}", name(0), n(0), name(1), n(1))
            };
        }
        let length = super::norm(v);
        let size =
            |c: f64| if length.is_finite() && c.abs() < crate::format::VECTOR_NOISE * length { 0.0 } else { c.abs() };
        if v.len() <= NAMED_COORDINATES {
            let parts: Vec<String> =
                v.iter().enumerate().map(|(i, c)| format!("{} {}", name(i), plain(size(*c)))).collect();
            let (last, rest) = parts.split_last().expect("more than two coordinates");
            return format!("{} and {last}", rest.join(", "));
        }
        let by_size = |a: &(usize, f64), b: &(usize, f64)| a.1.total_cmp(&b.1);
        let sizes = v.iter().map(|c| size(*c)).enumerate();
        let (low, high) = (sizes.clone().min_by(by_size), sizes.max_by(by_size));
        let (Some((lo, lo_size)), Some((hi, hi_size))) = (low, high) else { return String::new() };
        format!(
            "from {} ({}) to {} ({}) over its {} coordinates",
            plain(lo_size),
            name(lo),
            plain(hi_size),
            name(hi),
            v.len()
        )
    }

    /// What plain gradient descent would move each coordinate by, lr·|gᵢ|.
    pub fn plain_step(&self) -> Vector {
        self.grad.iter().map(|g| self.lr * g).collect()
    }
}

/// A number as the step's sentence says it: three significant digits.
pub fn plain(v: f64) -> String {
    crate::format::significant_digits_of(v, 3)
}

/// The lines of the rule and the numbers an optimizer adds to a breakdown.
#[derive(Debug, Default)]
pub struct Breakdown {
    /// The update rule, one equation a line.
    pub rule: Vec<String>,
    /// The numbers, in the order the rule uses them.
    pub quantities: Vec<Quantity>,
    /// The step in one plain sentence.
    pub summary: Option<String>,
}

impl Breakdown {
    /// The step in one sentence a beginner can read, with its own numbers.
    pub fn say(&mut self, sentence: impl Into<String>) {
        self.summary = Some(sentence.into());
    }

    /// A line of the rule.
    pub fn rule(&mut self, line: impl Into<String>) {
        self.rule.push(line.into());
    }

    /// A named number.
    pub fn scalar(&mut self, name: &str, v: f64) {
        self.quantities.push(scalar(name, v));
    }

    /// A named vector.
    pub fn vector(&mut self, name: &str, v: impl AsRef<[f64]>) {
        self.quantities.push(vector(name, v));
    }

    /// Weight decay λ: added to the gradient (torch's L2 form), or, when
    /// decoupled, taken from θ before the step (AdamW's form). Nothing for λ = 0.
    pub fn weight_decay(&mut self, weight_decay: f64, decoupled: bool) {
        if weight_decay == 0.0 {
            return;
        }
        self.rule(if decoupled {
            format!("θ ← θ·(1 − lr·{weight_decay})")
        } else {
            format!("g ← g + {weight_decay}·θ")
        });
    }
}

/// A named number.
pub fn scalar(name: &str, v: f64) -> Quantity {
    Quantity { name: name.into(), value: Value::Scalar(v) }
}

/// A named vector.
pub fn vector(name: &str, v: impl AsRef<[f64]>) -> Quantity {
    Quantity { name: name.into(), value: Value::Vector(Vector::from_slice(v.as_ref())) }
}

/// The step from θₖ to θₖ₊₁ of a run, or `None` when the run has no step k
/// (it ended before).
pub fn explain_step(run: &Run, k: usize) -> Option<Explanation> {
    if k >= run.steps_taken() {
        return None;
    }
    let (before, after) = (run.record(k), run.record(k + 1));
    let optimizer = &run.spec().optimizer;
    let input = run.step_input(k);
    let t = k as u64 + 1;
    let mut q = vec![vector("θ", &before.params), vector("∇f(θ)", &before.grad)];
    if input.noise.iter().any(|n| *n != 0.0) {
        q.push(vector("noise", &input.noise));
    }
    if input.clip_scale != 1.0 {
        q.push(scalar("clip scale", input.clip_scale));
    }
    q.push(vector("g", &input.grad));
    q.push(scalar("lr", before.lr));
    let landscape = run.landscape();
    let dim = landscape.dim();
    let h = (dim <= MAX_EXPLAINED_HESSIAN).then(|| landscape.hessian(&before.params));
    let step: Vector = after.params.iter().zip(&before.params).map(|(a, b)| a - b).collect();
    let states = StepStates {
        before: before.state.clone(),
        after: after.state.clone(),
        t,
        lr: before.lr,
        grad: input.grad.clone(),
        step: step.clone(),
        names: (0..dim).map(|i| landscape.parameter_name(i)).collect(),
        dim,
    };
    let mut out = Breakdown { rule: Vec::new(), quantities: q, summary: None };
    if let Some(h) = &h {
        optimizer.explain(&states, h, &mut out);
    } else if !matches!(optimizer.hyper, Hyper::Newton) {
        optimizer.explain(&states, &Matrix::zeros(0), &mut out);
    }
    let Breakdown { rule, quantities: mut q, summary } = out;
    q.push(vector("step θₖ₊₁ − θₖ", &step));
    q.push(vector("θ (after)", &after.params));
    // The curvature at θ: a negative eigenvalue is a direction that curves
    // down (a saddle, or a hilltop).
    if let Some(h) = &h {
        match dim {
            1 => q.push(scalar("f''(θ)", h[0][0])),
            2 => {
                let [(low, low_vector), (high, high_vector)] = eigen(h.mat2(), 2);
                q.push(vector("H eigenvalues", [low, high]));
                q.push(vector("  direction of λ₁", low_vector));
                q.push(vector("  direction of λ₂", high_vector));
            }
            _ => {
                if let Some(values) = eigenvalues(h) {
                    q.push(vector("H eigenvalues", &values));
                }
            }
        }
        if let Some(bound) = stable_lr_bound(optimizer, h) {
            q.push(scalar("local lr limit", bound));
        }
    }
    if let Hyper::Newton = optimizer.hyper {
        q.push(vector("−H⁻¹g", step.iter().map(|s| s / before.lr).collect::<Vector>()));
    }
    Some(Explanation { step: k, summary, rule, quantities: q })
}

/// Up to this many parameters, a breakdown takes the full Hessian apart
/// (its eigenvalues, and the stable learning rate they give).
pub const MAX_EXPLAINED_HESSIAN: usize = 200;

/// The eigenvalues of a symmetric 2×2 matrix, ascending, each with its unit
/// eigenvector (in 1-D the only entry, along x).
pub fn eigen(h: Mat2, dim: usize) -> [(f64, Vec2); 2] {
    if dim == 1 {
        return [(h[0][0], [1.0, 0.0]), (h[0][0], [1.0, 0.0])];
    }
    let mean = (h[0][0] + h[1][1]) / 2.0;
    let half_gap = (h[0][0] - h[1][1]) / 2.0;
    let radius = half_gap.hypot(h[0][1]);
    let (low, high) = (mean - radius, mean + radius);
    // The eigenvector of the larger eigenvalue makes the angle θ with
    // tan 2θ = 2b / (a − c); the other is perpendicular.
    let angle = 0.5 * (2.0 * h[0][1]).atan2(h[0][0] - h[1][1]);
    let (s, c) = angle.sin_cos();
    [(low, [-s, c]), (high, [c, s])]
}

/// The eigenvalues of a symmetric matrix, ascending: in closed form for 1×1
/// and 2×2 (as [`eigen`]), by cyclic Jacobi rotations for larger ones (a
/// diagonal matrix gives its diagonal exactly). `None` beyond
/// [`MAX_EXPLAINED_HESSIAN`] rows, or when the rotations do not settle
/// (a matrix with entries that are not finite).
pub fn eigenvalues(h: &Matrix) -> Option<Vector> {
    let n = h.dim();
    match n {
        0 => return Some(Vector::zeros(0)),
        1 => return Some(Vector::from([h[0][0]])),
        2 => {
            let [(low, _), (high, _)] = eigen(h.mat2(), 2);
            return Some(Vector::from([low, high]));
        }
        _ if n > MAX_EXPLAINED_HESSIAN => return None,
        _ => {}
    }
    let mut a = h.clone();
    let off = |a: &Matrix| {
        (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum::<f64>()
    };
    let scale: f64 = (0..n).map(|i| a[i].iter().map(|v| v * v).sum::<f64>()).sum();
    if !scale.is_finite() {
        return None;
    }
    for _ in 0..100 {
        if off(&a) <= 1e-30 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q] == 0.0 {
                    continue;
                }
                // The rotation that zeroes a[p][q] (Golub and Van Loan, 8.5.2).
                let tau = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = tau.signum() / (tau.abs() + (1.0 + tau * tau).sqrt());
                let t = if tau == 0.0 { 1.0 } else { t };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k][p], a[k][q]);
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p][k], a[q][k]);
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
            }
        }
    }
    if off(&a) > 1e-20 * scale {
        return None;
    }
    let mut values: Vec<f64> = (0..n).map(|i| a[i][i]).collect();
    values.sort_by(f64::total_cmp);
    Some(values.into())
}

/// The largest eigenvalue of a symmetric matrix (the only entry in 1-D),
/// `None` where [`eigenvalues`] has none.
pub fn largest_eigenvalue(h: &Matrix) -> Option<f64> {
    match h.dim() {
        1 => Some(h[0][0]),
        2 => {
            let h = h.mat2();
            let mean = (h[0][0] + h[1][1]) / 2.0;
            let half_gap = (h[0][0] - h[1][1]) / 2.0;
            Some(mean + half_gap.hypot(h[0][1]))
        }
        _ => eigenvalues(h).and_then(|v| v.last().copied()),
    }
}

/// The largest learning rate at which GD, heavy-ball momentum or Nesterov is
/// stable on the quadratic that matches f at a point (curvature λ, the
/// Hessian's largest eigenvalue, plus weight decay). With h = lr·λ(1 − τ):
/// GD needs h < 2, heavy ball h < 2(1 + μ), torch's Nesterov
/// h < 2(1 + μ)/(1 + 2μ). `None` for other optimizers, or where the
/// curvature is not positive (no step size is too large there).
pub fn stable_lr_bound(optimizer: &Optimizer, hessian: &Matrix) -> Option<f64> {
    let Hyper::Sgd(s) = optimizer.hyper else { return None };
    let lambda = largest_eigenvalue(hessian)? + s.weight_decay;
    if !(lambda > 0.0 && lambda.is_finite()) {
        return None;
    }
    let mu = s.momentum;
    // The EMA form scales the gradient by (1 − μ), as dampening τ = μ would.
    let gain = if s.ema {
        1.0 - mu
    } else if mu > 0.0 {
        1.0 - s.dampening
    } else {
        1.0
    };
    let limit = if mu == 0.0 {
        2.0
    } else if s.nesterov {
        2.0 * (1.0 + mu) / (1.0 + 2.0 * mu)
    } else {
        2.0 * (1.0 + mu)
    };
    (gain > 0.0).then(|| limit / (lambda * gain))
}

/// The part of the next step (from θₖ) that an optimizer carries over from
/// earlier steps, as a displacement: −lr·μ·b for momentum (the velocity
/// carried, b the buffer after k steps), and for Adam the step m̂ alone
/// would take, −lr·m̂/(√v̂ + ε), with the moments after k steps (likewise
/// the m part of NAdam's, RAdam's and Adamax's steps). `None` for
/// optimizers without memory, and at step 0, before any is gathered.
pub fn memory_step(run: &Run, k: usize) -> Option<Vector> {
    if k == 0 || k > run.steps_taken() {
        return None;
    }
    let record = run.record(k);
    let lr = record.lr;
    let times = |r: &[f64], m: &[f64]| -> Vector { r.iter().zip(m).map(|(r, m)| -r * m).collect() };
    match (&run.spec().optimizer.hyper, &record.state) {
        (Hyper::Sgd(s), OptimizerState::Sgd { momentum_buffer: Some(b) }) if s.momentum > 0.0 => {
            Some(b.iter().map(|b| -lr * s.momentum * b).collect())
        }
        (Hyper::RmsProp(r), OptimizerState::RmsProp { momentum_buffer: b, .. }) if r.momentum > 0.0 => {
            Some(b.iter().map(|b| -lr * r.momentum * b).collect())
        }
        (Hyper::Adam(h), OptimizerState::Adam { exp_avg: m, exp_avg_sq: v, max_exp_avg_sq: vmax }) => {
            let t = k as u64;
            let (c1, c2) = (bias_correction(h.betas[0], t), bias_correction(h.betas[1], t));
            let second = if h.amsgrad { vmax } else { v };
            Some(Vector::from_fn(m.len(), |i| -lr * (m[i] / c1) / ((second[i] / c2).sqrt() + h.eps)))
        }
        (Hyper::NAdam(h), OptimizerState::NAdam { exp_avg: m, exp_avg_sq: v, mu_product }) => {
            Some(times(&h.momentum_rates(lr, k as u64, *mu_product, v), m))
        }
        (Hyper::RAdam(h), OptimizerState::RAdam { exp_avg: m, exp_avg_sq: v }) => {
            Some(times(&h.rates(lr, k as u64, v), m))
        }
        (Hyper::Adamax(h), OptimizerState::Adamax { exp_avg: m, exp_inf: u }) => {
            Some(times(&h.rates(lr, k as u64, u), m))
        }
        _ => None,
    }
}

/// Each coordinate's effective learning rate after k steps, for optimizers
/// that scale each coordinate by its past gradients: AdaGrad's
/// γ̃/(√s + ε), RMSprop's lr/(√v + ε), Adam's lr/((1 − β₁ᵗ)(√v̂ + ε)),
/// RAdam's and Adamax's factor on m, Adadelta's lr·√(u + ε)/√(v + ε).
/// `None` for the others, and at step 0.
pub fn effective_rates(run: &Run, k: usize) -> Option<Vector> {
    if k == 0 || k > run.steps_taken() {
        return None;
    }
    let record = run.record(k);
    let lr = record.lr;
    let t = k as u64;
    match (&run.spec().optimizer.hyper, &record.state) {
        (Hyper::Adagrad(a), OptimizerState::Adagrad { sum }) => Some(a.effective_lr(lr, t, sum)),
        (Hyper::RmsProp(r), OptimizerState::RmsProp { square_avg: v, grad_avg: g, .. }) => {
            let centered = |i: usize| if r.centered { v[i] - g[i] * g[i] } else { v[i] };
            Some(Vector::from_fn(v.len(), |i| lr / (centered(i).sqrt() + r.eps)))
        }
        (Hyper::Adam(h), OptimizerState::Adam { exp_avg_sq: v, max_exp_avg_sq: vmax, .. }) => {
            let (c1, c2) = (bias_correction(h.betas[0], t), bias_correction(h.betas[1], t));
            let second = if h.amsgrad { vmax } else { v };
            Some(second.iter().map(|s| lr / c1 / ((s / c2).sqrt() + h.eps)).collect())
        }
        (Hyper::RAdam(h), OptimizerState::RAdam { exp_avg_sq: v, .. }) => Some(h.rates(lr, t, v)),
        (Hyper::Adamax(h), OptimizerState::Adamax { exp_inf: u, .. }) => Some(h.rates(lr, t, u)),
        (Hyper::Adadelta(h), OptimizerState::Adadelta { square_avg: v, acc_delta: u }) => {
            Some(Vector::from_fn(v.len(), |i| lr * (u[i] + h.eps).sqrt() / (v[i] + h.eps).sqrt()))
        }
        _ => None,
    }
}

/// A stability bound on the learning rate and the point whose curvature it
/// comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// The largest stable learning rate there.
    pub bound: f64,
    /// Where the curvature was taken.
    pub at: Vector,
}

/// The stability bound of a run at the minimum it heads to: the known
/// minimum nearest to where it ends (nearest to its start, if it ran away);
/// with no minimum known, the point where it ends, if the gradient has
/// vanished there. One number per run, which does not change as the run is
/// stepped through. `None` for optimizers without a bound (see
/// [`stable_lr_bound`]) and runs that head to no minimum.
pub fn limit_at_destination(run: &Run) -> Option<Limit> {
    let landscape = run.landscape();
    let optimizer = &run.spec().optimizer;
    if !matches!(optimizer.hyper, Hyper::Sgd(_)) || landscape.dim() > MAX_EXPLAINED_HESSIAN {
        return None;
    }
    let last = run.record(run.steps_taken());
    let from = if run.escape().is_some() { &run.record(0).params } else { &last.params };
    let at = match landscape.nearest_minimum(from) {
        Some((m, _)) => m.point.clone(),
        None => {
            let settled = super::norm(&last.grad) < 1e-6 && last.params.iter().all(|p| p.is_finite());
            if !settled {
                return None;
            }
            last.params.clone()
        }
    };
    let bound = stable_lr_bound(optimizer, &landscape.hessian(&at))?;
    Some(Limit { bound, at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::{OptimizerType, Sgd};

    #[test]
    fn eigenvectors_of_symmetric_matrices() {
        // Rosenbrock's Hessian at (1, 1): [[802, −400], [−400, 200]].
        let h = [[802.0, -400.0], [-400.0, 200.0]];
        for (lambda, v) in eigen(h, 2) {
            let hv = [h[0][0] * v[0] + h[0][1] * v[1], h[1][0] * v[0] + h[1][1] * v[1]];
            assert!((hv[0] - lambda * v[0]).abs() < 1e-9 && (hv[1] - lambda * v[1]).abs() < 1e-9, "{lambda} {v:?}");
            assert!((v[0].hypot(v[1]) - 1.0).abs() < 1e-12);
        }
        // Trace 1002, determinant 802·200 − 400² = 400: λ = 501 ± √(501² − 400).
        let [(low, _), (high, _)] = eigen(h, 2);
        assert!((high - (501.0 + (501.0f64.powi(2) - 400.0).sqrt())).abs() < 1e-9);
        assert!((low - (501.0 - (501.0f64.powi(2) - 400.0).sqrt())).abs() < 1e-9);
        // A saddle shows as one negative eigenvalue, along y.
        let [(low, v), (high, _)] = eigen([[2.0, 0.0], [0.0, -2.0]], 2);
        assert_eq!((low, high), (-2.0, 2.0));
        assert!(v[0].abs() < 1e-12 && (v[1].abs() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn eigenvalues_of_symmetric_matrices() {
        let m = |h: Mat2| Matrix::from(h);
        assert_eq!(largest_eigenvalue(&m([[2.0, 0.0], [0.0, 20.0]])), Some(20.0));
        // [[10, 8], [8, 10]] has eigenvalues 2 and 18.
        assert!((largest_eigenvalue(&m([[10.0, 8.0], [8.0, 10.0]])).unwrap() - 18.0).abs() < 1e-12);
        assert_eq!(largest_eigenvalue(&Matrix::from_mat2([[-4.0, 0.0], [0.0, 0.0]], 1)), Some(-4.0));
        // A diagonal matrix gives its diagonal, exactly, in order.
        assert_eq!(eigenvalues(&Matrix::diagonal(&[3.0, -1.0, 2.5, 7.0])).unwrap(), [-1.0, 2.5, 3.0, 7.0]);
        // [[2, 1, 0], [1, 2, 1], [0, 1, 2]]: 2 − √2, 2, 2 + √2.
        let tridiagonal = Matrix::from_rows(&[vec![2.0, 1.0, 0.0], vec![1.0, 2.0, 1.0], vec![0.0, 1.0, 2.0]]);
        let values = eigenvalues(&tridiagonal).unwrap();
        let want = [2.0 - 2f64.sqrt(), 2.0, 2.0 + 2f64.sqrt()];
        assert!(values.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-14), "{values:?}");
        let mut nan = Matrix::diagonal(&[1.0, 2.0, 3.0]);
        nan[0][1] = f64::NAN;
        assert_eq!(eigenvalues(&nan), None);
    }

    #[test]
    fn bounds_follow_the_quadratic_theory() {
        let h = Matrix::from([[2.0, 0.0], [0.0, 20.0]]);
        let gd = Optimizer::with_defaults(OptimizerType::Gd);
        assert_eq!(stable_lr_bound(&gd, &h), Some(0.1));
        let momentum = Optimizer::with_defaults(OptimizerType::Momentum);
        assert!((stable_lr_bound(&momentum, &h).unwrap() - 0.19).abs() < 1e-15);
        let nesterov = Optimizer::with_defaults(OptimizerType::Nesterov);
        assert!((stable_lr_bound(&nesterov, &h).unwrap() - 2.0 * 1.9 / 2.8 / 20.0).abs() < 1e-15);
        assert_eq!(stable_lr_bound(&Optimizer::with_defaults(OptimizerType::Adam), &h), None);
        assert_eq!(stable_lr_bound(&gd, &Matrix::from([[-2.0, 0.0], [0.0, -1.0]])), None);
        let damped = Optimizer { hyper: Hyper::Sgd(Sgd { momentum: 0.5, dampening: 0.5, ..Sgd::default() }), ..gd };
        assert!((stable_lr_bound(&damped, &h).unwrap() - 2.0 * 1.5 / (20.0 * 0.5)).abs() < 1e-15);
        // In ten dimensions the largest curvature sets it: λ = 1, …, 10, GD's 2/10.
        let ten = Matrix::diagonal(&(1..=10).map(f64::from).collect::<Vec<_>>());
        assert_eq!(stable_lr_bound(&gd, &ten), Some(0.2));
    }
}
