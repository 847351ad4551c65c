//! Ops suite, Rust: each operation is a plain loop of `n` iterations whose
//! results are accumulated and passed through `std::hint::black_box`, timed
//! with `std::time::Instant`. Usage: ops [SAMPLES]
//!
//! Sizing works like Python's timeit.autorange: n = 1, 2, 5, 10, 20, 50, ...
//! until one run takes at least 0.1 s; then SAMPLES runs of that n.
//! See bench/ops/README.md for the checksums.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

/// A sample lasts at least this long (n = 1, 2, 5, 10, ... until it does).
const TARGET_SECONDS: f64 = 0.1;

pub const OPS: [&str; 8] = [
    "empty_loop",
    "call",
    "attribute",
    "map_lookup",
    "map_insert",
    "alloc",
    "format",
    "record_logic",
];

pub struct Obj {
    pub a: u64,
    pub b: u64,
    pub c: u64,
}

pub struct Rec {
    pub a: u64,
    pub b: u64,
    pub c: u64,
}

pub struct Record {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub count: i64,
    pub created_at: f64,
}

pub struct Out<'a> {
    pub id: i64,
    pub name: &'a str,
    pub kind: String,
    pub count: i64,
    pub score: i64,
    pub created_at: i64,
}

#[inline(never)]
pub fn inc(x: u64) -> u64 {
    x + 1
}

/// Validates one record and builds its output; None when invalid.
pub fn transform(r: &Record) -> Option<Out<'_>> {
    if r.id < 0 || r.name.is_empty() {
        return None;
    }
    if !matches!(r.kind.as_str(), "U" | "A" | "M") {
        return None;
    }
    if !(0..=1000).contains(&r.count) {
        return None;
    }
    Some(Out {
        id: r.id,
        name: &r.name,
        kind: r.kind.to_uppercase(),
        count: r.count,
        score: r.count * 2 + r.id % 7,
        created_at: r.created_at.round() as i64,
    })
}

/// Data the operations read, built once.
pub struct Fixture {
    obj: Obj,
    lookup: HashMap<String, u64>,
    keys: Vec<String>,
    records: Vec<Record>,
}

impl Fixture {
    pub fn new() -> Self {
        let keys: Vec<String> = (0..100).map(|k| format!("key{k}")).collect();
        let lookup = keys.iter().cloned().zip(0u64..).collect();
        let records = (0..1000)
            .map(|i| Record {
                id: i,
                name: "My name".to_string(),
                description: "Some words on here so it looks full".to_string(),
                kind: "U".to_string(),
                count: 33,
                created_at: 1569882498.9117897,
            })
            .collect();
        Fixture {
            obj: Obj { a: 1, b: 7, c: 3 },
            lookup,
            keys,
            records,
        }
    }

    /// Runs `op` for n iterations and returns the accumulated checksum.
    pub fn run(&self, op: &str, n: u64) -> u64 {
        let mut acc: u64 = 0;
        match op {
            "overhead" => {
                for i in 0..n {
                    black_box(i);
                }
            }
            "empty_loop" => {
                for i in 0..n {
                    black_box(i);
                    acc += 1;
                }
            }
            "call" => {
                for i in 0..n {
                    acc = acc.wrapping_add(inc(black_box(i)));
                }
            }
            "attribute" => {
                for _ in 0..n {
                    acc = acc.wrapping_add(black_box(&self.obj).b);
                }
            }
            "map_lookup" => {
                for i in 0..n {
                    let key = black_box(self.keys[(i % 100) as usize].as_str());
                    acc = acc.wrapping_add(self.lookup[key]);
                }
            }
            "map_insert" => {
                let mut m: HashMap<u64, u64> = HashMap::new();
                for i in 0..n {
                    black_box(&mut m).insert(i, i);
                    if i & 1023 == 1023 {
                        acc += m.len() as u64;
                        m.clear();
                    }
                }
            }
            "alloc" => {
                for i in 0..n {
                    let r = black_box(Box::new(Rec { a: i, b: 1, c: 2 }));
                    acc = acc.wrapping_add(r.a);
                }
            }
            "format" => {
                for i in 0..n {
                    let s = black_box(format!("item-{i}"));
                    acc += s.len() as u64;
                }
            }
            "record_logic" => {
                for i in 0..n {
                    if let Some(out) = transform(&self.records[(i % 1000) as usize]) {
                        let out = black_box(out);
                        acc += out.score as u64;
                    }
                }
            }
            _ => panic!("unknown op {op}"),
        }
        black_box(acc)
    }
}

/// The checksum of one run of n iterations (bench/ops/README.md).
pub fn expected(op: &str, n: u64) -> u64 {
    let sum_mod = |n: u64, period: u64, m: u64| -> u64 {
        let full: u64 = (0..period).map(|j| j % m).sum();
        let part: u64 = (0..n % period).map(|j| j % m).sum();
        n / period * full + part
    };
    match op {
        "empty_loop" => n,
        "call" => n * (n + 1) / 2,
        "attribute" => 7 * n,
        "map_lookup" => sum_mod(n, 100, 100),
        "map_insert" => 1024 * (n / 1024),
        "alloc" => n * n.saturating_sub(1) / 2,
        "format" => {
            let mut digits = if n > 0 { 1 } else { 0 }; // the number 0
            let (mut lo, mut d) = (1u64, 1u64);
            while lo < n {
                digits += (n.min(lo * 10) - lo) * d;
                lo *= 10;
                d += 1;
            }
            5 * n + digits
        }
        "record_logic" => 66 * n + sum_mod(n, 1000, 7),
        _ => panic!("unknown op {op}"),
    }
}

/// Times `samples` runs of `op` at an n sized like timeit.autorange.
fn measure(fx: &Fixture, op: &str, samples: usize) -> (u64, Vec<f64>, u64) {
    let time = |n: u64| {
        let t0 = Instant::now();
        let sum = fx.run(op, n);
        (t0.elapsed().as_secs_f64(), sum)
    };
    let mut n: u64 = 1;
    'size: loop {
        for m in [1, 2, 5] {
            let k = n * m;
            if time(k).0 >= TARGET_SECONDS {
                n = k;
                break 'size;
            }
        }
        n *= 10;
    }
    let mut ns = Vec::with_capacity(samples);
    let mut sum = 0;
    for _ in 0..samples {
        let (secs, s) = time(n);
        ns.push((secs * 1e9 / n as f64 * 1000.0).round() / 1000.0);
        sum = s;
        if op != "overhead" && s != expected(op, n) {
            eprintln!(
                "{op}: checksum {s} != expected {} for n={n}",
                expected(op, n)
            );
            std::process::exit(1);
        }
    }
    (n, ns, sum)
}

fn main() {
    let samples: usize = match std::env::args().nth(1) {
        None => 5,
        Some(a) => a.parse().ok().filter(|&s| s > 0).unwrap_or_else(|| {
            eprintln!("usage: ops [SAMPLES]");
            std::process::exit(2)
        }),
    };
    let fx = Fixture::new();
    let (_, mut over, _) = measure(&fx, "overhead", samples);
    over.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let overhead = over[over.len() / 2];
    for op in OPS {
        let (n, ns, sum) = measure(&fx, op, samples);
        let list: Vec<String> = ns.iter().map(|x| x.to_string()).collect();
        println!(
            "{{\"op\":\"{op}\",\"harness\":\"black_box loop\",\"iterations_per_sample\":{n},\"samples_ns_per_op\":[{}],\"harness_overhead_ns_per_op\":{overhead},\"overhead_subtracted\":false,\"checksum\":\"{sum}\"}}",
            list.join(",")
        );
    }
}

#[cfg(test)]
mod tests {
    //! Proves the loops really run: cargo test --release
    use super::*;

    fn brute(op: &str, n: u64) -> u64 {
        let mut acc = 0;
        let mut len = 0;
        for i in 0..n {
            acc += match op {
                "empty_loop" => 1,
                "call" => i + 1,
                "attribute" => 7,
                "map_lookup" => i % 100,
                "map_insert" => {
                    len += 1;
                    if len == 1024 {
                        len = 0;
                        1024
                    } else {
                        0
                    }
                }
                "alloc" => i,
                "format" => format!("item-{i}").len() as u64,
                "record_logic" => 66 + (i % 1000) % 7,
                _ => unreachable!(),
            };
        }
        acc
    }

    #[test]
    fn formulas_match_brute_force() {
        for op in OPS {
            for n in [0, 1, 7, 99, 100, 101, 1023, 1024, 1025, 9999, 12345] {
                assert_eq!(expected(op, n), brute(op, n), "{op} n={n}");
            }
        }
    }

    #[test]
    fn every_iteration_accumulates() {
        let fx = Fixture::new();
        for op in OPS {
            for n in [1, 1000, 4099] {
                assert_eq!(fx.run(op, n), expected(op, n), "{op} n={n}");
            }
        }
    }

    #[test]
    fn time_scales_with_iterations() {
        let fx = Fixture::new();
        for op in ["empty_loop", "call", "attribute", "record_logic"] {
            let best = |n: u64| {
                (0..3)
                    .map(|_| {
                        let t = Instant::now();
                        fx.run(op, n);
                        t.elapsed()
                    })
                    .min()
                    .unwrap()
            };
            let (small, large) = (best(1_000_000), best(10_000_000));
            assert!(
                large > small * 3,
                "{op}: 1e7 took {large:?}, 1e6 took {small:?}"
            );
        }
    }
}
