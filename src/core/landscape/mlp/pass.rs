//! The passes through the network over a block of points at once: forward,
//! backward (backpropagation) and the R-operator's forward and backward
//! passes of the directional derivatives along a vector (Pearlmutter 1994).
//!
//! For one point x and the layers l = 1, …, L, zˡ = Wˡaˡ⁻¹ + bˡ with a⁰ = x,
//! aˡ = σ(zˡ) for hidden layers and the output z^L. Backward, gˡ = ∂ℓ/∂zˡ:
//! g^L from the loss, gˡ⁻¹ = σ′(zˡ⁻¹) ⊙ (Wˡ)ᵀgˡ, ∂ℓ/∂Wˡ = gˡ(aˡ⁻¹)ᵀ and
//! ∂ℓ/∂bˡ = gˡ. The R-operator R{·} = d/dε ·(w + εv) at ε = 0 applied to
//! every line: R{zˡ} = Vˡaˡ⁻¹ + WˡR{aˡ⁻¹} + vbˡ, R{aˡ} = σ′(zˡ)R{zˡ},
//! R{g^L} = ∇²ℓ(z^L)·R{z^L}, R{gˡ⁻¹} = σ″ ⊙ R{zˡ⁻¹} ⊙ (Wˡ)ᵀgˡ + σ′ ⊙
//! ((Vˡ)ᵀgˡ + (Wˡ)ᵀR{gˡ}), and R{∂ℓ/∂Wˡ} = R{gˡ}(aˡ⁻¹)ᵀ + gˡR{aˡ⁻¹}ᵀ: the
//! Hessian-vector product of ℓ.
//!
//! The buffers hold one row a unit, one number a point of the block in
//! it, so that each line above is a loop of multiply-adds along a row.
//! A sum over a hidden layer's units visits them in the layer's
//! [`Order`], which the weights decide, not their places: permuting the
//! units with their weights leaves every sum the same, bit for bit. Sums
//! over points run in the data's order.

use std::cmp::Ordering;

use super::{Activation, Loss, MAX_CLASSES, Mlp};

/// The most points one pass holds at once: a block's rows of every unit
/// stay a few megabytes at the largest network.
pub(super) const BLOCK: usize = 256;

/// The order in which the units of each layer are summed, input's and
/// output's in place. A hidden layer's units are sorted by a key of their
/// own weights, compared by total order on the bits: the incoming row,
/// read in the layer below's order, then the bias, then the outgoing
/// column's values sorted (so that the layer above's order does not enter).
/// The key of a unit moves with it when any layer is permuted, so every
/// sum visits the same units in the same order. Units whose keys tie have
/// the same activations everywhere and the same outgoing weights but
/// perhaps for their order; they keep their places among themselves, which
/// is exact when they are the same unit twice (all weights equal) and
/// otherwise leaves a permutation of them to the rounding of a plain sum.
pub(super) struct Order {
    units: Vec<Vec<usize>>,
}

impl Order {
    /// The order the weights `w` decide.
    pub(super) fn new(mlp: &Mlp, w: &[f64]) -> Self {
        let widths = &mlp.widths;
        let layers = widths.len() - 1;
        let mut units: Vec<Vec<usize>> = vec![(0..widths[0]).collect()];
        let mut at = 0;
        for l in 1..layers {
            let (n_in, n_out, n_next) = (widths[l - 1], widths[l], widths[l + 1]);
            let (weights, rest) = w[at..].split_at(n_in * n_out);
            let (bias, rest) = rest.split_at(n_out);
            let next = &rest[..n_next * n_out];
            let below = &units[l - 1];
            let keys: Vec<Vec<f64>> = (0..n_out)
                .map(|i| {
                    let mut key: Vec<f64> = below.iter().map(|&j| weights[i * n_in + j]).collect();
                    key.push(bias[i]);
                    let start = key.len();
                    key.extend((0..n_next).map(|k| next[k * n_out + i]));
                    key[start..].sort_by(f64::total_cmp);
                    key
                })
                .collect();
            let mut order: Vec<usize> = (0..n_out).collect();
            order.sort_by(|&i, &j| by_bits(&keys[i], &keys[j]));
            units.push(order);
            at += (n_in + 1) * n_out;
        }
        units.push((0..widths[layers]).collect());
        Order { units }
    }
}

/// Lexicographic order of two keys of the same length, each number by
/// total order on its bits.
fn by_bits(a: &[f64], b: &[f64]) -> Ordering {
    a.iter().zip(b).map(|(x, y)| x.total_cmp(y)).find(|o| o.is_ne()).unwrap_or(Ordering::Equal)
}

/// Buffers for the passes over a block of points, a row a unit of every
/// layer, and the order of the weights they were made for.
pub(super) struct Pass {
    widths: Vec<usize>,
    activation: Activation,
    loss: Loss,
    order: Order,
    /// The row where each layer's units start.
    units: Vec<usize>,
    /// Where each layer's weights start in the parameters (its bias follows them).
    params: Vec<usize>,
    /// The length of a row: the most points a block holds.
    stride: usize,
    /// The points in the block now.
    len: usize,
    targets: Vec<f64>,
    /// aˡ: the input, the hidden activations, the output z^L.
    a: Vec<f64>,
    /// ∂ℓ/∂zˡ.
    g: Vec<f64>,
    /// R{zˡ}, R{aˡ} and R{gˡ}, along v (empty without).
    rz: Vec<f64>,
    ra: Vec<f64>,
    rg: Vec<f64>,
    /// One row of partial sums, and one along v.
    back: Vec<f64>,
    r_back: Vec<f64>,
}

impl Pass {
    /// Buffers for blocks of up to `points` points (at most [`BLOCK`]) at
    /// the weights `w`; `along` for the R-operator's rows too.
    pub(super) fn new(mlp: &Mlp, w: &[f64], points: usize, along: bool) -> Self {
        let widths = mlp.widths.clone();
        let mut units = vec![0];
        for w in &widths {
            units.push(units.last().unwrap() + w);
        }
        let mut params = vec![0];
        for w in widths.windows(2) {
            params.push(params.last().unwrap() + (w[0] + 1) * w[1]);
        }
        let stride = points.clamp(1, BLOCK);
        let rows = *units.last().unwrap() * stride;
        let r = if along { rows } else { 0 };
        Pass {
            activation: mlp.activation,
            loss: mlp.loss,
            order: Order::new(mlp, w),
            units,
            params,
            stride,
            len: 0,
            targets: vec![0.0; stride],
            a: vec![0.0; rows],
            g: vec![0.0; rows],
            rz: vec![0.0; r],
            ra: vec![0.0; r],
            rg: vec![0.0; r],
            back: vec![0.0; stride],
            r_back: vec![0.0; if along { stride } else { 0 }],
            widths,
        }
    }

    fn layers(&self) -> usize {
        self.widths.len() - 1
    }

    /// Takes these points (and targets) as the block, at most [`BLOCK`].
    pub(super) fn load(&mut self, points: impl ExactSizeIterator<Item = ([f64; 2], f64)>) {
        self.len = points.len();
        assert!(self.len <= self.stride, "a block of {} points in buffers for {}", self.len, self.stride);
        let s = self.stride;
        for (p, (x, t)) in points.enumerate() {
            self.a[p] = x[0];
            self.a[s + p] = x[1];
            self.targets[p] = t;
        }
    }

    /// The points in the block now.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The outputs of point p of the block after [`Pass::forward`].
    pub(super) fn output(&self, p: usize, out: &mut [f64]) {
        let at = self.units[self.layers()];
        for (k, o) in out.iter_mut().enumerate() {
            *o = self.a[(at + k) * self.stride + p];
        }
    }

    /// aˡ of every layer at every point of the block.
    pub(super) fn forward(&mut self, w: &[f64]) {
        let (s, n, last) = (self.stride, self.len, self.layers());
        for l in 1..=last {
            let (n_in, n_out, p) = (self.widths[l - 1], self.widths[l], self.params[l - 1]);
            let (weights, bias) = w[p..p + (n_in + 1) * n_out].split_at(n_in * n_out);
            let (below, here) = self.a.split_at_mut(self.units[l] * s);
            let input = &below[self.units[l - 1] * s..];
            let order = &self.order.units[l - 1];
            for k in 0..n_out {
                let z = &mut here[k * s..k * s + n];
                let row = &weights[k * n_in..(k + 1) * n_in];
                let (first, rest) = order.split_first().unwrap();
                let (w0, a0) = (row[*first], &input[first * s..first * s + n]);
                z.iter_mut().zip(a0).for_each(|(z, a)| *z = w0 * a);
                for &j in rest {
                    let (wj, aj) = (row[j], &input[j * s..j * s + n]);
                    z.iter_mut().zip(aj).for_each(|(z, a)| *z += wj * a);
                }
                let b = bias[k];
                if l == last {
                    z.iter_mut().for_each(|z| *z += b);
                } else {
                    let activation = self.activation;
                    z.iter_mut().for_each(|z| *z = activate(activation, *z + b));
                }
            }
        }
    }

    /// R{zˡ}, R{aˡ} along v, after [`Pass::forward`] at the same weights.
    pub(super) fn along(&mut self, w: &[f64], v: &[f64]) {
        let (s, n, last) = (self.stride, self.len, self.layers());
        // The input does not move with the weights.
        self.ra[..2 * s].fill(0.0);
        for l in 1..=last {
            let (n_in, n_out, p) = (self.widths[l - 1], self.widths[l], self.params[l - 1]);
            let weights = &w[p..p + n_in * n_out];
            let (dweights, dbias) = v[p..p + (n_in + 1) * n_out].split_at(n_in * n_out);
            let (input, at) = (self.units[l - 1] * s, self.units[l]);
            let (ra_below, ra_here) = self.ra.split_at_mut(at * s);
            let (a, ra) = (&self.a[input..], &ra_below[input..]);
            let order = &self.order.units[l - 1];
            for k in 0..n_out {
                let rz = &mut self.rz[(at + k) * s..(at + k) * s + n];
                let (row, drow) = (&weights[k * n_in..(k + 1) * n_in], &dweights[k * n_in..(k + 1) * n_in]);
                let (first, rest) = order.split_first().unwrap();
                let term = |j: usize| (drow[j], row[j], &a[j * s..j * s + n], &ra[j * s..j * s + n]);
                let (d0, w0, a0, ra0) = term(*first);
                for (q, r) in rz.iter_mut().enumerate() {
                    *r = d0 * a0[q] + w0 * ra0[q];
                }
                for &j in rest {
                    let (dj, wj, aj, raj) = term(j);
                    for (q, r) in rz.iter_mut().enumerate() {
                        *r += dj * aj[q] + wj * raj[q];
                    }
                }
                let db = dbias[k];
                rz.iter_mut().for_each(|r| *r += db);
                let out = &mut ra_here[k * s..k * s + n];
                if l == last {
                    out.copy_from_slice(rz);
                } else {
                    let unit_a = &self.a[(at + k) * s..(at + k) * s + n];
                    for ((o, r), a) in out.iter_mut().zip(rz.iter()).zip(unit_a) {
                        *o = slopes(self.activation, *a).0 * r;
                    }
                }
            }
        }
    }

    /// Adds ℓ of each point of the block to `sum`, in order, after
    /// [`Pass::forward`].
    pub(super) fn add_losses(&self, sum: &mut f64) {
        let k = *self.widths.last().unwrap();
        let mut out = [0.0; MAX_CLASSES];
        for p in 0..self.len {
            self.output(p, &mut out[..k]);
            *sum += point_loss(self.loss, &out[..k], self.targets[p]);
        }
    }

    /// g^L = ∂ℓ/∂z^L and, along v, R{g^L} = ∇²ℓ·R{z^L} at every point,
    /// into the output's rows of `g` and `rg`.
    fn output_slopes(&mut self, along: bool) {
        let (s, n) = (self.stride, self.len);
        let (at, k) = (self.units[self.layers()], *self.widths.last().unwrap());
        let (z, g) = (&self.a[at * s..], &mut self.g[at * s..]);
        match self.loss {
            Loss::Mse => {
                for q in 0..n {
                    g[q] = 2.0 * (z[q] - self.targets[q]);
                }
                if along {
                    let (rz, rg) = (&self.rz[at * s..], &mut self.rg[at * s..]);
                    for q in 0..n {
                        rg[q] = 2.0 * rz[q];
                    }
                }
            }
            Loss::Logistic => {
                for q in 0..n {
                    let sig = sigmoid(z[q]);
                    g[q] = sig - self.targets[q];
                    if along {
                        self.rg[at * s + q] = sig * (1.0 - sig) * self.rz[at * s + q];
                    }
                }
            }
            Loss::CrossEntropy { .. } => {
                let mut p = [0.0; MAX_CLASSES];
                for q in 0..n {
                    let m = (0..k).map(|j| z[j * s + q]).fold(f64::NEG_INFINITY, f64::max);
                    let sum: f64 = (0..k).map(|j| (z[j * s + q] - m).exp()).sum();
                    for (j, pj) in p[..k].iter_mut().enumerate() {
                        *pj = (z[j * s + q] - m).exp() / sum;
                    }
                    let target = self.targets[q] as usize;
                    for j in 0..k {
                        g[j * s + q] = p[j] - if j == target { 1.0 } else { 0.0 };
                    }
                    if along {
                        let rz = &self.rz[at * s..];
                        let p_rz: f64 = (0..k).map(|j| p[j] * rz[j * s + q]).sum();
                        for j in 0..k {
                            self.rg[(at + j) * s + q] = p[j] * (rz[j * s + q] - p_rz);
                        }
                    }
                }
            }
        }
    }

    /// Adds ∂ℓ/∂w of each point of the block, in order, to `sum`, after
    /// [`Pass::forward`].
    pub(super) fn add_gradients(&mut self, w: &[f64], sum: &mut [f64]) {
        self.output_slopes(false);
        self.backward(w, None, sum);
    }

    /// Adds the Hessian-vector product ∇²ℓ·v of each point of the block,
    /// in order, to `sum`, after [`Pass::forward_along`].
    pub(super) fn add_hessian_vectors(&mut self, w: &[f64], v: &[f64], sum: &mut [f64]) {
        self.output_slopes(true);
        self.backward(w, Some(v), sum);
    }

    /// From the output's g (and R{g} along v), every layer's, adding to
    /// `sum` the gradient, or along v the gradient's R{·}: the
    /// Hessian-vector product.
    fn backward(&mut self, w: &[f64], v: Option<&[f64]>, sum: &mut [f64]) {
        let (s, n) = (self.stride, self.len);
        for l in (1..=self.layers()).rev() {
            let (n_in, n_out, p) = (self.widths[l - 1], self.widths[l], self.params[l - 1]);
            let (input, at) = (self.units[l - 1], self.units[l]);
            let (weights_sum, bias_sum) = sum[p..p + (n_in + 1) * n_out].split_at_mut(n_in * n_out);
            for i in 0..n_out {
                let here = (at + i) * s..(at + i) * s + n;
                let g = &self.g[here.clone()];
                let row = &mut weights_sum[i * n_in..(i + 1) * n_in];
                match v {
                    None => {
                        add_dots(row, g, &self.a[input * s..], s, n);
                        bias_sum[i] = g.iter().fold(bias_sum[i], |acc, g| acc + g);
                    }
                    Some(_) => {
                        let rg = &self.rg[here];
                        add_dots_along(row, rg, g, &self.a[input * s..], &self.ra[input * s..], s, n);
                        bias_sum[i] = rg.iter().fold(bias_sum[i], |acc, g| acc + g);
                    }
                }
            }
            if l == 1 {
                break;
            }
            let weights = &w[p..p + n_in * n_out];
            let order = &self.order.units[l];
            let (first, rest) = order.split_first().unwrap();
            for j in 0..n_in {
                let back = &mut self.back[..n];
                let (g0, w0) = (&self.g[(at + first) * s..(at + first) * s + n], weights[first * n_in + j]);
                back.iter_mut().zip(g0).for_each(|(b, g)| *b = w0 * g);
                for &i in rest {
                    let (gi, wi) = (&self.g[(at + i) * s..(at + i) * s + n], weights[i * n_in + j]);
                    back.iter_mut().zip(gi).for_each(|(b, g)| *b += wi * g);
                }
                let u = (input + j) * s;
                if let Some(v) = v {
                    let r_back = &mut self.r_back[..n];
                    let term = |i: usize| {
                        let range = (at + i) * s..(at + i) * s + n;
                        (v[p + i * n_in + j], weights[i * n_in + j], &self.g[range.clone()], &self.rg[range])
                    };
                    let (d0, w0, g0, rg0) = term(*first);
                    for (q, r) in r_back.iter_mut().enumerate() {
                        *r = d0 * g0[q] + w0 * rg0[q];
                    }
                    for &i in rest {
                        let (di, wi, gi, rgi) = term(i);
                        for (q, r) in r_back.iter_mut().enumerate() {
                            *r += di * gi[q] + wi * rgi[q];
                        }
                    }
                    for q in 0..n {
                        let (d1, d2) = slopes(self.activation, self.a[u + q]);
                        self.rg[u + q] = d2 * self.rz[u + q] * back[q] + d1 * r_back[q];
                    }
                }
                let (a, g) = (&self.a[u..u + n], &mut self.g[u..u + n]);
                for ((g, a), back) in g.iter_mut().zip(a).zip(back.iter()) {
                    *g = back * slopes(self.activation, *a).0;
                }
            }
        }
    }
}

/// Adds to each `sums[j]` the dot product over the block's points of `g`
/// with row j of `rows` (rows `stride` apart), point by point in order:
/// four rows at a time, so that four sums advance together.
fn add_dots(sums: &mut [f64], g: &[f64], rows: &[f64], stride: usize, n: usize) {
    let mut j = 0;
    while j + 4 <= sums.len() {
        let r = |k: usize| &rows[(j + k) * stride..(j + k) * stride + n];
        let (r0, r1, r2, r3) = (r(0), r(1), r(2), r(3));
        let (mut s0, mut s1, mut s2, mut s3) = (sums[j], sums[j + 1], sums[j + 2], sums[j + 3]);
        for q in 0..n {
            let gq = g[q];
            s0 += gq * r0[q];
            s1 += gq * r1[q];
            s2 += gq * r2[q];
            s3 += gq * r3[q];
        }
        sums[j..j + 4].copy_from_slice(&[s0, s1, s2, s3]);
        j += 4;
    }
    for (k, sum) in sums.iter_mut().enumerate().skip(j) {
        let r = &rows[k * stride..k * stride + n];
        *sum = g.iter().zip(r).fold(*sum, |acc, (g, a)| acc + g * a);
    }
}

/// Adds to each `sums[j]` the sum over the block's points of
/// rg·aⱼ + g·R{aⱼ}, point by point in order: R{∂ℓ/∂W}'s row.
fn add_dots_along(sums: &mut [f64], rg: &[f64], g: &[f64], a: &[f64], ra: &[f64], stride: usize, n: usize) {
    let mut j = 0;
    while j + 4 <= sums.len() {
        let row = |k: usize| (j + k) * stride..(j + k) * stride + n;
        let (a0, a1, a2, a3) = (&a[row(0)], &a[row(1)], &a[row(2)], &a[row(3)]);
        let (r0, r1, r2, r3) = (&ra[row(0)], &ra[row(1)], &ra[row(2)], &ra[row(3)]);
        let (mut s0, mut s1, mut s2, mut s3) = (sums[j], sums[j + 1], sums[j + 2], sums[j + 3]);
        for q in 0..n {
            let (rgq, gq) = (rg[q], g[q]);
            s0 += rgq * a0[q] + gq * r0[q];
            s1 += rgq * a1[q] + gq * r1[q];
            s2 += rgq * a2[q] + gq * r2[q];
            s3 += rgq * a3[q] + gq * r3[q];
        }
        sums[j..j + 4].copy_from_slice(&[s0, s1, s2, s3]);
        j += 4;
    }
    for (j, sum) in sums.iter_mut().enumerate().skip(j) {
        let (aj, raj) = (&a[j * stride..j * stride + n], &ra[j * stride..j * stride + n]);
        let mut acc = *sum;
        for q in 0..n {
            acc += rg[q] * aj[q] + g[q] * raj[q];
        }
        *sum = acc;
    }
}

/// ℓ of one point's outputs for this target.
fn point_loss(loss: Loss, out: &[f64], target: f64) -> f64 {
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

/// σ(z).
fn activate(activation: Activation, z: f64) -> f64 {
    match activation {
        Activation::Tanh => z.tanh(),
        Activation::Relu => z.max(0.0),
        Activation::Sigmoid => sigmoid(z),
    }
}

/// (σ′(z), σ″(z)) from a = σ(z): ReLU's derivative is 0 at 0, as torch's
/// (a > 0 exactly where z > 0).
fn slopes(activation: Activation, a: f64) -> (f64, f64) {
    match activation {
        Activation::Tanh => {
            let d = 1.0 - a * a;
            (d, -2.0 * a * d)
        }
        Activation::Relu => (if a > 0.0 { 1.0 } else { 0.0 }, 0.0),
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
