//! Ops suite, Rust: each operation is a plain loop of `n` iterations whose
//! results are accumulated and passed through a barrier (`opaque`, the empty
//! asm the C version uses, or `std::hint::black_box`), timed with
//! `std::time::Instant`.
//!
//!   ops [SAMPLES]   one JSON line per operation (bench/README.md)
//!   ops worker      long-lived worker: commands on stdin (bench/ops/README.md)
//!
//! Sizing works like Python's timeit.autorange: n = 1, 2, 5, 10, 20, 50, ...
//! until one run takes at least 0.1 s; then SAMPLES runs of that n. In worker
//! mode a chunk is sized the same way to take 5-20 ms.
//! See bench/ops/README.md for the checksums and what keeps each op's work in.

use std::collections::HashMap;
use std::hint::black_box;
use std::io::{BufRead, Write};
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

/// Returns x through an empty asm block that LLVM must assume changed it (in a
/// register, no memory traffic): no closed form, no vectorising, no folding.
#[inline(always)]
pub fn opaque(mut x: u64) -> u64 {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    // SAFETY: the asm is empty; it only claims to read and write x's register.
    unsafe {
        std::arch::asm!("/* {0} */", inout(reg) x, options(nomem, nostack, preserves_flags));
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        x = black_box(x);
    }
    x
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
    /// attribute: eight objects on the heap, b = 8k + 1 set at run time.
    objs: [Box<Obj>; 8],
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
            objs: std::array::from_fn(|k| {
                let k = black_box(k as u64);
                Box::new(Obj { a: k, b: 8 * k + 1, c: 3 })
            }),
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
                    opaque(i);
                }
            }
            // One add per turn, opaque to LLVM: the loop itself, one dependent add a turn.
            "empty_loop" => {
                for _ in 0..n {
                    acc = opaque(acc + 1);
                }
            }
            "call" => {
                for i in 0..n {
                    acc = opaque(acc.wrapping_add(inc(opaque(i))));
                }
            }
            // The object is objs[acc & 7]: chosen by what the previous turn read,
            // so no load can be hoisted or started early; b ≡ 1 (mod 8), so turn i
            // reads object i & 7 and a wrong object gives a wrong checksum.
            "attribute" => {
                for _ in 0..n {
                    acc = acc.wrapping_add(self.objs[(acc & 7) as usize].b);
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
        "attribute" => n + 8 * sum_mod(n, 8, 8),
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

/// The first n of 1, 2, 5, 10, 20, … after `n`.
fn next125(n: u64) -> u64 {
    let mut p = 1;
    while p * 10 <= n {
        p *= 10;
    }
    match n / p {
        1 => 2 * p,
        2 => 5 * p,
        _ => 10 * p,
    }
}

/// Seconds and checksum of one run of `op` at n.
fn timed(fx: &Fixture, op: &str, n: u64) -> (f64, u64) {
    let t0 = Instant::now();
    let sum = fx.run(op, n);
    (t0.elapsed().as_secs_f64(), sum)
}

/// Times `samples` runs of `op` at an n sized like timeit.autorange.
fn measure(fx: &Fixture, op: &str, samples: usize) -> (u64, Vec<f64>, u64) {
    let mut n: u64 = 1;
    while timed(fx, op, n).0 < TARGET_SECONDS {
        n = next125(n);
    }
    let mut ns = Vec::with_capacity(samples);
    let mut sum = 0;
    for _ in 0..samples {
        let (secs, s) = timed(fx, op, n);
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

/// A worker chunk lasts at least this long (and, by the 1-2-5 steps, at most ~2.5 times it).
const CHUNK_MIN_SECONDS: f64 = 0.005;

/// n of one worker chunk: autorange to >= 5 ms, confirmed by a second chunk at that n.
fn chunk_size(fx: &Fixture, op: &str) -> u64 {
    let mut n = 1;
    loop {
        if timed(fx, op, n).0 >= CHUNK_MIN_SECONDS && timed(fx, op, n).0 >= CHUNK_MIN_SECONDS {
            return n;
        }
        n = next125(n);
    }
}

fn json_error(why: &str) -> String {
    format!("{{\"error\":\"{}\"}}", why.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The worker protocol of bench/ops/README.md: one JSON line per command.
/// Returns the exit status (1 after a wrong checksum).
pub fn worker(fx: &Fixture, input: impl BufRead, out: &mut impl Write) -> i32 {
    let mut chunks: HashMap<&'static str, u64> = HashMap::new();
    let names: Vec<String> = OPS.iter().map(|op| format!("\"{op}\"")).collect();
    let _ = writeln!(out, "{{\"ready\":true,\"tests\":[{}]}}", names.join(","));
    let _ = out.flush();
    for line in input.lines() {
        let Ok(line) = line else { break };
        let words: Vec<&str> = line.split_whitespace().collect();
        let op = words.get(1).and_then(|w| OPS.iter().copied().find(|op| op == w));
        let answer = match (words.as_slice(), op) {
            ([], _) => continue,
            (["quit"], _) => return 0,
            (["count", _, n], Some(op)) => match n.parse::<u64>() {
                Err(_) => json_error("count takes a test and a whole number of iterations"),
                Ok(n) => {
                    let sum = fx.run(op, n);
                    if sum != expected(op, n) {
                        let _ = writeln!(out, "{}", json_error(&format!("{op}: checksum {sum}, expected {} for n={n}", expected(op, n))));
                        let _ = out.flush();
                        return 1;
                    }
                    format!("{{\"test\":\"{op}\",\"units\":{n},\"checksum\":\"{sum}\"}}")
                }
            },
            (["run", _, secs], Some(op)) => match secs.parse::<f64>() {
                Ok(seconds) if seconds >= 0.0 => {
                    let n = *chunks.entry(op).or_insert_with(|| chunk_size(fx, op));
                    let want = expected(op, n);
                    let (t0, mut count) = (Instant::now(), 0u64);
                    let (elapsed, sum) = loop {
                        let sum = fx.run(op, n);
                        let elapsed = t0.elapsed().as_secs_f64();
                        count += 1;
                        if sum != want {
                            let _ = writeln!(out, "{}", json_error(&format!("{op}: chunk {count} gave checksum {sum}, expected {want} for n={n}")));
                            let _ = out.flush();
                            return 1;
                        }
                        if elapsed >= seconds {
                            break (elapsed, sum);
                        }
                    };
                    format!(
                        "{{\"test\":\"{op}\",\"units\":{},\"chunks\":{count},\"seconds\":{elapsed:.9},\"checksum\":\"{sum}\"}}",
                        n * count
                    )
                }
                _ => json_error("run takes a test and a number of seconds"),
            },
            (["run" | "count", _, _], None) => json_error("unknown test (the ready line lists them)"),
            _ => json_error("unknown command (known: run OP SECONDS, count OP N, quit)"),
        };
        let _ = writeln!(out, "{answer}");
        let _ = out.flush();
    }
    0
}

fn main() {
    let fx = Fixture::new();
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("worker") {
        let status = worker(&fx, std::io::stdin().lock(), &mut std::io::stdout().lock());
        std::process::exit(status);
    }
    let samples: usize = match arg {
        None => 5,
        Some(a) => a.parse().ok().filter(|&s| s > 0).unwrap_or_else(|| {
            eprintln!("usage: ops [SAMPLES] | ops worker");
            std::process::exit(2)
        }),
    };
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
                "attribute" => 8 * (i % 8) + 1,
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

    #[test]
    fn worker_answers_each_command_with_one_line() {
        let fx = Fixture::new();
        let input = "count attribute 1000\n\nrun empty_loop 0\nrun teleport 1\ncount call x\nfly\nquit\ncount call 1\n";
        let mut out = Vec::new();
        assert_eq!(worker(&fx, input.as_bytes(), &mut out), 0);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6, "{text}");
        assert!(lines[0].starts_with("{\"ready\":true,\"tests\":[\"empty_loop\",\"call\",\"attribute\""));
        assert_eq!(lines[1], format!("{{\"test\":\"attribute\",\"units\":1000,\"checksum\":\"{}\"}}", brute("attribute", 1000)));
        assert!(lines[2].starts_with("{\"test\":\"empty_loop\",\"units\":"), "{}", lines[2]);
        assert!(lines[2].contains("\"chunks\":1,"), "run 0 runs exactly one chunk: {}", lines[2]);
        for line in &lines[3..] {
            assert!(line.starts_with("{\"error\":"), "{line}");
        }
    }
}
