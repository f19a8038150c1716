//! The acceptance checks of the foundation issue, on the five real seed documents.

use serde_json::Value;

use crate::{export, oversight, seed_files, stderr, stdout};

/// The five seeds imported into a fresh database, and its `export json`.
pub(crate) fn import_seeds() -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("seeds.db");
    let files = seed_files();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    let out = oversight(&db, &args);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    let all = export(&db);
    (dir, all)
}

fn judgment<'a>(all: &'a Value, cycle: &str, pillar: &str, question: Option<i64>) -> &'a Value {
    let matches: Vec<&Value> = all["judgments"]
        .as_array()
        .expect("judgments")
        .iter()
        .filter(|j| {
            j["cycle"] == cycle
                && j["pillar"] == pillar
                && j["question"].as_i64() == question
                && j["force"] == "hampshire"
        })
        .collect();
    assert_eq!(
        matches.len(),
        1,
        "one judgment for {cycle} {pillar} {question:?}"
    );
    matches[0]
}

fn findings<'a>(
    all: &'a Value,
    cycle: &str,
    pillar: &str,
    question: Option<i64>,
    kind: &str,
) -> Vec<&'a Value> {
    all["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["cycle"] == cycle
                && f["pillar"] == pillar
                && f["kind"] == kind
                && (question.is_none() || f["question"].as_i64() == question)
        })
        .collect()
}

/// The character range `span` of the document `id`'s text.
fn covered(all: &Value, id: &str, span: &Value) -> String {
    let doc = all["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["id"] == id)
        .expect("the document");
    let start = span[0].as_u64().expect("start") as usize;
    let end = span[1].as_u64().expect("end") as usize;
    doc["text"]
        .as_str()
        .expect("text")
        .chars()
        .skip(start)
        .take(end - start)
        .collect()
}

#[test]
fn peel_2016_effectiveness_from_the_pillar_page() {
    let (_dir, all) = import_seeds();
    let pillar = judgment(&all, "2016", "effectiveness", None);
    assert_eq!(pillar["grade"], "requires_improvement");
    assert_eq!(pillar["previous_grade"], "good");
    assert_eq!(pillar["change"], "deteriorated");
    let expected = [
        "good",
        "requires_improvement",
        "requires_improvement",
        "good",
        "ungraded",
    ];
    for (n, grade) in expected.iter().enumerate() {
        let q = judgment(&all, "2016", "effectiveness", Some(n as i64 + 1));
        assert_eq!(q["grade"], *grade, "question {}", n + 1);
    }
    let per_question: Vec<usize> = (1..=5)
        .map(|q| {
            findings(
                &all,
                "2016",
                "effectiveness",
                Some(q),
                "area_for_improvement",
            )
            .len()
        })
        .collect();
    assert_eq!(per_question, vec![1, 6, 0, 2, 0]);
    assert_eq!(
        findings(&all, "2016", "effectiveness", Some(3), "cause_of_concern").len(),
        1
    );
    let recommendations = findings(&all, "2016", "effectiveness", Some(3), "recommendation");
    assert_eq!(recommendations.len(), 3);
    let cause = findings(&all, "2016", "effectiveness", Some(3), "cause_of_concern")[0];
    assert!(
        recommendations.iter().all(|r| r["parent"] == cause["id"]),
        "recommendations hang under the cause of concern"
    );

    let sixth = findings(
        &all,
        "2016",
        "effectiveness",
        Some(2),
        "area_for_improvement",
    )[5];
    assert_eq!(
        sixth["deadlines"],
        serde_json::json!(["2017-05-01", "2017-06-01"])
    );
    assert_eq!(
        sixth["sub_actions"].as_array().expect("sub-actions").len(),
        3
    );
    // Provenance: each finding's span covers exactly its text in the stored document.
    for f in all["findings"].as_array().expect("findings") {
        let text = covered(&all, f["document"].as_str().expect("document"), &f["span"]);
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>().join(" "),
            f["text"].as_str().expect("text")
        );
    }
}

#[test]
fn peel_2018_19_from_the_pcc_response() {
    let (_dir, all) = import_seeds();
    for pillar in ["effectiveness", "efficiency", "legitimacy"] {
        assert_eq!(
            judgment(&all, "2018/19", pillar, None)["grade"],
            "good",
            "{pillar}"
        );
    }
    let counts: Vec<usize> = ["effectiveness", "efficiency", "legitimacy"]
        .iter()
        .map(|p| findings(&all, "2018/19", p, None, "area_for_improvement").len())
        .collect();
    assert_eq!(counts, vec![2, 0, 3]);
    // Efficiency's "None stated" is an explicit empty list, not missing data.
    let lists = all["finding_lists"].as_array().expect("finding lists");
    let efficiency: Vec<&Value> = lists
        .iter()
        .filter(|l| l["cycle"] == "2018/19" && l["pillar"] == "efficiency")
        .collect();
    assert_eq!(efficiency.len(), 1);
    assert_eq!(efficiency[0]["stated_none"], true);

    let responses = all["responses"].as_array().expect("responses");
    assert_eq!(responses.len(), 5);
    let afis: Vec<&Value> = all["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["cycle"] == "2018/19")
        .collect();
    // Each response answers a different area for improvement, in document order, and
    // each is about the finding it follows (101 calls; indecent images; the ethics committee; …).
    let answered: Vec<&str> = responses
        .iter()
        .map(|r| r["finding"].as_str().expect("finding id"))
        .collect();
    let ids: Vec<&str> = afis.iter().map(|f| f["id"].as_str().expect("id")).collect();
    assert_eq!(answered, ids);
    let pairs = [
        ("101 calls", "101"),
        ("indecent image", "indecent images"),
        ("ethics committee", "ethical issues"),
        ("vulnerable people", "vulnerable"),
        ("sexual purpose", "sexual purpose"),
    ];
    for ((finding_word, response_word), (f, r)) in pairs.iter().zip(afis.iter().zip(responses)) {
        assert!(
            f["text"].as_str().expect("text").contains(finding_word),
            "{}",
            f["text"]
        );
        assert!(
            r["text"].as_str().expect("text").contains(response_word),
            "{}",
            r["text"]
        );
        assert_eq!(r["by"], "opcc");
    }
}

#[test]
fn legitimacy_2016_and_2015_from_the_press_release() {
    let (_dir, all) = import_seeds();
    let now = judgment(&all, "2016", "legitimacy", None);
    assert_eq!(now["grade"], "good");
    assert_eq!(now["previous_grade"], "good");
    assert_eq!(now["change"], "unchanged");
    let before = judgment(&all, "2015", "legitimacy", None);
    assert_eq!(before["grade"], "good");
    let sentence = covered(
        &all,
        before["document"].as_str().expect("document"),
        &before["span"],
    );
    assert!(sentence.starts_with("In 2015"), "{sentence}");
}

#[test]
fn exactly_these_records_and_nothing_more() {
    let (_dir, all) = import_seeds();
    let kinds: Vec<&str> = all["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        vec![
            "pcc_response",
            "press_release",
            "inspection_report",
            "transcript",
            "panel_paper"
        ]
    );
    assert_eq!(
        all["judgments"].as_array().expect("judgments").len(),
        11,
        "6 from the report, 3 from the response, 2 from the press release"
    );
    assert_eq!(
        all["findings"].as_array().expect("findings").len(),
        18,
        "13 from the report, 5 from the response"
    );
    for d in all["documents"].as_array().expect("documents") {
        assert_eq!(d["sha256"].as_str().map(str::len), Some(64));
        assert!(d["source"].as_str().expect("source").ends_with(".txt"));
    }
    // The Panel paper keeps its headings and lists.
    let sections: Vec<(&str, usize)> = all["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| {
            (
                s["heading"].as_str().expect("heading"),
                s["items"].as_array().expect("items").len(),
            )
        })
        .collect();
    for expected in [
        ("Enabling effective and efficient operational policing", 5),
        ("Commissioning and supporting areas beyond policing", 4),
        ("Strengthening Partnerships", 3),
        ("Engagement and Communication", 0),
    ] {
        assert!(sections.contains(&expected), "{expected:?} in {sections:?}");
    }
}

#[test]
fn reimporting_changes_nothing_and_says_so() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("seeds.db");
    let files = seed_files();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    let first = oversight(&db, &args);
    assert!(first.status.success());
    assert_eq!(
        stdout(&first).matches(": added ").count(),
        5,
        "{}",
        stdout(&first)
    );
    let before = export(&db);
    let second = oversight(&db, &args);
    assert!(second.status.success());
    assert_eq!(
        stdout(&second).matches(": unchanged").count(),
        5,
        "{}",
        stdout(&second)
    );
    assert_eq!(export(&db), before);
}

#[test]
fn the_inspections_table_reads_well() {
    let (dir, _) = import_seeds();
    let out = oversight(&dir.path().join("seeds.db"), &["inspections"]);
    let table = stdout(&out);
    let row = table
        .lines()
        .find(|l| l.contains("2016") && l.contains("effectiveness"))
        .expect("a 2016 effectiveness row");
    assert!(row.contains("Hampshire Constabulary"), "{row}");
    assert!(row.contains("Requires improvement"), "{row}");
    assert!(row.contains("deteriorated (was Good)"), "{row}");
    let cells: Vec<&str> = row.split_whitespace().rev().take(3).collect();
    assert_eq!(
        cells,
        vec!["3", "1", "9"],
        "recommendations, causes, AFIs: {row}"
    );
}

#[test]
fn the_panel_paper_becomes_a_scrutiny_review() {
    let (_dir, all) = import_seeds();
    let reviews = all["reviews"].as_array().expect("reviews");
    assert_eq!(reviews.len(), 1);
    let r = &reviews[0];
    assert_eq!(
        r["plan_priority"],
        "Enabling effective and efficient operational policing"
    );
    assert_eq!(r["status"], "evidence_gathering");
    let points: Vec<usize> = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["points"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(points, vec![5, 4, 3, 0]);
    let headings: Vec<&str> = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["heading"].as_str())
        .collect();
    assert_eq!(
        headings[0],
        "Enabling effective and efficient operational policing"
    );
    let milestones: Vec<(&str, &str)> = r["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .map(|m| {
            (
                m["starts_on"].as_str().unwrap_or_default(),
                m["ends_on"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        milestones,
        vec![
            ("2019-06-01", "2019-07-31"),
            ("2019-08-01", "2019-09-30"),
            ("2019-10-01", "2019-10-31"),
            ("2020-01-01", "2020-01-31"),
        ]
    );
    let last = r["milestones"][3]["label"].as_str().unwrap_or_default();
    assert!(
        last.contains("January 2020") && last.to_lowercase().contains("response"),
        "{last}"
    );
    let survey: Vec<&Value> = r["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter(|f| f["value"] == 98.0)
        .collect();
    assert_eq!(survey.len(), 1);
    assert_eq!(survey[0]["unit"], "percent");
    assert_eq!(survey[0]["base"], 1551);
    assert!(
        r["figures"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["value"] == 56.0))
    );
    assert_eq!(r["recommendations"].as_array().map(Vec::len), Some(0));
}
