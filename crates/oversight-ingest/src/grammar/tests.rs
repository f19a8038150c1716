//! The grammar on sentences in the shapes real pages use (our own wording).
use super::*;

fn read(text: &str, cycle: Cycle) -> Vec<(String, &'static str, Option<&'static str>, Cycle)> {
    let doc = Layout::new(text);
    let (statements, _) = Reader::new(&doc, cycle).statements();
    statements
        .into_iter()
        .map(|s| {
            let subject = match s.subject {
                Subject::Pillar(p) => p.code().to_owned(),
                Subject::Question { pillar, number } => format!("{}{}", pillar.code(), number),
                Subject::Area(a) => a.code.to_owned(),
            };
            (subject, s.grade.code(), s.force.map(|f| f.slug()), s.cycle)
        })
        .collect()
}

fn subjects(text: &str, cycle: Cycle) -> Vec<(String, &'static str)> {
    read(text, cycle)
        .into_iter()
        .map(|(s, g, _, _)| (s, g))
        .collect()
}

fn s(subject: &str, grade: &'static str) -> (String, &'static str) {
    (subject.to_owned(), grade)
}

#[test]
fn the_extent_to_which_lines() {
    let text = "The extent to which the force is effective at keeping people safe and reducing crime requires improvement.\n\n\
        The extent to which the force is efficient at keeping people safe and reducing crime is: good.\n\n\
        The extent to which the force is legitimate at keeping people safe and reducing crime: not yet graded.";
    assert_eq!(
        subjects(text, Cycle::Peel2016),
        vec![
            s("effectiveness", "requires_improvement"),
            s("efficiency", "good")
        ]
    );
}

#[test]
fn questions_in_prose_and_lists_of_them() {
    let text = "The force is good at tackling serious and organised crime. It is also good at \
        investigating crime and protecting vulnerable people. It has a good understanding of risk, \
        and is good at identifying people who may be at risk.";
    assert_eq!(
        subjects(text, Cycle::Peel2017),
        vec![
            s("effectiveness4", "good"),
            s("effectiveness2", "good"),
            s("effectiveness3", "good")
        ]
    );
}

#[test]
fn several_grades_in_one_sentence() {
    let text = "Inspectors graded Borsetshire as outstanding for effectiveness, outstanding for efficiency and good for legitimacy.";
    assert_eq!(
        subjects(text, Cycle::Peel2018),
        vec![
            s("effectiveness", "outstanding"),
            s("efficiency", "outstanding"),
            s("legitimacy", "good")
        ]
    );
    let text = "The force is judged to be good for its understanding of demand; its use of resources and its planning for the future require improvement.";
    assert_eq!(
        subjects(text, Cycle::Peel2016),
        vec![
            s("efficiency1", "good"),
            s("efficiency2", "requires_improvement"),
            s("efficiency3", "requires_improvement")
        ]
    );
}

#[test]
fn areas_as_verb_phrases_and_labels() {
    let text = "The areas graded as 'inadequate' included how the force investigates crime and how it responds to the public.";
    assert_eq!(
        subjects(text, Cycle::Peel2021),
        vec![
            s("investigating_crime", "inadequate"),
            s("responding_to_the_public", "inadequate")
        ]
    );
    let text = "The inspectorate assessed the force as follows:\n\n• Preventing crime – Good\n• Managing offenders, investigating crime - adequate\n• Crime data: Outstanding\n";
    assert_eq!(
        subjects(text, Cycle::Peel2021),
        vec![
            s("preventing_crime", "good"),
            s("managing_offenders", "adequate"),
            s("investigating_crime", "adequate"),
            s("recording_data_about_crime", "outstanding")
        ]
    );
    let text = "It was rated 'Good' in preventing crime and managing suspects, and 'Adequate' at leadership and force management.";
    assert_eq!(
        subjects(text, Cycle::Peel2023),
        vec![
            s("preventing_crime", "good"),
            s("managing_offenders", "good"),
            s("leadership_and_force_management", "adequate")
        ]
    );
}

#[test]
fn a_2017_question_grade_carried_into_2018_19() {
    let text = "In 2017, we judged Borsetshire Police as good at treating its workforce fairly.";
    assert_eq!(
        read(text, Cycle::Peel2018)
            .into_iter()
            .map(|(s, g, _, c)| (s, g, c))
            .collect::<Vec<_>>(),
        vec![("legitimacy3".to_owned(), "good", Cycle::Peel2018)]
    );
    // A pillar's 2017 grade stays 2017's.
    let text = "In 2017, we judged Borsetshire Police as good at legitimacy.";
    assert_eq!(read(text, Cycle::Peel2018)[0].3, Cycle::Peel2017);
}

#[test]
fn the_strapline_is_the_pillar_of_its_section_or_of_its_text() {
    // A stray mark inside the quotes does not hide the verb before the grade.
    let text = "Borsetshire Police has been judged as '˜Good' in the report on police \
        legitimacy.\n\nIt was 'Good' at keeping people safe and reducing crime.";
    assert_eq!(
        subjects(text, Cycle::Peel2017),
        vec![s("legitimacy", "good"), s("legitimacy", "good")]
    );
    let text = "Borsetshire Police\n\nEfficiency - How efficient is the force at keeping people \
        safe and reducing crime?\n\nOverall the force has been assessed as good at keeping \
        people safe and reducing crime.\n\nLegitimacy\n\nIt is judged to be outstanding at \
        keeping people safe and reducing crime.";
    assert_eq!(
        subjects(text, Cycle::Peel2016),
        vec![s("efficiency", "good"), s("legitimacy", "outstanding")]
    );
    // Several pillars named and no section: no subject.
    let text = "Its effectiveness and efficiency were discussed.\n\nThe force is good at keeping \
        people safe and reducing crime.";
    assert_eq!(subjects(text, Cycle::Peel2016), vec![]);
}

#[test]
fn a_lead_in_ending_with_colon_dash_and_arrow_items() {
    let text = "The force was also graded as good at:-\n► Understanding the demand it faces.\n\
        ► How it uses its resources.\n► Planning for the future.\nThe chief constable said more.";
    assert_eq!(
        subjects(text, Cycle::Peel2017),
        vec![
            s("efficiency1", "good"),
            s("efficiency2", "good"),
            s("efficiency3", "good")
        ]
    );
}

#[test]
fn items_separated_by_semicolons_and_the_remaining_ones() {
    let text = "We were also rated 'good' for treating the public fairly; investigating crime; \
        and supporting the workforce, with most of the remaining areas assessed as adequate.";
    assert_eq!(
        subjects(text, Cycle::Peel2021),
        vec![
            s("treatment_of_the_public", "good"),
            s("investigating_crime", "good"),
            s("positive_workplace", "good")
        ]
    );
    let text = "Its crime recording was good; the other areas were judged to be adequate.";
    assert_eq!(
        subjects(text, Cycle::Peel2021),
        vec![s("recording_data_about_crime", "good")]
    );
}

#[test]
fn two_forces_good_in_all_areas_and_a_third_that_required_improvement() {
    let text = "Across effectiveness, efficiency and legitimacy, Kent and Essex police forces \
        were rated 'good' in all areas, while Surrey was judged good in effectiveness but \
        required improvement in legitimacy.";
    let got: Vec<(String, &str, Option<&str>)> = read(text, Cycle::Peel2016)
        .into_iter()
        .map(|(s, g, f, _)| (s, g, f))
        .collect();
    let want = [
        ("effectiveness", "good", Some("kent")),
        ("efficiency", "good", Some("kent")),
        ("legitimacy", "good", Some("kent")),
        ("effectiveness", "good", Some("essex")),
        ("efficiency", "good", Some("essex")),
        ("legitimacy", "good", Some("essex")),
        ("effectiveness", "good", Some("surrey")),
        ("legitimacy", "requires_improvement", Some("surrey")),
    ]
    .map(|(s, g, f)| (s.to_owned(), g, f));
    assert_eq!(got, want.to_vec());
    // In a text about one pillar, "all areas" are its questions, not the pillars.
    let text = "The efficiency report found the force good in all areas.";
    assert_eq!(subjects(text, Cycle::Peel2016), vec![]);
}

#[test]
fn the_force_graded_under_a_pillar_question() {
    let text = "How efficient is the force at keeping people safe and reducing crime?\n\n\
        HMIC judges Borsetshire Police to require improvement. The force has started to \
        analyse demand.";
    assert_eq!(
        subjects(text, Cycle::Peel2015),
        vec![s("efficiency", "requires_improvement")]
    );
    // Under no one pillar, the force's grade names nothing.
    let text = "Its effectiveness and legitimacy were inspected.\n\nBorsetshire Police is good.";
    assert_eq!(subjects(text, Cycle::Peel2015), vec![]);
}

#[test]
fn a_question_with_its_grade_in_brackets() {
    let text = "The inspectorate graded the force on each question:\n\n  \
        • How effective is the force at tackling serious and organised crime? (Outstanding)\n  \
        • How effective is the force at investigating crime and reducing reoffending? (Good)\n";
    assert_eq!(
        subjects(text, Cycle::Peel2017),
        vec![
            s("effectiveness4", "outstanding"),
            s("effectiveness2", "good")
        ]
    );
}

#[test]
fn two_verbs_sharing_one_object_name_two_questions() {
    let text = "Borsetshire Police is good at preventing and investigating crime.";
    assert_eq!(
        subjects(text, Cycle::Peel2018),
        vec![s("effectiveness1", "good"), s("effectiveness2", "good")]
    );
}

#[test]
fn a_qualified_question_noun_counts_only_among_other_grades() {
    let text = "Our judgment is unchanged. The force has maintained a good understanding of \
        demand; its use of resources is assessed to be good; but its planning for future \
        demand is judged to require improvement.";
    assert_eq!(
        subjects(text, Cycle::Peel2017),
        vec![
            s("efficiency1", "good"),
            s("efficiency2", "good"),
            s("efficiency3", "requires_improvement")
        ]
    );
    // Alone, it is a description, not a grade; but an outstanding approach is one.
    let text = "The force has a good understanding of demand for its services.";
    assert_eq!(subjects(text, Cycle::Peel2017), vec![]);
    let text = "The force has a good approach to tackling organised crime.";
    assert_eq!(subjects(text, Cycle::Peel2017), vec![]);
    let text = "The force has an outstanding approach to tackling organised crime.";
    assert_eq!(
        subjects(text, Cycle::Peel2017),
        vec![s("effectiveness4", "outstanding")]
    );
}

#[test]
fn a_grade_word_before_areas_names_the_list_that_follows() {
    let text = "The inspectorate said the inadequate areas included how the force responds to \
        the public and how it manages offenders.";
    assert_eq!(
        subjects(text, Cycle::Peel2021),
        vec![
            s("responding_to_the_public", "inadequate"),
            s("managing_offenders", "inadequate")
        ]
    );
    // A grade word in ordinary use before "areas" is not one.
    let text = "There are good areas of practice in how it investigates crime.";
    assert_eq!(subjects(text, Cycle::Peel2021), vec![]);
}

#[test]
fn an_earlier_report_read_in_its_own_framework_and_its_follow_on_sentence() {
    let text = "That is a big step up from the previous report, which found Borsetshire Police \
        'Inadequate' – its lowest grade – at strategic planning and value for money.\n\n\
        It was also found to 'Require Improvement' in preventing crime and anti-social behaviour.\n\n\
        It is now 'Good' at investigating crime.";
    assert_eq!(
        read(text, Cycle::Peel2023)
            .into_iter()
            .map(|(s, g, _, c)| (s, g, c))
            .collect::<Vec<_>>(),
        vec![
            ("use_of_resources".to_owned(), "inadequate", Cycle::Peel2021),
            (
                "preventing_crime".to_owned(),
                "requires_improvement",
                Cycle::Peel2021
            ),
            ("investigating_crime".to_owned(), "good", Cycle::Peel2023),
        ]
    );
}

#[test]
fn a_lead_in_ending_with_its_grade_grades_the_list_under_it() {
    let text = "Borsetshire Police was rated 'good' (one step below an 'outstanding' grade) at:\n\n  \
        • preventing crime and anti-social behaviour\n\n  • supporting the workforce\n\n\
        It was rated 'adequate' at managing dangerous offenders, but 'inadequate' in:\n\n  \
        • investigating crime\n  • responding to the public\n\nThe chief constable said more.";
    assert_eq!(
        subjects(text, Cycle::Peel2021),
        vec![
            s("preventing_crime", "good"),
            s("positive_workplace", "good"),
            s("managing_offenders", "adequate"),
            s("investigating_crime", "inadequate"),
            s("responding_to_the_public", "inadequate")
        ]
    );
    let text =
        "Rated under the 'adequate' grade were: preventing crime; protecting vulnerable people.";
    assert_eq!(
        subjects(text, Cycle::Peel2023),
        vec![
            s("preventing_crime", "adequate"),
            s("protecting_vulnerable_people", "adequate")
        ]
    );
    let text = "Inspectors found that the force:\n\n• is 'good' at how it treats the public and its workforce.";
    assert_eq!(
        subjects(text, Cycle::Peel2018),
        vec![s("legitimacy", "good")]
    );
    let text = "The force is 'good' or 'adequate' in all areas, except investigating crime, where it 'requires improvement'.";
    assert_eq!(
        subjects(text, Cycle::Peel2023),
        vec![s("investigating_crime", "requires_improvement")]
    );
    // A lead-in with more to say than a preposition is not a list's grade.
    let text = "The force was rated 'good' last time, and these are the changes since:\n\n• investigating crime\n";
    assert_eq!(subjects(text, Cycle::Peel2021), vec![]);
}

#[test]
fn earlier_grades_and_other_forces() {
    let got = read(
        "The previous report found the force to be 'inadequate' in responding to the public.",
        Cycle::Peel2023,
    );
    assert_eq!(got[0].3, Cycle::Peel2021);
    let got = read(
        "Borsetshire is not discussed. Kent Police is good at preventing crime and anti-social behaviour.",
        Cycle::Peel2016,
    );
    assert_eq!(got[0].2, Some("kent"));
}

#[test]
fn ordinary_uses_of_grade_words_are_not_grades() {
    for text in [
        "The force has a good understanding of demand.",
        "It is good to see progress in investigating crime.",
        "Its approach to protecting vulnerable people is not good enough.",
        "The force would have been judged inadequate at investigating crime had it not acted.",
        "The grade for investigating crime will be published later; it is to be graded in spring.",
        "Staff told us the service was good.",
    ] {
        assert_eq!(subjects(text, Cycle::Peel2016), vec![], "{text}");
    }
}

#[test]
fn an_area_described_in_other_words_is_named_by_its_keywords() {
    assert_eq!(
        subjects(
            "The inspectorate said the force was inadequate at promptly answering emergency calls and attending incidents.",
            Cycle::Peel2021
        ),
        vec![s("responding_to_the_public", "inadequate")]
    );
    assert_eq!(
        subjects(
            "Its recording of reports of violent crime is inadequate.",
            Cycle::Peel2021
        ),
        vec![s("recording_data_about_crime", "inadequate")]
    );
    // A keyword deep in a clause before the grade is not its subject.
    assert!(
        subjects(
            "It oversees the control room well and handles calls and is good at prioritising them.",
            Cycle::Peel2023
        )
        .is_empty()
    );
}

#[test]
fn a_list_of_its_nouns_keeps_going_after_and_its() {
    assert_eq!(
        subjects(
            "The report graded the force as 'inadequate' in its approach to strategic planning, its ability to respond to the public and its ability to protect vulnerable people.",
            Cycle::Peel2021
        ),
        vec![
            s("use_of_resources", "inadequate"),
            s("responding_to_the_public", "inadequate"),
            s("protecting_vulnerable_people", "inadequate"),
        ]
    );
}

#[test]
fn a_question_of_the_pillar_named_is_the_subject() {
    assert_eq!(
        subjects(
            "Its effectiveness at investigating crime and reducing re-offending also requires improvement.",
            Cycle::Peel2016
        ),
        vec![s("effectiveness2", "requires_improvement")]
    );
    // The pillar's own phrase names no question inside it.
    assert_eq!(
        subjects(
            "The force is rated good for the way it treats the public and its workforce.",
            Cycle::Peel2016
        ),
        vec![s("legitimacy", "good")]
    );
}

#[test]
fn needed_improvement_quoted_is_a_grade_and_now_is_now() {
    assert_eq!(
        subjects(
            "The force was 'Good' at tackling serious and organised crime but needed 'improvement' in treating its workforce with fairness and respect.",
            Cycle::Peel2017
        ),
        vec![
            s("effectiveness4", "good"),
            s("legitimacy3", "requires_improvement")
        ]
    );
    // An unquoted "improvement" is ordinary prose.
    assert!(
        subjects(
            "The force needed improvement in how it records calls.",
            Cycle::Peel2017
        )
        .is_empty()
    );
    let now = read(
        "Since our inspection in 2015 the force has changed, and it is now good at tackling serious and organised crime.",
        Cycle::Peel2017,
    );
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].3, Cycle::Peel2017);
}

#[test]
fn a_grade_in_a_second_relative_clause_is_of_now() {
    let found = read(
        "The areas graded are in addition to crime data integrity, which was inspected previously and which is rated as 'Outstanding'.",
        Cycle::Peel2021,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "recording_data_about_crime");
    assert_eq!(found[0].3, Cycle::Peel2021);
}
