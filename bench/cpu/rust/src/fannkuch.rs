//! fannkuch-redux: for every permutation of 0..n-1 (in the order produced by
//! rotating prefixes), count the prefix reversals ("pancake flips") until 0
//! comes first; report the maximum and an alternating-sign checksum.

/// One unit = one permutation. The generator's state persists between units;
/// reset(start) jumps to permutation `start` (its digits in the factorial number
/// system say how far each prefix has been rotated), since permutations cost
/// unequal numbers of flips and a worker starts at a random one.
struct Fannkuch {
    n: usize,
    perm1: Vec<usize>, // the current permutation
    perm: Vec<usize>,  // a copy that gets flipped
    count: Vec<usize>,
    r: usize,
    perm_index: u64,
    checksum: i64,
    max_flips: i64,
}

impl diez_mil_cpu::Kernel for Fannkuch {
    const NAME: &'static str = "fannkuch";
    const CHUNK: u64 = 5040;

    fn init(n: u64) -> Result<(Self, u64), String> {
        if !(1..=20).contains(&n) {
            return Err(format!("N must be between 1 and 20, got {n}"));
        }
        let n = n as usize;
        let k = Fannkuch { n, perm1: vec![0; n], perm: vec![0; n], count: vec![0; n], r: n, perm_index: 0, checksum: 0, max_flips: 0 };
        Ok((k, (1..=n as u64).product()))
    }

    fn reset(&mut self, start: u64) {
        let n = self.n;
        self.perm1 = (0..n).collect();
        self.r = n;
        self.perm_index = start;
        self.checksum = 0;
        self.max_flips = 0;
        if start == 0 {
            return;
        }
        let mut rest = start;
        for i in (1..n).rev() {
            let fact: u64 = (1..=i as u64).product();
            let d = (rest / fact) as usize;
            rest %= fact;
            self.perm1[..=i].rotate_left(d);
            self.count[i] = i + 1 - d;
        }
        self.r = 1;
    }

    fn advance(&mut self, units: u64) {
        let n = self.n;
        let (perm1, perm, count) = (&mut self.perm1, &mut self.perm, &mut self.count);
        let mut r = self.r;
        for _ in 0..units {
            while r != 1 {
                count[r - 1] = r;
                r -= 1;
            }

            perm.copy_from_slice(perm1);
            let mut flips = 0i64;
            let mut k = perm[0];
            while k != 0 {
                perm[..=k].reverse();
                flips += 1;
                k = perm[0];
            }
            self.max_flips = self.max_flips.max(flips);
            self.checksum += if self.perm_index % 2 == 0 { flips } else { -flips };

            // next permutation: rotate the first r+1 elements left by one, carrying like an odometer
            while r != n {
                perm1[..=r].rotate_left(1);
                count[r] -= 1;
                if count[r] > 0 {
                    break;
                }
                r += 1;
            }
            self.perm_index += 1;
        }
        self.r = r;
    }

    fn answer(&self) -> String {
        format!("{}\nPfannkuchen({}) = {}", self.checksum, self.n, self.max_flips)
    }
}

fn main() {
    diez_mil_cpu::main::<Fannkuch>();
}
