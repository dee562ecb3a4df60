//! User expressions in x (and y), with exact gradients and Hessians.
//!
//! An expression is parsed once into postfix code; evaluating it pushes
//! second-order jets (value, gradient, Hessian) through the same code, so the
//! derivatives are exact, never finite differences. Nesting depth and length
//! are bounded so that no input can exhaust the stack.

use std::fmt;

use super::Domain;
use crate::core::{Mat2, Vec2};

/// Longest expression accepted, in characters.
pub const MAX_EXPRESSION_LEN: usize = 4096;
/// Deepest nesting of parentheses, unary signs, powers and calls accepted.
pub const MAX_NESTING: usize = 64;

/// What is wrong with an expression, and where (1-based character column).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("at column {column}: {message}")]
pub struct ExprError {
    /// 1-based column of the offending character.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Func {
    Sin,
    Cos,
    Tan,
    Exp,
    Ln,
    Sqrt,
    Abs,
    Tanh,
}

/// The function names accepted, for error messages and docs.
pub const FUNCTION_NAMES: &str = "sin cos tan exp ln log sqrt abs tanh";

impl Func {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" => Func::Tan,
            "exp" => Func::Exp,
            "ln" | "log" => Func::Ln,
            "sqrt" => Func::Sqrt,
            "abs" => Func::Abs,
            "tanh" => Func::Tanh,
            _ => return None,
        })
    }

    fn value(self, u: f64) -> f64 {
        match self {
            Func::Sin => u.sin(),
            Func::Cos => u.cos(),
            Func::Tan => u.tan(),
            Func::Exp => u.exp(),
            Func::Ln => u.ln(),
            Func::Sqrt => u.sqrt(),
            Func::Abs => u.abs(),
            Func::Tanh => u.tanh(),
        }
    }

    /// (f(u), f'(u), f''(u)).
    fn derivatives(self, u: f64) -> (f64, f64, f64) {
        match self {
            Func::Sin => (u.sin(), u.cos(), -u.sin()),
            Func::Cos => (u.cos(), -u.sin(), -u.cos()),
            Func::Tan => {
                let t = u.tan();
                let d = 1.0 + t * t;
                (t, d, 2.0 * t * d)
            }
            Func::Exp => {
                let e = u.exp();
                (e, e, e)
            }
            Func::Ln => (u.ln(), 1.0 / u, -1.0 / (u * u)),
            Func::Sqrt => {
                let s = u.sqrt();
                (s, 0.5 / s, -0.25 / (s * u))
            }
            // |u| has no derivative at 0; 0 is its subgradient's midpoint.
            Func::Abs => (u.abs(), if u == 0.0 { 0.0 } else { u.signum() }, 0.0),
            Func::Tanh => {
                let t = u.tanh();
                let d = 1.0 - t * t;
                (t, d, -2.0 * t * d)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Const(f64),
    X,
    Y,
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Call(Func),
}

/// A parsed expression in x, or in x and y.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    source: String,
    code: Vec<Op>,
    dim: usize,
    max_stack: usize,
}

/// Value, gradient and Hessian (xx, xy, yy) of a subexpression.
#[derive(Debug, Clone, Copy)]
struct Jet {
    v: f64,
    g: [f64; 2],
    h: [f64; 3],
}

impl Jet {
    const fn constant(v: f64) -> Self {
        Jet { v, g: [0.0; 2], h: [0.0; 3] }
    }

    fn is_constant(&self) -> bool {
        self.g == [0.0; 2] && self.h == [0.0; 3]
    }

    fn add(a: Jet, b: Jet, sign: f64) -> Jet {
        Jet {
            v: a.v + sign * b.v,
            g: [a.g[0] + sign * b.g[0], a.g[1] + sign * b.g[1]],
            h: [a.h[0] + sign * b.h[0], a.h[1] + sign * b.h[1], a.h[2] + sign * b.h[2]],
        }
    }

    fn mul(a: Jet, b: Jet) -> Jet {
        Jet {
            v: a.v * b.v,
            g: [a.g[0] * b.v + a.v * b.g[0], a.g[1] * b.v + a.v * b.g[1]],
            h: [
                a.h[0] * b.v + 2.0 * a.g[0] * b.g[0] + a.v * b.h[0],
                a.h[1] * b.v + a.g[0] * b.g[1] + a.g[1] * b.g[0] + a.v * b.h[1],
                a.h[2] * b.v + 2.0 * a.g[1] * b.g[1] + a.v * b.h[2],
            ],
        }
    }

    /// f(a) given (f, f', f'') at a.v: the chain rule to second order.
    fn chain(a: Jet, (f, d1, d2): (f64, f64, f64)) -> Jet {
        Jet {
            v: f,
            g: [d1 * a.g[0], d1 * a.g[1]],
            h: [
                d1 * a.h[0] + d2 * a.g[0] * a.g[0],
                d1 * a.h[1] + d2 * a.g[0] * a.g[1],
                d1 * a.h[2] + d2 * a.g[1] * a.g[1],
            ],
        }
    }

    fn powf(a: Jet, n: f64) -> Jet {
        let u = a.v;
        let small_integer = n.fract() == 0.0 && n.abs() <= 64.0;
        let p = |k: f64| if small_integer { u.powi(k as i32) } else { u.powf(k) };
        // Skip derivative factors that vanish, so that x^1 and x^0 stay finite at 0.
        let d1 = if n == 0.0 { 0.0 } else { n * p(n - 1.0) };
        let d2 = if n == 0.0 || n == 1.0 { 0.0 } else { n * (n - 1.0) * p(n - 2.0) };
        Jet::chain(a, (p(n), d1, d2))
    }
}

impl Expression {
    /// Parses an expression. Variables are `x` and `y`; with no `y` it is 1-D.
    pub fn parse(source: &str) -> Result<Self, ExprError> {
        let chars: Vec<char> = source.chars().collect();
        if chars.len() > MAX_EXPRESSION_LEN {
            return Err(ExprError {
                column: MAX_EXPRESSION_LEN + 1,
                message: format!("expression longer than {MAX_EXPRESSION_LEN} characters"),
            });
        }
        let tokens = tokenize(&chars)?;
        let mut parser = Parser { tokens: &tokens, pos: 0, code: Vec::new(), depth: 0 };
        parser.expression()?;
        if let Some(token) = parser.peek() {
            return Err(ExprError {
                column: token.column,
                message: format!("unexpected {} (an operator is missing?)", token.kind),
            });
        }
        let code = parser.code;
        if code.is_empty() {
            return Err(ExprError { column: 1, message: "the expression is empty".into() });
        }
        let dim = if code.contains(&Op::Y) { 2 } else { 1 };
        let max_stack = code
            .iter()
            .scan(0usize, |depth, op| {
                *depth = match op {
                    Op::Const(_) | Op::X | Op::Y => *depth + 1,
                    Op::Neg | Op::Call(_) => *depth,
                    _ => *depth - 1,
                };
                Some(*depth)
            })
            .max()
            .unwrap_or(1);
        Ok(Expression { source: source.trim().to_string(), code, dim, max_stack })
    }

    /// The text it was parsed from.
    /// How many operations one evaluation takes.
    pub fn operations(&self) -> usize {
        self.code.len()
    }

    /// The source as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// 1 if only x appears, 2 if y does.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Treats a 1-D expression as a function of (x, y) that ignores y.
    pub fn into_2d(mut self) -> Self {
        self.dim = 2;
        self
    }

    /// The domain used when a scenario gives none: [-5, 5] in each coordinate.
    pub fn default_domain(&self) -> Domain {
        if self.dim == 1 { Domain::interval(-5.0, 5.0) } else { Domain::square(-5.0, 5.0) }
    }

    /// f(p).
    pub fn value(&self, p: Vec2) -> f64 {
        let mut stack: Vec<f64> = Vec::with_capacity(self.max_stack);
        for op in &self.code {
            let v = match *op {
                Op::Const(c) => c,
                Op::X => p[0],
                Op::Y => p[1],
                Op::Neg => -pop(&mut stack),
                Op::Call(f) => f.value(pop(&mut stack)),
                binary => {
                    let b = pop(&mut stack);
                    let a = pop(&mut stack);
                    match binary {
                        Op::Add => a + b,
                        Op::Sub => a - b,
                        Op::Mul => a * b,
                        Op::Div => a / b,
                        _ => Jet::powf(Jet::constant(a), b).v,
                    }
                }
            };
            stack.push(v);
        }
        pop(&mut stack)
    }

    fn jet(&self, p: Vec2) -> Jet {
        let mut stack: Vec<Jet> = Vec::with_capacity(self.max_stack);
        for op in &self.code {
            let j = match *op {
                Op::Const(c) => Jet::constant(c),
                Op::X => Jet { v: p[0], g: [1.0, 0.0], h: [0.0; 3] },
                Op::Y => Jet { v: p[1], g: [0.0, 1.0], h: [0.0; 3] },
                Op::Neg => Jet::add(Jet::constant(0.0), pop(&mut stack), -1.0),
                Op::Call(f) => {
                    let a = pop(&mut stack);
                    Jet::chain(a, f.derivatives(a.v))
                }
                binary => {
                    let b = pop(&mut stack);
                    let a = pop(&mut stack);
                    match binary {
                        Op::Add => Jet::add(a, b, 1.0),
                        Op::Sub => Jet::add(a, b, -1.0),
                        Op::Mul => Jet::mul(a, b),
                        Op::Div => {
                            let u = b.v;
                            Jet::mul(a, Jet::chain(b, (1.0 / u, -1.0 / (u * u), 2.0 / (u * u * u))))
                        }
                        _ if b.is_constant() => Jet::powf(a, b.v),
                        // a^b = exp(b·ln a) when the exponent varies.
                        _ => {
                            let ln_a = Jet::chain(a, Func::Ln.derivatives(a.v));
                            let e = Jet::mul(b, ln_a);
                            Jet::chain(e, Func::Exp.derivatives(e.v))
                        }
                    }
                }
            };
            stack.push(j);
        }
        pop(&mut stack)
    }

    /// ∇f(p), exact.
    pub fn gradient(&self, p: Vec2) -> Vec2 {
        let g = self.jet(p).g;
        if self.dim == 1 { [g[0], 0.0] } else { g }
    }

    /// ∇²f(p), exact.
    pub fn hessian(&self, p: Vec2) -> Mat2 {
        let h = self.jet(p).h;
        [[h[0], h[1]], [h[1], h[2]]]
    }
}

fn pop<T: Copy>(stack: &mut Vec<T>) -> T {
    // The parser only emits well-formed postfix code.
    stack.pop().expect("well-formed expression code")
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Number(f64),
    Name(String),
    Symbol(char),
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenKind::Number(n) => write!(f, "number `{n}`"),
            TokenKind::Name(s) => write!(f, "`{s}`"),
            TokenKind::Symbol(c) => write!(f, "`{c}`"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    column: usize,
}

fn tokenize(chars: &[char]) -> Result<Vec<Token>, ExprError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent only if digits follow, so that `2e` is not a number.
            if i < chars.len() && matches!(chars[i], 'e' | 'E') {
                let mut j = i + 1;
                if j < chars.len() && matches!(chars[j], '+' | '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let text: String = chars[start..i].iter().collect();
            let value =
                text.parse::<f64>().map_err(|_| ExprError { column, message: format!("`{text}` is not a number") })?;
            tokens.push(Token { kind: TokenKind::Number(value), column });
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token { kind: TokenKind::Name(chars[start..i].iter().collect()), column });
        } else if "+-*/^()".contains(c) {
            tokens.push(Token { kind: TokenKind::Symbol(c), column });
            i += 1;
        } else {
            return Err(ExprError { column, message: format!("unexpected character `{c}`") });
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    code: Vec<Op>,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn end_column(&self) -> usize {
        self.tokens.last().map_or(1, |t| t.column + 1)
    }

    fn eat(&mut self, symbol: char) -> bool {
        if self.peek().is_some_and(|t| t.kind == TokenKind::Symbol(symbol)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn nest(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            let column = self.peek().map_or_else(|| self.end_column(), |t| t.column);
            return Err(ExprError { column, message: format!("nested more than {MAX_NESTING} levels deep") });
        }
        Ok(())
    }

    fn expression(&mut self) -> Result<(), ExprError> {
        self.term()?;
        loop {
            if self.eat('+') {
                self.term()?;
                self.code.push(Op::Add);
            } else if self.eat('-') {
                self.term()?;
                self.code.push(Op::Sub);
            } else {
                return Ok(());
            }
        }
    }

    fn term(&mut self) -> Result<(), ExprError> {
        self.unary()?;
        loop {
            if self.eat('*') {
                self.unary()?;
                self.code.push(Op::Mul);
            } else if self.eat('/') {
                self.unary()?;
                self.code.push(Op::Div);
            } else {
                return Ok(());
            }
        }
    }

    /// Unary signs bind looser than `^`: -x^2 is -(x^2).
    fn unary(&mut self) -> Result<(), ExprError> {
        self.nest()?;
        if self.eat('-') {
            self.unary()?;
            self.code.push(Op::Neg);
        } else if self.eat('+') {
            self.unary()?;
        } else {
            self.primary()?;
            // `^` is right-associative and takes a signed exponent: 2^-x^2.
            if self.eat('^') {
                self.unary()?;
                self.code.push(Op::Pow);
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn primary(&mut self) -> Result<(), ExprError> {
        let Some(token) = self.peek().cloned() else {
            return Err(ExprError {
                column: self.end_column(),
                message: "the expression ends where a value was expected".into(),
            });
        };
        self.pos += 1;
        match token.kind {
            TokenKind::Number(n) => self.code.push(Op::Const(n)),
            TokenKind::Symbol('(') => {
                self.expression()?;
                if !self.eat(')') {
                    return Err(self.expected_close(token.column));
                }
            }
            TokenKind::Name(name) => match name.as_str() {
                "x" => self.code.push(Op::X),
                "y" => self.code.push(Op::Y),
                "pi" => self.code.push(Op::Const(std::f64::consts::PI)),
                "e" => self.code.push(Op::Const(std::f64::consts::E)),
                _ => {
                    let Some(func) = Func::from_name(&name) else {
                        return Err(ExprError {
                            column: token.column,
                            message: format!(
                                "unknown name `{name}`: variables are x and y, constants pi and e, functions {FUNCTION_NAMES}"
                            ),
                        });
                    };
                    if !self.eat('(') {
                        return Err(ExprError {
                            column: token.column,
                            message: format!("`{name}` needs its argument in parentheses: {name}(...)"),
                        });
                    }
                    self.expression()?;
                    if !self.eat(')') {
                        return Err(self.expected_close(token.column));
                    }
                    self.code.push(Op::Call(func));
                }
            },
            TokenKind::Symbol(c) => {
                return Err(ExprError {
                    column: token.column,
                    message: format!("unexpected `{c}` where a value was expected"),
                });
            }
        }
        Ok(())
    }

    fn expected_close(&self, open_column: usize) -> ExprError {
        let column = self.peek().map_or_else(|| self.end_column(), |t| t.column);
        ExprError { column, message: format!("missing `)` to close the `(` at column {open_column}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(source: &str, x: f64, y: f64) -> f64 {
        Expression::parse(source).unwrap().value([x, y])
    }

    fn error(source: &str) -> ExprError {
        Expression::parse(source).unwrap_err()
    }

    #[test]
    fn precedence_and_associativity_follow_mathematics() {
        assert_eq!(eval("-x^2", 3.0, 0.0), -9.0);
        assert_eq!(eval("2^3^2", 0.0, 0.0), 512.0);
        assert_eq!(eval("2^-1", 0.0, 0.0), 0.5);
        assert_eq!(eval("1 - 2 - 3", 0.0, 0.0), -4.0);
        assert_eq!(eval("8 / 4 / 2", 0.0, 0.0), 1.0);
        assert_eq!(eval("1 + 2 * 3 ^ 2", 0.0, 0.0), 19.0);
        assert_eq!(eval("(1 + 2) * 3", 0.0, 0.0), 9.0);
        assert_eq!(eval("x*y + 1.5e1 + .5", 2.0, 3.0), 21.5);
        assert_eq!(eval("--x", 2.0, 0.0), 2.0);
        assert!((eval("cos(pi) + ln(e)", 0.0, 0.0)).abs() < 1e-15);
    }

    #[test]
    fn dimension_follows_the_variables_used() {
        assert_eq!(Expression::parse("x^2 + 1").unwrap().dim(), 1);
        assert_eq!(Expression::parse("x + y").unwrap().dim(), 2);
        assert_eq!(Expression::parse("y").unwrap().dim(), 2);
    }

    #[test]
    fn errors_say_where_and_what() {
        let e = error("x + z");
        assert_eq!(e.column, 5);
        assert!(e.message.contains("unknown name `z`"), "{e}");
        let e = error("(1 - x");
        assert!(e.message.contains("missing `)`") && e.message.contains("column 1"), "{e}");
        let e = error("2x");
        assert_eq!(e.column, 2);
        assert!(e.message.contains("operator is missing"), "{e}");
        let e = error("sin x");
        assert!(e.message.contains("sin(...)"), "{e}");
        let e = error("x $ 2");
        assert_eq!((e.column, e.message.as_str()), (3, "unexpected character `$`"));
        assert!(error("").message.contains("empty") || error("").message.contains("ends"));
        assert!(error("x +").message.contains("ends where a value was expected"));
        assert!(error("* x").message.contains("unexpected `*`"));
        assert!(error("1.2.3").message.contains("not a number"));
    }

    #[test]
    fn absurd_nesting_and_length_are_errors_not_crashes() {
        let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(error(&deep).message.contains("longer than"));
        let nested = format!("{}x{}", "(".repeat(1000), ")".repeat(1000));
        assert!(error(&nested).message.contains("nested more than"));
        let minus = format!("{}x", "-".repeat(3000));
        assert!(error(&minus).message.contains("nested more than"));
        // A long flat chain is fine: it is not nested.
        let chain = vec!["x"; 2000].join("+");
        assert_eq!(Expression::parse(&chain).unwrap().value([1.0, 0.0]), 2000.0);
    }

    #[test]
    fn powers_at_zero_stay_finite_where_mathematics_allows() {
        let e = Expression::parse("x^2 + x^1 + x^0").unwrap();
        assert_eq!(e.gradient([0.0, 0.0]), [1.0, 0.0]);
        assert_eq!(e.hessian([0.0, 0.0])[0][0], 2.0);
    }
}
