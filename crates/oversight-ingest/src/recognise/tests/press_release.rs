//! Press releases and news stories: stated grades, several forces, lead-in lists.

use oversight_domain::{Cycle, DocumentKind, FindingKind, Grade, Pillar};

use super::{grades, read, span_text};

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
