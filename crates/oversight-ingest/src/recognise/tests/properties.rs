//! Properties of the whole importer: any bytes, and document-shaped text.

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
