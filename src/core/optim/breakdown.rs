//! What an optimizer's explanation of one step is made of: the states
//! before and after it that the optimizer reads, and the lines of the rule
//! and the numbers it adds. They live with the optimizers, which fill them
//! in; [`crate::core::explain`] takes a run's step apart with them.

use super::OptimizerState;
use crate::core::Vector;

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
        crate::core::norm(&self.step)
    }

    /// The length of the step plain gradient descent would take from the
    /// same point with the same gradient and rate: lr·|g|.
    pub fn plain_step_length(&self) -> f64 {
        self.lr * crate::core::norm(&self.grad)
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
            let v =
                crate::core::format::denoised([v.first().copied().unwrap_or(0.0), v.get(1).copied().unwrap_or(0.0)]);
            let n = |i: usize| plain(v[i].abs());
            return if self.dim == 1 {
                format!("{} {}", name(0), n(0))
            } else {
                format!("{} {} and {} {}", name(0), n(0), name(1), n(1))
            };
        }
        let length = crate::core::norm(v);
        let size = |c: f64| {
            if length.is_finite() && c.abs() < crate::core::format::VECTOR_NOISE * length { 0.0 } else { c.abs() }
        };
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
    crate::core::format::significant_digits_of(v, 3)
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
