//! Server-rendered SVG charts (charts-rs): a force's grade history per pillar.

use charts_rs::{LineChart, Series, THEME_LIGHT};
use oversight_domain::Grade;

/// A grade as a height on the chart: Outstanding 5 … Inadequate 1; Ungraded is not drawn.
pub fn grade_height(grade: Grade) -> Option<f32> {
    grade.rank().map(|r| 5.0 - f32::from(r))
}

/// The grade history chart: one line per pillar across cycles. `series` holds, per pillar,
/// its grade in each of `cycles` (None where not graded).
pub fn grade_history(cycles: &[String], series: &[(String, Vec<Option<Grade>>)]) -> Option<String> {
    if cycles.is_empty() || series.is_empty() {
        return None;
    }
    let series_list: Vec<Series> = series
        .iter()
        .map(|(name, grades)| {
            let mut s = Series::new(name.clone(), vec![0.0; grades.len()]);
            s.data = grades.iter().map(|g| g.and_then(grade_height)).collect();
            s
        })
        .collect();
    let mut chart = LineChart::new_with_theme(series_list, cycles.to_vec(), THEME_LIGHT);
    chart.width = 640.0;
    chart.height = 300.0;
    chart.title.text = "Grade by cycle".to_owned();
    if let Some(axis) = chart.y_axis_configs.first_mut() {
        axis.min = Some(1.0);
        axis.max = Some(5.0);
        axis.split_number = 4;
        axis.title = Some("5 Outstanding … 1 Inadequate".to_owned());
    }
    chart.svg().ok()
}
