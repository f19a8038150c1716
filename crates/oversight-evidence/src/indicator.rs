//! Indicators: each defined once here, with its formula and a line a Panel member understands.
//!
//! An indicator is a numerator and a denominator counted from one kind of police.uk file for
//! one force and month (or, for rates per resident, the force's population). Values are
//! computed when counts are stored; England and Wales, ranks and outliers when asked.

use std::collections::BTreeMap;

use oversight_domain::force::Force;

use crate::layout::{Kind, Month};
use crate::source::CountKey;

/// police.uk's crime type for anti-social behaviour incidents, which are not crimes.
pub const ANTI_SOCIAL_BEHAVIOUR: &str = "Anti-social behaviour";

/// Last outcome categories that follow a charge or summons: the case went to court.
pub const COURT_OUTCOMES: &[&str] = &[
    "Awaiting court outcome",
    "Court result unavailable",
    "Court case unable to proceed",
    "Defendant found not guilty",
    "Defendant sent to Crown Court",
    "Offender sent to prison",
    "Offender given suspended prison sentence",
    "Offender given community sentence",
    "Offender fined",
    "Offender given conditional discharge",
    "Offender given absolute discharge",
    "Offender ordered to pay compensation",
    "Offender deprived of property",
    "Offender otherwise dealt with",
    "Suspect charged as part of another case",
    "Suspect charged",
];

/// Which rows of a count a side of the formula takes.
#[derive(Debug, Clone, Copy)]
pub enum Rows {
    /// Every row.
    All,
    /// Rows whose first key (crime type; object of search) is not one of these.
    Key1Not(&'static [&'static str]),
    /// Rows whose second key (last outcome category; stop outcome) is one of these.
    Key2In(&'static [&'static str]),
}

impl Rows {
    fn matches(self, key1: &str, key2: &str) -> bool {
        match self {
            Rows::All => true,
            Rows::Key1Not(list) => !list.contains(&key1),
            Rows::Key2In(list) => list.contains(&key2),
        }
    }
}

/// The denominator of an indicator.
#[derive(Debug, Clone, Copy)]
pub enum Denominator {
    Rows(Rows),
    /// The force's usual residents at the 2011 Census.
    Population,
}

/// One indicator.
#[derive(Debug)]
pub struct Indicator {
    /// Stable identifier, used on the command line, in URLs and in the database.
    pub id: &'static str,
    /// A short title.
    pub name: &'static str,
    /// One line for a Panel member.
    pub explanation: &'static str,
    /// The formula, in words.
    pub formula: &'static str,
    /// The file the counts come from.
    pub kind: Kind,
    pub numerator: Rows,
    pub denominator: Denominator,
    /// Multiplier of the ratio: 100 for a percentage, 1,000 for a rate per 1,000.
    pub scale: f64,
    /// Unit of the value, for display.
    pub unit: &'static str,
    /// Whether a higher value is the worse one (for reading, never for ranking: rank 1 is highest).
    pub higher_is_worse: bool,
}

/// Every indicator Oversight computes.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "unable_to_prosecute_share",
        name: "Crimes closed as 'unable to prosecute suspect'",
        explanation: "Of the crimes recorded in the month, the share whose latest outcome is that a suspect was identified but the case could not go ahead (evidential difficulties, including the victim not supporting action).",
        formula: "street rows whose Last outcome category is \"Unable to prosecute suspect\" ÷ street rows whose Crime type is not \"Anti-social behaviour\", × 100",
        kind: Kind::Street,
        numerator: Rows::Key2In(&["Unable to prosecute suspect"]),
        denominator: Denominator::Rows(Rows::Key1Not(&[ANTI_SOCIAL_BEHAVIOUR])),
        scale: 100.0,
        unit: "%",
        higher_is_worse: true,
    },
    Indicator {
        id: "no_suspect_share",
        name: "Crimes closed with no suspect identified",
        explanation: "Of the crimes recorded in the month, the share whose latest outcome is that the investigation finished without identifying a suspect.",
        formula: "street rows whose Last outcome category is \"Investigation complete; no suspect identified\" ÷ street rows whose Crime type is not \"Anti-social behaviour\", × 100",
        kind: Kind::Street,
        numerator: Rows::Key2In(&["Investigation complete; no suspect identified"]),
        denominator: Denominator::Rows(Rows::Key1Not(&[ANTI_SOCIAL_BEHAVIOUR])),
        scale: 100.0,
        unit: "%",
        higher_is_worse: true,
    },
    Indicator {
        id: "charged_share",
        name: "Crimes charged or awaiting court",
        explanation: "Of the crimes recorded in the month, the share whose latest outcome shows a suspect was charged: awaiting court, or a court result.",
        formula: "street rows whose Last outcome category is one of the court outcomes (Awaiting court outcome, Court result unavailable, Offender sent to prison, … see COURT_OUTCOMES) ÷ street rows whose Crime type is not \"Anti-social behaviour\", × 100",
        kind: Kind::Street,
        numerator: Rows::Key2In(COURT_OUTCOMES),
        denominator: Denominator::Rows(Rows::Key1Not(&[ANTI_SOCIAL_BEHAVIOUR])),
        scale: 100.0,
        unit: "%",
        higher_is_worse: false,
    },
    Indicator {
        id: "crimes_per_1000",
        name: "Crimes per 1,000 residents",
        explanation: "Crimes recorded in the month for every 1,000 people living in the force area (2011 Census residents, so later years are approximate).",
        formula: "street rows whose Crime type is not \"Anti-social behaviour\" ÷ the force area's usual residents at the 2011 Census, × 1,000",
        kind: Kind::Street,
        numerator: Rows::Key1Not(&[ANTI_SOCIAL_BEHAVIOUR]),
        denominator: Denominator::Population,
        scale: 1000.0,
        unit: "per 1,000 residents",
        higher_is_worse: true,
    },
    Indicator {
        id: "stop_search_arrest_rate",
        name: "Stop and searches ending in arrest",
        explanation: "Of the people and vehicles stopped and searched in the month, the share that ended in an arrest.",
        formula: "stop-and-search rows whose Outcome is \"Arrest\" or \"Suspect arrested\" ÷ all stop-and-search rows, × 100",
        kind: Kind::StopAndSearch,
        numerator: Rows::Key2In(&["Arrest", "Suspect arrested"]),
        denominator: Denominator::Rows(Rows::All),
        scale: 100.0,
        unit: "%",
        higher_is_worse: false,
    },
];

/// The rule that flags an outlier, stated where the flag is shown.
pub const OUTLIER_RULE: &str = "Tukey's fences: a force is an outlier when its value is below the lower quartile minus 1.5 × the interquartile range, or above the upper quartile plus 1.5 × it, among the territorial forces with a value that month (at least 8 needed)";

/// The rule ranks follow.
pub const RANK_RULE: &str = "rank 1 is the highest value among the territorial forces with a value that month; equal values share a rank";

/// Looks an indicator up by its id.
pub fn find(id: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.id == id)
}

/// The force a police.uk force name (or a slug from a file name) stands for, when Oversight
/// knows it: one of the 43 territorial forces, or the demo's fictional force. British
/// Transport Police and the PSNI are neither.
pub fn known_force(name: &str) -> Option<Force> {
    Force::from_name(name)
}

/// Whether a row counts towards England and Wales and the ranks: one of the 43 real forces.
fn territorial(force: Option<&str>) -> bool {
    force
        .and_then(Force::from_slug)
        .is_some_and(|f| !f.is_fictional())
}

pub use oversight_domain::evidence::ValueRow;

/// Every indicator's value rows for the counts given (all of one kind or mixed).
pub fn values<'a>(counts: impl IntoIterator<Item = (&'a CountKey, u64)>) -> Vec<ValueRow> {
    let mut sums: BTreeMap<(&'static str, &'a str, Month), (u64, u64)> = BTreeMap::new();
    for (key, n) in counts {
        for ind in INDICATORS.iter().filter(|i| i.kind == key.kind) {
            let entry = sums
                .entry((ind.id, key.force.as_str(), key.month))
                .or_default();
            if ind.numerator.matches(&key.key1, &key.key2) {
                entry.0 += n;
            }
            if let Denominator::Rows(rows) = ind.denominator
                && rows.matches(&key.key1, &key.key2)
            {
                entry.1 += n;
            }
        }
    }
    sums.into_iter()
        .filter_map(|((id, reported_by, month), (numerator, denominator))| {
            let ind = find(id)?;
            let force = known_force(reported_by);
            let denominator = match ind.denominator {
                Denominator::Rows(_) => denominator,
                Denominator::Population => u64::from(force?.census_2011_population()?),
            };
            Some(ValueRow {
                indicator: ind.id,
                reported_by: reported_by.to_owned(),
                force: force.map(|f| f.slug()),
                month,
                numerator,
                denominator,
            })
        })
        .collect()
}

impl Indicator {
    /// The value of a numerator over a denominator; `None` when there is nothing to divide by.
    pub fn value(&self, numerator: u64, denominator: u64) -> Option<f64> {
        (denominator > 0).then(|| numerator as f64 / denominator as f64 * self.scale)
    }
}

/// A value with what it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
}

/// One force's value in a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct ForceFigure {
    /// Oversight's force slug, or the name in the file for forces outside the 43.
    pub force: String,
    /// The name to show.
    pub name: String,
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
    /// Among territorial forces; `None` for BTP, the PSNI, or no value.
    pub rank: Option<u32>,
    pub outlier: bool,
    /// "high" or "low" when an outlier.
    pub outlier_side: Option<&'static str>,
    pub territorial: bool,
}

/// Every force's value for one month, ranked, with England and Wales.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub indicator: &'static str,
    pub month: Month,
    pub unit: &'static str,
    pub england_and_wales: Figure,
    /// Territorial forces first, highest value first; then the others.
    pub forces: Vec<ForceFigure>,
    /// Territorial forces with no data that month: England and Wales is without them.
    pub forces_missing: Vec<&'static str>,
    pub rank_rule: &'static str,
    pub outlier_rule: &'static str,
}

/// England and Wales: the territorial forces' numerators and denominators summed.
pub fn england_and_wales(ind: &Indicator, rows: &[ValueRow]) -> Figure {
    let (numerator, denominator) = rows
        .iter()
        .filter(|r| territorial(r.force))
        .fold((0, 0), |(n, d), r| (n + r.numerator, d + r.denominator));
    Figure {
        value: ind.value(numerator, denominator),
        numerator,
        denominator,
    }
}

/// Ranks and flags one month's rows (all of `ind`, all of `month`).
pub fn compare(ind: &'static Indicator, month: Month, rows: &[ValueRow]) -> Comparison {
    let mut forces: Vec<ForceFigure> = rows
        .iter()
        .map(|r| {
            let force = r.force.and_then(Force::from_slug);
            ForceFigure {
                force: force.map_or_else(|| r.reported_by.clone(), |f| f.slug().to_owned()),
                name: force.map_or_else(|| r.reported_by.clone(), |f| f.name().to_owned()),
                value: ind.value(r.numerator, r.denominator),
                numerator: r.numerator,
                denominator: r.denominator,
                rank: None,
                outlier: false,
                outlier_side: None,
                territorial: territorial(r.force),
            }
        })
        .collect();
    forces.sort_by(|a, b| {
        b.territorial
            .cmp(&a.territorial)
            .then(
                b.value
                    .unwrap_or(f64::NEG_INFINITY)
                    .total_cmp(&a.value.unwrap_or(f64::NEG_INFINITY)),
            )
            .then(a.name.cmp(&b.name))
    });
    let ranked: Vec<f64> = forces
        .iter()
        .filter(|f| f.territorial)
        .filter_map(|f| f.value)
        .collect();
    let fences = tukey_fences(&ranked);
    for f in forces.iter_mut().filter(|f| f.territorial) {
        let Some(v) = f.value else { continue };
        // Competition ranking: one more than the number of forces with a higher value.
        let above = ranked.iter().filter(|&&x| x > v).count();
        f.rank = u32::try_from(above + 1).ok();
        if let Some((low, high)) = fences {
            if v < low {
                f.outlier = true;
                f.outlier_side = Some("low");
            } else if v > high {
                f.outlier = true;
                f.outlier_side = Some("high");
            }
        }
    }
    let present: Vec<&str> = rows
        .iter()
        .filter(|r| territorial(r.force))
        .filter_map(|r| r.force)
        .collect();
    let forces_missing = oversight_domain::force::FORCES
        .iter()
        .map(|f| f.slug())
        .filter(|s| !present.contains(s))
        .collect();
    Comparison {
        indicator: ind.id,
        month,
        unit: ind.unit,
        england_and_wales: england_and_wales(ind, rows),
        forces,
        forces_missing,
        rank_rule: RANK_RULE,
        outlier_rule: OUTLIER_RULE,
    }
}

/// The fences of [`OUTLIER_RULE`], or `None` with fewer than 8 values.
pub fn tukey_fences(values: &[f64]) -> Option<(f64, f64)> {
    if values.len() < 8 {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let q1 = quantile(&sorted, 0.25);
    let q3 = quantile(&sorted, 0.75);
    let iqr = q3 - q1;
    Some((q1 - 1.5 * iqr, q3 + 1.5 * iqr))
}

/// Linear-interpolated quantile of sorted values (the "type 7" definition spreadsheets use).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lower = pos.floor() as usize;
    let upper = pos.ceil() as usize;
    sorted[lower] + (sorted[upper] - sorted[lower]) * (pos - lower as f64)
}

/// One month of a force's series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    pub month: Month,
    pub force: Figure,
    pub england_and_wales: Figure,
    pub rank: Option<u32>,
    /// How many territorial forces had a value that month.
    pub ranked_of: usize,
}

/// A force's values month by month against England and Wales. `rows` holds every force's
/// rows of `ind` for the months wanted.
pub fn series(ind: &'static Indicator, force: Force, rows: &[ValueRow]) -> Vec<SeriesPoint> {
    let mut by_month: BTreeMap<Month, Vec<ValueRow>> = BTreeMap::new();
    for r in rows {
        by_month.entry(r.month).or_default().push(r.clone());
    }
    by_month
        .into_iter()
        .filter_map(|(month, rows)| {
            let own = rows.iter().find(|r| r.force == Some(force.slug()))?;
            let comparison = compare(ind, month, &rows);
            let mine = comparison.forces.iter().find(|f| f.force == force.slug());
            Some(SeriesPoint {
                month,
                force: Figure {
                    value: ind.value(own.numerator, own.denominator),
                    numerator: own.numerator,
                    denominator: own.denominator,
                },
                england_and_wales: comparison.england_and_wales,
                rank: mine.and_then(|m| m.rank),
                ranked_of: comparison
                    .forces
                    .iter()
                    .filter(|f| f.rank.is_some())
                    .count(),
            })
        })
        .collect()
}
