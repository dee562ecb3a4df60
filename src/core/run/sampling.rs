//! Gradient noise and mini-batch order, derived from (seed, step) and never
//! from a running generator, so that recomputing from any step lands on the
//! same numbers.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::core::{Vec2, Vector};

/// (epoch, offset into the epoch's order) of step k with batches of `size`
/// out of n points; the last batch of an epoch may be smaller.
pub(super) fn batch_position(k: usize, size: usize, n: usize) -> (u64, usize) {
    let per_epoch = n.div_ceil(size.max(1));
    ((k / per_epoch) as u64, (k % per_epoch) * size)
}

/// SplitMix64's finaliser: spreads nearby seeds far apart.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn rng_for(seed: u64, stream: u64, index: u64) -> Pcg64Mcg {
    Pcg64Mcg::seed_from_u64(mix(mix(seed) ^ mix(stream).rotate_left(17) ^ index))
}

/// A uniform number in (0, 1] from 53 random bits.
fn unit(rng: &mut Pcg64Mcg) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
}

/// Two independent standard normal numbers (Box–Muller).
fn gaussian_pair(rng: &mut Pcg64Mcg) -> Vec2 {
    let r = (-2.0 * unit(rng).ln()).sqrt();
    let (s, c) = (2.0 * std::f64::consts::PI * unit(rng)).sin_cos();
    [r * c, r * s]
}

/// n independent standard normal numbers for step k, pair by pair from one
/// generator: the first two are the same for every n.
pub(super) fn gaussians(seed: u64, k: u64, n: usize) -> Vector {
    let mut rng = rng_for(seed, 1, k);
    let mut pair = [0.0; 2];
    Vector::from_fn(n, |i| {
        if i % 2 == 0 {
            pair = gaussian_pair(&mut rng);
        }
        pair[i % 2]
    })
}

/// The order in which epoch `epoch` visits n data points (Fisher–Yates).
pub(super) fn epoch_order(seed: u64, epoch: u64, n: usize) -> Vec<usize> {
    let mut rng = rng_for(seed, 2, epoch);
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = ((u128::from(rng.next_u64()) * (i as u128 + 1)) >> 64) as usize;
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_positions_cover_each_epoch_once() {
        // 10 points in batches of 4: offsets 0, 4, 8 then a new epoch.
        let positions: Vec<_> = (0..4).map(|k| batch_position(k, 4, 10)).collect();
        assert_eq!(positions, vec![(0, 0), (0, 4), (0, 8), (1, 0)]);
    }

    #[test]
    fn epoch_order_is_a_permutation_that_changes_by_epoch() {
        let a = epoch_order(7, 0, 50);
        let b = epoch_order(7, 1, 50);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(a, b);
        assert_eq!(a, epoch_order(7, 0, 50));
    }

    #[test]
    fn gaussian_noise_has_unit_variance() {
        let n = 20_000;
        let samples: Vec<f64> = (0..n).flat_map(|k| gaussians(3, k, 2).to_vec()).collect();
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        let var = samples.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / samples.len() as f64;
        // Standard errors: 1/√40000 = 0.005 for the mean, about 0.007 for the variance.
        assert!(mean.abs() < 0.03, "mean {mean}");
        assert!((var - 1.0).abs() < 0.04, "variance {var}");
    }

    #[test]
    fn more_coordinates_draw_more_pairs_from_the_same_generator() {
        let two = gaussians(5, 9, 2);
        let five = gaussians(5, 9, 5);
        assert_eq!(&five[..2], &two[..], "the first pair does not depend on n");
        assert_eq!(&gaussians(5, 9, 1)[..], &two[..1]);
        assert!(five[2] != five[0] && five[4] != five[2], "{five:?}");
        // Every coordinate is a standard normal: 10,000 steps of 7.
        let samples: Vec<f64> = (0..10_000).flat_map(|k| gaussians(11, k, 7).to_vec()).collect();
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        let var = samples.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / samples.len() as f64;
        assert!(mean.abs() < 0.03 && (var - 1.0).abs() < 0.04, "mean {mean}, variance {var}");
    }
}
