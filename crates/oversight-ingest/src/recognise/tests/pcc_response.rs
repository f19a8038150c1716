//! PCC responses: comments under each finding, and trackers of recommendations.

use oversight_domain::{DocumentKind, FindingKind, Grade, Pillar, Responder};

use super::{grades, read};

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
