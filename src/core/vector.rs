//! Parameter vectors of any length, and square matrices.
//!
//! A [`Vector`] keeps up to [`INLINE`] coordinates in place, without an
//! allocation, and longer ones on the heap: the 1-D and 2-D landscapes
//! every lesson draws step as fast as with fixed arrays (a record is cloned
//! at every step of a run's history, so an allocation per vector would cost
//! more than the step itself), and a landscape of any number of parameters
//! runs through the same code.

use std::fmt;
use std::ops::{Deref, DerefMut};

use super::Vec2;

/// Coordinates a vector holds without an allocation.
pub const INLINE: usize = 2;

/// A point or a vector in parameter space, of any length.
#[derive(Clone)]
pub struct Vector(Repr);

#[derive(Clone)]
enum Repr {
    /// No coordinates.
    Empty,
    /// One coordinate, the array's first (its second is 0).
    One([f64; INLINE]),
    /// Two coordinates. Each length is its own variant, so that a vector
    /// is built with one store of its tag (a tag and a length stored apart
    /// and then copied as one word stall the copy).
    Two([f64; INLINE]),
    /// More than [`INLINE`].
    Heap(Box<[f64]>),
}

impl Vector {
    /// n zeros.
    pub fn zeros(n: usize) -> Self {
        Self::filled(n, 0.0)
    }

    /// n copies of `value`.
    #[inline]
    pub fn filled(n: usize, value: f64) -> Self {
        Self::from_fn(n, |_| value)
    }

    /// A copy of the numbers.
    #[inline]
    pub fn from_slice(values: &[f64]) -> Self {
        // Each short length spelled out: a copy of one or two numbers
        // through `copy_from_slice` of an unknown length is a call to
        // memcpy, which costs more than the step that needs it.
        match *values {
            [] => Self::inline(0, [0.0, 0.0]),
            [a] => Self::inline(1, [a, 0.0]),
            [a, b] => Self::inline(2, [a, b]),
            _ => Vector(Repr::Heap(values.into())),
        }
    }

    /// The vector (f(0), …, f(n − 1)).
    #[inline]
    pub fn from_fn(n: usize, mut f: impl FnMut(usize) -> f64) -> Self {
        match n {
            0 => Self::inline(0, [0.0, 0.0]),
            1 => Self::inline(1, [f(0), 0.0]),
            2 => {
                let a = f(0);
                Self::inline(2, [a, f(1)])
            }
            _ => Vector(Repr::Heap((0..n).map(f).collect())),
        }
    }

    #[inline]
    fn inline(len: u8, data: [f64; INLINE]) -> Self {
        Vector(match len {
            0 => Repr::Empty,
            1 => Repr::One(data),
            _ => Repr::Two(data),
        })
    }

    /// The first `dim` coordinates of a point of the plane: what the view
    /// hands back (a click, a drag) as a point of a 1-D or 2-D landscape.
    #[inline]
    pub fn from_xy(p: Vec2, dim: usize) -> Self {
        if dim == 1 { Self::inline(1, [p[0], 0.0]) } else { Self::inline(2, p) }
    }

    /// The first two coordinates, 0 where there are fewer: the point the
    /// view draws (a 1-D landscape's x with y = 0).
    #[inline]
    pub fn xy(&self) -> Vec2 {
        match &self.0 {
            Repr::One(data) | Repr::Two(data) => *data,
            _ => {
                let s = self.as_slice();
                [s.first().copied().unwrap_or(0.0), s.get(1).copied().unwrap_or(0.0)]
            }
        }
    }

    /// The coordinates.
    #[inline]
    pub fn as_slice(&self) -> &[f64] {
        match &self.0 {
            Repr::Empty => &[],
            Repr::One(data) => &data[..1],
            Repr::Two(data) => data,
            Repr::Heap(values) => values,
        }
    }

    /// The coordinates, to change.
    #[inline]
    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        match &mut self.0 {
            Repr::Empty => &mut [],
            Repr::One(data) => &mut data[..1],
            Repr::Two(data) => data,
            Repr::Heap(values) => values,
        }
    }

    /// Bytes it holds on the heap (none for short vectors).
    pub fn heap_bytes(&self) -> usize {
        match &self.0 {
            Repr::Empty | Repr::One(_) | Repr::Two(_) => 0,
            Repr::Heap(values) => std::mem::size_of_val::<[f64]>(values),
        }
    }
}

impl Default for Vector {
    /// No coordinates.
    fn default() -> Self {
        Vector::zeros(0)
    }
}

impl Deref for Vector {
    type Target = [f64];

    #[inline]
    fn deref(&self) -> &[f64] {
        self.as_slice()
    }
}

impl DerefMut for Vector {
    #[inline]
    fn deref_mut(&mut self) -> &mut [f64] {
        self.as_mut_slice()
    }
}

impl AsRef<[f64]> for Vector {
    #[inline]
    fn as_ref(&self) -> &[f64] {
        self.as_slice()
    }
}

impl PartialEq for Vector {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<const N: usize> PartialEq<[f64; N]> for Vector {
    fn eq(&self, other: &[f64; N]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<[f64]> for Vector {
    fn eq(&self, other: &[f64]) -> bool {
        self.as_slice() == other
    }
}

impl fmt::Debug for Vector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt(f)
    }
}

impl<const N: usize> From<[f64; N]> for Vector {
    fn from(values: [f64; N]) -> Self {
        Vector::from_slice(&values)
    }
}

impl From<&[f64]> for Vector {
    fn from(values: &[f64]) -> Self {
        Vector::from_slice(values)
    }
}

impl From<Vec<f64>> for Vector {
    fn from(values: Vec<f64>) -> Self {
        if values.len() <= INLINE { Vector::from_slice(&values) } else { Vector(Repr::Heap(values.into())) }
    }
}

impl FromIterator<f64> for Vector {
    fn from_iter<I: IntoIterator<Item = f64>>(iter: I) -> Self {
        Vector::from(iter.into_iter().collect::<Vec<f64>>())
    }
}

impl<'a> IntoIterator for &'a Vector {
    type Item = &'a f64;
    type IntoIter = std::slice::Iter<'a, f64>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl serde::Serialize for Vector {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

/// A square matrix, row-major: a Hessian.
#[derive(Clone, PartialEq)]
pub struct Matrix {
    n: usize,
    entries: Vec<f64>,
}

impl Matrix {
    /// The n×n zero matrix.
    pub fn zeros(n: usize) -> Self {
        Matrix { n, entries: vec![0.0; n * n] }
    }

    /// The matrix with these rows (each as long as there are rows).
    pub fn from_rows(rows: &[Vec<f64>]) -> Self {
        let n = rows.len();
        assert!(rows.iter().all(|r| r.len() == n), "a square matrix");
        Matrix { n, entries: rows.concat() }
    }

    /// The diagonal matrix with these entries.
    pub fn diagonal(values: &[f64]) -> Self {
        let mut m = Matrix::zeros(values.len());
        for (i, &v) in values.iter().enumerate() {
            m[i][i] = v;
        }
        m
    }

    /// The matrix of a 1-D or 2-D landscape from its 2×2 form: the `[0][0]`
    /// entry alone in 1-D.
    pub fn from_mat2(h: super::Mat2, dim: usize) -> Self {
        if dim == 1 { Matrix { n: 1, entries: vec![h[0][0]] } } else { Matrix::from(h) }
    }

    /// Its number of rows (and of columns).
    pub fn dim(&self) -> usize {
        self.n
    }

    /// Its rows, in order.
    pub fn rows(&self) -> impl Iterator<Item = &[f64]> {
        self.entries.chunks(self.n.max(1))
    }

    /// Its first two rows and columns, 0 where it has fewer: the 2×2 form
    /// of a 1-D or 2-D landscape's Hessian.
    pub fn mat2(&self) -> super::Mat2 {
        let at = |i: usize, j: usize| if i < self.n && j < self.n { self[i][j] } else { 0.0 };
        [[at(0, 0), at(0, 1)], [at(1, 0), at(1, 1)]]
    }

    /// The product H·v.
    pub fn times(&self, v: &[f64]) -> Vector {
        Vector::from_fn(self.n, |i| self[i].iter().zip(v).map(|(a, b)| a * b).sum())
    }
}

impl std::ops::Index<usize> for Matrix {
    type Output = [f64];

    fn index(&self, row: usize) -> &[f64] {
        &self.entries[row * self.n..(row + 1) * self.n]
    }
}

impl std::ops::IndexMut<usize> for Matrix {
    fn index_mut(&mut self, row: usize) -> &mut [f64] {
        &mut self.entries[row * self.n..(row + 1) * self.n]
    }
}

impl From<super::Mat2> for Matrix {
    fn from(h: super::Mat2) -> Self {
        Matrix { n: 2, entries: vec![h[0][0], h[0][1], h[1][0], h[1][1]] }
    }
}

impl fmt::Debug for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.rows()).finish()
    }
}

/// Euclidean norm of a vector, computed as torch's `vector_norm` computes
/// it on x86-64 for a few coordinates: the squares summed in order, each
/// added with a fused multiply-add, √(fma(y, y, x²)) for two; not with the
/// more careful `hypot`. (From four coordinates on, torch's vectorised
/// reduction sums in another order, which can round differently.)
#[inline]
pub fn norm(v: impl AsRef<[f64]>) -> f64 {
    match v.as_ref() {
        [] => 0.0,
        [x, rest @ ..] => rest.iter().fold(x * x, |sum, c| c.mul_add(*c, sum)).sqrt(),
    }
}

/// Euclidean distance between two points.
pub fn distance(a: impl AsRef<[f64]>, b: impl AsRef<[f64]>) -> f64 {
    let (a, b) = (a.as_ref(), b.as_ref());
    match (a, b) {
        (&[a0, a1], &[b0, b1]) => norm([a0 - b0, a1 - b1]),
        _ => {
            let difference: Vector = a.iter().zip(b).map(|(x, y)| x - y).collect();
            norm(difference)
        }
    }
}

/// The dot product, summed in order without fused rounding: x₀y₀ + x₁y₁
/// for two, as torch's L-BFGS computes it on two-element tensors.
#[inline]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    match (a, b) {
        (&[a0, a1], &[b0, b1]) => a0 * b0 + a1 * b1,
        _ => {
            let mut pairs = a.iter().zip(b);
            let first = pairs.next().map_or(0.0, |(x, y)| x * y);
            pairs.fold(first, |sum, (x, y)| sum + x * y)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_vectors_stay_inline_and_long_ones_go_to_the_heap() {
        assert_eq!(Vector::from([1.0, 2.0]).heap_bytes(), 0);
        assert_eq!(Vector::from([1.0]).heap_bytes(), 0);
        assert_eq!(Vector::zeros(3).heap_bytes(), 24);
        let v = Vector::from_fn(5, |i| i as f64);
        assert_eq!(v.as_slice(), &[0.0, 1.0, 2.0, 3.0, 4.0]);
        assert_eq!(v, Vector::from(vec![0.0, 1.0, 2.0, 3.0, 4.0]));
        assert_eq!(format!("{:?}", Vector::from([1.5, -2.0])), "[1.5, -2.0]");
    }

    #[test]
    fn the_plane_point_of_a_vector() {
        assert_eq!(Vector::from([3.0]).xy(), [3.0, 0.0]);
        assert_eq!(Vector::from([3.0, 4.0]).xy(), [3.0, 4.0]);
        assert_eq!(Vector::from([3.0, 4.0, 5.0]).xy(), [3.0, 4.0]);
        assert_eq!(Vector::from_xy([3.0, 4.0], 1), [3.0]);
        assert_eq!(Vector::zeros(0).xy(), [0.0, 0.0]);
    }

    #[test]
    fn norms_and_dots_round_as_torchs_on_two_coordinates() {
        // √fma(y, y, x²): with x = 1 + 2⁻²⁷ the square x² = 1 + 2⁻²⁶ + 2⁻⁵⁴
        // rounds, fused it does not.
        let (x, y) = (1.0 + 2f64.powi(-27), 1.0 + 2f64.powi(-27));
        assert_eq!(norm([x, y]), y.mul_add(y, x * x).sqrt());
        assert_eq!(norm([3.0, 4.0]), 5.0);
        assert_eq!(norm([-2.0]), 2.0);
        assert_eq!(norm([1.0, 2.0, 2.0, 4.0]), 5.0);
        assert_eq!(dot(&[x, 1.0], &[y, 1.0]), x * y + 1.0);
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]), 32.0);
        assert_eq!(distance([1.0, 1.0, 1.0], [1.0, 4.0, 5.0]), 5.0);
    }

    #[test]
    fn matrices_multiply_vectors() {
        let h = Matrix::from([[2.0, 1.0], [1.0, 3.0]]);
        assert_eq!(h.times(&[1.0, -1.0]), [1.0, -2.0]);
        assert_eq!(Matrix::diagonal(&[1.0, 2.0, 3.0]).times(&[1.0, 1.0, 1.0]), [1.0, 2.0, 3.0]);
        assert_eq!(Matrix::from_mat2([[5.0, 0.0], [0.0, 0.0]], 1).mat2(), [[5.0, 0.0], [0.0, 0.0]]);
    }
}
