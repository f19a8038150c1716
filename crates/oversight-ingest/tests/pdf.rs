//! The PDF reader against Chromium's printing: fixtures of every shape of document, written
//! for Oversight in the real shapes (forces, numbers and wording invented), are made into
//! HTML pages, printed to PDF by Debian's Chromium (headers and footers on, as people print)
//! and imported both ways: the records must be the same.
//!
//! Needs `chromium` and poppler's `pdftotext`; without them the test fails and says so, unless
//! OVERSIGHT_SKIP_BROWSER is set.

use std::process::Command;

use oversight_ingest::{Extraction, ingest};

/// Every shape: a labelled pillar page, a 2021+ area report, a PCC response, an inspectorate
/// letter, a Panel paper and a press release.
const FIXTURES: &[(&str, &str)] = &[
    (
        "pillar",
        "Kent PEEL 2016\n\nEfficiency\n\nHow efficient is the force at keeping people safe and reducing crime?\n\nLast updated 14/11/2016\nGood\n\nKent Police is good at using its resources efficiently. This is the same as last year, and the force continues to understand the demand it faces across every district, in the control room and in its investigation teams, with plans that look ahead several years.\n\nQuestions for Efficiency\n\n1\n\nHow well does the force understand demand?\n\nGood\n\nKent Police understands current demand well.\n\n2\n\nHow well does the force use its resources to manage current demand?\n\nOutstanding\n\nThe force is an exemplar in its use of resources.\n\nAreas for improvement\n\n  • The force should publish its workforce plan by 31 March 2017, setting out how many officers, staff and volunteers it will need in each of its districts and how it will recruit and train them.\n  • The force should review its estate, so that:\n    • each station is assessed against what the neighbourhood needs from it;\n    • unused buildings are sold.\n",
    ),
    (
        "areas",
        "PEEL 2021/22: An inspection of Surrey Police\n\nPublished 3 March 2022\n\nReporting data about crime\nGood\n\nThe force records crime accurately.\n\nInvestigating crime\nRequires improvement\n\nAreas for improvement\n\n  • The force should supervise investigations better, so that every victim is told what is happening to their case and every investigation plan is reviewed by a sergeant when the case changes hands.\n\nHow the force protects vulnerable people\nAdequate\n\nCause of concern\n\nVictims of stalking are not always safeguarded.\n\nRecommendations\n\n  • Within three months, the force should review every open stalking case.\n",
    ),
    (
        "response",
        "HMICFRS PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Wiltshire Police\n\nResponse from: Office of the Police and Crime Commissioner for Wiltshire\n\nWe welcome the grades of ‘good’ for effectiveness and legitimacy, and ‘requires improvement’ for efficiency.\n\nEffectiveness: areas for improvement\n\n  • The force should answer 101 calls faster, and it should tell callers how long they can expect to wait before their call is answered by a member of staff in the control room.\n\nOPCC comment: We will monitor call answering monthly.\n\nEfficiency: areas for improvement\n\nNone stated\n\nLegitimacy: areas for improvement\n\n  • The force should improve its use of stop and search records.\n\nForce comment: Supervisors now review every record.\n",
    ),
    (
        "letter",
        "12 June 2017\n\nChief Constable\nHumberside Police\n\nDear Chief Constable,\n\nPEEL 2016: revisit to Humberside Police\n\nWithin three months, the force should put in place a plan to reduce its backlog of investigations. The force should immediately stop the practice of closing cases without review. We were pleased to see progress.\n\nYours sincerely,\n\nHM Inspector of Constabulary\n",
    ),
    (
        "panel",
        "Scrutiny review – Visible policing\n\nSURREY POLICE AND CRIME PANEL\n\nFindings\n\nThe task and finish group heard evidence under these headings:\n\n- Neighbourhood teams\n- Response times\n\nNeighbourhood teams\n\n- Officers are abstracted often from their neighbourhoods to cover response shifts, which members heard leaves some wards without a familiar officer for weeks at a time\n- Teams are well known locally\n\nResponse times\n\nNext Steps\n\n- May: evidence sessions\n- July: report to the Panel\n",
    ),
    (
        "press",
        "Cumbria Constabulary is 'good' at legitimately keeping people safe - HMIC\n\nPublished 8 December 2016\n\nCumbria Constabulary has been judged as good at how legitimately it keeps people safe and reduces crime, in a report published today by HM Inspectorate of Constabulary.\n\nIn 2015 the force was also judged to be good.\n",
    ),
];

/// The fixture as a web page: lines as paragraphs, "• " lines as nested lists.
fn html_of(text: &str) -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Fixture</title></head><body>\n",
    );
    let mut depth = 0usize;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let escaped = trimmed.replace('&', "&amp;").replace('<', "&lt;");
        if let Some(item) = escaped.strip_prefix("• ") {
            let level = (line.len() - trimmed.len()) / 2;
            while depth < level {
                html.push_str("<ul>");
                depth += 1;
            }
            while depth > level {
                html.push_str("</ul>");
                depth -= 1;
            }
            html.push_str(&format!("<li>{item}</li>\n"));
            continue;
        }
        while depth > 0 {
            html.push_str("</ul>");
            depth -= 1;
        }
        if !trimmed.is_empty() {
            html.push_str(&format!("<p>{escaped}</p>\n"));
        }
    }
    while depth > 0 {
        html.push_str("</ul>");
        depth -= 1;
    }
    html.push_str("</body></html>\n");
    html
}

/// What a reader takes from a document, without spans: judgments, findings with their
/// sub-actions and deadlines, responses, lists stated empty, sections.
fn records(x: &Extraction) -> Vec<String> {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = vec![format!(
        "{:?} {:?} {:?} {:?}",
        x.kind,
        x.force.map(|f| f.slug()),
        x.cycle,
        x.published_on
    )];
    for j in &x.judgments {
        out.push(format!(
            "J {:?} {:?} {:?} {:?}",
            j.cycle(),
            j.subject(),
            j.grade(),
            j.stated_previous()
        ));
    }
    for f in &x.findings {
        let subs: Vec<String> = f.sub_actions.iter().map(|s| words(&s.text)).collect();
        let due: Vec<String> = f.deadlines.iter().map(|d| format!("{:?}", d.due)).collect();
        out.push(format!(
            "F {:?} {:?} {} {subs:?} {due:?} {:?}",
            f.kind(),
            f.subject(),
            words(f.text()),
            f.parent
        ));
    }
    for (finding, r) in &x.responses {
        out.push(format!("R {:?} {finding} {}", r.by, words(&r.text)));
    }
    for l in &x.finding_lists {
        out.push(format!("L {:?} {:?}", l.kind, l.stated_none));
    }
    for s in &x.sections {
        let items: Vec<String> = s.items.iter().map(|(text, _)| words(text)).collect();
        out.push(format!("S {} {items:?}", words(&s.heading)));
    }
    out
}

fn tools_present() -> bool {
    let present = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    if present("chromium") && present("pdftotext") {
        return true;
    }
    assert!(
        std::env::var_os("OVERSIGHT_SKIP_BROWSER").is_some(),
        "chromium and pdftotext are needed (apt-get install chromium poppler-utils), or set OVERSIGHT_SKIP_BROWSER=1"
    );
    eprintln!("SKIPPED: chromium or pdftotext is missing and OVERSIGHT_SKIP_BROWSER is set");
    false
}

#[test]
fn every_shape_printed_to_pdf_gives_the_records_of_its_html() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in FIXTURES {
        let html = html_of(text);
        let page = dir.path().join(format!("{name}.html"));
        std::fs::write(&page, &html).expect("written");
        let pdf = dir.path().join(format!("{name}.pdf"));
        let status = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", page.display()))
            .output()
            .expect("chromium runs");
        assert!(status.status.success(), "{name}: chromium failed");
        let from_html = ingest(html.as_bytes()).expect("the HTML reads");
        let from_pdf = ingest(&std::fs::read(&pdf).expect("the PDF")).expect("the PDF reads");
        assert!(
            records(&from_html).len() > 1,
            "{name}: the fixture yields records"
        );
        assert_eq!(
            records(&from_pdf),
            records(&from_html),
            "{name}: PDF text was\n{}",
            from_pdf.text
        );
    }
}
