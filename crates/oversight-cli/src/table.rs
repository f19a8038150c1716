//! Plain-text tables for the terminal.

use oversight_domain::Change;
use oversight_store::InspectionSummary;

/// Lays out rows under a header, each column as wide as its widest cell.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    let mut out = line(header.to_vec());
    out.push_str(&line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

pub fn inspections(rows: &[InspectionSummary]) -> String {
    if rows.is_empty() {
        return "No inspections stored yet: import some documents with `oversight import FILE…`.\n"
            .to_owned();
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let force = oversight_domain::Force::from_slug(&r.force)
                .map_or_else(|| r.force.clone(), |f| f.name().to_owned());
            let change = match (r.change, r.previous_grade) {
                (Some(Change::Improved), Some(p)) => format!("↑ improved (was {p})"),
                (Some(Change::Deteriorated), Some(p)) => format!("↓ deteriorated (was {p})"),
                (Some(Change::Unchanged), _) => "= unchanged".to_owned(),
                _ => "–".to_owned(),
            };
            vec![
                force,
                r.cycle.clone(),
                r.subject.clone(),
                r.grade.label().to_owned(),
                change,
                r.areas_for_improvement.to_string(),
                r.causes_of_concern.to_string(),
                r.recommendations.to_string(),
            ]
        })
        .collect();
    render(
        &[
            "Force",
            "Cycle",
            "Pillar/area",
            "Grade",
            "Change",
            "AFIs",
            "Causes",
            "Recs",
        ],
        &cells,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up() {
        let out = render(&["A", "Bee"], &[vec!["long value".into(), "x".into()]]);
        assert_eq!(out, "A           Bee\n----------  ---\nlong value  x\n");
    }
}
