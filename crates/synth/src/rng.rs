//! A tiny deterministic generator (SplitMix64): the same seed gives the same
//! corpus on every platform and every run.

/// SplitMix64.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A stream starting from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for one purpose (a body, a year, a rendering),
    /// so that adding draws in one place does not shift every other choice.
    pub fn derive(seed: u64, parts: &[u64]) -> Rng {
        let mut rng = Rng::new(seed ^ 0x5EED_5EED_5EED_5EED);
        for &p in parts {
            rng.0 ^= p.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            rng.next_u64();
        }
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of `items` (not empty), uniformly.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the given weights (not all zero).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// `k` distinct indices of `0..n` in increasing order (`k` ≤ `n`).
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        self.shuffle(&mut all);
        let mut chosen = all[..k.min(n)].to_vec();
        chosen.sort_unstable();
        chosen
    }

    /// A count around `mean` with a long tail: geometric-like for small means,
    /// roughly ±60 % for large ones; 0 is common for small means.
    pub fn count(&mut self, mean: f64) -> i64 {
        if mean <= 0.0 {
            return 0;
        }
        if mean < 30.0 {
            // Poisson by inversion (small means only).
            let l = (-mean).exp();
            let mut k = 0i64;
            let mut p = 1.0;
            loop {
                p *= self.unit();
                if p <= l {
                    return k;
                }
                k += 1;
            }
        }
        let factor = 0.4 + 1.2 * self.unit();
        (mean * factor).round() as i64
    }

    /// How many of `n` items each happen with probability `p`.
    pub fn binomial(&mut self, n: i64, p: f64) -> i64 {
        if n <= 0 || p <= 0.0 {
            return 0;
        }
        if n > 200 {
            let mean = n as f64 * p;
            let sd = (mean * (1.0 - p)).sqrt();
            let z = (self.unit() + self.unit() + self.unit() - 1.5) * 2.0;
            return ((mean + z * sd).round() as i64).clamp(0, n);
        }
        (0..n).filter(|_| self.chance(p)).count() as i64
    }

    /// Splits `n` items over categories with the given weights.
    pub fn multinomial(&mut self, n: i64, weights: &[f64]) -> Vec<i64> {
        let mut out = vec![0i64; weights.len()];
        if n <= 0 {
            return out;
        }
        if n <= 400 {
            for _ in 0..n {
                out[self.weighted(weights)] += 1;
            }
            return out;
        }
        // Large counts: sequential binomials.
        let mut left = n;
        let mut rest: f64 = weights.iter().sum();
        for (i, w) in weights.iter().enumerate() {
            if left == 0 || rest <= 0.0 {
                break;
            }
            let take = if i + 1 == weights.len() {
                left
            } else {
                self.binomial(left, (w / rest).min(1.0))
            };
            out[i] = take;
            left -= take;
            rest -= w;
        }
        out
    }
}
