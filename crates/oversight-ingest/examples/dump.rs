//! Prints what the importer reads from each file named on the command line.
//! `cargo run -p oversight-ingest --example dump -- FILE…`

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match oversight_ingest::ingest(&bytes) {
            Err(e) => println!("{path}: refused: {e}"),
            Ok(x) if std::env::var_os("DUMP_REVIEW").is_some() => println!("{:#?}", x.review),
            Ok(x) => {
                let chars: Vec<char> = x.text.chars().collect();
                let slice = |s: oversight_domain::Span| {
                    chars[s.start()..s.end()].iter().collect::<String>()
                };
                println!(
                    "== {path}: {} via {} force={:?} cycle={:?} published={:?}",
                    x.kind,
                    x.recogniser,
                    x.force.map(|f| f.slug()),
                    x.cycle.map(|c| c.code()),
                    x.published_on
                );
                for j in &x.judgments {
                    println!(
                        "  J {} {:?} q={:?} area={:?} {} prev={:?} <{}>",
                        j.cycle().code(),
                        j.subject().pillar(),
                        j.subject().question(),
                        j.subject().area().map(|a| a.code),
                        j.grade().code(),
                        j.stated_previous(),
                        slice(j.span()).chars().take(70).collect::<String>()
                    );
                }
                for (i, f) in x.findings.iter().enumerate() {
                    println!(
                        "  F{i} {} {:?} q={:?} subs={} dl={:?} parent={:?} <{}>",
                        f.kind().code(),
                        f.subject().and_then(|s| s.pillar()),
                        f.subject().and_then(|s| s.question()),
                        f.sub_actions.len(),
                        f.deadlines
                            .iter()
                            .map(|d| format!("{:?}", d.due))
                            .collect::<Vec<_>>(),
                        f.parent,
                        f.text().chars().take(60).collect::<String>()
                    );
                }
                for (i, r) in &x.responses {
                    println!(
                        "  R -> F{i} {} <{}>",
                        r.by.code(),
                        r.text.chars().take(50).collect::<String>()
                    );
                }
                for l in &x.finding_lists {
                    println!(
                        "  L {:?} {} none={}",
                        l.pillar,
                        l.kind.code(),
                        l.stated_none
                    );
                }
                for s in &x.sections {
                    println!("  S {:?} items={}", s.heading, s.items.len());
                }
                for w in &x.warnings {
                    println!("  ! {w}");
                }
            }
        }
    }
}
