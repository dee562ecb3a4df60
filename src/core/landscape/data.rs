//! Linear regression on a data set: the loss over (w, b) of fitting y ≈ w·x + b.

use super::{Domain, Minimum};
use crate::core::{Mat2, Vec2, Vector};

/// Points (x, y) to fit a line to. Never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    points: Vec<[f64; 2]>,
}

impl Dataset {
    /// A data set; `None` if it has no points.
    pub fn new(points: Vec<[f64; 2]>) -> Option<Self> {
        (!points.is_empty()).then_some(Dataset { points })
    }

    /// The points.
    pub fn points(&self) -> &[[f64; 2]] {
        &self.points
    }

    /// How many points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Never true: a data set has at least one point.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Mean squared error of the line w·x + b at p = (w, b).
    pub fn value(&self, p: Vec2) -> f64 {
        let [w, b] = p;
        let sum: f64 = self
            .points
            .iter()
            .map(|&[x, y]| {
                let r = w * x + b - y;
                r * r
            })
            .sum();
        sum / self.len() as f64
    }

    /// Gradient of the mean squared error over all points, or over the
    /// points of a mini-batch (indices into the data).
    pub fn gradient(&self, p: Vec2, batch: Option<&[usize]>) -> Vec2 {
        let [w, b] = p;
        let mut g = [0.0, 0.0];
        let mut add = |[x, y]: [f64; 2]| {
            let r = w * x + b - y;
            g[0] += 2.0 * r * x;
            g[1] += 2.0 * r;
        };
        let n = match batch {
            Some(indices) => {
                indices.iter().for_each(|&i| add(self.points[i]));
                indices.len()
            }
            None => {
                self.points.iter().for_each(|&p| add(p));
                self.len()
            }
        };
        [g[0] / n as f64, g[1] / n as f64]
    }

    /// The Hessian, which does not depend on (w, b): 2·[[E x², E x], [E x, 1]].
    pub fn hessian(&self) -> Mat2 {
        let n = self.len() as f64;
        let sx: f64 = self.points.iter().map(|p| p[0]).sum::<f64>() / n;
        let sxx: f64 = self.points.iter().map(|p| p[0] * p[0]).sum::<f64>() / n;
        [[2.0 * sxx, 2.0 * sx], [2.0 * sx, 2.0]]
    }

    /// The least-squares line (w*, b*), from the normal equations; with all x
    /// equal the slope is undetermined and taken as zero.
    pub fn least_squares(&self) -> Vec2 {
        let n = self.len() as f64;
        let mx = self.points.iter().map(|p| p[0]).sum::<f64>() / n;
        let my = self.points.iter().map(|p| p[1]).sum::<f64>() / n;
        let sxx: f64 = self.points.iter().map(|p| (p[0] - mx) * (p[0] - mx)).sum();
        let sxy: f64 = self.points.iter().map(|p| (p[0] - mx) * (p[1] - my)).sum();
        let w = if sxx > 0.0 { sxy / sxx } else { 0.0 };
        [w, my - w * mx]
    }

    /// The least-squares solution as the landscape's one minimum.
    pub fn minima(&self) -> Vec<Minimum> {
        let point = self.least_squares();
        vec![Minimum { point: Vector::from(point), value: self.value(point), global: true }]
    }

    /// A domain around the least-squares solution that also holds the origin,
    /// where lessons usually start.
    pub fn default_domain(&self) -> Domain {
        let [w, b] = self.least_squares();
        let pad = 0.5 * w.abs().max(b.abs()).max(1.0);
        let range = |v: f64| (v.min(0.0) - pad, v.max(0.0) + pad);
        Domain { x: range(w), y: Some(range(b)) }
    }
}

/// The most data points a data landscape may hold.
pub const MAX_POINTS: usize = 100_000;

/// Reads two numeric columns from CSV text: comma-separated, an optional
/// header line, blank lines ignored. Errors name the line, never quote it.
pub fn parse_csv(text: &str) -> Result<Vec<[f64; 2]>, String> {
    parse_columns(text, MAX_POINTS)
}

/// Reads `N` numeric columns from CSV text as [`parse_csv`] reads two, at
/// most `most` rows.
pub fn parse_columns<const N: usize>(text: &str, most: usize) -> Result<Vec<[f64; N]>, String> {
    // A byte-order mark is not part of the first row.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let numbers = match N {
        2 => "two".to_string(),
        3 => "three".to_string(),
        n => n.to_string(),
    };
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let parsed: Vec<Option<f64>> = fields.iter().map(|f| f.parse::<f64>().ok()).collect();
        if rows.is_empty() && index == first_content_line(text) && parsed.iter().any(Option::is_none) {
            continue; // a header
        }
        if rows.len() >= most {
            return Err(format!("more than {most} data points"));
        }
        if parsed.len() != N {
            return Err(format!("line {}: expected {numbers} columns, got {}", index + 1, fields.len()));
        }
        let mut row = [0.0; N];
        for (cell, value) in row.iter_mut().zip(&parsed) {
            match value {
                Some(v) if v.is_finite() => *cell = *v,
                // The line itself is not quoted: a data file may be anything.
                _ => return Err(format!("line {}: expected {numbers} finite numbers", index + 1)),
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err("no data rows".into());
    }
    Ok(rows)
}

fn first_content_line(text: &str) -> usize {
    text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0)
}
