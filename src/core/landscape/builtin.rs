//! The named test functions, with hand-derived gradients and Hessians.
//!
//! Every derivative here is checked against central differences in the tests.

use std::f64::consts::{E, PI};

use super::{Domain, Minimum, refine_stationary};
use crate::core::{Mat2, Vec2, Vector};

/// A named test function with its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Builtin {
    /// x² + 5x + 6 (1-D).
    Parabola,
    /// (x² − 1)² + 0.3x (1-D): a global and a local minimum.
    DoubleWell,
    /// a·x² + b·y².
    Quadratic { a: f64, b: f64 },
    /// (a − x)² + b(y − x²)².
    Rosenbrock { a: f64, b: f64 },
    /// x² − y².
    Saddle,
    /// x³ − 3xy².
    MonkeySaddle,
    /// (x² + y − 11)² + (x + y² − 7)².
    Himmelblau,
    /// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².
    Beale,
    /// (x + 2y − 7)² + (2x + y − 5)².
    Booth,
    /// 0.26(x² + y²) − 0.48xy.
    Matyas,
    /// (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y².
    SixHumpCamel,
    /// ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ).
    StyblinskiTang,
    /// 20 + Σ (xᵢ² − 10 cos 2πxᵢ).
    Rastrigin,
    /// −20 e^(−0.2 √(½(x²+y²))) − e^(½(cos 2πx + cos 2πy)) + e + 20.
    Ackley,
}

/// The names of every built-in, in the order `losscape list` shows them
/// (`linear_regression` is built in too but needs data): those of
/// [`Builtin::ALL`].
pub const BUILTIN_NAMES: [&str; Builtin::ALL.len()] = {
    let mut names = [""; Builtin::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Builtin::ALL[i].name();
        i += 1;
    }
    names
};

impl Builtin {
    /// Every built-in with its default parameters, in the order `losscape
    /// list` shows them: the one list of them.
    pub const ALL: &[Builtin] = &[
        Builtin::Parabola,
        Builtin::DoubleWell,
        Builtin::Quadratic { a: 1.0, b: 10.0 },
        Builtin::Rosenbrock { a: 1.0, b: 100.0 },
        Builtin::Saddle,
        Builtin::MonkeySaddle,
        Builtin::Himmelblau,
        Builtin::Beale,
        Builtin::Booth,
        Builtin::Matyas,
        Builtin::SixHumpCamel,
        Builtin::StyblinskiTang,
        Builtin::Rastrigin,
        Builtin::Ackley,
    ];

    /// The built-in of that name with its default parameters.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|b| b.name() == name)
    }

    /// Its name in scenario files.
    pub const fn name(&self) -> &'static str {
        match self {
            Builtin::Parabola => "parabola",
            Builtin::DoubleWell => "double_well",
            Builtin::Quadratic { .. } => "quadratic",
            Builtin::Rosenbrock { .. } => "rosenbrock",
            Builtin::Saddle => "saddle",
            Builtin::MonkeySaddle => "monkey_saddle",
            Builtin::Himmelblau => "himmelblau",
            Builtin::Beale => "beale",
            Builtin::Booth => "booth",
            Builtin::Matyas => "matyas",
            Builtin::SixHumpCamel => "six_hump_camel",
            Builtin::StyblinskiTang => "styblinski_tang",
            Builtin::Rastrigin => "rastrigin",
            Builtin::Ackley => "ackley",
        }
    }

    /// The names of its parameters (`a`, `b`), if it has any.
    pub fn parameter_names(&self) -> &'static [&'static str] {
        match self {
            Builtin::Quadratic { .. } | Builtin::Rosenbrock { .. } => &["a", "b"],
            Builtin::Parabola
            | Builtin::DoubleWell
            | Builtin::Saddle
            | Builtin::MonkeySaddle
            | Builtin::Himmelblau
            | Builtin::Beale
            | Builtin::Booth
            | Builtin::Matyas
            | Builtin::SixHumpCamel
            | Builtin::StyblinskiTang
            | Builtin::Rastrigin
            | Builtin::Ackley => &[],
        }
    }

    /// A parameter's value by name, if it has that parameter.
    pub fn parameter(&self, name: &str) -> Option<f64> {
        match self {
            Builtin::Quadratic { a, b } | Builtin::Rosenbrock { a, b } => match name {
                "a" => Some(*a),
                "b" => Some(*b),
                _ => None,
            },
            Builtin::Parabola
            | Builtin::DoubleWell
            | Builtin::Saddle
            | Builtin::MonkeySaddle
            | Builtin::Himmelblau
            | Builtin::Beale
            | Builtin::Booth
            | Builtin::Matyas
            | Builtin::SixHumpCamel
            | Builtin::StyblinskiTang
            | Builtin::Rastrigin
            | Builtin::Ackley => None,
        }
    }

    /// Sets a parameter by name; false if it has no such parameter.
    pub fn set_parameter(&mut self, name: &str, value: f64) -> bool {
        match self {
            Builtin::Quadratic { a, b } | Builtin::Rosenbrock { a, b } => match name {
                "a" => *a = value,
                "b" => *b = value,
                _ => return false,
            },
            Builtin::Parabola
            | Builtin::DoubleWell
            | Builtin::Saddle
            | Builtin::MonkeySaddle
            | Builtin::Himmelblau
            | Builtin::Beale
            | Builtin::Booth
            | Builtin::Matyas
            | Builtin::SixHumpCamel
            | Builtin::StyblinskiTang
            | Builtin::Rastrigin
            | Builtin::Ackley => return false,
        }
        true
    }

    /// 1 or 2.
    pub fn dim(&self) -> usize {
        match self {
            Builtin::Parabola | Builtin::DoubleWell => 1,
            Builtin::Quadratic { .. }
            | Builtin::Rosenbrock { .. }
            | Builtin::Saddle
            | Builtin::MonkeySaddle
            | Builtin::Himmelblau
            | Builtin::Beale
            | Builtin::Booth
            | Builtin::Matyas
            | Builtin::SixHumpCamel
            | Builtin::StyblinskiTang
            | Builtin::Rastrigin
            | Builtin::Ackley => 2,
        }
    }

    /// The formula with its parameters substituted.
    pub fn formula(&self) -> String {
        match self {
            Builtin::Parabola => "f(x) = x² + 5x + 6".into(),
            Builtin::DoubleWell => "f(x) = (x² − 1)² + 0.3x".into(),
            Builtin::Quadratic { a, b } => format!("f = {}x² + {}y²", coefficient(*a), coefficient(*b)),
            Builtin::Rosenbrock { a, b } => format!("f = ({a} − x)² + {b}·(y − x²)²"),
            Builtin::Saddle => "f = x² − y²".into(),
            Builtin::MonkeySaddle => "f = x³ − 3xy²".into(),
            Builtin::Himmelblau => "f = (x² + y − 11)² + (x + y² − 7)²".into(),
            Builtin::Beale => "f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²".into(),
            Builtin::Booth => "f = (x + 2y − 7)² + (2x + y − 5)²".into(),
            Builtin::Matyas => "f = 0.26(x² + y²) − 0.48xy".into(),
            Builtin::SixHumpCamel => "f = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²".into(),
            Builtin::StyblinskiTang => "f = ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ)".into(),
            Builtin::Rastrigin => "f = 20 + Σ (xᵢ² − 10 cos 2πxᵢ)".into(),
            Builtin::Ackley => "f = −20 exp(−0.2 √(½(x²+y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20".into(),
        }
    }

    /// The domain it is drawn over unless a scenario says otherwise.
    pub fn default_domain(&self) -> Domain {
        match self {
            Builtin::Parabola => Domain::interval(-5.0, 12.0),
            Builtin::DoubleWell => Domain::interval(-2.0, 2.0),
            Builtin::Quadratic { .. } | Builtin::Himmelblau => Domain::square(-5.0, 5.0),
            Builtin::StyblinskiTang | Builtin::Ackley => Domain::square(-5.0, 5.0),
            Builtin::Rosenbrock { .. } => Domain { x: (-2.0, 2.0), y: Some((-1.0, 3.0)) },
            Builtin::Saddle | Builtin::MonkeySaddle => Domain::square(-2.0, 2.0),
            Builtin::Beale => Domain::square(-4.5, 4.5),
            Builtin::Booth | Builtin::Matyas => Domain::square(-10.0, 10.0),
            Builtin::SixHumpCamel => Domain { x: (-3.0, 3.0), y: Some((-2.0, 2.0)) },
            Builtin::Rastrigin => Domain::square(-5.12, 5.12),
        }
    }

    /// Its known minima, refined to machine precision where they have no
    /// closed form.
    pub fn minima(&self) -> Vec<Minimum> {
        let exact = |points: &[Vec2]| -> Vec<Vec2> { points.to_vec() };
        let points: Vec<Vec2> = match *self {
            Builtin::Parabola => exact(&[[-2.5, 0.0]]),
            // The two wells sit near x = ±1; the tilt 0.3x shifts them.
            Builtin::DoubleWell => self.refine(&[[-1.0, 0.0], [1.0, 0.0]]),
            Builtin::Quadratic { a, b } if a > 0.0 && b > 0.0 => exact(&[[0.0, 0.0]]),
            Builtin::Quadratic { .. } => vec![],
            Builtin::Rosenbrock { a, b } if b > 0.0 => exact(&[[a, a * a]]),
            Builtin::Rosenbrock { .. } => vec![],
            Builtin::Saddle | Builtin::MonkeySaddle => vec![],
            Builtin::Himmelblau => {
                // (3, 2) is exact; the other three are refined from their
                // published approximations.
                let mut p = exact(&[[3.0, 2.0]]);
                p.extend(self.refine(&[[-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]));
                p
            }
            Builtin::Beale => exact(&[[3.0, 0.5]]),
            Builtin::Booth => exact(&[[1.0, 3.0]]),
            Builtin::Matyas | Builtin::Rastrigin | Builtin::Ackley => exact(&[[0.0, 0.0]]),
            // Two global and four local minima.
            Builtin::SixHumpCamel => self.refine(&[
                [0.0898, -0.7127],
                [-0.0898, 0.7127],
                [1.7036, -0.7961],
                [-1.7036, 0.7961],
                [1.6071, 0.5687],
                [-1.6071, -0.5687],
            ]),
            // Each coordinate sits in one of two wells: four minima.
            Builtin::StyblinskiTang => {
                self.refine(&[[-2.9035, -2.9035], [2.7468, -2.9035], [-2.9035, 2.7468], [2.7468, 2.7468]])
            }
        };
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

    fn refine(&self, guesses: &[Vec2]) -> Vec<Vec2> {
        guesses.iter().map(|&g| refine_stationary(|p| self.gradient(p), |p| self.hessian(p), self.dim(), g)).collect()
    }

    /// f(p).
    pub fn value(&self, p: Vec2) -> f64 {
        let [x, y] = p;
        match *self {
            Builtin::Parabola => x * x + 5.0 * x + 6.0,
            Builtin::DoubleWell => {
                let s = x * x - 1.0;
                s * s + 0.3 * x
            }
            Builtin::Quadratic { a, b } => a * (x * x) + b * (y * y),
            // In the order torch evaluates (a − x)**2 + b*(y − x**2)**2.
            Builtin::Rosenbrock { a, b } => {
                let u = a - x;
                let v = y - x * x;
                u * u + b * (v * v)
            }
            Builtin::Saddle => x * x - y * y,
            Builtin::MonkeySaddle => x * x * x - 3.0 * x * y * y,
            Builtin::Himmelblau => {
                let u = x * x + y - 11.0;
                let v = x + y * y - 7.0;
                u * u + v * v
            }
            Builtin::Beale => beale_terms(x, y).iter().map(|t| t.value * t.value).sum(),
            Builtin::Booth => {
                let u = x + 2.0 * y - 7.0;
                let v = 2.0 * x + y - 5.0;
                u * u + v * v
            }
            Builtin::Matyas => 0.26 * (x * x + y * y) - 0.48 * x * y,
            Builtin::SixHumpCamel => {
                let x2 = x * x;
                (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y * y) * y * y
            }
            Builtin::StyblinskiTang => {
                let t = |v: f64| v.powi(4) - 16.0 * v * v + 5.0 * v;
                0.5 * (t(x) + t(y))
            }
            Builtin::Rastrigin => {
                let t = |v: f64| v * v - 10.0 * (2.0 * PI * v).cos();
                20.0 + t(x) + t(y)
            }
            Builtin::Ackley => {
                let r = (0.5 * (x * x + y * y)).sqrt();
                let c = 0.5 * ((2.0 * PI * x).cos() + (2.0 * PI * y).cos());
                -20.0 * (-0.2 * r).exp() - c.exp() + E + 20.0
            }
        }
    }

    /// ∇f(p).
    pub fn gradient(&self, p: Vec2) -> Vec2 {
        let [x, y] = p;
        match *self {
            Builtin::Parabola => [2.0 * x + 5.0, 0.0],
            Builtin::DoubleWell => [4.0 * x * (x * x - 1.0) + 0.3, 0.0],
            Builtin::Quadratic { a, b } => [2.0 * a * x, 2.0 * b * y],
            // In the order torch's autograd computes it from that formula:
            // ∂/∂y = b·(2v), ∂/∂x = −2(a − x) + (−∂/∂y)·(2x), so that a run
            // here steps through the numbers torch's would.
            Builtin::Rosenbrock { a, b } => {
                let v = y - x * x;
                let dy = b * (2.0 * v);
                [-2.0 * (a - x) + -(dy * (2.0 * x)), dy]
            }
            Builtin::Saddle => [2.0 * x, -2.0 * y],
            Builtin::MonkeySaddle => [3.0 * x * x - 3.0 * y * y, -6.0 * x * y],
            Builtin::Himmelblau => {
                let u = x * x + y - 11.0;
                let v = x + y * y - 7.0;
                [4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v]
            }
            Builtin::Beale => beale_terms(x, y)
                .iter()
                .fold([0.0, 0.0], |g, t| [g[0] + 2.0 * t.value * t.dx, g[1] + 2.0 * t.value * t.dy]),
            Builtin::Booth => {
                let u = x + 2.0 * y - 7.0;
                let v = 2.0 * x + y - 5.0;
                [2.0 * u + 4.0 * v, 4.0 * u + 2.0 * v]
            }
            Builtin::Matyas => [0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x],
            Builtin::SixHumpCamel => {
                let x2 = x * x;
                [8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y, x - 8.0 * y + 16.0 * y * y * y]
            }
            Builtin::StyblinskiTang => {
                let d = |v: f64| 2.0 * v * v * v - 16.0 * v + 2.5;
                [d(x), d(y)]
            }
            Builtin::Rastrigin => {
                let d = |v: f64| 2.0 * v + 20.0 * PI * (2.0 * PI * v).sin();
                [d(x), d(y)]
            }
            Builtin::Ackley => {
                let r = (0.5 * (x * x + y * y)).sqrt();
                let e = (0.5 * ((2.0 * PI * x).cos() + (2.0 * PI * y).cos())).exp();
                // The cone term has no gradient at the origin: its one-sided
                // slopes differ by direction. Zero is the subgradient there.
                let cone = |v: f64| {
                    if r == 0.0 { 0.0 } else { 2.0 * (-0.2 * r).exp() * v / r }
                };
                [cone(x) + PI * e * (2.0 * PI * x).sin(), cone(y) + PI * e * (2.0 * PI * y).sin()]
            }
        }
    }

    /// ∇²f(p).
    pub fn hessian(&self, p: Vec2) -> Mat2 {
        let [x, y] = p;
        let sym = |xx: f64, xy: f64, yy: f64| [[xx, xy], [xy, yy]];
        match *self {
            Builtin::Parabola => sym(2.0, 0.0, 0.0),
            Builtin::DoubleWell => sym(12.0 * x * x - 4.0, 0.0, 0.0),
            Builtin::Quadratic { a, b } => sym(2.0 * a, 0.0, 2.0 * b),
            Builtin::Rosenbrock { b, .. } => sym(2.0 - 4.0 * b * y + 12.0 * b * x * x, -4.0 * b * x, 2.0 * b),
            Builtin::Saddle => sym(2.0, 0.0, -2.0),
            Builtin::MonkeySaddle => sym(6.0 * x, -6.0 * y, -6.0 * x),
            Builtin::Himmelblau => {
                let u = x * x + y - 11.0;
                let v = x + y * y - 7.0;
                sym(4.0 * u + 8.0 * x * x + 2.0, 4.0 * x + 4.0 * y, 2.0 + 4.0 * v + 8.0 * y * y)
            }
            Builtin::Beale => {
                let mut h = [0.0; 3];
                for t in beale_terms(x, y) {
                    h[0] += 2.0 * (t.dx * t.dx + t.value * t.dxx);
                    h[1] += 2.0 * (t.dx * t.dy + t.value * t.dxy);
                    h[2] += 2.0 * (t.dy * t.dy + t.value * t.dyy);
                }
                sym(h[0], h[1], h[2])
            }
            Builtin::Booth => sym(10.0, 8.0, 10.0),
            Builtin::Matyas => sym(0.52, -0.48, 0.52),
            Builtin::SixHumpCamel => {
                let x2 = x * x;
                sym(8.0 - 25.2 * x2 + 10.0 * x2 * x2, 1.0, -8.0 + 48.0 * y * y)
            }
            Builtin::StyblinskiTang => sym(6.0 * x * x - 16.0, 0.0, 6.0 * y * y - 16.0),
            Builtin::Rastrigin => {
                let d = |v: f64| 2.0 + 40.0 * PI * PI * (2.0 * PI * v).cos();
                sym(d(x), 0.0, d(y))
            }
            Builtin::Ackley => {
                let r2 = 0.5 * (x * x + y * y);
                let r = r2.sqrt();
                let e = (0.5 * ((2.0 * PI * x).cos() + (2.0 * PI * y).cos())).exp();
                let (sx, cx) = (2.0 * PI * x).sin_cos();
                let (sy, cy) = (2.0 * PI * y).sin_cos();
                let pi2e = PI * PI * e;
                // Cone term: ∂²/∂a∂b of −20 e^(−0.2r), zero at its kink.
                let cone = |a: f64, b: f64, same: bool| {
                    if r == 0.0 {
                        return 0.0;
                    }
                    let u = (-0.2 * r).exp();
                    let diag = if same { u / r } else { 0.0 };
                    2.0 * (diag - 0.1 * u * a * b / r2 - u * a * b / (2.0 * r2 * r))
                };
                sym(
                    cone(x, x, true) + pi2e * (2.0 * cx - sx * sx),
                    cone(x, y, false) - pi2e * sx * sy,
                    cone(y, y, true) + pi2e * (2.0 * cy - sy * sy),
                )
            }
        }
    }
}

/// A coefficient as written before a term: nothing for 1, "−" for −1.
fn coefficient(c: f64) -> String {
    match c {
        1.0 => String::new(),
        -1.0 => "−".into(),
        c => format!("{c}·"),
    }
}

/// One squared term of Beale's function, with its first and second partials.
struct BealeTerm {
    value: f64,
    dx: f64,
    dy: f64,
    dxx: f64,
    dxy: f64,
    dyy: f64,
}

fn beale_terms(x: f64, y: f64) -> [BealeTerm; 3] {
    let term = |c: f64, i: i32| {
        let fi = f64::from(i);
        BealeTerm {
            value: c - x + x * y.powi(i),
            dx: y.powi(i) - 1.0,
            dy: fi * x * y.powi(i - 1),
            dxx: 0.0,
            dxy: fi * y.powi(i - 1),
            dyy: if i > 1 { fi * (fi - 1.0) * x * y.powi(i - 2) } else { 0.0 },
        }
    };
    [term(1.5, 1), term(2.25, 2), term(2.625, 3)]
}
