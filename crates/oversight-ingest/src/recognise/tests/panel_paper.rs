//! Panel papers: headings and lists.

use oversight_domain::DocumentKind;

use super::read;

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
