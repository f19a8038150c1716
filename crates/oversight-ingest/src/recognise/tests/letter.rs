//! Inspectorate letters: deadlines first, web letters and revisit letters.

use oversight_domain::{Cycle, DocumentKind, FindingKind};

use super::read;

const LETTER: &str = "12 June 2017

Chief Constable
Humberside Police

Dear Chief Constable,

PEEL 2016: revisit to Humberside Police

Within three months, the force should put in place a plan to reduce its backlog of investigations. The force should immediately stop the practice of closing cases without review. We were pleased to see progress.

Yours sincerely,

HM Inspector of Constabulary
";

#[test]
fn letters_put_deadlines_first() {
    let x = read(LETTER);
    assert_eq!(x.kind, DocumentKind::InspectorateLetter);
    assert_eq!(x.cycle, Some(Cycle::Peel2016));
    assert_eq!(x.findings.len(), 2);
    assert_eq!(
        x.findings[0].deadlines[0]
            .resolve(x.published_on)
            .map(|d| d.to_string())
            .as_deref(),
        Some("2017-09-12")
    );
    assert_eq!(
        x.findings[1].deadlines[0].due,
        oversight_domain::Due::Immediately
    );
}

/// A revisit letter as the inspectorate publishes it on its website: a "Letter information"
/// block instead of a salutation, causes of concern as bullets after a lead-in, and
/// recommendations with their deadlines first.
const WEB_LETTER: &str = "Borsetshire Police: revisit of causes of concern

Published on: 4 March 2024

Letter information

From
A N Inspector
His Majesty’s Inspector of Constabulary

To
Chief Constable
Borsetshire Police

Sent on
4 March 2024

Background

In our PEEL 2023–25 inspection of Borsetshire Police we identified the following two causes of concern:

  • The force doesn’t answer emergency calls quickly enough to keep callers safe.
  • The force needs to make sure that crimes are allocated to investigators with the right skills.

We made the following recommendations:

  • Within three months, the force should publish a plan to recruit call handlers.
  • The force should immediately review how it allocates crimes.

We will revisit the force in the autumn.
";

#[test]
fn web_letters_list_findings_after_lead_ins() {
    let x = read(WEB_LETTER);
    assert_eq!(x.kind, DocumentKind::InspectorateLetter);
    assert_eq!(x.cycle, Some(Cycle::Peel2023));
    let kinds: Vec<FindingKind> = x.findings.iter().map(|f| f.kind()).collect();
    assert_eq!(
        kinds,
        vec![
            FindingKind::CauseOfConcern,
            FindingKind::CauseOfConcern,
            FindingKind::Recommendation,
            FindingKind::Recommendation
        ]
    );
    assert!(x.findings[2].text().starts_with("Within three months"));
    assert_eq!(x.findings[2].parent, Some(1));
    assert_eq!(x.findings[2].deadlines.len(), 1);
}

#[test]
fn a_revisit_letter_quotes_its_cause_of_concern_after_our_inspection_found() {
    let text = "Borsetshire Police: PEEL cause of concern revisit letter\n\n\
        Letter information\n\nSent on: 3 May 2022\n\nDear Chief Constable,\n\n\
        In 2021, we inspected Borsetshire Police as part of our PEEL 2021/22 programme and \
        reported one cause of concern:\n\nHandling of emergency calls\n\nOur inspection found:\n\n\
        \u{201c}Borsetshire Police is not answering emergency calls quickly enough, which puts \
        callers at risk.\u{201d}\n\nWe made the following recommendations:\n\n\
        \u{2022} Within three months, the force should review how it staffs its control room.\n\n\
        We have now revisited the force.\n\nYours sincerely,\n\nHM Inspector of Constabulary\n";
    let x = read(text);
    let kinds: Vec<FindingKind> = x.findings.iter().map(|f| f.kind()).collect();
    assert_eq!(x.kind, DocumentKind::InspectorateLetter, "{:?}", x.warnings);
    assert_eq!(
        kinds,
        vec![FindingKind::CauseOfConcern, FindingKind::Recommendation]
    );
    assert!(
        x.findings[0]
            .text()
            .contains("is not answering emergency calls")
    );
}
