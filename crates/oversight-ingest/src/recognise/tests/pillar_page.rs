//! Inspection reports: labelled and prose pillar pages, integrated and area reports, overview
//! and findings pages.

use oversight_domain::{Cycle, DocumentKind, FindingKind, Grade, Pillar};

use super::{grades, read, span_text};

const LABELLED: &str = "Skip to content

Kent PEEL 2016

Efficiency

How efficient is the force at keeping people safe and reducing crime?

Last updated 14/11/2016
Good

Kent Police is good at using its resources efficiently. This is the same as last year.

The force understands its demand well.

Questions for Efficiency

1

How well does the force understand demand?

Good

Kent Police understands current demand well.

2

How well does the force use its resources to manage current demand?

Outstanding

The force is an exemplar in its use of resources.

3

How well is the force planning for demand in the future?

Not yet graded

Planning is under way.

Areas for improvement

  • The force should publish its workforce plan by 31 March 2017.
  • The force should review its estate, so that:
    • each station is assessed;
    • unused buildings are sold.

    The review will be published.
";

#[test]
fn labelled_pillar_page() {
    let x = read(LABELLED);
    assert_eq!(x.kind, DocumentKind::InspectionReport);
    assert_eq!(x.recogniser, "peel-pillar-page/labelled");
    assert_eq!(x.force.map(|f| f.slug()), Some("kent"));
    assert_eq!(
        x.published_on.map(|d| d.to_string()).as_deref(),
        Some("2016-11-14")
    );
    assert_eq!(
        grades(&x),
        vec![
            (
                Cycle::Peel2016,
                Some(Pillar::Efficiency),
                None,
                None,
                Grade::Good,
                Some(Grade::Good)
            ),
            (
                Cycle::Peel2016,
                Some(Pillar::Efficiency),
                Some(1),
                None,
                Grade::Good,
                None
            ),
            (
                Cycle::Peel2016,
                Some(Pillar::Efficiency),
                Some(2),
                None,
                Grade::Outstanding,
                None
            ),
        ]
    );
    // "Not yet graded" is not Ungraded: no judgment, and a warning says so.
    assert!(
        x.warnings.iter().any(|w| w.contains("Not yet graded")),
        "{:?}",
        x.warnings
    );
    assert_eq!(x.findings.len(), 2);
    let first = &x.findings[0];
    assert_eq!(first.subject().and_then(|s| s.question()), Some(3));
    assert_eq!(
        first
            .deadlines
            .iter()
            .filter_map(|d| d.resolve(None))
            .map(|d| d.to_string())
            .collect::<Vec<_>>(),
        ["2017-03-31"]
    );
    assert_eq!(span_text(&x, first.span()), first.text());
    let second = &x.findings[1];
    assert_eq!(
        second
            .sub_actions
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>(),
        ["each station is assessed;", "unused buildings are sold."]
    );
}

const PROSE: &str = "Norfolk PEEL 2016

Efficiency

How efficient is the force at keeping people safe and reducing crime?

Norfolk Constabulary is judged to be good at how efficiently it keeps people safe. Its understanding of demand is judged to be good; its use of resources to manage demand is judged to be outstanding; and its planning for future demand is judged to be requires improvement. Our overall judgment is an improvement on last year, when we judged the force to require improvement.

How well does the force understand demand?

The force has a good understanding of the demand it faces.

How well does the force use its resources to manage current demand?

The force would have been judged as inadequate, had it not acted. It is outstanding at matching resources to demand.

How well is the force planning for demand in the future?

Norfolk Constabulary requires improvement in its planning for the future.

Areas for improvement

- The force should plan its workforce against future demand.
";

#[test]
fn prose_pillar_page_reads_grades_from_sentences() {
    let x = read(PROSE);
    assert_eq!(x.recogniser, "peel-pillar-page/prose");
    let got = grades(&x);
    assert_eq!(
        got[0],
        (
            Cycle::Peel2016,
            Some(Pillar::Efficiency),
            None,
            None,
            Grade::Good,
            Some(Grade::RequiresImprovement)
        )
    );
    let questions: Vec<(Option<u8>, Grade)> = got
        .iter()
        .filter(|g| g.2.is_some())
        .map(|g| (g.2, g.4))
        .collect();
    assert_eq!(
        questions,
        vec![
            (Some(1), Grade::Good),
            (Some(2), Grade::Outstanding),
            (Some(3), Grade::RequiresImprovement)
        ]
    );
    assert_eq!(x.findings.len(), 1);
    assert_eq!(x.findings[0].subject().and_then(|s| s.question()), Some(3));
}

#[test]
fn previous_grades_read_off_every_phrasing() {
    let page = |statement: &str, grade: &str| {
        format!(
            "Essex PEEL 2017\n\nLegitimacy\n\nHow legitimate is the force at keeping people safe and reducing crime?\n\nLast updated 12/12/2017\n{grade}\n\nEssex Police is {} at this. {statement}\n\nQuestions for Legitimacy\n\n1\n\nTo what extent does the force treat all of the people it serves with fairness and respect?\n\nGood\n\nIt does.\n",
            grade.to_lowercase()
        )
    };
    let previous = |statement: &str, grade: &str| grades(&read(&page(statement, grade)))[0].5;
    assert_eq!(
        previous(
            "It was judged to be good last year; this is the same as last year.",
            "Good"
        ),
        Some(Grade::Good)
    );
    assert_eq!(
        previous(
            "This is an improvement since 2016, when the force was assessed as requiring improvement.",
            "Good"
        ),
        Some(Grade::RequiresImprovement)
    );
    assert_eq!(
        previous("The force has dropped two grades.", "Inadequate"),
        Some(Grade::Good)
    );
    assert_eq!(
        previous(
            "This is the first time that we have graded this pillar on its own, so there is no comparison.",
            "Good"
        ),
        None
    );
    assert_eq!(previous("Nothing is said about last year.", "Good"), None);
}

const INTEGRATED: &str = "Dorset PEEL 2018/19

Last updated 02/05/2019

Effectiveness

Good

Dorset Police is good at keeping people safe.

Areas for improvement from our 2017 inspection

  • The force should improve how it records crime.

The force has made good progress: crime recording is now audited monthly.

  • The force should train all officers in stalking law.

Limited progress has been made.

Areas for improvement

  • The force should reduce 101 call waiting times.

Efficiency

Requires improvement

Dorset Police requires improvement in its efficiency.

Areas for improvement

None

Legitimacy

Outstanding

Dorset Police is outstanding at treating people fairly.
";

#[test]
fn integrated_reports_split_by_pillar_and_keep_earlier_findings_as_earlier() {
    let x = read(INTEGRATED);
    let got: Vec<(Option<Pillar>, Grade)> = grades(&x).into_iter().map(|g| (g.1, g.4)).collect();
    assert_eq!(
        got,
        vec![
            (Some(Pillar::Effectiveness), Grade::Good),
            (Some(Pillar::Efficiency), Grade::RequiresImprovement),
            (Some(Pillar::Legitimacy), Grade::Outstanding)
        ]
    );
    let earlier: Vec<_> = x
        .findings
        .iter()
        .filter(|f| f.cycle() == Cycle::Peel2017)
        .collect();
    assert_eq!(earlier.len(), 2);
    assert_eq!(
        earlier[0].earlier_progress.as_deref(),
        Some("The force has made good progress: crime recording is now audited monthly.")
    );
    assert_eq!(
        earlier[1].earlier_progress.as_deref(),
        Some("Limited progress has been made.")
    );
    let new: Vec<_> = x
        .findings
        .iter()
        .filter(|f| f.cycle() == Cycle::Peel2018)
        .collect();
    assert_eq!(new.len(), 1);
    let efficiency = x
        .finding_lists
        .iter()
        .find(|l| l.pillar == Some(Pillar::Efficiency))
        .expect("a list for efficiency");
    assert!(efficiency.stated_none);
}

const AREAS_2021: &str = "PEEL 2021/22: An inspection of Surrey Police

Published 3 March 2022

Reporting data about crime
Good

The force records crime accurately.

Investigating crime
Requires improvement

Areas for improvement

  • The force should supervise investigations better.

How the force protects vulnerable people
Adequate

Cause of concern

Victims of stalking are not always safeguarded.

Recommendations

  • Within three months, the force should review every open stalking case.
";

#[test]
fn area_reports_use_the_alias_table() {
    let x = read(AREAS_2021);
    assert_eq!(x.recogniser, "peel-area-report");
    let got: Vec<(Option<&str>, Grade)> = grades(&x).into_iter().map(|g| (g.3, g.4)).collect();
    assert_eq!(
        got,
        vec![
            (Some("recording_data_about_crime"), Grade::Good),
            (Some("investigating_crime"), Grade::RequiresImprovement),
            (Some("protecting_vulnerable_people"), Grade::Adequate),
        ]
    );
    let rec = x
        .findings
        .iter()
        .find(|f| f.kind() == FindingKind::Recommendation)
        .expect("a recommendation");
    assert_eq!(
        rec.parent.map(|p| x.findings[p].kind()),
        Some(FindingKind::CauseOfConcern)
    );
    assert_eq!(
        rec.deadlines[0]
            .resolve(x.published_on)
            .map(|d| d.to_string())
            .as_deref(),
        Some("2022-06-03")
    );
}

#[test]
fn html_reads_like_its_text() {
    let html = "<!DOCTYPE html><html><body><p>Skip to content</p><h1>Kent PEEL 2016</h1><h2>Efficiency</h2>\
        <p>How efficient is the force at keeping people safe and reducing crime?</p><p>Last updated 14/11/2016</p><p>Good</p>\
        <p>Kent Police is good.</p><h2>Questions for Efficiency</h2><p>1</p><h3>How well does the force understand demand?</h3>\
        <p>Good</p><p>It does.</p><h4>Areas for improvement</h4><ul><li>The force should act by 1 May 2017.</li></ul></body></html>";
    let x = read(html);
    assert_eq!(x.format, crate::Format::Html);
    assert_eq!(x.recogniser, "peel-pillar-page/labelled");
    assert_eq!(x.judgments.len(), 2);
    assert_eq!(x.findings.len(), 1);
    assert_eq!(
        span_text(&x, x.findings[0].span()),
        "The force should act by 1 May 2017."
    );
}

const STANDARD_NOT_DEADLINE: &str = "Borsetshire PEEL 2016

Effectiveness

How effective is the force at keeping people safe and reducing crime?

Good

Borsetshire Police is good at keeping people safe and reducing crime.

Areas for improvement

  • The force should make sure that every missing person report is reviewed within seven days by a supervisor.
  • Within three months, the force should publish a plan for its control room.
";

#[test]
fn a_standard_inside_a_finding_is_not_its_deadline() {
    let x = read(STANDARD_NOT_DEADLINE);
    assert_eq!(x.findings.len(), 2);
    assert!(
        x.findings[0].deadlines.is_empty(),
        "{:?}",
        x.findings[0].deadlines
    );
    assert_eq!(x.findings[1].deadlines.len(), 1);
}

const OVERVIEW_2016: &str = "Skip to content

Kent 2016

Read more about Kent 2016

This is the third PEEL assessment of Kent Police by the inspectorate, updated through the year.

The extent to which the force is effective at keeping people safe and reducing crime: not yet graded.

The extent to which the force is efficient at keeping people safe and reducing crime is: good.

The extent to which the force is legitimate at keeping people safe and reducing crime requires improvement.

Her Majesty's Inspector of Constabulary

HMI's observations

The force is good at tackling serious and organised crime, but it requires improvement in how it treats its workforce with fairness and respect. It has a good understanding of its communities.
";

#[test]
fn overview_pages_read_their_grade_lines_and_prose() {
    let x = read(OVERVIEW_2016);
    assert_eq!(x.cycle, Some(Cycle::Peel2016));
    let got: Vec<(Option<Pillar>, Option<u8>, Grade)> =
        grades(&x).into_iter().map(|g| (g.1, g.2, g.4)).collect();
    assert_eq!(
        got,
        vec![
            (Some(Pillar::Efficiency), None, Grade::Good),
            (Some(Pillar::Legitimacy), None, Grade::RequiresImprovement),
            (Some(Pillar::Effectiveness), Some(4), Grade::Good),
            (
                Some(Pillar::Legitimacy),
                Some(3),
                Grade::RequiresImprovement
            ),
        ]
    );
}

#[test]
fn findings_pages_count_their_findings_or_mark_each_one() {
    let text = "PEEL Force Inspection\nPEEL 2023-25: Borsetshire Police\n\
        PEEL 2023-25 inspection findings for Borsetshire Police\n0\nRecommendations\n2\n\
        Areas for Improvement\nApplicable Forces\nBorsetshire Police\n\
        Areas for Improvement (2)\n\
        Borsetshire Police should answer non-emergency calls more quickly\n\
        We found that callers waited too long. The force accepts this.\n\
        Borsetshire Police\n\
        Borsetshire Police needs to review how it records missing people\n\
        Records were often incomplete.\n\
        Borsetshire Police\n";
    let x = read(text);
    let firsts: Vec<(FindingKind, String)> = x
        .findings
        .iter()
        .map(|f| {
            (
                f.kind(),
                f.text()
                    .split_whitespace()
                    .take(5)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .collect();
    assert_eq!(
        firsts,
        vec![
            (
                FindingKind::AreaForImprovement,
                "Borsetshire Police should answer non-emergency".to_owned()
            ),
            (
                FindingKind::AreaForImprovement,
                "Borsetshire Police needs to review".to_owned()
            ),
        ]
    );
    let text = "PEEL 2023-25: An inspection of Borsetshire Police\n1 December 2023\n\
        3 areas for improvement\nAreas for improvement\nAFI\n\
        The force needs to improve how it supervises investigations\n\
        In our sample, supervision was missing in a third of cases.\nBorsetshire Police\nAFI\n\
        The force should make sure its officers record the grounds for each search\n\
        Some records lacked grounds.\nBorsetshire Police\n";
    let x = read(text);
    assert_eq!(x.findings.len(), 2);
    assert!(
        x.findings[1]
            .text()
            .starts_with("The force should make sure")
    );
    // A page with only a heading of findings and its list is read for them.
    let text = "Borsetshire Police PEEL 2016\n\nThe force understands demand well.\n\n\
        Areas for improvement\n- The force should improve its analysis of future demand.\n\
        How well does the force plan for the future?\n";
    let x = read(text);
    assert_eq!(x.findings.len(), 1);
    assert_eq!(x.findings[0].kind(), FindingKind::AreaForImprovement);
}
