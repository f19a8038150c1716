//! The evidence on pages: a force's series panels (chart and table per indicator) and the
//! `/indicators` page ranking every force for one month.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use charts_rs::{BarChart, LineChart, Series, THEME_LIGHT};
use oversight_domain::Force;
use oversight_evidence::Month;
use oversight_evidence::indicator::{self, Comparison, INDICATORS, Indicator, SeriesPoint};
use serde::Deserialize;

use super::{IndicatorInfo, value_text};
use crate::layout::{Crumb, crumbs};
use crate::{AppError, AppState};

/// One indicator as a force's series: chart, table and what it means.
#[derive(Debug, Clone)]
pub struct SeriesPanel {
    pub id: &'static str,
    pub name: &'static str,
    pub explanation: &'static str,
    pub formula: &'static str,
    pub unit: &'static str,
    pub chart_svg: Option<String>,
    /// month, force value, numerator/denominator, E&W value, rank, marked
    pub rows: Vec<(String, String, String, String, String, bool)>,
    pub marked: Option<String>,
}

/// The series of every indicator with values for `force` (or only `only`), with the month
/// holding `marker` (a report's publication date) marked.
pub async fn series_panels(
    state: &AppState,
    force: Force,
    only: Option<&[String]>,
    marker: Option<&str>,
) -> Result<Vec<SeriesPanel>, AppError> {
    let marker_month = marker
        .and_then(|d| d.get(..7))
        .and_then(|m| m.parse::<Month>().ok());
    let mut panels = Vec::new();
    for ind in INDICATORS {
        if only.is_some_and(|ids| !ids.iter().any(|i| i == ind.id)) {
            continue;
        }
        let rows = state.store.indicator_values(ind.id, None).await?;
        let series = indicator::series(ind, force, &rows);
        if series.is_empty() {
            continue;
        }
        panels.push(SeriesPanel {
            id: ind.id,
            name: ind.name,
            explanation: ind.explanation,
            formula: ind.formula,
            unit: ind.unit,
            chart_svg: series_chart(ind, force, &series, marker_month),
            rows: series
                .iter()
                .map(|p| {
                    (
                        p.month.to_string(),
                        value_text(p.force.value),
                        format!("{} / {}", p.force.numerator, p.force.denominator),
                        value_text(p.england_and_wales.value),
                        p.rank
                            .map_or("–".to_owned(), |r| format!("{r} of {}", p.ranked_of)),
                        Some(p.month) == marker_month,
                    )
                })
                .collect(),
            marked: marker.map(str::to_owned),
        });
    }
    Ok(panels)
}

fn series_chart(
    ind: &Indicator,
    force: Force,
    series: &[SeriesPoint],
    marker: Option<Month>,
) -> Option<String> {
    let months: Vec<String> = series.iter().map(|p| p.month.to_string()).collect();
    let own = |p: &SeriesPoint| p.force.value.map(|v| v as f32);
    let mut lines = vec![
        Series::new(force.name().to_owned(), vec![0.0; series.len()]),
        Series::new("England and Wales".to_owned(), vec![0.0; series.len()]),
    ];
    lines[0].data = series.iter().map(own).collect();
    lines[1].data = series
        .iter()
        .map(|p| p.england_and_wales.value.map(|v| v as f32))
        .collect();
    if let Some(m) = marker
        && series.iter().any(|p| p.month == m)
    {
        let mut mark = Series::new("Report published".to_owned(), vec![0.0; series.len()]);
        mark.data = series
            .iter()
            .map(|p| if p.month == m { own(p) } else { None })
            .collect();
        lines.push(mark);
    }
    let mut chart = LineChart::new_with_theme(lines, months, THEME_LIGHT);
    chart.width = 640.0;
    chart.height = 300.0;
    chart.title.text = format!("{} ({})", ind.name, ind.unit);
    chart.svg().ok()
}

// ---------------------------------------------------------------- /indicators

#[derive(Debug, Deserialize)]
pub struct IndicatorQuery {
    pub indicator: Option<String>,
    pub month: Option<String>,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "indicators.html")]
pub struct IndicatorsPage {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub indicators: Vec<IndicatorInfo>,
    pub chosen: IndicatorInfo,
    pub months: Vec<String>,
    pub month: Option<String>,
    pub comparison: Option<Comparison>,
    pub chart_svg: Option<String>,
    pub rank_rule: &'static str,
    pub outlier_rule: &'static str,
}

impl IndicatorsPage {
    pub fn value(&self, v: &Option<f64>) -> String {
        value_text(*v)
    }
}

pub async fn indicators_page(
    State(state): State<AppState>,
    Query(q): Query<IndicatorQuery>,
) -> Result<IndicatorsPage, AppError> {
    let ind = match q.indicator.as_deref().filter(|s| !s.is_empty()) {
        Some(id) => indicator::find(id)
            .ok_or_else(|| AppError::NotFound(format!("There is no indicator {id:?}.")))?,
        None => &INDICATORS[0],
    };
    let months = state.store.indicator_months(ind.id).await?;
    let month = match q.month.as_deref().filter(|s| !s.is_empty()) {
        Some(m) => Some(m.parse::<Month>().map_err(AppError::BadRequest)?),
        None => months.first().copied(),
    };
    let comparison = match month {
        Some(m) => {
            let rows = state.store.indicator_values(ind.id, Some(m)).await?;
            (!rows.is_empty()).then(|| indicator::compare(ind, m, &rows))
        }
        None => None,
    };
    let chart_svg = comparison.as_ref().and_then(|c| ranking_chart(ind, c));
    Ok(IndicatorsPage {
        title: "Indicators from police.uk open data".to_owned(),
        crumbs: crumbs(&[("/", "National picture")]),
        indicators: INDICATORS.iter().map(IndicatorInfo::from).collect(),
        chosen: ind.into(),
        months: months.iter().map(Month::to_string).collect(),
        month: month.map(|m| m.to_string()),
        comparison,
        chart_svg,
        rank_rule: indicator::RANK_RULE,
        outlier_rule: indicator::OUTLIER_RULE,
    })
}

fn ranking_chart(ind: &Indicator, c: &Comparison) -> Option<String> {
    let ranked: Vec<_> = c.forces.iter().filter(|f| f.rank.is_some()).collect();
    if ranked.is_empty() {
        return None;
    }
    let labels: Vec<String> = ranked.iter().map(|f| f.force.clone()).collect();
    let mut bars = Series::new(ind.name.to_owned(), vec![0.0; ranked.len()]);
    bars.data = ranked.iter().map(|f| f.value.map(|v| v as f32)).collect();
    let mut ew = Series::new("England and Wales".to_owned(), vec![0.0; ranked.len()]);
    ew.data = vec![c.england_and_wales.value.map(|v| v as f32); ranked.len()];
    let mut chart = BarChart::new_with_theme(vec![bars, ew], labels, THEME_LIGHT);
    chart.width = 900.0_f32.max(ranked.len() as f32 * 22.0);
    chart.height = 360.0;
    chart.title.text = format!("{} ({}), {}", ind.name, ind.unit, c.month);
    chart.svg().ok()
}
