//! The wire contract as a reviewed snapshot: `export json` on the five seeds. A change to
//! a field's name, type or presence shows as a diff in `snapshots/`, to be accepted with
//! `cargo insta review` (or `INSTA_UPDATE=always`) and reviewed like code; CI runs with
//! `INSTA_UPDATE=no`, so a stale snapshot fails.
//!
//! The seeds' words are not ours to copy: texts, headings and titles, and every other
//! string longer than 40 characters, are kept only as their length; times of import as
//! `<time>`. Keys, ids, grades, dates, counts and spans stay as they are.

use serde_json::Value;

/// Replaces what is not ours (long texts) and what changes run to run (import times).
fn redacted(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let timed = k.ends_with("_at") || k == "at";
                    let words = matches!(
                        k.as_str(),
                        "text" | "heading" | "title" | "quote" | "description" | "summary"
                    );
                    let v = match v {
                        Value::String(_) if timed => Value::String("<time>".to_owned()),
                        Value::String(s) if words => {
                            Value::String(format!("<{} characters>", s.chars().count()))
                        }
                        other => redacted(other),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redacted).collect()),
        Value::String(s) if s.chars().count() > 40 => {
            Value::String(format!("<{} characters>", s.chars().count()))
        }
        other => other,
    }
}

#[test]
fn export_json_on_the_seeds_is_the_reviewed_contract() {
    let (_dir, all) = crate::seeds::import_seeds();
    let all = redacted(all);
    // Keys sorted: serde_json keeps insertion order when another crate of the build turns
    // on its `preserve_order`, and the snapshot must not depend on what else is built.
    insta::with_settings!({ sort_maps => true }, {
        insta::assert_json_snapshot!("export_json_on_the_seeds", all);
    });
}
