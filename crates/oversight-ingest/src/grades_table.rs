//! Tables of grades (CSV): `force,cycle,pillar,question,grade` with optional `ons_pfa_code`
//! and `source_url` columns, as in published grade compilations. Each row becomes a
//! judgment whose span is the row's line in the stored table.
//!
//! This is an explicit import of a table a person chose; the document recognisers never
//! consult it.

use oversight_domain::{Cycle, DocumentKind, Force, Grade, Judgment, Pillar, Span, Subject};

use crate::{Extraction, Format, content_hash};

/// Why a table could not be read at all (rows that cannot be read are warnings instead).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradesTableError {
    #[error("the table is not UTF-8 text (first bad byte at offset {offset})")]
    NotText { offset: usize },
    #[error("the table has no header row")]
    Empty,
    #[error("the header has no {0:?} column (expected force, cycle, pillar, question, grade)")]
    MissingColumn(&'static str),
    #[error("line {line}: {reason}")]
    Csv { line: u64, reason: String },
}

/// Reads a grades table into an extraction of kind `grades_table`.
pub fn read_grades_table(bytes: &[u8]) -> Result<Extraction, GradesTableError> {
    let text = std::str::from_utf8(bytes).map_err(|e| GradesTableError::NotText {
        offset: e.valid_up_to(),
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| GradesTableError::Csv {
            line: 1,
            reason: e.to_string(),
        })?
        .clone();
    if headers.is_empty() {
        return Err(GradesTableError::Empty);
    }
    let column = |name: &'static str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let force_col = column("force").ok_or(GradesTableError::MissingColumn("force"))?;
    let cycle_col = column("cycle").ok_or(GradesTableError::MissingColumn("cycle"))?;
    let pillar_col = column("pillar").ok_or(GradesTableError::MissingColumn("pillar"))?;
    let question_col = column("question").ok_or(GradesTableError::MissingColumn("question"))?;
    let grade_col = column("grade").ok_or(GradesTableError::MissingColumn("grade"))?;
    let code_col = column("ons_pfa_code");
    let mut out = Extraction::unrecognised(String::new(), Format::Text, content_hash(bytes));
    out.kind = DocumentKind::GradesTable;
    out.recogniser = "grades-table";
    out.title = Some("Table of PEEL grades".to_owned());
    let char_offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let to_chars = |byte: usize| char_offsets.partition_point(|&b| b < byte);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                return Err(GradesTableError::Csv {
                    line,
                    reason: e.to_string(),
                });
            }
        }
        let Some(position) = record.position() else {
            continue;
        };
        let line = position.line();
        let start = usize::try_from(position.byte()).unwrap_or(0);
        let end = text[start..].find('\n').map_or(text.len(), |k| start + k);
        let span = Span::new(to_chars(start), to_chars(end))
            .unwrap_or_else(|_| unreachable!("end follows start"));
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let force = code_col
            .and_then(|c| oversight_domain::all_forces().find(|f| f.ons_code() == field(c)))
            .or_else(|| Force::from_name(field(force_col)));
        let Some(force) = force else {
            out.warnings.push(format!(
                "line {line}: {:?} is not a force Oversight knows; row skipped",
                field(force_col)
            ));
            continue;
        };
        let Ok(cycle) = field(cycle_col).parse::<Cycle>() else {
            out.warnings.push(format!(
                "line {line}: {:?} is not a PEEL cycle; row skipped",
                field(cycle_col)
            ));
            continue;
        };
        let Ok(grade) = field(grade_col).parse::<Grade>() else {
            out.warnings.push(format!(
                "line {line}: {:?} is not a grade; row skipped",
                field(grade_col)
            ));
            continue;
        };
        let subject = match (field(pillar_col), field(question_col)) {
            ("", area) => match cycle.framework().match_area(area) {
                Some(a) => Subject::Area(a),
                None => {
                    out.warnings.push(format!(
                        "line {line}: {area:?} is not an area {} grades; row skipped",
                        cycle.label()
                    ));
                    continue;
                }
            },
            (pillar, question) => {
                let Ok(pillar) = pillar.parse::<Pillar>() else {
                    out.warnings.push(format!(
                        "line {line}: {pillar:?} is not a pillar; row skipped"
                    ));
                    continue;
                };
                match question {
                    "" => Subject::Pillar(pillar),
                    q => match q.parse::<u8>() {
                        Ok(number) => Subject::Question { pillar, number },
                        Err(_) => {
                            out.warnings.push(format!(
                                "line {line}: question {q:?} is not a number; row skipped"
                            ));
                            continue;
                        }
                    },
                }
            }
        };
        if out
            .judgments
            .iter()
            .any(|j| j.force() == force && j.cycle() == cycle && j.subject() == subject)
        {
            out.warnings.push(format!("line {line}: a second grade for the same force, cycle and subject; the first is kept"));
            continue;
        }
        match Judgment::new(force, cycle, subject, grade, span) {
            Ok(j) => out.judgments.push(j),
            Err(e) => out.warnings.push(format!("line {line}: {e}; row skipped")),
        }
    }
    out.text = text;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_judgments_with_their_lines_as_spans() {
        let table = "force,ons_pfa_code,cycle,pillar,question,grade,source_url\n\
            Kent,E23000032,2016,effectiveness,,good,https://example.org/kent\n\
            \"London, City of\",E23000034,2021/22,,crime data integrity,adequate,https://example.org/col\n\
            Gotham,X1,2016,effectiveness,,good,\n\
            Kent,E23000032,2016,bravery,,good,\n\
            Kent,E23000032,2016,legitimacy,,superb,\n";
        let x = read_grades_table(table.as_bytes()).expect("a table");
        assert_eq!(x.kind, DocumentKind::GradesTable);
        assert_eq!(x.judgments.len(), 2);
        let kent = &x.judgments[0];
        assert_eq!(
            (kent.force().slug(), kent.cycle(), kent.grade()),
            ("kent", Cycle::Peel2016, Grade::Good)
        );
        let line: String = x
            .text
            .chars()
            .skip(kent.span().start())
            .take(kent.span().len())
            .collect();
        assert!(line.starts_with("Kent,E23000032,2016"), "{line}");
        assert_eq!(
            x.judgments[1].subject().area().map(|a| a.code),
            Some("recording_data_about_crime")
        );
        assert_eq!(x.warnings.len(), 3, "{:?}", x.warnings);
        assert!(x.warnings[0].starts_with("line 4:"), "{:?}", x.warnings);
    }

    #[test]
    fn a_table_without_the_columns_is_refused() {
        assert_eq!(
            read_grades_table(b"name,score\nx,1\n").err(),
            Some(GradesTableError::MissingColumn("force"))
        );
        assert!(matches!(
            read_grades_table(b"force,cycle,pillar,question,grade\nKent,2016\n"),
            Err(GradesTableError::Csv { line: 2, .. })
        ));
    }
}
