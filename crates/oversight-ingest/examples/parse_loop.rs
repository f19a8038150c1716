//! Parses the files named on the command line many times over: a target for profilers.
//! `cargo run --release -p oversight-ingest --example parse_loop -- 200 FILE…`

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let files: Vec<Vec<u8>> = args
        .map(|p| std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .collect();
    let started = std::time::Instant::now();
    let mut records = 0;
    for _ in 0..rounds {
        for f in &files {
            if let Ok(x) = oversight_ingest::ingest(f) {
                records += x.judgments.len() + x.findings.len();
            }
        }
    }
    let n = rounds * files.len();
    println!(
        "{n} documents, {records} records, {:.0} documents/s",
        n as f64 / started.elapsed().as_secs_f64()
    );
}
