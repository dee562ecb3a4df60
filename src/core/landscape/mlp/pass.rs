//! One point's passes through the network: forward, backward
//! (backpropagation) and the R-operator's forward and backward passes of
//! the directional derivatives along a vector (Pearlmutter 1994).
//!
//! For one point x and the layers l = 1, …, L, zˡ = Wˡaˡ⁻¹ + bˡ with a⁰ = x,
//! aˡ = σ(zˡ) for hidden layers and the output z^L. Backward, gˡ = ∂ℓ/∂zˡ:
//! g^L from the loss, gˡ⁻¹ = σ′(zˡ⁻¹) ⊙ (Wˡ)ᵀgˡ, ∂ℓ/∂Wˡ = gˡ(aˡ⁻¹)ᵀ and
//! ∂ℓ/∂bˡ = gˡ. The R-operator R{·} = d/dε ·(w + εv) at ε = 0 applied to
//! every line: R{zˡ} = Vˡaˡ⁻¹ + WˡR{aˡ⁻¹} + vbˡ, R{aˡ} = σ′(zˡ)R{zˡ},
//! R{g^L} = ∇²ℓ(z^L)·R{z^L}, R{gˡ⁻¹} = σ″ ⊙ R{zˡ⁻¹} ⊙ (Wˡ)ᵀgˡ + σ′ ⊙
//! ((Vˡ)ᵀgˡ + (Wˡ)ᵀR{gˡ}), and R{∂ℓ/∂Wˡ} = R{gˡ}(aˡ⁻¹)ᵀ + gˡR{aˡ⁻¹}ᵀ: the
//! Hessian-vector product of ℓ.

use super::{Activation, Loss, Mlp};

/// Buffers for one point's passes, one number a unit of every layer.
pub(super) struct Scratch {
    widths: Vec<usize>,
    /// Where each layer's units start in the buffers below.
    units: Vec<usize>,
    /// Where each layer's weights start in the parameters (its bias follows them).
    params: Vec<usize>,
    /// zˡ (unused for the input layer).
    z: Vec<f64>,
    /// aˡ: the input, the hidden activations, the output z^L.
    a: Vec<f64>,
    /// ∂ℓ/∂zˡ.
    g: Vec<f64>,
    /// R{zˡ}, R{aˡ} and R{gˡ}.
    rz: Vec<f64>,
    ra: Vec<f64>,
    rg: Vec<f64>,
    /// The terms of one unit's sum, and [`exact_sum`]'s partial sums of them.
    terms: Vec<f64>,
    partials: Vec<f64>,
}

impl Scratch {
    pub(super) fn new(widths: &[usize]) -> Self {
        let mut units = vec![0];
        for w in widths {
            units.push(units.last().unwrap() + w);
        }
        let mut params = vec![0];
        for w in widths.windows(2) {
            params.push(params.last().unwrap() + (w[0] + 1) * w[1]);
        }
        let n = *units.last().unwrap();
        Scratch {
            widths: widths.to_vec(),
            units,
            params,
            z: vec![0.0; n],
            a: vec![0.0; n],
            g: vec![0.0; n],
            rz: vec![0.0; n],
            ra: vec![0.0; n],
            rg: vec![0.0; n],
            terms: vec![0.0; 2 * widths.iter().max().unwrap()],
            partials: Vec::new(),
        }
    }

    fn layers(&self) -> usize {
        self.widths.len() - 1
    }

    /// The output layer's values after [`Scratch::forward`].
    pub(super) fn output(&self) -> &[f64] {
        let out = self.layers();
        &self.a[self.units[out]..self.units[out + 1]]
    }

    /// zˡ and aˡ of every layer at one point.
    pub(super) fn forward(&mut self, mlp: &Mlp, w: &[f64], x: [f64; 2]) {
        self.a[..2].copy_from_slice(&x);
        let last = self.layers();
        for l in 1..=last {
            let (n_in, n_out, p) = (self.widths[l - 1], self.widths[l], self.params[l - 1]);
            let (weights, bias) = w[p..p + (n_in + 1) * n_out].split_at(n_in * n_out);
            let (input, at) = (self.units[l - 1], self.units[l]);
            for i in 0..n_out {
                let row = &weights[i * n_in..(i + 1) * n_in];
                let input = &self.a[input..input + n_in];
                // The input's two coordinates come in the data's order; the
                // units of a hidden layer in none.
                let s = if l == 1 {
                    row[0] * input[0] + row[1] * input[1]
                } else {
                    let terms = &mut self.terms[..n_in];
                    terms.iter_mut().zip(row.iter().zip(input)).for_each(|(t, (w, a))| *t = w * a);
                    exact_sum(terms, &mut self.partials)
                };
                self.z[at + i] = s + bias[i];
            }
            for u in at..at + n_out {
                self.a[u] = if l == last { self.z[u] } else { activate(mlp.activation, self.z[u]) };
            }
        }
    }

    /// [`Scratch::forward`] and R{zˡ}, R{aˡ} along v.
    fn forward_along(&mut self, mlp: &Mlp, w: &[f64], v: &[f64], x: [f64; 2]) {
        self.forward(mlp, w, x);
        self.ra[..2].fill(0.0);
        let last = self.layers();
        for l in 1..=last {
            let (n_in, n_out, p) = (self.widths[l - 1], self.widths[l], self.params[l - 1]);
            let (weights, _) = w[p..p + (n_in + 1) * n_out].split_at(n_in * n_out);
            let (dweights, dbias) = v[p..p + (n_in + 1) * n_out].split_at(n_in * n_out);
            let (input, at) = (self.units[l - 1], self.units[l]);
            for i in 0..n_out {
                let (row, drow) = (&weights[i * n_in..(i + 1) * n_in], &dweights[i * n_in..(i + 1) * n_in]);
                let (a, ra) = (&self.a[input..input + n_in], &self.ra[input..input + n_in]);
                let s = if l == 1 {
                    drow[0] * a[0] + drow[1] * a[1]
                } else {
                    let (along, through) = self.terms[..2 * n_in].split_at_mut(n_in);
                    along.iter_mut().zip(drow.iter().zip(a)).for_each(|(t, (v, a))| *t = v * a);
                    through.iter_mut().zip(row.iter().zip(ra)).for_each(|(t, (w, r))| *t = w * r);
                    exact_sum(&self.terms[..2 * n_in], &mut self.partials)
                };
                self.rz[at + i] = s + dbias[i];
            }
            for u in at..at + n_out {
                self.ra[u] =
                    if l == last { self.rz[u] } else { slopes(mlp.activation, self.z[u], self.a[u]).0 * self.rz[u] };
            }
        }
    }

    /// ℓ of the output after [`Scratch::forward`], for this target.
    pub(super) fn point_loss(&self, loss: Loss, target: f64) -> f64 {
        let out = self.output();
        match loss {
            Loss::Mse => {
                let r = out[0] - target;
                r * r
            }
            Loss::Logistic => {
                let y = out[0];
                y.max(0.0) - y * target + (-y.abs()).exp().ln_1p()
            }
            Loss::CrossEntropy { .. } => {
                let m = out.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let sum: f64 = out.iter().map(|z| (z - m).exp()).sum();
                m + sum.ln() - out[target as usize]
            }
        }
    }

    /// g^L = ∂ℓ/∂z^L and, along v, R{g^L} = ∇²ℓ·R{z^L}, into the output's
    /// places of `g` and `rg`.
    fn output_slopes(&mut self, loss: Loss, target: f64) {
        let (at, k) = (self.units[self.layers()], *self.widths.last().unwrap());
        let (z, rz) = (&self.a[at..at + k], &self.rz[at..at + k]);
        let (g, rg) = (&mut self.g[at..at + k], &mut self.rg[at..at + k]);
        match loss {
            Loss::Mse => {
                g[0] = 2.0 * (z[0] - target);
                rg[0] = 2.0 * rz[0];
            }
            Loss::Logistic => {
                let s = sigmoid(z[0]);
                g[0] = s - target;
                rg[0] = s * (1.0 - s) * rz[0];
            }
            Loss::CrossEntropy { .. } => {
                let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let sum: f64 = z.iter().map(|z| (z - m).exp()).sum();
                let p = |j: usize| (z[j] - m).exp() / sum;
                let p_rz: f64 = (0..k).map(|j| p(j) * rz[j]).sum();
                for j in 0..k {
                    g[j] = p(j) - if j == target as usize { 1.0 } else { 0.0 };
                    rg[j] = p(j) * (rz[j] - p_rz);
                }
            }
        }
    }

    /// Adds ∂ℓ/∂w of point i to `sum`; returns ℓ.
    pub(super) fn gradient(&mut self, mlp: &Mlp, w: &[f64], i: usize, sum: &mut [f64]) -> f64 {
        self.forward(mlp, w, mlp.data.points()[i]);
        let target = mlp.data.targets()[i];
        // R{g^L} comes out of stale numbers here, and is not read.
        self.output_slopes(mlp.loss, target);
        self.backward(mlp, w, None, sum);
        self.point_loss(mlp.loss, target)
    }

    /// Adds the Hessian-vector product ∇²ℓ·v of point i to `sum`.
    pub(super) fn hessian_vector(&mut self, mlp: &Mlp, w: &[f64], v: &[f64], i: usize, sum: &mut [f64]) {
        self.forward_along(mlp, w, v, mlp.data.points()[i]);
        self.output_slopes(mlp.loss, mlp.data.targets()[i]);
        self.backward(mlp, w, Some(v), sum);
    }

    /// From the output's g (and R{g} along v), every layer's, adding to
    /// `sum` the gradient, or along v the gradient's R{·}: the
    /// Hessian-vector product.
    fn backward(&mut self, mlp: &Mlp, w: &[f64], v: Option<&[f64]>, sum: &mut [f64]) {
        for l in (1..=self.layers()).rev() {
            let (n_in, n_out, p) = (self.widths[l - 1], self.widths[l], self.params[l - 1]);
            let (input, at) = (self.units[l - 1], self.units[l]);
            let (a, g) = (&self.a[input..input + n_in], &self.g[at..at + n_out]);
            let (ra, rg) = (&self.ra[input..input + n_in], &self.rg[at..at + n_out]);
            let (weights_sum, bias_sum) = sum[p..p + (n_in + 1) * n_out].split_at_mut(n_in * n_out);
            for i in 0..n_out {
                let row = &mut weights_sum[i * n_in..(i + 1) * n_in];
                match v {
                    None => row.iter_mut().zip(a).for_each(|(s, a)| *s += g[i] * a),
                    // R{a⁰} = 0: the input does not move with the weights.
                    Some(_) if l == 1 => row.iter_mut().zip(a).for_each(|(s, a)| *s += rg[i] * a),
                    Some(_) => {
                        row.iter_mut().zip(a.iter().zip(ra)).for_each(|(s, (a, ra))| *s += rg[i] * a + g[i] * ra)
                    }
                }
                bias_sum[i] += if v.is_some() { rg[i] } else { g[i] };
            }
            if l == 1 {
                break;
            }
            let weights = &w[p..p + n_in * n_out];
            // Layer l − 1's units come before layer l's in the buffers.
            let (g_below, g_here) = self.g.split_at_mut(at);
            let (rg_below, rg_here) = self.rg.split_at_mut(at);
            let (g, rg) = (&g_here[..n_out], &rg_here[..n_out]);
            for j in 0..n_in {
                let terms = &mut self.terms[..n_out];
                terms.iter_mut().enumerate().for_each(|(i, t)| *t = weights[i * n_in + j] * g[i]);
                let back = exact_sum(terms, &mut self.partials);
                let u = input + j;
                let (d1, d2) = slopes(mlp.activation, self.z[u], self.a[u]);
                if let Some(v) = v {
                    let (along, through) = self.terms[..2 * n_out].split_at_mut(n_out);
                    along.iter_mut().enumerate().for_each(|(i, t)| *t = v[p + i * n_in + j] * g[i]);
                    through.iter_mut().enumerate().for_each(|(i, t)| *t = weights[i * n_in + j] * rg[i]);
                    let r_back = exact_sum(&self.terms[..2 * n_out], &mut self.partials);
                    rg_below[u] = d2 * self.rz[u] * back + d1 * r_back;
                }
                g_below[u] = back * d1;
            }
        }
    }
}

/// σ(z).
fn activate(activation: Activation, z: f64) -> f64 {
    match activation {
        Activation::Tanh => z.tanh(),
        Activation::Relu => z.max(0.0),
        Activation::Sigmoid => sigmoid(z),
    }
}

/// (σ′(z), σ″(z)) from z and a = σ(z): ReLU's derivative is 0 at 0, as torch's.
fn slopes(activation: Activation, z: f64, a: f64) -> (f64, f64) {
    match activation {
        Activation::Tanh => {
            let d = 1.0 - a * a;
            (d, -2.0 * a * d)
        }
        Activation::Relu => (if z > 0.0 { 1.0 } else { 0.0 }, 0.0),
        Activation::Sigmoid => {
            let d = (1.0 - a) * a;
            (d, d * (1.0 - 2.0 * a))
        }
    }
}

/// 1 / (1 + e^−z), without overflow for large |z|.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The sum of the terms rounded once, correctly (Shewchuk's algorithm, as
/// Python's `math.fsum`): the same whatever their order. `partials` is
/// room for its partial sums (never more than the terms). A sum that
/// overflows, or of terms that are not finite, is the sum in order.
pub fn exact_sum(terms: &[f64], partials: &mut Vec<f64>) -> f64 {
    if partials.len() < terms.len() {
        partials.resize(terms.len(), 0.0);
    }
    let partials = partials.as_mut_slice();
    let mut len = 0;
    for &term in terms {
        let mut x = term;
        let mut kept = 0;
        for j in 0..len {
            let y = partials[j];
            let (big, small) = if x.abs() < y.abs() { (y, x) } else { (x, y) };
            let hi = big + small;
            let lo = small - (hi - big);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials[kept] = x;
        len = kept + 1;
    }
    let partials = &partials[..len];
    if !partials.iter().all(|p| p.is_finite()) {
        return terms.iter().sum();
    }
    // The partials do not overlap and grow in size: add them from the
    // largest down until the rounding is decided, then settle a tie.
    let Some(mut n) = len.checked_sub(1) else { return 0.0 };
    let (mut hi, mut lo) = (partials[n], 0.0);
    while n > 0 {
        let x = hi;
        n -= 1;
        let y = partials[n];
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if y == x - hi {
            hi = x;
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_sums_round_once_whatever_the_order() {
        let mut partials = Vec::new();
        let mut sum = |terms: &[f64]| exact_sum(terms, &mut partials);
        assert_eq!(sum(&[]), 0.0);
        assert_eq!(sum(&[1e16, 1.0, -1e16]), 1.0);
        assert_eq!(sum(&[0.1; 10]), 1.0);
        // 1 + 2⁻⁵³ + 2⁻¹⁰⁶ lies just above the tie: it rounds up, in any order.
        let (half, tiny) = (2f64.powi(-53), 2f64.powi(-106));
        let up = 1.0 + 2.0 * half;
        assert_eq!(sum(&[1.0, half, tiny]), up);
        assert_eq!(sum(&[tiny, half, 1.0]), up);
        assert_eq!(sum(&[half, 1.0, tiny]), up);
        // Without it, the tie goes to the even 1.
        assert_eq!(sum(&[half, 1.0]), 1.0);
        let terms = [0.7, -1e-3, 3.3e5, -2.2e-9, 1.0 / 3.0, -3.3e5, 5e-17];
        let forward = sum(&terms);
        let mut backward = terms;
        backward.reverse();
        assert_eq!(sum(&backward).to_bits(), forward.to_bits());
        assert!(sum(&[f64::INFINITY, 1.0]).is_infinite());
    }
}
