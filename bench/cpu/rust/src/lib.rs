//! Shared by the kernels: the size and iteration-count arguments, and the
//! stderr line {"iteration_seconds":[…]} printed when a kernel ran more than once.

use std::process::exit;
use std::time::Instant;

/// The size (first argument) and the iteration count (second, default 1).
pub fn args(usage: &str) -> (u64, u32) {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: {usage} N [ITERATIONS]");
        exit(2);
    }
    let n = args[1].parse().unwrap_or_else(|e| {
        eprintln!("bad size: {e}");
        exit(2)
    });
    let iterations = match args.get(2) {
        Some(s) => s.parse::<u32>().unwrap_or_else(|e| {
            eprintln!("bad iteration count: {e}");
            exit(2)
        }),
        None => 1,
    };
    (n, iterations.max(1))
}

/// Calls `kernel` `iterations` times, checks that every run gives the same
/// answer, reports the timings, and returns the answer.
pub fn run<T: PartialEq>(iterations: u32, mut kernel: impl FnMut() -> T) -> T {
    let mut result: Option<T> = None;
    let mut seconds = Vec::new();
    for it in 0..iterations {
        let start = Instant::now();
        let r = kernel();
        seconds.push(format!("{:.9}", start.elapsed().as_secs_f64()));
        if let Some(prev) = &result {
            if *prev != r {
                eprintln!("iteration {it} gave a different answer");
                exit(1);
            }
        }
        result = Some(r);
    }
    if iterations > 1 {
        eprintln!("{{\"iteration_seconds\":[{}]}}", seconds.join(","));
    }
    result.unwrap()
}
