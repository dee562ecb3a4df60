//! Contour lines: marching squares over the sampled grid, the segments of
//! each level joined into lines and thinned to what a pixel can show.

use std::collections::HashMap;

use super::scene::Point;

/// Values on a regular grid of nodes, and where the nodes lie in pixels.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Nodes across.
    pub nx: usize,
    /// Nodes down.
    pub ny: usize,
    /// The values, row by row from the top (NaN where undefined).
    pub values: Vec<f64>,
    /// Node (0, 0) in pixels.
    pub origin: Point,
    /// Pixels from one node to the next, across and down.
    pub step: Point,
}

impl Grid {
    fn at(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.nx + i]
    }

    /// The value at a pixel position, bilinear between the four nodes
    /// around it; undefined where the nearest node is, and from the
    /// defined nodes alone next to an undefined one.
    pub fn value(&self, p: Point) -> f64 {
        let gx = ((p.0 - self.origin.0) / self.step.0).clamp(0.0, (self.nx - 1) as f64);
        let gy = ((p.1 - self.origin.1) / self.step.1).clamp(0.0, (self.ny - 1) as f64);
        let (i, j) = ((gx as usize).min(self.nx.saturating_sub(2)), (gy as usize).min(self.ny.saturating_sub(2)));
        if self.nx < 2 || self.ny < 2 {
            return self.values[0];
        }
        let (fx, fy) = (gx - i as f64, gy - j as f64);
        let nearest = self.at(i + usize::from(fx >= 0.5), j + usize::from(fy >= 0.5));
        if nearest.is_nan() {
            return f64::NAN;
        }
        let corners = [
            (self.at(i, j), (1.0 - fx) * (1.0 - fy)),
            (self.at(i + 1, j), fx * (1.0 - fy)),
            (self.at(i, j + 1), (1.0 - fx) * fy),
            (self.at(i + 1, j + 1), fx * fy),
        ];
        let (sum, weight) =
            corners.iter().filter(|c| !c.0.is_nan()).fold((0.0, 0.0), |(s, w), &(v, k)| (s + v * k, w + k));
        if weight > 0.0 { sum / weight } else { nearest }
    }
}

/// Where the level crosses a cell's edge: each edge is named by a number,
/// horizontal edge (i, j) (from node (i, j) to (i+1, j)) as 2k and vertical
/// edge (i, j) (from (i, j) to (i, j+1)) as 2k + 1, with k = j·nx + i.
fn crossing(grid: &Grid, level: f64, edge: usize) -> Point {
    let k = edge / 2;
    let (i, j) = (k % grid.nx, k / grid.nx);
    let (a, b, (di, dj)) = if edge.is_multiple_of(2) {
        (grid.at(i, j), grid.at(i + 1, j), (1.0, 0.0))
    } else {
        (grid.at(i, j), grid.at(i, j + 1), (0.0, 1.0))
    };
    let t = if b != a { ((level - a) / (b - a)).clamp(0.0, 1.0) } else { 0.5 };
    (grid.origin.0 + (i as f64 + t * di) * grid.step.0, grid.origin.1 + (j as f64 + t * dj) * grid.step.1)
}

/// The lines where the grid's values cross `level`, each as its points.
pub fn lines(grid: &Grid, level: f64) -> Vec<Vec<Point>> {
    if grid.nx < 2 || grid.ny < 2 || !level.is_finite() {
        return vec![];
    }
    let nx = grid.nx;
    let mut segments: Vec<(usize, usize)> = Vec::new();
    for j in 0..grid.ny - 1 {
        for i in 0..nx - 1 {
            let v = [grid.at(i, j), grid.at(i + 1, j), grid.at(i + 1, j + 1), grid.at(i, j + 1)];
            if v.iter().any(|x| x.is_nan()) {
                continue;
            }
            let above = |x: f64| x >= level;
            let case = usize::from(above(v[0]))
                | usize::from(above(v[1])) << 1
                | usize::from(above(v[2])) << 2
                | usize::from(above(v[3])) << 3;
            if case == 0 || case == 15 {
                continue;
            }
            let top = 2 * (j * nx + i);
            let bottom = 2 * ((j + 1) * nx + i);
            let left = 2 * (j * nx + i) + 1;
            let right = 2 * (j * nx + i + 1) + 1;
            let centre_above = (v[0] + v[1] + v[2] + v[3]) / 4.0 >= level;
            let mut add = |a: usize, b: usize| segments.push((a, b));
            match case {
                1 | 14 => add(left, top),
                2 | 13 => add(top, right),
                3 | 12 => add(left, right),
                4 | 11 => add(right, bottom),
                6 | 9 => add(top, bottom),
                7 | 8 => add(left, bottom),
                // Saddles: the centre's side decides which corners join.
                5 if centre_above => {
                    add(left, bottom);
                    add(top, right);
                }
                5 => {
                    add(left, top);
                    add(right, bottom);
                }
                10 if centre_above => {
                    add(left, top);
                    add(right, bottom);
                }
                10 => {
                    add(left, bottom);
                    add(top, right);
                }
                _ => {}
            }
        }
    }
    join(&segments).into_iter().map(|edges| edges.into_iter().map(|e| crossing(grid, level, e)).collect()).collect()
}

/// Segments that share an edge joined into chains of edges; open chains
/// first from their ends, then the closed loops.
fn join(segments: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut by_edge: HashMap<usize, Vec<usize>> = HashMap::with_capacity(segments.len() * 2);
    for (s, &(a, b)) in segments.iter().enumerate() {
        by_edge.entry(a).or_default().push(s);
        by_edge.entry(b).or_default().push(s);
    }
    let mut used = vec![false; segments.len()];
    let mut chains = Vec::new();
    let walk = |start_segment: usize, start_edge: usize, used: &mut Vec<bool>| {
        let mut chain = vec![start_edge];
        let (mut s, mut edge) = (start_segment, start_edge);
        loop {
            used[s] = true;
            let (a, b) = segments[s];
            edge = if a == edge { b } else { a };
            chain.push(edge);
            match by_edge[&edge].iter().copied().find(|&t| !used[t]) {
                Some(t) => s = t,
                None => break,
            }
        }
        chain
    };
    // Ends of open chains: edges on one segment only.
    let mut ends: Vec<usize> = by_edge.iter().filter(|(_, v)| v.len() == 1).map(|(&e, _)| e).collect();
    ends.sort_unstable();
    for e in ends {
        let s = by_edge[&e][0];
        if !used[s] {
            chains.push(walk(s, e, &mut used));
        }
    }
    for s in 0..segments.len() {
        if !used[s] {
            chains.push(walk(s, segments[s].0, &mut used));
        }
    }
    chains
}

/// A line with the points left out that lie within `tolerance` pixels of
/// the line through their neighbours kept (Ramer–Douglas–Peucker).
pub fn simplify(line: &[Point], tolerance: f64) -> Vec<Point> {
    if line.len() <= 2 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (p, q) = (line[a], line[b]);
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let length = dx.hypot(dy);
        let mut far = (0.0, a);
        for (k, r) in line.iter().enumerate().take(b).skip(a + 1) {
            let d = if length > 0.0 {
                ((r.0 - p.0) * dy - (r.1 - p.1) * dx).abs() / length
            } else {
                (r.0 - p.0).hypot(r.1 - p.1)
            };
            if d > far.0 {
                far = (d, k);
            }
        }
        if far.0 > tolerance {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    line.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

/// A line's length in pixels.
pub fn length(line: &[Point]) -> f64 {
    line.windows(2).map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1)).sum()
}

/// The point `s` pixels along a line, and the index of the segment it is on.
pub fn point_along(line: &[Point], s: f64) -> (Point, usize) {
    let mut walked = 0.0;
    for (k, w) in line.windows(2).enumerate() {
        let l = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
        if walked + l >= s && l > 0.0 {
            let t = (s - walked) / l;
            return ((w[0].0 + (w[1].0 - w[0].0) * t, w[0].1 + (w[1].1 - w[0].1) * t), k);
        }
        walked += l;
    }
    (*line.last().unwrap_or(&(0.0, 0.0)), line.len().saturating_sub(2))
}

/// A line with the stretch from `s0` to `s1` pixels along it left out: the
/// parts before and after.
pub fn cut(line: &[Point], s0: f64, s1: f64) -> Vec<Vec<Point>> {
    let (p0, k0) = point_along(line, s0);
    let (p1, k1) = point_along(line, s1);
    let mut before: Vec<Point> = line[..=k0].to_vec();
    before.push(p0);
    let mut after = vec![p1];
    after.extend_from_slice(&line[k1 + 1..]);
    [before, after].into_iter().filter(|l| l.len() >= 2 && length(l) > 0.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cone(n: usize) -> Grid {
        // f = distance from the centre, in pixels of a unit grid.
        let c = (n - 1) as f64 / 2.0;
        let values = (0..n * n).map(|k| ((k % n) as f64 - c).hypot((k / n) as f64 - c)).collect();
        Grid { nx: n, ny: n, values, origin: (0.0, 0.0), step: (1.0, 1.0) }
    }

    #[test]
    fn a_level_of_a_cone_is_one_closed_circle() {
        let grid = cone(41);
        let found = lines(&grid, 10.0);
        assert_eq!(found.len(), 1);
        let line = &found[0];
        assert_eq!(line.first(), line.last(), "closed");
        for p in line {
            let r = (p.0 - 20.0).hypot(p.1 - 20.0);
            assert!((r - 10.0).abs() < 0.1, "{p:?} at {r}");
        }
        // The circumference, 2π·10.
        assert!((length(line) - 62.83).abs() < 0.5, "{}", length(line));
        let thin = simplify(line, 0.3);
        assert!(thin.len() < line.len() / 2 && thin.len() > 8, "{} of {}", thin.len(), line.len());
    }

    #[test]
    fn bilinear_values_lie_between_the_nodes_and_an_undefined_node_stays_undefined() {
        let mut grid = Grid { nx: 2, ny: 2, values: vec![0.0, 1.0, 2.0, 3.0], origin: (0.0, 0.0), step: (10.0, 10.0) };
        assert_eq!(grid.value((5.0, 0.0)), 0.5);
        assert_eq!(grid.value((5.0, 5.0)), 1.5);
        grid.values[3] = f64::NAN;
        assert!(grid.value((9.0, 9.0)).is_nan());
        assert_eq!(grid.value((1.0, 0.0)), 0.1);
    }

    #[test]
    fn a_cut_leaves_the_ends_and_drops_the_middle() {
        let line = [(0.0, 0.0), (10.0, 0.0), (20.0, 0.0)];
        let parts = cut(&line, 4.0, 14.0);
        assert_eq!(parts, vec![vec![(0.0, 0.0), (4.0, 0.0)], vec![(14.0, 0.0), (20.0, 0.0)]]);
    }
}
