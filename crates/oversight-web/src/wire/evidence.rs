//! The evidence engine's answers as they go out: one month compared across forces, and one
//! force's series. Built from the evidence crate's types, which know nothing of JSON.

use oversight_evidence::indicator::{Comparison, Figure, ForceFigure, SeriesPoint};
use serde::Serialize;
use utoipa::ToSchema;

/// A value with what it was computed from.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorFigureOut {
    /// Numerator over denominator on the indicator's scale; none when the denominator is 0.
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
}

impl From<&Figure> for IndicatorFigureOut {
    fn from(f: &Figure) -> IndicatorFigureOut {
        IndicatorFigureOut {
            value: f.value,
            numerator: f.numerator,
            denominator: f.denominator,
        }
    }
}

/// One force's value in a comparison.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForceFigureOut {
    /// Oversight's force slug, or the name in the file for forces outside the 43.
    pub force: String,
    pub name: String,
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
    /// Among territorial forces; none for BTP, the PSNI, or no value.
    pub rank: Option<u32>,
    pub outlier: bool,
    /// "high" or "low" when an outlier.
    pub outlier_side: Option<String>,
    pub territorial: bool,
}

impl From<&ForceFigure> for ForceFigureOut {
    fn from(f: &ForceFigure) -> ForceFigureOut {
        ForceFigureOut {
            force: f.force.clone(),
            name: f.name.clone(),
            value: f.value,
            numerator: f.numerator,
            denominator: f.denominator,
            rank: f.rank,
            outlier: f.outlier,
            outlier_side: f.outlier_side.map(str::to_owned),
            territorial: f.territorial,
        }
    }
}

/// Every force's value of an indicator for one month, ranked, with England and Wales.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComparisonOut {
    pub indicator: String,
    /// YYYY-MM.
    pub month: String,
    pub unit: String,
    pub england_and_wales: IndicatorFigureOut,
    /// Territorial forces first, highest value first; then the others.
    pub forces: Vec<ForceFigureOut>,
    /// Territorial forces with no data that month: England and Wales is without them.
    pub forces_missing: Vec<String>,
    pub rank_rule: String,
    pub outlier_rule: String,
}

impl From<&Comparison> for ComparisonOut {
    fn from(c: &Comparison) -> ComparisonOut {
        ComparisonOut {
            indicator: c.indicator.to_owned(),
            month: c.month.to_string(),
            unit: c.unit.to_owned(),
            england_and_wales: (&c.england_and_wales).into(),
            forces: c.forces.iter().map(ForceFigureOut::from).collect(),
            forces_missing: c.forces_missing.iter().map(|f| (*f).to_owned()).collect(),
            rank_rule: c.rank_rule.to_owned(),
            outlier_rule: c.outlier_rule.to_owned(),
        }
    }
}

/// One month of a force's series against England and Wales.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesPointOut {
    /// YYYY-MM.
    pub month: String,
    pub force: IndicatorFigureOut,
    pub england_and_wales: IndicatorFigureOut,
    pub rank: Option<u32>,
    /// How many territorial forces had a value that month.
    pub ranked_of: usize,
}

impl From<&SeriesPoint> for SeriesPointOut {
    fn from(p: &SeriesPoint) -> SeriesPointOut {
        SeriesPointOut {
            month: p.month.to_string(),
            force: (&p.force).into(),
            england_and_wales: (&p.england_and_wales).into(),
            rank: p.rank,
            ranked_of: p.ranked_of,
        }
    }
}
