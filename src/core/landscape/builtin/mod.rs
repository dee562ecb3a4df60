//! The named test functions, with hand-derived gradients and Hessians,
//! one file each: its name, its parameters with their defaults, its
//! formula, domain and minima, and f, ∇f and ∇²f. A new one is its file, its
//! `mod` line and its line in the table below (a `mod` made by the table
//! would hide the file from rustfmt); [`Declared`] has no default
//! methods, so one that leaves something out does not compile.
//!
//! Every derivative here is checked against central differences in the tests.

mod ackley;
mod beale;
mod booth;
mod double_well;
mod himmelblau;
mod matyas;
mod monkey_saddle;
mod parabola;
mod quadratic;
mod rastrigin;
mod rosenbrock;
mod saddle;
mod six_hump_camel;
mod styblinski_tang;

use super::{Domain, Minimum, refine_stationary};
use crate::core::{Mat2, Vec2, Vector};

/// What each built-in says of itself, in its own file.
pub trait Declared {
    /// 1 or 2.
    fn dim(&self) -> usize;
    /// The names of its parameters (`a`, `b`), if it has any.
    fn parameter_names(&self) -> &'static [&'static str];
    /// A parameter's value by name, if it has that parameter.
    fn parameter(&self, name: &str) -> Option<f64>;
    /// Sets a parameter by name; false if it has no such parameter.
    fn set_parameter(&mut self, name: &str, value: f64) -> bool;
    /// The formula with its parameters substituted.
    fn formula(&self) -> String;
    /// The domain it is drawn over unless a scenario says otherwise.
    fn default_domain(&self) -> Domain;
    /// Its known minima: exact, or refined by `refine` from guesses to
    /// machine precision where they have no closed form.
    fn minima(&self, refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2>;
    /// Its known saddle points, exact (none unless a function says so).
    fn saddles(&self) -> Vec<Vec2> {
        Vec::new()
    }
    /// Its known local maxima (a hump's top), refined by `refine` as the
    /// minima are (none unless a function says so).
    fn maxima(&self, _refine: &dyn Fn(&[Vec2]) -> Vec<Vec2>) -> Vec<Vec2> {
        Vec::new()
    }
    /// f(p).
    fn value(&self, p: Vec2) -> f64;
    /// ∇f(p).
    fn gradient(&self, p: Vec2) -> Vec2;
    /// ∇²f(p).
    fn hessian(&self, p: Vec2) -> Mat2;
}

/// A symmetric 2×2 matrix from its three entries.
fn sym(xx: f64, xy: f64, yy: f64) -> Mat2 {
    [[xx, xy], [xy, yy]]
}

/// The built-ins: each variant and its file, in the order `losscape list`
/// shows them.
macro_rules! builtins {
    ($($(#[$doc:meta])* $variant:ident => $module:ident,)*) => {
        /// A named test function with its parameters.
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Builtin {
            $($(#[$doc])* $variant($module::$variant),)*
        }

        /// The names of every built-in, in the order `losscape list` shows
        /// them (`linear_regression` is built in too but needs data).
        pub const BUILTIN_NAMES: [&str; [$($module::NAME),*].len()] = [$($module::NAME),*];

        impl Builtin {
            /// Every built-in with its default parameters, in the order
            /// `losscape list` shows them.
            pub const ALL: [Builtin; BUILTIN_NAMES.len()] = [$(Builtin::$variant($module::DEFAULT)),*];

            /// Its name in scenario files.
            pub const fn name(&self) -> &'static str {
                match self {
                    $(Builtin::$variant(_) => $module::NAME,)*
                }
            }

            /// What it says of itself.
            fn declared(&self) -> &dyn Declared {
                match self {
                    $(Builtin::$variant(f) => f,)*
                }
            }

            /// The same, to change it.
            fn declared_mut(&mut self) -> &mut dyn Declared {
                match self {
                    $(Builtin::$variant(f) => f,)*
                }
            }

            /// f(p).
            #[inline]
            pub fn value(&self, p: Vec2) -> f64 {
                match self {
                    $(Builtin::$variant(f) => f.value(p),)*
                }
            }

            /// ∇f(p).
            #[inline]
            pub fn gradient(&self, p: Vec2) -> Vec2 {
                match self {
                    $(Builtin::$variant(f) => f.gradient(p),)*
                }
            }

            /// ∇²f(p).
            #[inline]
            pub fn hessian(&self, p: Vec2) -> Mat2 {
                match self {
                    $(Builtin::$variant(f) => f.hessian(p),)*
                }
            }
        }
    };
}

builtins! {
    /// x² + 5x + 6 (1-D).
    Parabola => parabola,
    /// (x² − 1)² + 0.3x (1-D): a global and a local minimum.
    DoubleWell => double_well,
    /// a·x² + b·y².
    Quadratic => quadratic,
    /// (a − x)² + b(y − x²)².
    Rosenbrock => rosenbrock,
    /// x² − y².
    Saddle => saddle,
    /// x³ − 3xy².
    MonkeySaddle => monkey_saddle,
    /// (x² + y − 11)² + (x + y² − 7)².
    Himmelblau => himmelblau,
    /// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².
    Beale => beale,
    /// (x + 2y − 7)² + (2x + y − 5)².
    Booth => booth,
    /// 0.26(x² + y²) − 0.48xy.
    Matyas => matyas,
    /// (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y².
    SixHumpCamel => six_hump_camel,
    /// ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ).
    StyblinskiTang => styblinski_tang,
    /// 20 + Σ (xᵢ² − 10 cos 2πxᵢ).
    Rastrigin => rastrigin,
    /// −20 e^(−0.2 √(½(x²+y²))) − e^(½(cos 2πx + cos 2πy)) + e + 20.
    Ackley => ackley,
}

impl Builtin {
    /// The built-in of that name with its default parameters.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The names of its parameters (`a`, `b`), if it has any.
    pub fn parameter_names(&self) -> &'static [&'static str] {
        self.declared().parameter_names()
    }

    /// A parameter's value by name, if it has that parameter.
    pub fn parameter(&self, name: &str) -> Option<f64> {
        self.declared().parameter(name)
    }

    /// Sets a parameter by name; false if it has no such parameter.
    pub fn set_parameter(&mut self, name: &str, value: f64) -> bool {
        self.declared_mut().set_parameter(name, value)
    }

    /// 1 or 2.
    pub fn dim(&self) -> usize {
        self.declared().dim()
    }

    /// The formula with its parameters substituted.
    pub fn formula(&self) -> String {
        self.declared().formula()
    }

    /// The domain it is drawn over unless a scenario says otherwise.
    pub fn default_domain(&self) -> Domain {
        self.declared().default_domain()
    }

    /// Its known minima, refined to machine precision where they have no
    /// closed form.
    pub fn minima(&self) -> Vec<Minimum> {
        let points = self.declared().minima(&|guesses| self.refine(guesses));
        let values: Vec<f64> = points.iter().map(|&p| self.value(p)).collect();
        let lowest = values.iter().copied().fold(f64::INFINITY, f64::min);
        points
            .into_iter()
            .zip(values)
            .map(|(point, value)| Minimum {
                point: Vector::from_xy(point, self.dim()),
                value,
                global: value <= lowest + 1e-9 * (1.0 + lowest.abs()),
            })
            .collect()
    }

    /// Its known saddle points.
    pub fn saddles(&self) -> Vec<Vector> {
        self.declared().saddles().into_iter().map(|p| Vector::from_xy(p, self.dim())).collect()
    }

    /// Its known local maxima.
    pub fn maxima(&self) -> Vec<Vector> {
        let points = self.declared().maxima(&|guesses| self.refine(guesses));
        points.into_iter().map(|p| Vector::from_xy(p, self.dim())).collect()
    }

    fn refine(&self, guesses: &[Vec2]) -> Vec<Vec2> {
        guesses.iter().map(|&g| refine_stationary(|p| self.gradient(p), |p| self.hessian(p), self.dim(), g)).collect()
    }
}
