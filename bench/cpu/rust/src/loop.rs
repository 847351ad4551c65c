//! The loop of bench/README.md, n iterations: two arithmetic operations and an if.

/// One unit = one iteration; the accumulator and the next i persist between units.
struct Loop {
    acc: i64,
    next_i: i64,
}

impl diez_mil_cpu::Kernel for Loop {
    const NAME: &'static str = "loop";
    const CHUNK: u64 = 100_000;

    fn init(n: u64) -> Result<(Self, u64), String> {
        Ok((Loop { acc: 0, next_i: 0 }, n))
    }

    fn reset(&mut self, _start: u64) {
        self.acc = 0;
        self.next_i = 0;
    }

    fn advance(&mut self, units: u64) {
        let mut acc = self.acc;
        let end = self.next_i + units as i64;
        for i in self.next_i..end {
            acc = (acc * 31 + i) % 1_000_003;
            if acc % 2 == 0 {
                acc += 1;
            }
        }
        self.acc = acc;
        self.next_i = end;
    }

    fn answer(&self) -> String {
        self.acc.to_string()
    }
}

fn main() {
    diez_mil_cpu::main::<Loop>();
}
