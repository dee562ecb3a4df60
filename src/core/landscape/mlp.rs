//! A small multilayer perceptron as a landscape over all its weights.
//!
//! The parameters are one flat vector in the order torch's `parameters()`
//! gives them for an `nn.Sequential` of `nn.Linear` layers: layer 1's
//! weight (outputs × inputs, row-major), then its bias, then layer 2's
//! weight and bias, and so on. The input is a point of the plane; between
//! layers an activation; the output one number (a regression's value, a
//! binary classifier's logit) or one logit a class. The loss is a mean
//! over data points, as torch's losses with `reduction="mean"`.
//!
//! Everything is exact in f64: the gradient by backpropagation, the
//! Hessian-vector product by Pearlmutter's R-operator (forward-over-reverse
//! differentiation), never by finite differences.
//!
//! Every sum over a hidden layer's units (forward, and back through the
//! weights) visits them in an order their own weights decide, once for a
//! weight vector (see `pass::Order`), not in their places: permuting a
//! hidden layer's units, with their weights, permutes the gradient and
//! leaves the loss the same bit for bit, as it does in exact arithmetic.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::datasets::{LabelledPoints, MAX_CLASSES};
use crate::core::eigen::{Lanczos, lanczos_largest};
use crate::core::{Matrix, Vector};

mod pass;

use pass::{BLOCK, Pass};

/// Its name in scenario files.
pub const MLP: &str = "mlp";

/// The most hidden layers a network may have.
pub const MAX_HIDDEN_LAYERS: usize = 4;

/// The most units a hidden layer may have.
pub const MAX_HIDDEN_UNITS: usize = 64;

/// The inputs of every network: a point of the plane.
pub const INPUTS: usize = 2;

/// The Ritz residual bound, relative to the estimate, at which a Lanczos
/// estimate of the sharpness counts as converged: some eigenvalue lies
/// within 1e-9 of it, relatively, and the largest, apart from the next,
/// far closer (the error goes as the bound's square).
pub const SHARPNESS_TOLERANCE: f64 = 1e-9;

/// The most Lanczos iterations (Hessian-vector products) one sharpness
/// estimate takes.
pub const SHARPNESS_MAX_ITERATIONS: usize = 200;

/// The seed of the sharpness estimate's start vector: fixed, so that the
/// estimate is the same at the same weights.
pub const SHARPNESS_SEED: u64 = 0x5EED;

/// The function between layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// tanh z (torch `nn.Tanh`).
    Tanh,
    /// max(z, 0) (torch `nn.ReLU`), whose derivative is taken as 0 at 0, as torch's.
    Relu,
    /// 1 / (1 + e^−z) (torch `nn.Sigmoid`).
    Sigmoid,
}

impl Activation {
    /// Its name, as torch's module would be written in lower case.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
        }
    }
}

/// The loss of one point, averaged over the points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// (y − t)², one output, real targets (torch `MSELoss`).
    Mse,
    /// Binary cross-entropy of the logit y with target t in [0, 1]:
    /// max(y, 0) − y·t + ln(1 + e^−|y|) (torch `BCEWithLogitsLoss`).
    Logistic,
    /// Softmax cross-entropy of `classes` logits with a class target:
    /// logsumexp(z) − z_t (torch `CrossEntropyLoss`).
    CrossEntropy {
        /// The number of classes (and outputs), 2 to [`MAX_CLASSES`].
        classes: usize,
    },
}

impl Loss {
    /// The number of outputs the network needs.
    pub fn outputs(self) -> usize {
        match self {
            Loss::Mse | Loss::Logistic => 1,
            Loss::CrossEntropy { classes } => classes,
        }
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Mse => "mean squared error",
            Loss::Logistic => "logistic loss",
            Loss::CrossEntropy { .. } => "cross-entropy",
        }
    }
}

/// Why a network cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MlpError {
    /// No hidden layer, or too many.
    #[error("a network has 1 to {MAX_HIDDEN_LAYERS} hidden layers, not {0}")]
    Layers(usize),
    /// A hidden layer of no units, or too many.
    #[error("hidden layer {layer} has {units} units; a layer has 1 to {MAX_HIDDEN_UNITS}")]
    Units {
        /// Which hidden layer, from 1.
        layer: usize,
        /// How many units it was given.
        units: usize,
    },
    /// Cross-entropy over too few or too many classes.
    #[error("cross-entropy needs 2 to {MAX_CLASSES} classes, not {0}")]
    Classes(usize),
    /// A target the loss cannot take.
    #[error("point {index}'s target {target} does not suit {loss}")]
    Target {
        /// Which point, from 0.
        index: usize,
        /// Its target.
        target: f64,
        /// The loss's name.
        loss: &'static str,
    },
}

/// A multilayer perceptron on a data set of the plane: its architecture,
/// activation, loss and data. Parameters are given to each function as a
/// flat vector of [`Mlp::dim`] weights, in torch's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    /// Units of each layer, the input's (2) first and the output's last.
    widths: Vec<usize>,
    activation: Activation,
    loss: Loss,
    data: LabelledPoints,
}

impl Mlp {
    /// The network 2 → `hidden[0]` → … → the loss's outputs, on this data;
    /// or why not (a layer count or width out of bounds, a target the loss
    /// cannot take).
    pub fn new(hidden: &[usize], activation: Activation, loss: Loss, data: LabelledPoints) -> Result<Self, MlpError> {
        if !(1..=MAX_HIDDEN_LAYERS).contains(&hidden.len()) {
            return Err(MlpError::Layers(hidden.len()));
        }
        if let Some((i, &units)) = hidden.iter().enumerate().find(|(_, u)| !(1..=MAX_HIDDEN_UNITS).contains(*u)) {
            return Err(MlpError::Units { layer: i + 1, units });
        }
        let fits: &dyn Fn(f64) -> bool = match loss {
            Loss::Mse => &|_| true,
            Loss::Logistic => &|t| (0.0..=1.0).contains(&t),
            Loss::CrossEntropy { classes } => {
                if !(2..=MAX_CLASSES).contains(&classes) {
                    return Err(MlpError::Classes(classes));
                }
                &move |t| t >= 0.0 && t < classes as f64 && t.fract() == 0.0
            }
        };
        if let Some((index, &target)) = data.targets().iter().enumerate().find(|(_, t)| !fits(**t)) {
            return Err(MlpError::Target { index, target, loss: loss.name() });
        }
        let widths = std::iter::once(INPUTS).chain(hidden.iter().copied()).chain([loss.outputs()]).collect();
        Ok(Mlp { widths, activation, loss, data })
    }

    /// Units of each layer: the input's 2, the hidden layers', the output's.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// The activation between layers.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The loss.
    pub fn loss(&self) -> Loss {
        self.loss
    }

    /// The data it is fitted to.
    pub fn data(&self) -> &LabelledPoints {
        &self.data
    }

    /// The number of weights (and biases): Σ (inputs + 1)·outputs of each layer.
    pub fn dim(&self) -> usize {
        self.widths.windows(2).map(|w| (w[0] + 1) * w[1]).sum()
    }

    /// The name of parameter i: `W2[3,0]` for layer 2's weight from input
    /// 0 to unit 3, `b1[4]` for layer 1's bias of unit 4 (layers from 1,
    /// units from 0, as torch's `weight[3, 0]`).
    pub fn parameter_name(&self, mut i: usize) -> String {
        for (l, w) in self.widths.windows(2).enumerate() {
            let (inputs, outputs) = (w[0], w[1]);
            if i < inputs * outputs {
                return format!("W{}[{},{}]", l + 1, i / inputs, i % inputs);
            }
            i -= inputs * outputs;
            if i < outputs {
                return format!("b{}[{i}]", l + 1);
            }
            i -= outputs;
        }
        format!("x{}", i + 1)
    }

    /// The formula, in words.
    pub fn formula(&self) -> String {
        let widths: Vec<String> = self.widths.iter().map(|w| w.to_string()).collect();
        format!(
            "mean over {} points of the {} of a {} {} network ({} weights)",
            self.data.len(),
            self.loss.name(),
            widths.join("-"),
            self.activation.name(),
            self.dim()
        )
    }

    /// Initial weights by torch `nn.Linear`'s default rule: every weight
    /// and bias of a layer uniform on ±1/√(its inputs), in parameter order,
    /// from PCG-64 MCG seeded with `seed`. The rule is torch's; the numbers
    /// are not (torch draws from its own generator).
    pub fn init(&self, seed: u64) -> Vector {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut w = Vec::with_capacity(self.dim());
        for layer in self.widths.windows(2) {
            let bound = 1.0 / (layer[0] as f64).sqrt();
            for _ in 0..(layer[0] + 1) * layer[1] {
                let unit = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                w.push(bound * (2.0 * unit - 1.0));
            }
        }
        w.into()
    }

    /// The mean loss over all points.
    pub fn value(&self, w: &[f64]) -> f64 {
        self.mean_loss(w, None)
    }

    /// The mean loss over the given points only (indices into the data; 0
    /// for none).
    pub fn batch_value(&self, w: &[f64], indices: &[usize]) -> f64 {
        self.mean_loss(w, Some(indices))
    }

    /// The gradient of the mean loss, by backpropagation.
    pub fn gradient(&self, w: &[f64]) -> Vector {
        self.mean_gradient(w, None)
    }

    /// The mean loss and its gradient from one pass: the same numbers as
    /// [`Mlp::value`] and [`Mlp::gradient`].
    pub fn value_and_gradient(&self, w: &[f64]) -> (f64, Vector) {
        let mut pass = Pass::new(self, w, self.data.len(), false);
        let (mut sum, mut loss) = (vec![0.0; self.dim()], 0.0);
        let n = self.for_blocks(&mut pass, None, |pass| {
            pass.forward(w);
            pass.add_losses(&mut loss);
            pass.add_gradients(w, &mut sum);
        });
        (loss / n as f64, mean(sum, n))
    }

    /// The gradient of the mean loss over the given points only (zeros for none).
    pub fn batch_gradient(&self, w: &[f64], indices: &[usize]) -> Vector {
        self.mean_gradient(w, Some(indices))
    }

    /// The Hessian-vector product ∇²f(w)·v of the mean loss, exact, by the
    /// R-operator: one forward and one backward pass of the directional
    /// derivatives along v beside each point's own.
    pub fn hessian_vector(&self, w: &[f64], v: &[f64]) -> Vector {
        self.curvature_at(w).times(v)
    }

    /// Hessian-vector products at the weights `w`, the forward pass through
    /// every point taken once for them all: what an eigenvalue iteration
    /// wants. Each product is [`Mlp::hessian_vector`]'s, bit for bit.
    pub fn curvature_at<'a>(&'a self, w: &'a [f64]) -> CurvatureAt<'a> {
        let mut blocks = Vec::new();
        let points = self.data.len();
        for start in (0..points).step_by(BLOCK) {
            let end = (start + BLOCK).min(points);
            let mut pass = Pass::new(self, w, end - start, true);
            let (xs, ts) = (self.data.points(), self.data.targets());
            pass.load((start..end).map(|i| (xs[i], ts[i])));
            pass.forward(w);
            blocks.push(pass);
        }
        CurvatureAt { mlp: self, w, blocks }
    }

    /// The full Hessian, from one Hessian-vector product a parameter (and
    /// made symmetric, (H + Hᵀ)/2, against rounding): dim² numbers, for
    /// small networks.
    pub fn hessian(&self, w: &[f64]) -> Matrix {
        let n = self.dim();
        let mut h = Matrix::zeros(n);
        let mut e = vec![0.0; n];
        for j in 0..n {
            e[j] = 1.0;
            let column = self.hessian_vector(w, &e);
            e[j] = 0.0;
            for i in 0..n {
                h[i][j] = column[i];
            }
        }
        for i in 0..n {
            for j in 0..i {
                let average = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = average;
                h[j][i] = average;
            }
        }
        h
    }

    /// The sharpness: the Hessian's largest eigenvalue, by Lanczos on exact
    /// Hessian-vector products from a start fixed by [`SHARPNESS_SEED`]
    /// (so the same at the same weights), until the Ritz residual bound is
    /// at most [`SHARPNESS_TOLERANCE`] of the estimate or after
    /// [`SHARPNESS_MAX_ITERATIONS`] products.
    pub fn sharpness(&self, w: &[f64]) -> Lanczos {
        self.sharpness_within(w, SHARPNESS_TOLERANCE, SHARPNESS_MAX_ITERATIONS)
    }

    /// [`Mlp::sharpness`] to another relative tolerance and iteration cap:
    /// a few digits take far fewer products than the last bits.
    pub fn sharpness_within(&self, w: &[f64], tolerance: f64, max_iterations: usize) -> Lanczos {
        let mut curvature = self.curvature_at(w);
        lanczos_largest(self.dim(), |v| curvature.times(v), SHARPNESS_SEED, tolerance, max_iterations)
    }

    /// The network's outputs at a point: the value (regression), the logit
    /// (logistic loss) or one logit a class (cross-entropy), before any
    /// sigmoid or softmax.
    pub fn predict(&self, w: &[f64], point: [f64; 2]) -> Vector {
        let mut pass = Pass::new(self, w, 1, false);
        pass.load(std::iter::once((point, 0.0)));
        pass.forward(w);
        let mut out = vec![0.0; self.loss.outputs()];
        pass.output(0, &mut out);
        out.into()
    }

    /// The class the network gives a point: logit > 0 for the logistic
    /// loss, the largest logit (the first of equals) for cross-entropy;
    /// `None` for a regression.
    pub fn classify(&self, w: &[f64], point: [f64; 2]) -> Option<usize> {
        self.class_of(&self.predict(w, point))
    }

    /// The class of these outputs, as [`Mlp::classify`].
    fn class_of(&self, out: &[f64]) -> Option<usize> {
        match self.loss {
            Loss::Mse => None,
            Loss::Logistic => Some(usize::from(out[0] > 0.0)),
            Loss::CrossEntropy { .. } => {
                let best =
                    out.iter().enumerate().fold((0, f64::NEG_INFINITY), |b, (i, &z)| if z > b.1 { (i, z) } else { b });
                Some(best.0)
            }
        }
    }

    /// The fraction of points classified as their target (a logistic
    /// target counts as class 1 from ½); `None` for a regression.
    pub fn accuracy(&self, w: &[f64]) -> Option<f64> {
        if self.loss == Loss::Mse {
            return None;
        }
        let mut pass = Pass::new(self, w, self.data.len(), false);
        let (targets, mut out, mut right) = (self.data.targets(), vec![0.0; self.loss.outputs()], 0usize);
        let mut at = 0;
        self.for_blocks(&mut pass, None, |pass| {
            pass.forward(w);
            for p in 0..pass.len() {
                pass.output(p, &mut out);
                let truth = match self.loss {
                    Loss::Logistic => usize::from(targets[at] >= 0.5),
                    _ => targets[at] as usize,
                };
                right += usize::from(self.class_of(&out) == Some(truth));
                at += 1;
            }
        });
        Some(right as f64 / self.data.len() as f64)
    }

    fn mean_loss(&self, w: &[f64], indices: Option<&[usize]>) -> f64 {
        let mut pass = Pass::new(self, w, indices.map_or(self.data.len(), <[usize]>::len), false);
        let mut sum = 0.0;
        let n = self.for_blocks(&mut pass, indices, |pass| {
            pass.forward(w);
            pass.add_losses(&mut sum);
        });
        // An empty batch has no loss to average: 0, as its gradient.
        sum / n.max(1) as f64
    }

    fn mean_gradient(&self, w: &[f64], indices: Option<&[usize]>) -> Vector {
        let mut pass = Pass::new(self, w, indices.map_or(self.data.len(), <[usize]>::len), false);
        let mut sum = vec![0.0; self.dim()];
        let n = self.for_blocks(&mut pass, indices, |pass| {
            pass.forward(w);
            pass.add_gradients(w, &mut sum);
        });
        mean(sum, n)
    }

    /// Loads the batch's points (every point without one), in order, into
    /// the pass a block at a time, calling `each` on every block; returns
    /// how many points.
    fn for_blocks(&self, pass: &mut Pass, indices: Option<&[usize]>, mut each: impl FnMut(&mut Pass)) -> usize {
        let (points, targets) = (self.data.points(), self.data.targets());
        match indices {
            Some(indices) => {
                for block in indices.chunks(BLOCK) {
                    pass.load(block.iter().map(|&i| (points[i], targets[i])));
                    each(pass);
                }
                indices.len()
            }
            None => {
                let n = points.len();
                for start in (0..n).step_by(BLOCK) {
                    pass.load((start..(start + BLOCK).min(n)).map(|i| (points[i], targets[i])));
                    each(pass);
                }
                n
            }
        }
    }
}

/// Hessian-vector products of a network's mean loss at fixed weights
/// ([`Mlp::curvature_at`]).
pub struct CurvatureAt<'a> {
    mlp: &'a Mlp,
    w: &'a [f64],
    /// Every block of points, loaded and passed forward at `w`.
    blocks: Vec<Pass>,
}

impl CurvatureAt<'_> {
    /// ∇²f(w)·v, exact, by the R-operator.
    pub fn times(&mut self, v: &[f64]) -> Vector {
        let mut sum = vec![0.0; self.mlp.dim()];
        for pass in &mut self.blocks {
            pass.along(self.w, v);
            pass.add_hessian_vectors(self.w, v, &mut sum);
        }
        mean(sum, self.mlp.data.len())
    }
}

/// The sums over n points divided by n.
fn mean(mut sum: Vec<f64>, n: usize) -> Vector {
    let n = n.max(1) as f64;
    sum.iter_mut().for_each(|s| *s /= n);
    sum.into()
}
