//! The national table of grades, a force's page and an inspection's page.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use oversight_domain::{Change, Cycle, FORCES, Force, Grade};
use oversight_store::{FindingFilter, FindingView, JudgmentView};
use serde::Deserialize;

use crate::layout::{Crumb, FindingRow, crumbs, finding_row};
use crate::view::{
    area_title, grade_class, inspection_id, parse_inspection_id, pillar_label, question_title,
};
use crate::{AppError, AppState, chart};

/// A grade as shown: label, CSS class, and the change since the previous cycle.
#[derive(Debug, Clone)]
pub struct GradeTag {
    pub label: &'static str,
    pub class: &'static str,
    pub arrow: &'static str,
    pub change: String,
}

impl GradeTag {
    fn of(grade: Grade, previous: Option<Grade>, change: Option<Change>) -> GradeTag {
        let (arrow, change) = match (change, previous) {
            (Some(Change::Improved), Some(p)) => ("↑", format!("up from {p}")),
            (Some(Change::Deteriorated), Some(p)) => ("↓", format!("down from {p}")),
            (Some(Change::Unchanged), _) => ("", "unchanged".to_owned()),
            _ => ("", String::new()),
        };
        GradeTag {
            label: grade.label(),
            class: grade_class(grade),
            arrow,
            change,
        }
    }
    fn of_judgment(j: &JudgmentView) -> GradeTag {
        GradeTag::of(j.grade, j.previous_grade, j.change)
    }
}

// ---------------------------------------------------------------- national table

#[derive(Debug, Deserialize)]
pub struct CycleQuery {
    cycle: Option<String>,
    /// Any value shows the question grades beside each pillar's.
    questions: Option<String>,
}

/// A column of the national table: (pillar, question, area, heading).
type Column = (
    Option<&'static str>,
    Option<i64>,
    Option<&'static str>,
    String,
);

#[derive(Debug)]
pub struct NationalRow {
    pub slug: &'static str,
    pub name: &'static str,
    pub cells: Vec<Option<(GradeTag, String)>>,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "index.html")]
pub struct IndexPage {
    pub title: String,
    pub cycles: Vec<(&'static str, String, bool)>,
    pub cycle_label: String,
    pub with_questions: bool,
    pub columns: Vec<String>,
    pub rows: Vec<NationalRow>,
    pub graded_forces: usize,
}

pub async fn index(
    State(state): State<AppState>,
    Query(q): Query<CycleQuery>,
) -> Result<IndexPage, AppError> {
    let judgments = state.judgments().await?;
    let chosen = match crate::filters::cycle(&q.cycle)? {
        Some(c) => c,
        // The latest cycle with grades for at least a third of the forces, else the latest
        // with any, else the latest of all.
        None => {
            let forces_graded = |c: &Cycle| {
                let mut forces: Vec<&str> = judgments
                    .iter()
                    .filter(|j| j.cycle == c.code() && j.question.is_none())
                    .map(|j| j.force.as_str())
                    .collect();
                forces.sort_unstable();
                forces.dedup();
                forces.len()
            };
            let latest = |min: usize| {
                Cycle::ALL
                    .iter()
                    .rev()
                    .copied()
                    .find(|c| forces_graded(c) >= min)
            };
            latest(FORCES.len() / 3)
                .or_else(|| latest(1))
                .unwrap_or(Cycle::Peel2023)
        }
    };
    let framework = chosen.framework();
    let with_questions = q.questions.as_deref().is_some_and(|v| !v.is_empty());
    // Columns: (pillar, question, area, heading).
    let mut columns: Vec<Column> = Vec::new();
    if framework.areas.is_empty() {
        for p in framework.pillars {
            columns.push((Some(p.code()), None, None, p.label().to_owned()));
            if with_questions {
                for question in framework.questions.iter().filter(|x| x.pillar == *p) {
                    columns.push((
                        Some(p.code()),
                        Some(i64::from(question.number)),
                        None,
                        format!("{} Q{}: {}", p.label(), question.number, question.title),
                    ));
                }
            }
        }
    } else {
        columns.extend(
            framework
                .areas
                .iter()
                .map(|a| (None, None, Some(a.code), a.title.to_owned())),
        );
    }
    let mut by_force: BTreeMap<&str, Vec<&JudgmentView>> = BTreeMap::new();
    for j in judgments
        .iter()
        .filter(|j| j.cycle == chosen.code() && (with_questions || j.question.is_none()))
    {
        by_force.entry(j.force.as_str()).or_default().push(j);
    }
    let mut rows: Vec<NationalRow> = oversight_domain::all_forces()
        // The demo's fictional force shows only where it has grades.
        .filter(|f| !f.is_fictional() || by_force.contains_key(f.slug()))
        .map(|f| {
            let mine = by_force.get(f.slug()).cloned().unwrap_or_default();
            let cells = columns
                .iter()
                .map(|(pillar, question, area, _)| {
                    mine.iter()
                        .find(|j| {
                            j.pillar.as_deref() == *pillar
                                && j.question == *question
                                && j.area.as_deref() == *area
                        })
                        .map(|j| {
                            (
                                GradeTag::of_judgment(j),
                                format!(
                                    "/inspections/{}",
                                    inspection_id(&j.force, &j.cycle, j.pillar.as_deref())
                                ),
                            )
                        })
                })
                .collect();
            NationalRow {
                slug: f.slug(),
                name: f.name(),
                cells,
            }
        })
        .collect();
    rows.sort_by_key(|r| r.name);
    let graded_forces = rows
        .iter()
        .filter(|r| r.cells.iter().any(Option::is_some))
        .count();
    Ok(IndexPage {
        title: format!("PEEL grades, {}", chosen.label()),
        cycles: Cycle::ALL
            .iter()
            .map(|c| (c.code(), c.label(), *c == chosen))
            .collect(),
        cycle_label: chosen.label(),
        with_questions,
        columns: columns.into_iter().map(|c| c.3).collect(),
        rows,
        graded_forces,
    })
}

// ---------------------------------------------------------------- force page

#[derive(Debug)]
pub struct LatestGrade {
    pub subject: String,
    pub tag: GradeTag,
    pub href: String,
}

#[derive(Debug)]
pub struct HistoryRow {
    pub pillar: String,
    pub grades: Vec<Option<GradeTag>>,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "force.html")]
pub struct ForcePage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub slug: String,
    pub latest_cycle: Option<String>,
    pub latest: Vec<LatestGrade>,
    pub chart_svg: Option<String>,
    pub history_cycles: Vec<String>,
    pub history: Vec<HistoryRow>,
    pub counts: Vec<(String, i64, i64, i64)>,
    pub findings: Vec<FindingRow>,
    pub findings_total: i64,
    pub indicators: Vec<crate::evidence::SeriesPanel>,
    pub by_status: Vec<(&'static str, usize)>,
    pub by_rag: Vec<(&'static str, usize)>,
}

pub async fn force_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<ForcePage, AppError> {
    let force = Force::from_slug(&slug)
        .ok_or_else(|| AppError::NotFound(format!("There is no force called {slug:?}.")))?;
    let (by_status, by_rag) = crate::workflow::force_summary(&state, force.slug()).await?;
    let judgments = state.judgments().await?;
    let mine: Vec<&JudgmentView> = judgments
        .iter()
        .filter(|j| j.force == force.slug() && j.question.is_none())
        .collect();
    let cycles: Vec<Cycle> = Cycle::ALL
        .iter()
        .copied()
        .filter(|c| mine.iter().any(|j| j.cycle == c.code()))
        .collect();
    let latest_cycle = cycles.last().copied();
    let latest = latest_cycle
        .map(|c| {
            mine.iter()
                .filter(|j| j.cycle == c.code())
                .map(|j| LatestGrade {
                    subject: j
                        .pillar
                        .as_deref()
                        .map(pillar_label)
                        .or_else(|| j.area.as_deref().map(|a| area_title(&j.cycle, a)))
                        .unwrap_or_default(),
                    tag: GradeTag::of_judgment(j),
                    href: format!(
                        "/inspections/{}",
                        inspection_id(&j.force, &j.cycle, j.pillar.as_deref())
                    ),
                })
                .collect()
        })
        .unwrap_or_default();
    // History per pillar (2014–2019) and per area (2021 on), one line each.
    let mut subjects: Vec<(Option<String>, Option<String>, String)> = Vec::new();
    for j in &mine {
        let key = (j.pillar.clone(), j.area.clone());
        if !subjects.iter().any(|s| (s.0.clone(), s.1.clone()) == key) {
            let label = j
                .pillar
                .as_deref()
                .map(pillar_label)
                .or_else(|| j.area.as_deref().map(|a| area_title(&j.cycle, a)))
                .unwrap_or_default();
            subjects.push((key.0, key.1, label));
        }
    }
    let history: Vec<HistoryRow> = subjects
        .iter()
        .map(|(pillar, area, label)| HistoryRow {
            pillar: label.clone(),
            grades: cycles
                .iter()
                .map(|c| {
                    mine.iter()
                        .find(|j| j.cycle == c.code() && &j.pillar == pillar && &j.area == area)
                        .map(|j| GradeTag::of_judgment(j))
                })
                .collect(),
        })
        .collect();
    let history_cycles: Vec<String> = cycles.iter().map(|c| c.code().to_owned()).collect();
    let series: Vec<(String, Vec<Option<Grade>>)> = subjects
        .iter()
        .filter(|(pillar, _, _)| pillar.is_some())
        .map(|(pillar, area, label)| {
            (
                label.clone(),
                cycles
                    .iter()
                    .map(|c| {
                        mine.iter()
                            .find(|j| j.cycle == c.code() && &j.pillar == pillar && &j.area == area)
                            .map(|j| j.grade)
                    })
                    .collect(),
            )
        })
        .collect();
    let chart_svg = if history_cycles.len() >= 2 {
        chart::grade_history(&history_cycles, &series)
    } else {
        None
    };
    let mut counts: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for c in state.store.finding_counts(force.slug()).await? {
        let entry = counts.entry(c.cycle).or_default();
        match c.kind.as_str() {
            "area_for_improvement" => entry.0 += c.count,
            "cause_of_concern" => entry.1 += c.count,
            _ => entry.2 += c.count,
        }
    }
    let page = state
        .store
        .findings_page(
            &FindingFilter {
                force: Some(force.slug().to_owned()),
                ..FindingFilter::default()
            },
            20,
            0,
        )
        .await?;
    Ok(ForcePage {
        title: force.name().to_owned(),
        crumbs: crumbs(&[("/", "National picture")]),
        slug: force.slug().to_owned(),
        latest_cycle: latest_cycle.map(|c| c.label()),
        latest,
        chart_svg,
        history_cycles,
        history,
        counts: counts
            .into_iter()
            .map(|(c, (a, b, r))| (c, a, b, r))
            .collect(),
        findings: page.findings.iter().map(finding_row).collect(),
        findings_total: page.total,
        indicators: crate::evidence::series_panels(&state, force, None, None).await?,
        by_status,
        by_rag,
    })
}

// ---------------------------------------------------------------- inspection page

#[derive(Debug)]
pub struct QuestionBlock {
    pub heading: String,
    pub tag: Option<GradeTag>,
    pub summary: Vec<String>,
    pub findings: Vec<FindingRow>,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "inspection.html")]
pub struct InspectionPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub tag: Option<GradeTag>,
    pub summary: Vec<String>,
    pub source: Option<(String, String)>,
    pub blocks: Vec<QuestionBlock>,
    pub general_findings: Vec<FindingRow>,
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn inspection_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<InspectionPage, AppError> {
    let (force, cycle, pillar) = parse_inspection_id(&id)
        .ok_or_else(|| AppError::NotFound(format!("There is no inspection {id:?}.")))?;
    let judgments = state.judgments().await?;
    let pillar_code = pillar.map(|p| p.code());
    let mine: Vec<&JudgmentView> = judgments
        .iter()
        .filter(|j| {
            j.force == force.slug()
                && j.cycle == cycle.code()
                && (j.pillar.as_deref() == pillar_code || (pillar.is_none() && j.area.is_some()))
        })
        .collect();
    let filter = FindingFilter {
        force: Some(force.slug().to_owned()),
        cycle: Some(cycle.code().to_owned()),
        pillar: pillar_code.map(str::to_owned),
        ..FindingFilter::default()
    };
    let findings = state.store.findings_page(&filter, 1000, 0).await?.findings;
    let findings: Vec<&FindingView> = findings
        .iter()
        .filter(|f| pillar.is_some() || f.area.is_some() || f.pillar.is_none())
        .collect();
    if mine.is_empty() && findings.is_empty() {
        return Err(AppError::NotFound(format!(
            "Nothing is stored for {} {} {}.",
            force.name(),
            cycle.label(),
            pillar.map_or("areas", |p| p.label())
        )));
    }
    let top = mine
        .iter()
        .find(|j| j.question.is_none() && j.area.is_none());
    let mut blocks: Vec<QuestionBlock> = Vec::new();
    if pillar.is_some() {
        let mut numbers: Vec<i64> = mine
            .iter()
            .filter_map(|j| j.question)
            .chain(findings.iter().filter_map(|f| f.question))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        for n in numbers {
            let j = mine.iter().find(|j| j.question == Some(n));
            let title = pillar_code
                .and_then(|p| question_title(cycle.code(), p, n))
                .unwrap_or("Question");
            blocks.push(QuestionBlock {
                heading: format!("Question {n}: {title}"),
                tag: j.map(|j| GradeTag::of_judgment(j)),
                summary: j.map(|j| paragraphs(&j.summary)).unwrap_or_default(),
                findings: findings
                    .iter()
                    .filter(|f| f.question == Some(n))
                    .map(|f| finding_row(f))
                    .collect(),
            });
        }
    } else {
        let mut areas: Vec<String> = mine
            .iter()
            .filter_map(|j| j.area.clone())
            .chain(findings.iter().filter_map(|f| f.area.clone()))
            .collect();
        areas.dedup();
        let mut seen = Vec::new();
        for a in areas {
            if seen.contains(&a) {
                continue;
            }
            seen.push(a.clone());
            let j = mine.iter().find(|j| j.area.as_deref() == Some(a.as_str()));
            blocks.push(QuestionBlock {
                heading: area_title(cycle.code(), &a),
                tag: j.map(|j| GradeTag::of_judgment(j)),
                summary: j.map(|j| paragraphs(&j.summary)).unwrap_or_default(),
                findings: findings
                    .iter()
                    .filter(|f| f.area.as_deref() == Some(a.as_str()))
                    .map(|f| finding_row(f))
                    .collect(),
            });
        }
    }
    let general_findings = findings
        .iter()
        .filter(|f| f.question.is_none() && f.area.is_none())
        .map(|f| finding_row(f))
        .collect();
    let subject = pillar.map_or_else(|| "graded areas".to_owned(), |p| p.label().to_owned());
    let force_href = format!("/forces/{}", force.slug());
    Ok(InspectionPage {
        title: format!("{}: {} {}", force.name(), cycle.label(), subject),
        crumbs: vec![
            Crumb {
                href: "/".to_owned(),
                label: "National picture".to_owned(),
            },
            Crumb {
                href: force_href,
                label: force.name().to_owned(),
            },
        ],
        tag: top.map(|j| GradeTag::of_judgment(j)),
        summary: top.map(|j| paragraphs(&j.summary)).unwrap_or_default(),
        source: top.map(|j| {
            (
                format!("/documents/{}#{}", j.document, j.id),
                j.document.clone(),
            )
        }),
        blocks,
        general_findings,
    })
}
