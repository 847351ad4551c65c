//! spectral-norm: the largest singular value of the infinite matrix
//! A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), by 10 rounds of the power method on an n×n block.

fn a(i: usize, j: usize) -> f64 {
    1.0 / ((i + j) * (i + j + 1) / 2 + i + 1) as f64
}

fn mult_av(v: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        let mut sum = 0.0;
        for (j, vj) in v.iter().enumerate() {
            sum += a(i, j) * vj;
        }
        *o = sum;
    }
}

fn mult_atv(v: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        let mut sum = 0.0;
        for (j, vj) in v.iter().enumerate() {
            sum += a(j, i) * vj;
        }
        *o = sum;
    }
}

fn mult_atav(v: &[f64], out: &mut [f64], tmp: &mut [f64]) {
    mult_av(v, tmp);
    mult_atv(tmp, out);
}

/// One unit = one product A·Aᵀ·v: 10 rounds of the power method are 20 of them,
/// alternately v = AᵀA·u and u = AᵀA·v. Every product costs the same.
struct SpectralNorm {
    u: Vec<f64>,
    v: Vec<f64>,
    tmp: Vec<f64>,
    products: u64,
}

impl diez_mil_cpu::Kernel for SpectralNorm {
    const NAME: &'static str = "spectralnorm";
    const CHUNK: u64 = 1;

    fn init(n: u64) -> Result<(Self, u64), String> {
        let n = n as usize;
        Ok((SpectralNorm { u: vec![1.0; n], v: vec![0.0; n], tmp: vec![0.0; n], products: 0 }, 20))
    }

    fn reset(&mut self, _start: u64) {
        self.u.fill(1.0);
        self.v.fill(0.0);
        self.products = 0;
    }

    fn advance(&mut self, units: u64) {
        for _ in 0..units {
            if self.products % 2 == 0 {
                mult_atav(&self.u, &mut self.v, &mut self.tmp);
            } else {
                mult_atav(&self.v, &mut self.u, &mut self.tmp);
            }
            self.products += 1;
        }
    }

    fn answer(&self) -> String {
        let mut vbv = 0.0;
        let mut vv = 0.0;
        for (ui, vi) in self.u.iter().zip(&self.v) {
            vbv += ui * vi;
            vv += vi * vi;
        }
        format!("{:.9}", (vbv / vv).sqrt())
    }
}

fn main() {
    diez_mil_cpu::main::<SpectralNorm>();
}
