//! How a curve is sampled into the chart's columns: each stride of steps by
//! its lowest and highest value, and a segment cut to the rows it crosses.

/// At most this many steps of a stride are read for its lowest and highest value.
const ENVELOPE_PROBES: usize = 32;

/// Steps 0 to `last` by stride, each stride by its lowest and highest value
/// (as `transform` orders them) in the order taken, and the last step.
pub(super) fn envelope(
    last: usize,
    stride: usize,
    raw: &dyn Fn(usize) -> f64,
    transform: impl Fn(f64) -> f64,
) -> Vec<(usize, f64)> {
    let stride = stride.max(1);
    let mut samples = Vec::with_capacity(2 * (last / stride + 2));
    let mut k = 0;
    while k <= last {
        let end = (k + stride).min(last + 1);
        let probe = ((end - k) / ENVELOPE_PROBES).max(1);
        let (mut low, mut high) = ((k, raw(k)), (k, raw(k)));
        for j in (k..end).step_by(probe) {
            let v = raw(j);
            if transform(v) < transform(low.1) {
                low = (j, v);
            }
            if transform(v) > transform(high.1) {
                high = (j, v);
            }
        }
        let (a, b) = if low.0 <= high.0 { (low, high) } else { (high, low) };
        samples.push(a);
        if b.0 != a.0 {
            samples.push(b);
        }
        k = end;
    }
    if samples.last().is_none_or(|s| s.0 != last) {
        samples.push((last, raw(last)));
    }
    samples
}

/// The part of the segment q–p (in dots) between the rows `top` and
/// `bottom`, if any.
pub(super) fn clip_rows(q: (f64, f64), p: (f64, f64), top: f64, bottom: f64) -> Option<((f64, f64), (f64, f64))> {
    let at = |y: f64| {
        let t = if p.1 == q.1 { 0.0 } else { (y - q.1) / (p.1 - q.1) };
        (q.0 + t * (p.0 - q.0), y)
    };
    let keep = |r: (f64, f64)| {
        if r.1 < top {
            at(top)
        } else if r.1 > bottom {
            at(bottom)
        } else {
            r
        }
    };
    let outside = |r: (f64, f64)| {
        if r.1 < top {
            -1
        } else if r.1 > bottom {
            1
        } else {
            0
        }
    };
    let (a, b) = (outside(q), outside(p));
    if a != 0 && a == b {
        return None;
    }
    Some((keep(q), keep(p)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_loss_that_swings_every_step_keeps_its_swing_at_any_stride() {
        // 1, 100, 1, 100, …: one sample a stride of 4 read 1 every time, a
        // flat line; the envelope keeps both ends in every stride.
        let raw = |k: usize| if k.is_multiple_of(2) { 1.0 } else { 100.0 };
        let got = super::envelope(40, 4, &raw, f64::log10);
        for stride in got.chunks(2).take(10) {
            let values: Vec<f64> = stride.iter().map(|s| s.1).collect();
            assert_eq!(values.iter().copied().fold(f64::INFINITY, f64::min), 1.0, "{got:?}");
            assert_eq!(values.iter().copied().fold(0.0, f64::max), 100.0, "{got:?}");
        }
        assert_eq!(got.last().unwrap().0, 40);
        // In step order, and steps only once.
        assert!(got.windows(2).all(|w| w[0].0 < w[1].0), "{got:?}");
    }
}
