//! Where a page does not name its cycle or force outright: the importer works them out from
//! what the text does say, or leaves them alone. Fixtures are our own wording in the shapes
//! real pages use (forces real, events invented).

use oversight_domain::{Cycle, DocumentKind, Grade, Pillar, Subject};
use oversight_ingest::{Extraction, ingest};

fn read(text: &str) -> Extraction {
    ingest(text.as_bytes()).expect("a readable document")
}

fn graded(x: &Extraction) -> Vec<(String, Grade)> {
    x.judgments
        .iter()
        .map(|j| {
            let subject = match j.subject() {
                Subject::Pillar(p) => p.code().to_owned(),
                Subject::Question { pillar, number } => format!("{}{number}", pillar.code()),
                Subject::Area(a) => a.code.to_owned(),
            };
            (subject, j.grade())
        })
        .collect()
}

#[test]
fn an_undated_story_is_placed_by_the_framework_its_grades_fit() {
    // "His Majesty's" and five-point grades: 2021/22 or 2023–25; only 2021/22 has an area
    // called strategic planning.
    let x = read(
        "Force sets out its improvement plan\n\n\
         His Majesty's Inspectorate of Constabulary and Fire & Rescue Services graded Lancashire \
         Constabulary as 'inadequate' in its approach to strategic planning, its ability to respond \
         to the public and its ability to protect vulnerable people.\n",
    );
    assert_eq!(x.cycle, Some(Cycle::Peel2021));
    assert_eq!(x.judgments.len(), 3, "{:?}", graded(&x));
}

#[test]
fn an_undated_story_that_fits_two_cycles_equally_gets_none() {
    // Effectiveness questions read the same in 2015 and 2016: the text does not say which.
    let x = read(
        "Commissioner comments on inspection\n\n\
         HMIC today published its report into the effectiveness of Cumbria Constabulary.\n\n\
         • Preventing crime – Good\n\
         • Tackling serious and organised crime – Good\n",
    );
    assert_eq!(x.cycle, None);
    assert!(x.judgments.is_empty());
    assert_eq!(x.kind, DocumentKind::Unrecognised);
    assert!(
        x.warnings[0].contains("no PEEL cycle named or dated"),
        "{:?}",
        x.warnings
    );
}

#[test]
fn one_sentence_grading_all_three_pillars_under_hmicfrs_is_the_integrated_assessment() {
    let x = read(
        "Force rated good\n\n\
         Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services rated Suffolk \
         Constabulary 'good' for its effectiveness at keeping people safe and reducing crime, for \
         providing sustainable services, and for the way it treats the public and its workforce.\n",
    );
    assert_eq!(x.cycle, Some(Cycle::Peel2018));
    let pillars: Vec<_> = x
        .judgments
        .iter()
        .filter_map(|j| j.subject().pillar())
        .collect();
    assert!(pillars.contains(&Pillar::Effectiveness) && pillars.contains(&Pillar::Legitimacy));
}

#[test]
fn a_month_of_publication_is_date_enough() {
    let x = read(
        "Inspection news\n\n\
         The inspectorate's report on Dorset Police was published in December 2023. Recording data \
         about crime was categorised as 'Requires Improvement'.\n",
    );
    assert_eq!(x.cycle, Some(Cycle::Peel2023));
    assert_eq!(
        graded(&x),
        vec![(
            "recording_data_about_crime".to_owned(),
            Grade::RequiresImprovement
        )]
    );
}

#[test]
fn a_downgrade_gives_the_new_grade_to_the_same_subject() {
    let x = read(
        "Minutes\n\n\
         Meeting of 14 December 2017. The Chief Superintendent explained that the PEEL legitimacy \
         report for the CoLP had been downgraded from \"good\" to \"requires improvement\".\n",
    );
    assert_eq!(x.force.map(|f| f.slug()), Some("city-of-london"));
    assert_eq!(x.cycle, Some(Cycle::Peel2017));
    let now: Vec<_> = x
        .judgments
        .iter()
        .filter(|j| j.cycle() == Cycle::Peel2017)
        .map(|j| (j.subject().pillar(), j.grade()))
        .collect();
    assert_eq!(
        now,
        vec![(Some(Pillar::Legitimacy), Grade::RequiresImprovement)]
    );
}

#[test]
fn the_2015_overview_is_known_by_its_first_leadership_assessment() {
    let x = read(
        "This year, for the first time, we have assessed leadership across the force.\n\n\
         I am pleased that Suffolk Constabulary has an outstanding approach to preventing crime and \
         anti-social behaviour.\n",
    );
    assert_eq!(x.cycle, Some(Cycle::Peel2015));
    assert_eq!(
        graded(&x),
        vec![("effectiveness1".to_owned(), Grade::Outstanding)]
    );
}

#[test]
fn improvement_needed_in_areas_and_three_key_areas() {
    let x = read(
        "Report grades the force\n\n\
         PEEL 2021/22: the inspectorate found Norfolk Constabulary good at managing offenders. \
         However it found that improvement was needed in relation to responding to the public and \
         value for money.\n",
    );
    assert_eq!(
        graded(&x),
        vec![
            ("managing_offenders".to_owned(), Grade::Good),
            (
                "responding_to_the_public".to_owned(),
                Grade::RequiresImprovement
            ),
            ("use_of_resources".to_owned(), Grade::RequiresImprovement),
        ]
    );
    let y = read(
        "Force requires improvement, says inspectorate\n\n\
         In its PEEL 2016 assessment Durham Constabulary requires improvement in three key areas, \
         the inspectorate has said. \
         The assessments look at the effectiveness, efficiency and legitimacy of every force.\n",
    );
    assert_eq!(y.cycle, Some(Cycle::Peel2016));
    assert_eq!(y.judgments.len(), 3, "{:?}", graded(&y));
}

#[test]
fn a_grade_unchanged_from_last_year_rules_out_the_first_graded_year() {
    // HMIC's name allows 2014–2016; the questions read alike in 2015 and 2016; but 2014 gave
    // effectiveness no grade of its own, so "unchanged from last year" cannot be 2015.
    let x = read(
        "Commissioner responds to inspection\n\n\
         HMIC have today published their report into the Effectiveness of Cumbria Constabulary. \
         PEEL looks at Police Effectiveness, Efficiency and Legitimacy.\n\n\
         Cumbria Constabulary received an overall grading of 'Good' which was unchanged from last year.\n\n\
         · Crime Prevention – Good\n\
         · Investigation – Good\n",
    );
    assert_eq!(x.cycle, Some(Cycle::Peel2016));
    assert_eq!(
        graded(&x),
        vec![
            ("effectiveness".to_owned(), Grade::Good),
            ("effectiveness1".to_owned(), Grade::Good),
            ("effectiveness2".to_owned(), Grade::Good),
        ]
    );
}

#[test]
fn the_2014_assessment_grades_efficiency_alone_as_a_whole() {
    let framework = Cycle::Peel2014.framework();
    assert_eq!(framework.graded_pillars, &[Pillar::Efficiency]);
    let x = read(
        "Essex PEEL 2014\n\nThe available evidence indicates that in terms of its effectiveness, in general, \
         the force is good at reducing crime and preventing offending; the efficiency with which the \
         force carries out its responsibilities is good.\n",
    );
    assert!(
        !x.judgments
            .iter()
            .any(|j| j.subject() == Subject::Pillar(Pillar::Effectiveness)),
        "{:?}",
        graded(&x)
    );
}

#[test]
fn a_phrase_broken_off_by_columns_names_no_pillar_or_question() {
    let x = read(
        "Force rated good\n\nPEEL 2018/19: inspectors reported Essex Police is:\n\
         l 'Good' at effectively reducing crime and keeping people safe\n\
         l 'Good' in the way it treats the public The Force was praised by the inspectors\n\
         and its workforce. for its ethical culture.\n",
    );
    let subjects = graded(&x);
    assert!(
        !subjects.iter().any(|(s, _)| s.starts_with("legitimacy")),
        "{subjects:?}"
    );
}
