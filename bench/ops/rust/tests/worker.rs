//! A scripted session with `ops worker` over pipes, as the runner drives it.
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

/// Pulls `"key":value` (number or string) out of one flat JSON line.
fn field<'a>(line: &'a str, key: &str) -> &'a str {
    let start = line.find(&format!("\"{key}\":")).unwrap_or_else(|| panic!("no {key} in {line}")) + key.len() + 3;
    let rest = &line[start..];
    let end = rest.find([',', '}']).unwrap();
    rest[..end].trim_matches('"')
}

#[test]
fn worker_session_over_pipes() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ops"))
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || lines.next().unwrap().unwrap();
    let ready = next();
    assert!(ready.starts_with("{\"ready\":true,\"tests\":[\"empty_loop\","), "{ready}");
    assert!(ready.ends_with("\"record_logic\"]}"), "{ready}");

    // attribute: b = 8k + 1 on object k, turn i reads object i % 8.
    writeln!(stdin, "count attribute 1000").unwrap();
    let count = next();
    let want: u64 = (0..1000u64).map(|i| 8 * (i % 8) + 1).sum();
    assert_eq!(count, format!("{{\"test\":\"attribute\",\"units\":1000,\"checksum\":\"{want}\"}}"));

    writeln!(stdin, "run call 0.05").unwrap();
    let run = next();
    assert_eq!(field(&run, "test"), "call");
    let units: u64 = field(&run, "units").parse().unwrap();
    let chunks: u64 = field(&run, "chunks").parse().unwrap();
    let seconds: f64 = field(&run, "seconds").parse().unwrap();
    assert!(chunks >= 1 && units % chunks == 0 && seconds >= 0.05, "{run}");
    let n = units / chunks;
    assert_eq!(field(&run, "checksum"), (n * (n + 1) / 2).to_string(), "{run}");

    writeln!(stdin, "quit").unwrap();
    assert!(child.wait().unwrap().success());
}
