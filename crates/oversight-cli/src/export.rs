//! `oversight export json`: the stable export format other tools read. Its records are the
//! wire types of [`oversight_web::wire`], the same the API answers with: field names and value
//! spellings there are a public contract.

use oversight_domain::{Cycle, FORCES};
use oversight_store::Store;
use oversight_web::wire::{
    ActionOut, CycleOut, DocumentOut, FindingOut, ForceOut, InspectionOut, JudgmentOut,
    ResponseOut, ReviewOut, SectionOut, StatedListOut, inspection_id,
};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Export {
    pub forces: Vec<ForceOut>,
    pub cycles: Vec<CycleOut>,
    pub documents: Vec<DocumentOut>,
    pub judgments: Vec<JudgmentOut>,
    pub findings: Vec<FindingOut>,
    pub responses: Vec<ResponseOut>,
    /// Each document's lists of findings per pillar, including explicit "none stated".
    pub finding_lists: Vec<StatedListOut>,
    /// Headings and list items of structured documents (Panel papers).
    pub sections: Vec<SectionOut>,
    /// Police and Crime Panel scrutiny reviews.
    pub reviews: Vec<ReviewOut>,
    /// Each force's inspections (pillar, or graded areas) with the PCC's response deadline.
    pub inspections: Vec<InspectionOut>,
    /// Actions against findings, with their progress updates.
    pub actions: Vec<ActionOut>,
    /// The audit log, oldest first.
    pub audit: Vec<oversight_store::AuditEntry>,
}

impl Export {
    pub async fn gather(store: &Store) -> anyhow::Result<Export> {
        // What is behind, overdue, red/amber/green is as of the day of the export.
        let today = time::OffsetDateTime::now_utc().date();
        Ok(Export {
            forces: FORCES.iter().copied().map(ForceOut::from).collect(),
            cycles: Cycle::ALL.iter().copied().map(CycleOut::from).collect(),
            documents: store
                .documents()
                .await?
                .into_iter()
                .map(DocumentOut::with_text)
                .collect(),
            judgments: store
                .judgments()
                .await?
                .iter()
                .map(JudgmentOut::from)
                .collect(),
            findings: store
                .findings()
                .await?
                .into_iter()
                .map(FindingOut::from)
                .collect(),
            responses: store
                .responses()
                .await?
                .into_iter()
                .map(ResponseOut::from)
                .collect(),
            finding_lists: store
                .finding_lists()
                .await?
                .into_iter()
                .map(StatedListOut::from)
                .collect(),
            sections: store
                .sections()
                .await?
                .into_iter()
                .map(SectionOut::from)
                .collect(),
            reviews: store
                .reviews()
                .await?
                .into_iter()
                .map(|r| ReviewOut::new(r, today))
                .collect(),
            inspections: inspections(store).await?,
            actions: store
                .actions(None)
                .await?
                .into_iter()
                .map(|a| ActionOut::new(a, today))
                .collect(),
            audit: {
                let mut log = store.audit_log(None, i64::MAX).await?;
                log.reverse();
                log
            },
        })
    }
}

/// One entry per force, cycle and pillar (or the graded areas of 2021 on) that a stored
/// inspection report covers, with its publication date and the response deadline.
async fn inspections(store: &Store) -> anyhow::Result<Vec<InspectionOut>> {
    let documents = store.documents().await?;
    let mut out: Vec<InspectionOut> = Vec::new();
    for j in store.judgments().await? {
        let Some(doc) = documents.iter().find(|d| d.id == j.document) else {
            continue;
        };
        if doc.kind != "inspection_report" || j.question.is_some() {
            continue;
        }
        let id = inspection_id(&j.force, &j.cycle, j.pillar.as_deref());
        if out.iter().any(|i| i.id == id) {
            continue;
        }
        let published = doc.published_on.clone();
        let due = published
            .as_deref()
            .and_then(|p| {
                time::Date::parse(p, &time::format_description::well_known::Iso8601::DATE).ok()
            })
            .map(|d| oversight_domain::action::response_due(d).to_string());
        out.push(InspectionOut {
            id,
            force: j.force.clone(),
            cycle: j.cycle.clone(),
            pillar: j.pillar.clone(),
            published_on: published,
            response_due: due,
        });
    }
    Ok(out)
}
