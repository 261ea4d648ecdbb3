//! A bounded HTTP load generator for `xxgk serve` on loopback (used by
//! `scripts/bench-serve.sh`): CONCURRENCY clients, each on one keep-alive
//! connection, send GET requests for SECONDS and the latencies are reported
//! (p50/p90/p99/max) with the throughput. Plain std: nothing to install.
//!
//! ```text
//! cargo run --release -p xxgk-web --example load -- \
//!     --addr 127.0.0.1:8080 --header "Cookie: xxgk_session=…" \
//!     --path '/reports/{id}' --ids 10000 --concurrency 50 --seconds 10
//! ```
//! `{id}` in the path is replaced by a random id from 1 to `--ids`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

struct Options {
    addr: String,
    headers: Vec<String>,
    path: String,
    ids: u64,
    concurrency: usize,
    seconds: u64,
}

fn options() -> Options {
    let mut o = Options {
        addr: "127.0.0.1:8080".into(),
        headers: Vec::new(),
        path: "/reports".into(),
        ids: 1,
        concurrency: 50,
        seconds: 10,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--addr" => o.addr = value,
            "--header" => o.headers.push(value),
            "--path" => o.path = value,
            "--ids" => o.ids = value.parse().expect("--ids: a number"),
            "--concurrency" => o.concurrency = value.parse().expect("--concurrency: a number"),
            "--seconds" => o.seconds = value.parse().expect("--seconds: a number"),
            _ => panic!("unknown option {flag}"),
        }
    }
    o
}

/// One response read off a keep-alive connection: its status.
fn exchange(stream: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<u16> {
    stream.get_mut().write_all(request)?;
    let mut line = String::new();
    stream.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = None;
    let mut chunked = false;
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let lower = header.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if chunked {
        loop {
            line.clear();
            stream.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            stream.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
        }
    } else if let Some(n) = length {
        let mut body = vec![0; n];
        stream.read_exact(&mut body)?;
    }
    Ok(status)
}

fn client(o: &Options, seed: u64, until: Instant) -> (Vec<Duration>, usize) {
    let mut latencies = Vec::new();
    let mut failures = 0;
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407)
        | 1;
    let mut connection: Option<BufReader<TcpStream>> = None;
    while Instant::now() < until {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let id = state % o.ids + 1;
        let path = o.path.replace("{id}", &id.to_string());
        let mut request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n", o.addr);
        for header in &o.headers {
            request.push_str(header);
            request.push_str("\r\n");
        }
        request.push_str("\r\n");
        if connection.is_none() {
            match TcpStream::connect(&o.addr) {
                Ok(stream) => connection = Some(BufReader::new(stream)),
                Err(_) => {
                    failures += 1;
                    continue;
                }
            }
        }
        let start = Instant::now();
        let stream = connection.as_mut().expect("connected above");
        match exchange(stream, request.as_bytes()) {
            Ok(status) if (200..400).contains(&status) => latencies.push(start.elapsed()),
            Ok(_) => failures += 1,
            Err(_) => {
                failures += 1;
                connection = None;
            }
        }
    }
    (latencies, failures)
}

fn main() {
    let o = options();
    let until = Instant::now() + Duration::from_secs(o.seconds);
    let started = Instant::now();
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..o.concurrency)
            .map(|i| {
                let o = &o;
                scope.spawn(move || client(o, i as u64 + 1, until))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut all: Vec<Duration> = results
        .iter()
        .flat_map(|(l, _)| l.iter().copied())
        .collect();
    let failures: usize = results.iter().map(|(_, f)| f).sum();
    all.sort();
    let at = |q: f64| {
        if all.is_empty() {
            0.0
        } else {
            all[((all.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0
        }
    };
    println!(
        "{} {} clients {}s: {} ok, {} failed, {:.0} req/s, p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        o.path,
        o.concurrency,
        o.seconds,
        all.len(),
        failures,
        all.len() as f64 / elapsed,
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
}
