//! Findings as published letters, trackers and flattened copies of lists state them.
//! Fixtures are our own wording in the real shapes (forces real, events invented).

use oversight_domain::{Cycle, FindingKind};
use oversight_ingest::{Extraction, ingest};

fn read(text: &str) -> Extraction {
    ingest(text.as_bytes()).expect("a readable document")
}

fn kinds(x: &Extraction) -> Vec<(FindingKind, String)> {
    x.findings
        .iter()
        .map(|f| (f.kind(), f.text().chars().take(40).collect()))
        .collect()
}

const WEB_LETTER: &str = "Norfolk Constabulary: PEEL causes of concern revisit letter
Contents
Letter information
From
A. Inspector
His Majesty's Inspector of Constabulary
To
B. Chief
Chief Constable
Norfolk Constabulary
Cc
C. Commissioner
Norfolk Police and Crime Commissioner
Sent on
12 March 2024
Background
Between 3 and 21 January 2022, we inspected Norfolk Constabulary as part of our police efficiency, effectiveness and legitimacy (PEEL) programme. We identified two causes of concern, which were that the force:
- was not answering emergency calls quickly enough; and
- did not record crime accurately.
Responding to the public
We recommended that the force should:
- review the staffing of its control room against its demand;
- publish its call answering times each month.
Crime recording
Our cause of concern about crime recording had one accompanying recommendation:
Within three months, Norfolk Constabulary should:
- train every call handler in the crime recording rules.
";

#[test]
fn a_web_letter_is_dated_by_sent_on_and_placed_in_the_inspection_it_follows() {
    let x = read(WEB_LETTER);
    assert_eq!(x.force.map(|f| f.slug()), Some("norfolk"));
    // Sent in 2024 (2023–25's reports), about an inspection of January 2022: 2021/22.
    assert_eq!(x.cycle, Some(Cycle::Peel2021));
    assert_eq!(
        x.published_on.map(|d| d.to_string()),
        Some("2024-03-12".into())
    );
    let found = kinds(&x);
    assert_eq!(
        found
            .iter()
            .filter(|(k, _)| *k == FindingKind::CauseOfConcern)
            .count(),
        2,
        "{found:?}"
    );
    // Two after "We recommended that the force should:", one after a lead-in carried on
    // by a second line.
    assert_eq!(
        found
            .iter()
            .filter(|(k, _)| *k == FindingKind::Recommendation)
            .count(),
        3,
        "{found:?}"
    );
}

#[test]
fn a_letter_following_two_inspections_is_about_the_later() {
    let text = WEB_LETTER.replace(
        "Background\n",
        "Background\nIn our 2021/22 PEEL inspection we raised an area of concern. We carried out our final evidence gathering for our 2023–24 PEEL inspection in February 2024.\n",
    );
    assert_eq!(read(&text).cycle, Some(Cycle::Peel2023));
}

#[test]
fn a_heading_list_ends_where_its_paragraphs_begin_and_flattened_items_are_split() {
    let x = read(
        "Durham PEEL 2018/19\n\nEffectiveness\n\nHow effective is the force at investigating crime and reducing re-offending?\n\
Areas for improvement\n\
- The force should make sure that supervisors review investigations regularly and record\n\
their reviews. - The force should improve how quickly it examines digital devices.\n\
- The force should reduce the number of suspects released under investigation.\n\
We set out our detailed findings below.\n\
Investigation quality\n\
The force has plans. They include:\n\
- recruiting detectives from other forces;\n\
- training more investigators.\n",
    );
    let afis: Vec<String> = kinds(&x)
        .into_iter()
        .filter(|(k, _)| *k == FindingKind::AreaForImprovement)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(afis.len(), 3, "{afis:?}");
    assert!(afis[0].starts_with("The force should make sure that supervis"));
    assert!(afis[1].starts_with("The force should improve how quickly"));
    assert!(!afis.iter().any(|t| t.contains("recruiting")), "{afis:?}");
}

#[test]
fn a_tracker_row_run_together_gives_its_labelled_finding() {
    let x = read(
        "Appendix: PEEL 2018/19 recommendations tracker for Essex Police\n\n\
Ref Type Finding Status 1 Area for Improvement The force should improve how it supervises its investigations of domestic abuse. AMBER Training planned for spring.\n",
    );
    let found = kinds(&x);
    assert_eq!(
        found,
        vec![(
            FindingKind::AreaForImprovement,
            "The force should improve how it supervis".to_owned()
        )]
    );
}

#[test]
fn cycle_years_next_to_wide_characters_do_not_break_the_reader() {
    for text in [
        "Letter information\nSent on\n1 May 2024\nDear Chief Constable of Kent Police, HMICFRS 2é€23‑2€ our 2023‑25 PEEL é\n",
        "Kent Police 2€2€2€ 2021/2é PEEL 20😀23–25 inspection\n",
    ] {
        let _ = read(text);
    }
}
