//! What every kernel shares with the other languages (bench/README.md, "CPU suite"):
//!
//!   kernel N [ITERATIONS]      the whole problem of size N, answer on stdout; with
//!                              ITERATIONS > 1 each iteration's seconds as JSON on stderr
//!   kernel worker N [START]    a worker (bench/README.md, "Workers"): answers `run`,
//!                              `count` and `quit` on stdin, one JSON line each
//!
//! A kernel is a resumable problem ([`Kernel`]); the command line is reset(0),
//! advance(all), answer(); a worker does whole chunks of units and starts the
//! problem over when it is done.

use std::io::{BufRead, Write};
use std::process::exit;
use std::time::Instant;

pub trait Kernel: Sized {
    const NAME: &'static str;
    /// Units per chunk of `run`.
    const CHUNK: u64;
    /// Sizes the problem; returns it and how many work units make it.
    fn init(n: u64) -> Result<(Self, u64), String>;
    /// Starts the problem over at unit `start`.
    fn reset(&mut self, start: u64);
    /// Does the next `units` units.
    fn advance(&mut self, units: u64);
    /// What the command line prints for the units done so far.
    fn answer(&self) -> String;
}

fn number<T: std::str::FromStr>(s: &str, what: &str) -> T
where
    T::Err: std::fmt::Display,
{
    s.parse().unwrap_or_else(|e| {
        eprintln!("bad {what}: {e}");
        exit(2)
    })
}

struct Worker<K: Kernel> {
    kernel: K,
    units: u64,
    done: u64,
}

impl<K: Kernel> Worker<K> {
    /// The next `units` units, starting the problem over each time it is done.
    fn work(&mut self, mut units: u64) {
        while units > 0 {
            if self.done == self.units {
                self.kernel.reset(0);
                self.done = 0;
            }
            let take = (self.units - self.done).min(units);
            self.kernel.advance(take);
            self.done += take;
            units -= take;
        }
    }

    fn serve(&mut self) -> i32 {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let say = |out: &mut std::io::StdoutLock, line: String| {
            writeln!(out, "{line}").and_then(|_| out.flush()).unwrap_or_else(|_| exit(1));
        };
        say(&mut out, format!("{{\"ready\":true,\"tests\":[\"{}\"]}}", K::NAME));
        for line in std::io::stdin().lock().lines() {
            let line = line.unwrap_or_default();
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["quit", ..] => return 0,
                ["run", test, seconds] if *test == K::NAME => {
                    let seconds: f64 = number(seconds, "seconds");
                    let start = Instant::now();
                    let mut chunks = 0u64;
                    let elapsed = loop {
                        self.work(K::CHUNK);
                        chunks += 1;
                        let e = start.elapsed().as_secs_f64();
                        if e >= seconds {
                            break e;
                        }
                    };
                    let checksum = json_string(&self.kernel.answer());
                    say(&mut out, format!("{{\"test\":\"{}\",\"units\":{},\"chunks\":{chunks},\"seconds\":{elapsed:.9},\"checksum\":{checksum}}}", K::NAME, chunks * K::CHUNK));
                }
                ["count", test, n] if *test == K::NAME => {
                    let n: u64 = number(n, "unit count");
                    self.kernel.reset(0);
                    self.done = 0;
                    self.work(n);
                    let checksum = json_string(&self.kernel.answer());
                    say(&mut out, format!("{{\"test\":\"{}\",\"units\":{n},\"checksum\":{checksum}}}", K::NAME));
                }
                _ => {
                    say(&mut out, format!("{{\"error\":\"unknown command (this worker runs {})\"}}", K::NAME));
                    return 1;
                }
            }
        }
        0
    }
}

fn json_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))
}

/// The program: the command line or, with `worker`, a worker.
pub fn main<K: Kernel>() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let worker = args.first().map(String::as_str) == Some("worker");
    let rest = &args[worker as usize..];
    if rest.is_empty() {
        eprintln!("usage: {0} N [ITERATIONS]\n       {0} worker N [START]", K::NAME);
        exit(2);
    }
    let (mut kernel, units) = K::init(number(&rest[0], "size")).unwrap_or_else(|e| {
        eprintln!("{}: {e}", K::NAME);
        exit(2)
    });
    if worker {
        let start = rest.get(1).map_or(0, |s| number::<u64>(s, "start")) % units;
        kernel.reset(start);
        exit(Worker { kernel, units, done: start }.serve());
    }
    let iterations = rest.get(1).map_or(1, |s| number::<u32>(s, "iteration count")).max(1);
    let mut first: Option<String> = None;
    let mut seconds = Vec::new();
    for it in 0..iterations {
        let start = Instant::now();
        kernel.reset(0);
        kernel.advance(units);
        seconds.push(format!("{:.9}", start.elapsed().as_secs_f64()));
        let answer = kernel.answer();
        match &first {
            Some(f) if *f != answer => {
                eprintln!("iteration {it} gave a different answer");
                exit(1);
            }
            Some(_) => {}
            None => first = Some(answer),
        }
    }
    println!("{}", first.unwrap());
    if iterations > 1 {
        eprintln!("{{\"iteration_seconds\":[{}]}}", seconds.join(","));
    }
}
