//! Recogniser tests on fixtures written for Oversight in the real documents' shapes
//! (the forces, numbers and wording are invented; no published text is copied).

use oversight_domain::{Cycle, DocumentKind, FindingKind, Grade, Pillar, Responder};

use crate::{Extraction, ingest};

fn read(text: &str) -> Extraction {
    ingest(text.as_bytes()).expect("a readable document")
}

/// (cycle, pillar, question, area, grade, stated previous) of every judgment.
/// (cycle, pillar, question, area, grade, stated previous grade)
type GradeRow = (
    Cycle,
    Option<Pillar>,
    Option<u8>,
    Option<&'static str>,
    Grade,
    Option<Grade>,
);

fn grades(x: &Extraction) -> Vec<GradeRow> {
    x.judgments
        .iter()
        .map(|j| {
            (
                j.cycle(),
                j.subject().pillar(),
                j.subject().question(),
                j.subject().area().map(|a| a.code),
                j.grade(),
                j.stated_previous(),
            )
        })
        .collect()
}

fn span_text(x: &Extraction, span: oversight_domain::Span) -> String {
    x.text.chars().skip(span.start()).take(span.len()).collect()
}

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

const RESPONSE: &str = "HMICFRS PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Wiltshire Police

Response from: Office of the Police and Crime Commissioner for Wiltshire

We welcome the grades of ‘good’ for effectiveness and legitimacy, and ‘requires improvement’ for efficiency.

Effectiveness: areas for improvement

  • The force should answer 101 calls faster.

OPCC comment: We will monitor call answering monthly.

And report it to the public.

Efficiency: areas for improvement

None stated

Legitimacy: areas for improvement

  • The force should improve its use of stop and search records.

Force comment: Supervisors now review every record.

Chief Constable, A. Person comments:

We are proud of our officers.
";

#[test]
fn pcc_responses_attach_each_comment_to_its_finding() {
    let x = read(RESPONSE);
    assert_eq!(x.kind, DocumentKind::PccResponse);
    let got: Vec<(Option<Pillar>, Grade)> = grades(&x).into_iter().map(|g| (g.1, g.4)).collect();
    assert_eq!(
        got,
        vec![
            (Some(Pillar::Effectiveness), Grade::Good),
            (Some(Pillar::Legitimacy), Grade::Good),
            (Some(Pillar::Efficiency), Grade::RequiresImprovement)
        ]
    );
    assert_eq!(x.findings.len(), 2);
    assert_eq!(x.responses.len(), 2);
    assert_eq!(x.responses[0].0, 0);
    assert_eq!(x.responses[0].1.by, Responder::Opcc);
    assert_eq!(
        x.responses[0].1.text,
        "We will monitor call answering monthly. And report it to the public."
    );
    assert_eq!(x.responses[1].1.by, Responder::Force);
    assert_eq!(
        x.responses[1].1.text,
        "Supervisors now review every record."
    );
    let none: Vec<_> = x
        .finding_lists
        .iter()
        .filter(|l| l.stated_none)
        .map(|l| l.pillar)
        .collect();
    assert_eq!(none, vec![Some(Pillar::Efficiency)]);
}

const PRESS: &str = "Cumbria Constabulary is 'good' at legitimately keeping people safe - HMIC

HMIC has published its assessment of Cumbria Constabulary today.

HMIC found that Cumbria Constabulary:

- is good at vetting its staff; and
- treats people fairly.

HM Inspector said:

\"I have judged that Cumbria Constabulary is 'good' at legitimately keeping people safe and reducing crime. In 2015, when we last reported on the legitimacy of the force, it was judged to require improvement.\"
";

#[test]
fn press_releases_read_explicit_statements_only() {
    let x = read(PRESS);
    assert_eq!(x.kind, DocumentKind::PressRelease);
    assert_eq!(
        grades(&x),
        vec![
            (
                Cycle::Peel2015,
                Some(Pillar::Legitimacy),
                None,
                None,
                Grade::RequiresImprovement,
                None
            ),
            (
                Cycle::Peel2016,
                Some(Pillar::Legitimacy),
                None,
                None,
                Grade::Good,
                Some(Grade::RequiresImprovement)
            ),
        ]
    );
    let judged = &x.judgments[1];
    assert!(span_text(&x, judged.span()).starts_with("\"I have judged"));
}

const PRESS_2021: &str = "Inspection of Lancashire Constabulary, PEEL 2021/22

HMICFRS judged that Lancashire Constabulary:

- is 'outstanding' at preventing crime and anti-social behaviour;
- is 'adequate' at investigating crime; and
- 'requires improvement' in how it responds to the public.

The force was good in two areas and adequate in three areas.

HM Inspector said: \"I am pleased.\" The report was published today.
";

#[test]
fn press_release_lists_grade_areas() {
    let x = read(PRESS_2021);
    assert_eq!(x.kind, DocumentKind::PressRelease);
    let got: Vec<(Option<&str>, Grade)> = grades(&x).into_iter().map(|g| (g.3, g.4)).collect();
    assert_eq!(
        got,
        vec![
            (Some("preventing_crime"), Grade::Outstanding),
            (Some("investigating_crime"), Grade::Adequate),
            (Some("responding_to_the_public"), Grade::RequiresImprovement),
        ]
    );
    assert!(x.warnings.iter().any(|w| w.contains("counts grades")));
}

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

const PANEL: &str = "Scrutiny review – Visible policing

SURREY POLICE AND CRIME PANEL

Findings

The task and finish group heard evidence under these headings:

- Neighbourhood teams
- Response times

Neighbourhood teams

- Officers are abstracted often
- Teams are well known locally

Response times

Next Steps

- May: evidence sessions
- July: report to the Panel
";

#[test]
fn panel_papers_keep_headings_and_lists() {
    let x = read(PANEL);
    assert_eq!(x.kind, DocumentKind::PanelPaper);
    let shape: Vec<(&str, usize)> = x
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.items.len()))
        .collect();
    assert_eq!(
        shape,
        vec![
            ("Scrutiny review – Visible policing", 0),
            ("SURREY POLICE AND CRIME PANEL", 0),
            ("Findings", 2),
            ("Neighbourhood teams", 2),
            ("Response times", 0),
            ("Next Steps", 2)
        ]
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

#[test]
fn unknown_text_is_kept_with_a_warning() {
    let x = read("Minutes of the allotment society.\n\nTea was served.\n");
    assert_eq!(x.kind, DocumentKind::Unrecognised);
    assert!(x.judgments.is_empty() && x.findings.is_empty());
    assert_eq!(x.warnings.len(), 1);
}

mod properties {
    use proptest::prelude::*;

    use crate::ingest;

    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Kent PEEL 2016\n".to_owned()),
            Just("Effectiveness\n".to_owned()),
            Just("Questions for Effectiveness\n".to_owned()),
            Just("1\n".to_owned()),
            Just("How effective is the force at preventing crime?\n".to_owned()),
            Just("Good\n".to_owned()),
            Just("Requires improvement\n".to_owned()),
            Just("Areas for improvement\n".to_owned()),
            Just("Cause of concern\n".to_owned()),
            Just("Recommendations\n".to_owned()),
            Just("  • The force should act by 1 May 2017.\n".to_owned()),
            Just("    • a step;\n".to_owned()),
            Just("OPCC comment: noted.\n".to_owned()),
            Just("Effectiveness: areas for improvement\n".to_owned()),
            Just("None stated\n".to_owned()),
            Just("Response from: the Police and Crime Commissioner\n".to_owned()),
            Just("PEEL 2021/22\nInvestigating crime\nAdequate\n".to_owned()),
            Just("\n".to_owned()),
            "[ -~‘’•–é]{0,40}\n",
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any bytes: a document or a refusal, never a panic.
        #[test]
        fn never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
            let _ = ingest(&bytes);
        }

        /// Document-shaped text: every span lies inside the text, and every finding's
        /// text is what its span covers (white space folded).
        #[test]
        fn spans_stay_inside_the_text(text in pieces()) {
            if let Ok(x) = ingest(text.as_bytes()) {
                let chars: Vec<char> = x.text.chars().collect();
                for j in &x.judgments {
                    prop_assert!(j.span().end() <= chars.len());
                }
                for f in &x.findings {
                    prop_assert!(f.span().end() <= chars.len());
                    let covered: String = chars[f.span().start()..f.span().end()].iter().collect();
                    prop_assert_eq!(covered.split_whitespace().collect::<Vec<_>>().join(" "), f.text());
                    for d in &f.deadlines {
                        prop_assert!(d.span.end() <= chars.len());
                    }
                }
                for (finding, r) in &x.responses {
                    prop_assert!(*finding < x.findings.len());
                    prop_assert!(r.span.end() <= chars.len());
                }
            }
        }
    }
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

const NEWS_TWO_FORCES: &str = "Local force praised by inspectors

Published 3 May 2019

Suffolk Constabulary has been rated as outstanding for effectiveness and good for legitimacy by the inspectorate.

Neighbouring Norfolk Constabulary was graded good for efficiency in the same round.
";

#[test]
fn news_gives_each_force_its_own_grades() {
    let x = read(NEWS_TWO_FORCES);
    assert_eq!(x.cycle, Some(Cycle::Peel2018));
    let got: Vec<(&str, Option<Pillar>, Grade)> = x
        .judgments
        .iter()
        .map(|j| (j.force().slug(), j.subject().pillar(), j.grade()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("suffolk", Some(Pillar::Effectiveness), Grade::Outstanding),
            ("suffolk", Some(Pillar::Legitimacy), Grade::Good),
            ("norfolk", Some(Pillar::Efficiency), Grade::Good),
        ]
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

/// A news story with no grades that lists the causes of concern under a lead-in.
const NEWS_CAUSES: &str = "Borsetshire Police makes progress, says inspectorate

The police inspectorate has revisited Borsetshire Police after its PEEL 2023-25 inspection.

The causes of concern were that the force:

  • needed to improve how it supervises investigations;
  • did not have the governance to monitor its performance.

Last year’s areas for improvement:

  • The force should record its stop and search encounters.

The chief constable welcomed the letter.
";

#[test]
fn lead_in_lists_give_findings_and_earlier_ones_do_not() {
    let x = read(NEWS_CAUSES);
    // Last year's list is read as earlier findings (by its heading), not again as new ones.
    let texts: Vec<(FindingKind, &str)> = x
        .findings
        .iter()
        .filter(|f| f.kind() == FindingKind::CauseOfConcern)
        .map(|f| (f.kind(), f.text()))
        .collect();
    assert_eq!(
        x.findings
            .iter()
            .filter(|f| f.kind() == FindingKind::AreaForImprovement)
            .count(),
        1
    );
    assert_eq!(
        texts,
        vec![
            (
                FindingKind::CauseOfConcern,
                "needed to improve how it supervises investigations;"
            ),
            (
                FindingKind::CauseOfConcern,
                "did not have the governance to monitor its performance."
            )
        ]
    );
}

/// A PCC's tracker: numbered rows, each a status and the inspectorate's formula.
const TRACKER: &str = "PEEL 2018/19 – Borsetshire Police
Recommendations
1
Completed
HMIC recommends that the force should immediately: review the capacity of its investigators; and
Borsetshire Police
2
Superseded
HMIC recommends that within six months the force should: improve the supervision of investigations.
Borsetshire Police
";

#[test]
fn tracker_rows_give_one_recommendation_each() {
    let x = read(TRACKER);
    let texts: Vec<&str> = x.findings.iter().map(|f| f.text()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].starts_with("HMIC recommends that the force should immediately: review"));
    assert!(texts[1].starts_with("HMIC recommends that within six months"));
    assert!(
        x.findings
            .iter()
            .all(|f| f.kind() == FindingKind::Recommendation)
    );
}

/// An integrated inspection's press release: three pillar grades, then the inspector's quote
/// walking through the questions.
const INTEGRATED_RELEASE: &str = "Inspectors praise Borsetshire Police

HM Inspectorate of Constabulary and Fire and Rescue Services has published today its PEEL 2018/19 report on Borsetshire Police.

Inspectors found that Borsetshire Police:

  • is ‘good’ at effectively reducing crime and keeping people safe;
  • is ‘outstanding’ at operating efficiently and providing sustainable services to the public; and
  • is ‘good’ at how it treats the public and its workforce.

HM Inspector of Constabulary said:

“The force is good at preventing crime and anti-social behaviour. It is also good at investigating crime.”
";

/// A one-pillar press release: the quote paraphrases the pillar's grade.
const ONE_PILLAR_RELEASE: &str = "Borsetshire Police is 'good' at legitimately keeping people safe and reducing crime - HMIC

HMIC has assessed how legitimate Borsetshire Police is in PEEL 2016. The findings are in a report published today.

HMIC found that Borsetshire Police is good at legitimacy.

HM Inspector of Constabulary said: \"We found that the force is good at treating the public it serves fairly and with respect.\"
";

#[test]
fn press_releases_read_question_grades_only_when_they_grade_several_pillars() {
    let x = read(INTEGRATED_RELEASE);
    let got: Vec<(Option<Pillar>, Option<u8>, Grade)> = grades(&x)
        .into_iter()
        .map(|(_, p, q, _, g, _)| (p, q, g))
        .collect();
    for want in [
        (Some(Pillar::Effectiveness), None, Grade::Good),
        (Some(Pillar::Efficiency), None, Grade::Outstanding),
        (Some(Pillar::Legitimacy), None, Grade::Good),
        (Some(Pillar::Effectiveness), Some(1), Grade::Good),
        (Some(Pillar::Effectiveness), Some(2), Grade::Good),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:?}");
    }
    let x = read(ONE_PILLAR_RELEASE);
    assert!(grades(&x).iter().all(|g| g.2.is_none()), "{:?}", grades(&x));
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
