//! `oversight export json`: the stable export format other tools read. These are wire
//! types: field names and value spellings here are a public contract.

use oversight_domain::{Cycle, FORCES};
use oversight_store::Store;
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
    pub finding_lists: Vec<FindingListOut>,
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

#[derive(Debug, Serialize)]
pub struct InspectionOut {
    pub id: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub published_on: Option<String>,
    /// 56 days beginning with the day of publication (s.55).
    pub response_due: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ActionOut {
    pub id: String,
    pub finding: String,
    pub title: String,
    pub owner: String,
    pub status: &'static str,
    pub due_on: Option<String>,
    pub version: i64,
    pub updates: Vec<oversight_store::UpdateView>,
}

#[derive(Debug, Serialize)]
pub struct ReviewOut {
    pub id: String,
    pub document: Option<String>,
    pub force: Option<String>,
    pub title: String,
    pub plan_priority: Option<String>,
    pub plan_period: PlanPeriodOut,
    pub scope: String,
    pub status: &'static str,
    pub version: i64,
    pub findings: Vec<ReviewFindingOut>,
    pub milestones: Vec<MilestoneOut>,
    pub recommendations: Vec<RecommendationOut>,
    pub evidence: Vec<EvidenceOut>,
    pub figures: Vec<FigureOut>,
    pub task_and_finish_group: Vec<String>,
    pub meetings: Vec<MeetingOut>,
}

#[derive(Debug, Serialize)]
pub struct MeetingOut {
    pub held_on: String,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct PlanPeriodOut {
    pub starts: Option<String>,
    pub ends: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReviewFindingOut {
    pub heading: String,
    pub points: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MilestoneOut {
    pub label: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Serialize)]
pub struct RecommendationOut {
    pub text: String,
    pub response_due_on: Option<String>,
    pub response: Option<String>,
    pub responded_on: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EvidenceOut {
    pub witness: String,
    pub given_on: String,
    pub summary: String,
    pub papers: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FigureOut {
    pub value: f64,
    pub unit: String,
    pub base: Option<i64>,
    pub description: String,
}

impl From<oversight_store::ReviewView> for ReviewOut {
    fn from(r: oversight_store::ReviewView) -> ReviewOut {
        ReviewOut {
            id: r.id,
            document: r.document_id,
            force: r.force,
            title: r.title,
            plan_priority: r.plan_priority,
            plan_period: PlanPeriodOut {
                starts: r.plan_starts,
                ends: r.plan_ends,
            },
            scope: r.scope,
            status: r.status.code(),
            version: r.version,
            findings: r
                .findings
                .into_iter()
                .map(|(heading, points)| ReviewFindingOut { heading, points })
                .collect(),
            milestones: r
                .milestones
                .into_iter()
                .map(|m| MilestoneOut {
                    label: m.label,
                    starts_on: m.starts_on.to_string(),
                    ends_on: m.ends_on.to_string(),
                })
                .collect(),
            recommendations: r
                .recommendations
                .into_iter()
                .map(|x| RecommendationOut {
                    text: x.text,
                    response_due_on: x.response_due_on.map(|d| d.to_string()),
                    response: x.response,
                    responded_on: x.responded_on.map(|d| d.to_string()),
                })
                .collect(),
            evidence: r
                .evidence
                .into_iter()
                .map(|e| EvidenceOut {
                    witness: e.witness,
                    given_on: e.given_on.to_string(),
                    summary: e.summary,
                    papers: e.papers,
                })
                .collect(),
            figures: r
                .figures
                .into_iter()
                .map(|f| FigureOut {
                    value: f.value,
                    unit: f.unit,
                    base: f.base,
                    description: f.description,
                })
                .collect(),
            task_and_finish_group: r.members,
            meetings: r
                .meetings
                .into_iter()
                .map(|(on, note)| MeetingOut {
                    held_on: on.to_string(),
                    note,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ForceOut {
    pub id: &'static str,
    pub name: &'static str,
    pub ons_code: &'static str,
}

#[derive(Debug, Serialize)]
pub struct QuestionOut {
    pub pillar: &'static str,
    pub number: u8,
    pub title: &'static str,
}

#[derive(Debug, Serialize)]
pub struct AreaOut {
    pub id: &'static str,
    pub title: &'static str,
    pub aliases: &'static [&'static str],
}

#[derive(Debug, Serialize)]
pub struct CycleOut {
    pub id: &'static str,
    pub name: String,
    pub grade_scale: &'static str,
    pub grades: Vec<&'static str>,
    pub pillars: Vec<&'static str>,
    pub questions: Vec<QuestionOut>,
    pub areas: Vec<AreaOut>,
    pub previous: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct DocumentOut {
    pub id: String,
    pub kind: String,
    pub source: String,
    pub sha256: String,
    pub format: String,
    pub title: Option<String>,
    pub force: Option<String>,
    pub cycle: Option<String>,
    pub published_on: Option<String>,
    pub warnings: Vec<String>,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct JudgmentOut {
    pub id: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    pub grade: &'static str,
    pub previous_grade: Option<&'static str>,
    pub change: Option<&'static str>,
    pub summary: String,
    pub document: String,
    pub span: [i64; 2],
}

#[derive(Debug, Serialize)]
pub struct FindingOut {
    pub id: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    pub kind: String,
    pub text: String,
    pub sub_actions: Vec<String>,
    pub deadlines: Vec<String>,
    pub immediate: bool,
    pub parent: Option<String>,
    pub progress: Vec<String>,
    pub document: String,
    pub span: [i64; 2],
}

#[derive(Debug, Serialize)]
pub struct ResponseOut {
    pub id: String,
    pub finding: String,
    pub by: String,
    pub text: String,
    pub document: String,
    pub span: [i64; 2],
}

#[derive(Debug, Serialize)]
pub struct FindingListOut {
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub kind: String,
    pub stated_none: bool,
    pub document: String,
    pub span: [i64; 2],
}

#[derive(Debug, Serialize)]
pub struct SectionItemOut {
    pub text: String,
    pub span: [i64; 2],
}

#[derive(Debug, Serialize)]
pub struct SectionOut {
    pub document: String,
    pub heading: String,
    pub items: Vec<SectionItemOut>,
    pub span: [i64; 2],
}

impl Export {
    pub async fn gather(store: &Store) -> anyhow::Result<Export> {
        let forces = FORCES
            .iter()
            .map(|f| ForceOut {
                id: f.slug(),
                name: f.name(),
                ons_code: f.ons_code(),
            })
            .collect();
        let cycles = Cycle::ALL
            .iter()
            .map(|c| {
                let fw = c.framework();
                CycleOut {
                    id: c.code(),
                    name: c.label(),
                    grade_scale: fw.scale.code(),
                    grades: fw
                        .scale
                        .grades()
                        .iter()
                        .map(|g| g.code())
                        .chain(
                            (fw.scale.allows(oversight_domain::Grade::Ungraded))
                                .then_some("ungraded"),
                        )
                        .collect(),
                    pillars: fw.pillars.iter().map(|p| p.code()).collect(),
                    questions: fw
                        .questions
                        .iter()
                        .map(|q| QuestionOut {
                            pillar: q.pillar.code(),
                            number: q.number,
                            title: q.title,
                        })
                        .collect(),
                    areas: fw
                        .areas
                        .iter()
                        .map(|a| AreaOut {
                            id: a.code,
                            title: a.title,
                            aliases: a.aliases,
                        })
                        .collect(),
                    previous: c.previous().map(|p| p.code()),
                }
            })
            .collect();
        let documents = store
            .documents()
            .await?
            .into_iter()
            .map(|d| DocumentOut {
                id: d.id,
                kind: d.kind,
                source: d.source,
                sha256: d.sha256,
                format: d.format,
                title: d.title,
                force: d.force,
                cycle: d.cycle,
                published_on: d.published_on,
                warnings: d.warnings,
                text: d.text,
            })
            .collect();
        let judgments = store
            .judgments()
            .await?
            .into_iter()
            .map(|j| JudgmentOut {
                id: j.id,
                force: j.force,
                cycle: j.cycle,
                pillar: j.pillar,
                question: j.question,
                area: j.area,
                grade: j.grade.code(),
                previous_grade: j.previous_grade.map(|g| g.code()),
                change: j.change.map(|c| c.code()),
                summary: j.summary,
                document: j.document,
                span: [j.span.0, j.span.1],
            })
            .collect();
        let findings = store
            .findings()
            .await?
            .into_iter()
            .map(|f| FindingOut {
                id: f.id,
                force: f.force,
                cycle: f.cycle,
                pillar: f.pillar,
                question: f.question,
                area: f.area,
                kind: f.kind,
                text: f.text,
                sub_actions: f.sub_actions.into_iter().map(|s| s.text).collect(),
                deadlines: f.deadlines.into_iter().filter_map(|d| d.due_on).collect(),
                immediate: f.immediate,
                parent: f.parent,
                progress: f.progress.into_iter().map(|p| p.text).collect(),
                document: f.document,
                span: [f.span.0, f.span.1],
            })
            .collect();
        let responses = store
            .responses()
            .await?
            .into_iter()
            .map(|r| ResponseOut {
                id: r.id,
                finding: r.finding,
                by: r.by,
                text: r.text,
                document: r.document,
                span: [r.span.0, r.span.1],
            })
            .collect();
        let finding_lists = store
            .finding_lists()
            .await?
            .into_iter()
            .map(|l| FindingListOut {
                force: l.force,
                cycle: l.cycle,
                pillar: l.pillar,
                kind: l.kind,
                stated_none: l.stated_none,
                document: l.document,
                span: [l.span.0, l.span.1],
            })
            .collect();
        let sections = store
            .sections()
            .await?
            .into_iter()
            .map(|s| SectionOut {
                document: s.document,
                heading: s.heading,
                items: s
                    .items
                    .into_iter()
                    .map(|(text, start, end)| SectionItemOut {
                        text,
                        span: [start, end],
                    })
                    .collect(),
                span: [s.span.0, s.span.1],
            })
            .collect();
        Ok(Export {
            forces,
            cycles,
            documents,
            judgments,
            findings,
            responses,
            finding_lists,
            sections,
            reviews: store
                .reviews()
                .await?
                .into_iter()
                .map(ReviewOut::from)
                .collect(),
            inspections: inspections(store).await?,
            actions: store
                .actions(None)
                .await?
                .into_iter()
                .map(|a| ActionOut {
                    id: a.id,
                    finding: a.finding,
                    title: a.title,
                    owner: a.owner,
                    status: a.status.code(),
                    due_on: a.due_on.map(|d| d.to_string()),
                    version: a.version,
                    updates: a.updates,
                })
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
        let id = format!(
            "{}-{}-{}",
            j.force,
            j.cycle.replace('/', "-"),
            j.pillar.as_deref().unwrap_or("areas")
        );
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
