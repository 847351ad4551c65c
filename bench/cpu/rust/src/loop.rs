//! The loop of bench/README.md, n iterations: two arithmetic operations and an if.

fn run_loop(n: i64) -> i64 {
    let mut acc: i64 = 0;
    for i in 0..n {
        acc = (acc * 31 + i) % 1_000_003;
        if acc % 2 == 0 {
            acc += 1;
        }
    }
    acc
}

fn main() {
    let (n, iterations) = diez_mil_cpu::args("loop");
    let result = diez_mil_cpu::run(iterations, || run_loop(n as i64));
    println!("{result}");
}
