//! The JSON wire contract: every record shape the API answers with and `oversight export json`
//! writes, each defined once and built here from the store's views and the domain's types, so
//! the two contracts cannot drift apart. Field names and value spellings are a public contract.
//!
//! Each shape carries every field either contract has carried: the API's finding has
//! `progress` as the export's always had, the export's force has `fictional` as the API's had.

mod evidence;
pub use evidence::{ComparisonOut, ForceFigureOut, IndicatorFigureOut, SeriesPointOut};

use oversight_domain::action::{finding_status, rag};
use oversight_domain::review::{late_milestones, response_overdue};
use oversight_domain::{Cycle, Force, Grade};
use oversight_store::{
    ActionView, DocumentView, FindingListView, FindingPage, FindingView, JudgmentView,
    ResponseView, ReviewView, SectionView, UpdateView,
};
use serde::Serialize;
use time::Date;
use utoipa::ToSchema;

pub use crate::view::inspection_id;

/// A police force.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForceOut {
    /// Stable id: police.uk's slug.
    pub id: &'static str,
    pub name: &'static str,
    pub ons_code: &'static str,
    /// True for the demo's invented force.
    pub fictional: bool,
}

impl From<Force> for ForceOut {
    fn from(f: Force) -> ForceOut {
        ForceOut {
            id: f.slug(),
            name: f.name(),
            ons_code: f.ons_code(),
            fictional: f.is_fictional(),
        }
    }
}

/// One of a cycle's inspection questions.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionOut {
    pub pillar: &'static str,
    pub number: u8,
    pub title: &'static str,
}

/// One of a cycle's graded areas (2021 on).
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaOut {
    /// Stable code, shared across cycles for the same area.
    pub id: &'static str,
    pub title: &'static str,
    /// Lower-case names documents use for the area.
    pub aliases: Vec<&'static str>,
}

/// A PEEL cycle with its framework.
#[derive(Debug, Serialize, ToSchema)]
pub struct CycleOut {
    pub id: &'static str,
    pub name: String,
    /// `four_point` (2014–2019, with Ungraded) or `five_point` (2021 on).
    pub grade_scale: &'static str,
    /// The grades the scale allows, best first.
    pub grades: Vec<&'static str>,
    pub pillars: Vec<&'static str>,
    pub questions: Vec<QuestionOut>,
    pub areas: Vec<AreaOut>,
    pub previous: Option<&'static str>,
}

impl From<Cycle> for CycleOut {
    fn from(c: Cycle) -> CycleOut {
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
                .chain(fw.scale.allows(Grade::Ungraded).then_some("ungraded"))
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
                    aliases: a.aliases.to_vec(),
                })
                .collect(),
            previous: c.previous().map(|p| p.code()),
        }
    }
}

/// A stored document.
#[derive(Debug, Serialize, ToSchema)]
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
    /// The text: in the export and on the single-document route, not in the API's list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl DocumentOut {
    /// The document with its text.
    pub fn with_text(mut d: DocumentView) -> DocumentOut {
        let text = std::mem::take(&mut d.text);
        DocumentOut {
            text: Some(text),
            ..DocumentOut::without_text(d)
        }
    }

    /// The document without its text.
    pub fn without_text(d: DocumentView) -> DocumentOut {
        DocumentOut {
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
            text: None,
        }
    }
}

/// A judgment: one grade per force, cycle and pillar, question or area.
#[derive(Debug, Serialize, ToSchema)]
pub struct JudgmentOut {
    pub id: String,
    /// The inspection it belongs to, e.g. `hampshire-2016-effectiveness`.
    pub inspection: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    pub grade: &'static str,
    pub previous_grade: Option<&'static str>,
    /// `improved`, `unchanged` or `deteriorated`.
    pub change: Option<&'static str>,
    pub summary: String,
    pub document: String,
    /// [start, end) in characters of the document's text.
    pub span: [i64; 2],
}

impl From<&JudgmentView> for JudgmentOut {
    fn from(j: &JudgmentView) -> JudgmentOut {
        JudgmentOut {
            id: j.id.clone(),
            inspection: inspection_id(&j.force, &j.cycle, j.pillar.as_deref()),
            force: j.force.clone(),
            cycle: j.cycle.clone(),
            pillar: j.pillar.clone(),
            question: j.question,
            area: j.area.clone(),
            grade: j.grade.code(),
            previous_grade: j.previous_grade.map(|g| g.code()),
            change: j.change.map(|c| c.code()),
            summary: j.summary.clone(),
            document: j.document.clone(),
            span: [j.span.0, j.span.1],
        }
    }
}

/// A finding: an area for improvement, a cause of concern or a recommendation.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingOut {
    pub id: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub question: Option<i64>,
    pub area: Option<String>,
    /// `area_for_improvement`, `cause_of_concern` or `recommendation`.
    pub kind: String,
    pub text: String,
    pub sub_actions: Vec<String>,
    /// ISO dates.
    pub deadlines: Vec<String>,
    pub immediate: bool,
    pub parent: Option<String>,
    /// What later documents say of its progress.
    pub progress: Vec<String>,
    pub document: String,
    /// [start, end) in characters of the document's text.
    pub span: [i64; 2],
}

impl From<FindingView> for FindingOut {
    fn from(f: FindingView) -> FindingOut {
        FindingOut {
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
        }
    }
}

/// One page of findings.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingListOut {
    pub findings: Vec<FindingOut>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl FindingListOut {
    /// Page `page` (from 1) of `per_page` findings.
    pub fn new(found: FindingPage, page: i64, per_page: i64) -> FindingListOut {
        FindingListOut {
            findings: found.findings.into_iter().map(FindingOut::from).collect(),
            total: found.total,
            page,
            per_page,
        }
    }
}

/// A document's list of one kind of finding for a pillar (or its areas), including a list
/// the document states is empty.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatedListOut {
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub kind: String,
    /// The document says there are none.
    pub stated_none: bool,
    pub document: String,
    pub span: [i64; 2],
}

impl From<FindingListView> for StatedListOut {
    fn from(l: FindingListView) -> StatedListOut {
        StatedListOut {
            force: l.force,
            cycle: l.cycle,
            pillar: l.pillar,
            kind: l.kind,
            stated_none: l.stated_none,
            document: l.document,
            span: [l.span.0, l.span.1],
        }
    }
}

/// A response to a finding by the OPCC or the force, as a document states it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseOut {
    pub id: String,
    pub finding: String,
    /// `opcc` or `force`.
    pub by: String,
    pub text: String,
    pub document: String,
    pub span: [i64; 2],
}

impl From<ResponseView> for ResponseOut {
    fn from(r: ResponseView) -> ResponseOut {
        ResponseOut {
            id: r.id,
            finding: r.finding,
            by: r.by,
            text: r.text,
            document: r.document,
            span: [r.span.0, r.span.1],
        }
    }
}

/// One item of a section.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectionItemOut {
    pub text: String,
    pub span: [i64; 2],
}

/// A heading of a structured document (a Panel paper) with its list items.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectionOut {
    pub document: String,
    pub heading: String,
    pub items: Vec<SectionItemOut>,
    pub span: [i64; 2],
}

impl From<SectionView> for SectionOut {
    fn from(s: SectionView) -> SectionOut {
        SectionOut {
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
        }
    }
}

/// A force's inspection (a pillar, or the graded areas) with the PCC's response deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionOut {
    pub id: String,
    pub force: String,
    pub cycle: String,
    pub pillar: Option<String>,
    pub published_on: Option<String>,
    /// 56 days beginning with the day of publication (s.55).
    pub response_due: Option<String>,
}

/// A Police and Crime Panel scrutiny review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewOut {
    pub id: String,
    /// The document it was read from, if any.
    pub document: Option<String>,
    pub force: Option<String>,
    pub title: String,
    pub plan_priority: Option<String>,
    pub plan_period: PlanPeriodOut,
    pub scope: String,
    pub status: &'static str,
    pub version: i64,
    /// A milestone has ended while the review is still short of what it expects.
    pub behind: bool,
    pub findings: Vec<ReviewFindingOut>,
    pub milestones: Vec<MilestoneOut>,
    pub recommendations: Vec<RecommendationOut>,
    pub evidence: Vec<EvidenceOut>,
    pub figures: Vec<FigureOut>,
    /// The task-and-finish group's members.
    pub task_and_finish_group: Vec<String>,
    /// The group's meetings.
    pub meetings: Vec<MeetingOut>,
}

/// The police and crime plan's period a review's priority belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanPeriodOut {
    pub starts: Option<String>,
    pub ends: Option<String>,
}

/// A meeting of a review's task-and-finish group.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingOut {
    pub held_on: String,
    pub note: String,
}

/// A heading of a review's findings with its points.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewFindingOut {
    pub heading: String,
    pub points: Vec<String>,
}

/// A step of a review's plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneOut {
    pub label: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// A recommendation to the PCC and the response to it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationOut {
    pub text: String,
    /// The Panel meeting at which the response is due.
    pub response_due_on: Option<String>,
    pub response: Option<String>,
    pub responded_on: Option<String>,
    /// Due and not answered.
    pub overdue: bool,
}

/// Evidence given to a review: a submission or a session.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceOut {
    pub witness: String,
    pub given_on: String,
    pub summary: String,
    pub papers: Vec<String>,
}

/// A figure a review quotes.
#[derive(Debug, Serialize, ToSchema)]
pub struct FigureOut {
    pub value: f64,
    pub unit: String,
    pub base: Option<i64>,
    pub description: String,
}

impl ReviewOut {
    /// The review as of `today` (which says whether it is behind, a response overdue).
    pub fn new(r: ReviewView, today: Date) -> ReviewOut {
        ReviewOut {
            behind: !late_milestones(&r.milestones, r.status, today).is_empty(),
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
                    overdue: response_overdue(x.response_due_on, x.response.is_some(), today),
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

/// An action against a finding, with its progress updates.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionOut {
    pub id: String,
    pub finding: String,
    pub title: String,
    pub owner: String,
    pub status: &'static str,
    pub due_on: Option<String>,
    pub version: i64,
    /// Drafts are seen only by the force's editors, its OPCC editors and admins.
    pub published: bool,
    /// `Red`, `Amber` or `Green`.
    pub rag: &'static str,
    pub updates: Vec<UpdateOut>,
}

impl ActionOut {
    /// The action as of `today` (which says its red/amber/green).
    pub fn new(a: ActionView, today: Date) -> ActionOut {
        ActionOut {
            rag: rag(finding_status(&[a.status], false), a.due_on, today).label(),
            status: a.status.code(),
            due_on: a.due_on.map(|d| d.to_string()),
            updates: a.updates.into_iter().map(UpdateOut::from).collect(),
            id: a.id,
            finding: a.finding,
            title: a.title,
            owner: a.owner,
            version: a.version,
            published: a.published,
        }
    }
}

/// A progress update of an action.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateOut {
    pub position: i64,
    pub text: String,
    pub by: String,
    pub at: String,
    /// Who must sign it off before it counts.
    pub approver: Option<String>,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<String>,
}

impl From<UpdateView> for UpdateOut {
    fn from(u: UpdateView) -> UpdateOut {
        UpdateOut {
            position: u.position,
            text: u.text,
            by: u.by,
            at: u.at,
            approver: u.approver,
            signed_off_by: u.signed_off_by,
            signed_off_at: u.signed_off_at,
        }
    }
}
