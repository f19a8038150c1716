//! Inspection cycles and their frameworks: pillars, numbered questions, graded areas,
//! grade scales, and the aliases documents use for each.
//!
//! The question and area names here are Oversight's own short titles; the aliases are
//! the phrases reports, press releases and grade tables use for the same thing.

mod frameworks;

use std::fmt;
use std::str::FromStr;

use crate::grade::GradeScale;
use frameworks::{
    AREA_KEYWORDS, FRAMEWORK_2014, FRAMEWORK_2015, FRAMEWORK_2016, FRAMEWORK_2017, FRAMEWORK_2018,
    FRAMEWORK_2021, FRAMEWORK_2023,
};

/// A PEEL pillar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pillar {
    Effectiveness,
    Efficiency,
    Legitimacy,
    Leadership,
}

impl Pillar {
    pub const ALL: [Pillar; 4] = [
        Pillar::Effectiveness,
        Pillar::Efficiency,
        Pillar::Legitimacy,
        Pillar::Leadership,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Pillar::Effectiveness => "effectiveness",
            Pillar::Efficiency => "efficiency",
            Pillar::Legitimacy => "legitimacy",
            Pillar::Leadership => "leadership",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Pillar::Effectiveness => "Effectiveness",
            Pillar::Efficiency => "Efficiency",
            Pillar::Legitimacy => "Legitimacy",
            Pillar::Leadership => "Leadership",
        }
    }

    /// The adjective reports use: "how *effective* is the force", "*legitimately* keeping people safe".
    pub fn stems(self) -> &'static [&'static str] {
        match self {
            Pillar::Effectiveness => &["effective"],
            Pillar::Efficiency => &["efficien"],
            Pillar::Legitimacy => &["legitima"],
            Pillar::Leadership => &["leadership", "well led"],
        }
    }
}

impl Pillar {
    /// Phrases that name the pillar without its adjective, as 2018/19 reports word them
    /// ("how it treats the public and its workforce").
    pub fn phrases(self) -> &'static [&'static str] {
        match self {
            Pillar::Effectiveness => &[
                "reducing crime and keeping people safe",
                "reduces crime and keeps people safe",
                "reduce crime and keep people safe",
            ],
            Pillar::Efficiency => &[
                "providing sustainable services",
                "provides sustainable services",
            ],
            Pillar::Legitimacy => &[
                "treats the public and its workforce",
                "treat the public and its workforce",
                "treating the public and its workforce",
                "treats the public and the workforce",
                "treated the public and its workforce",
            ],
            Pillar::Leadership => &[],
        }
    }
}

impl fmt::Display for Pillar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a pillar: {0:?} (expected effectiveness, efficiency, legitimacy or leadership)")]
pub struct UnknownPillar(pub String);

impl FromStr for Pillar {
    type Err = UnknownPillar;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let folded = s.trim().to_lowercase();
        Pillar::ALL
            .into_iter()
            .find(|p| p.code() == folded)
            .ok_or_else(|| UnknownPillar(s.to_owned()))
    }
}

/// One PEEL inspection cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cycle {
    Peel2014,
    Peel2015,
    Peel2016,
    Peel2017,
    Peel2018,
    Peel2021,
    Peel2023,
}

impl Cycle {
    pub const ALL: [Cycle; 7] = [
        Cycle::Peel2014,
        Cycle::Peel2015,
        Cycle::Peel2016,
        Cycle::Peel2017,
        Cycle::Peel2018,
        Cycle::Peel2021,
        Cycle::Peel2023,
    ];

    /// Stable code: `2016`, `2018/19`, `2021/22`, `2023-25`.
    pub fn code(self) -> &'static str {
        match self {
            Cycle::Peel2014 => "2014",
            Cycle::Peel2015 => "2015",
            Cycle::Peel2016 => "2016",
            Cycle::Peel2017 => "2017",
            Cycle::Peel2018 => "2018/19",
            Cycle::Peel2021 => "2021/22",
            Cycle::Peel2023 => "2023-25",
        }
    }

    /// The name people use: "PEEL 2018/19".
    pub fn label(self) -> String {
        format!("PEEL {}", self.code())
    }

    /// The first calendar year the cycle's name carries.
    pub fn year(self) -> i32 {
        match self {
            Cycle::Peel2014 => 2014,
            Cycle::Peel2015 => 2015,
            Cycle::Peel2016 => 2016,
            Cycle::Peel2017 => 2017,
            Cycle::Peel2018 => 2018,
            Cycle::Peel2021 => 2021,
            Cycle::Peel2023 => 2023,
        }
    }

    /// The cycle whose name starts with `year` (2019 is the second year of 2018/19).
    pub fn from_year(year: i32) -> Option<Cycle> {
        match year {
            2014 => Some(Cycle::Peel2014),
            2015 => Some(Cycle::Peel2015),
            2016 => Some(Cycle::Peel2016),
            2017 => Some(Cycle::Peel2017),
            2018 | 2019 => Some(Cycle::Peel2018),
            2021 | 2022 => Some(Cycle::Peel2021),
            2023..=2025 => Some(Cycle::Peel2023),
            _ => None,
        }
    }

    /// The cycle before this one whose grades compare with this one's, if any.
    /// 2021/22 moved to a new scale and graded areas instead of pillars, so it has none.
    pub fn previous(self) -> Option<Cycle> {
        match self {
            Cycle::Peel2014 | Cycle::Peel2021 => None,
            Cycle::Peel2015 => Some(Cycle::Peel2014),
            Cycle::Peel2016 => Some(Cycle::Peel2015),
            Cycle::Peel2017 => Some(Cycle::Peel2016),
            Cycle::Peel2018 => Some(Cycle::Peel2017),
            Cycle::Peel2023 => Some(Cycle::Peel2021),
        }
    }

    pub fn next(self) -> Option<Cycle> {
        Cycle::ALL.into_iter().find(|c| c.previous() == Some(self))
    }

    pub fn framework(self) -> &'static Framework {
        match self {
            Cycle::Peel2014 => &FRAMEWORK_2014,
            Cycle::Peel2015 => &FRAMEWORK_2015,
            Cycle::Peel2016 => &FRAMEWORK_2016,
            Cycle::Peel2017 => &FRAMEWORK_2017,
            Cycle::Peel2018 => &FRAMEWORK_2018,
            Cycle::Peel2021 => &FRAMEWORK_2021,
            Cycle::Peel2023 => &FRAMEWORK_2023,
        }
    }
}

impl fmt::Display for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PEEL {}", self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a PEEL cycle: {0:?} (expected one of 2014, 2015, 2016, 2017, 2018/19, 2021/22, 2023-25)"
)]
pub struct UnknownCycle(pub String);

impl FromStr for Cycle {
    type Err = UnknownCycle;

    /// Reads `2016`, `PEEL 2016`, `2018/19`, `2018-19`, `2018–19`, `2023–2025`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || UnknownCycle(s.to_owned());
        let trimmed = s.trim();
        let body = trimmed
            .strip_prefix("PEEL")
            .or_else(|| trimmed.strip_prefix("peel"))
            .unwrap_or(trimmed)
            .trim();
        let digits: String = body.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() != 4 {
            return Err(err());
        }
        let year: i32 = digits.parse().map_err(|_| err())?;
        let rest = body[digits.len()..].trim();
        let cycle = Cycle::from_year(year).ok_or_else(err)?;
        if rest.is_empty() {
            // A bare year names a one-year cycle only.
            return (cycle.year() == year && matches!(cycle.code().len(), 4))
                .then_some(cycle)
                .ok_or_else(err);
        }
        let second = rest.trim_start_matches(['/', '-', '–', '—']).trim();
        if second.len() == rest.len() || !second.chars().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        (cycle.year() == year && Cycle::ALL.contains(&cycle))
            .then_some(cycle)
            .ok_or_else(err)
    }
}

/// A numbered question of a pillar in one cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    pub pillar: Pillar,
    pub number: u8,
    pub title: &'static str,
    /// Lower-case words or word-starts that identify the question in prose.
    pub keywords: &'static [&'static str],
    /// Lower-case phrases that name the question in a grade statement, as reports, press
    /// releases and PCC pages write it ("good at investigating crime", "protects vulnerable people").
    pub aliases: &'static [&'static str],
}

/// A graded area of the 2021+ frameworks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    /// Stable code, shared across cycles for the same area (`recording_data_about_crime`).
    pub code: &'static str,
    pub title: &'static str,
    /// Lower-case names documents use for the area, including the title's own.
    pub aliases: &'static [&'static str],
}

/// What a cycle grades and on which scale.
#[derive(Debug)]
pub struct Framework {
    pub cycle_code: &'static str,
    pub scale: GradeScale,
    pub pillars: &'static [Pillar],
    /// The pillars given a grade of their own. 2014 graded effectiveness only by its three
    /// strands, and legitimacy not at all: only efficiency had a grade as a whole.
    pub graded_pillars: &'static [Pillar],
    pub questions: &'static [Question],
    pub areas: &'static [Area],
}

impl Framework {
    pub fn question(&self, pillar: Pillar, number: u8) -> Option<&'static Question> {
        self.questions
            .iter()
            .find(|q| q.pillar == pillar && q.number == number)
    }

    /// The question of `pillar` a phrase is about, by the most keywords it contains.
    pub fn match_question(&self, pillar: Pillar, phrase: &str) -> Option<&'static Question> {
        let lower = phrase.to_lowercase();
        let mut best: Option<(&'static Question, usize)> = None;
        for q in self.questions.iter().filter(|q| q.pillar == pillar) {
            let hits = q.keywords.iter().filter(|k| lower.contains(*k)).count();
            if hits > 0 && best.is_none_or(|(_, b)| hits > b) {
                best = Some((q, hits));
            }
        }
        best.map(|(q, _)| q)
    }

    /// The area a phrase names: the longest alias found in it.
    pub fn match_area(&self, phrase: &str) -> Option<&'static Area> {
        let lower = phrase
            .to_lowercase()
            .replace('&', "and")
            .replace(['‘', '’'], "'");
        let mut best: Option<(&'static Area, usize)> = None;
        for area in self.areas {
            for alias in area.aliases {
                if lower.contains(alias) && best.is_none_or(|(_, len)| alias.len() > len) {
                    best = Some((area, alias.len()));
                }
            }
        }
        best.map(|(a, _)| a)
    }

    /// Every question a phrase names by one of its aliases, in the order they appear; a
    /// longer alias wins over a shorter one inside it. Used for lists of questions sharing one
    /// grade ("good at investigating crime and tackling serious and organised crime").
    pub fn questions_named(&self, phrase: &str) -> Vec<&'static Question> {
        let candidates = self
            .questions
            .iter()
            .flat_map(|q| q.aliases.iter().map(move |a| (q, *a)));
        named_in(phrase, candidates)
    }

    /// Every area a phrase names by one of its aliases, in the order they appear; a longer
    /// alias wins over a shorter one inside it.
    pub fn areas_named(&self, phrase: &str) -> Vec<&'static Area> {
        let candidates = self
            .areas
            .iter()
            .flat_map(|a| a.aliases.iter().map(move |alias| (a, *alias)));
        let named = named_in(phrase, candidates);
        if !named.is_empty() {
            return named;
        }
        self.areas_by_keywords(phrase)
    }

    /// The areas a phrase describes in other words than an alias: every word of one of
    /// the area's keyword groups begins a word of the phrase, the first of them among the
    /// phrase's first four words, where its head is ("quickly *answer*ing emergency *call*s"
    /// is responding to the public; "oversees the control room and is" names no area).
    /// In the order they appear.
    pub fn areas_by_keywords(&self, phrase: &str) -> Vec<&'static Area> {
        let folded = fold(phrase);
        let words: Vec<(usize, &str)> = folded
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .scan(0usize, |at, w| {
                let start = *at;
                *at += w.len() + 1;
                Some((start, w))
            })
            .filter(|(_, w)| !w.is_empty())
            .enumerate()
            .map(|(k, (_, w))| (k, w))
            .collect();
        let mut found: Vec<(usize, &'static Area)> = Vec::new();
        for area in self.areas {
            let groups = AREA_KEYWORDS
                .iter()
                .find(|(code, _)| *code == area.code)
                .map_or(&[][..], |(_, g)| *g);
            let first = groups
                .iter()
                .filter_map(|group| {
                    group
                        .iter()
                        .map(|stem| {
                            words
                                .iter()
                                .find(|(_, w)| w.starts_with(stem))
                                .map(|(at, _)| *at)
                        })
                        .collect::<Option<Vec<usize>>>()
                        .and_then(|ats| ats.into_iter().min())
                })
                .filter(|&first| first < 4)
                .min();
            if let Some(at) = first {
                found.push((at, area));
            }
        }
        found.sort_by_key(|(at, _)| *at);
        found.into_iter().map(|(_, a)| a).collect()
    }

    pub fn area(&self, code: &str) -> Option<&'static Area> {
        self.areas.iter().find(|a| a.code == code)
    }
}

/// Lower-cases a phrase and folds its ampersands and curly apostrophes, as aliases are written.
fn fold(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('&', "and")
        .replace(['‘', '’'], "'")
        .replace(['–', '—'], "-")
}

/// The items whose aliases occur in `phrase`, longest alias first, each occurrence claiming
/// its bytes so that a shorter alias inside a longer one is not counted again; returned in
/// the order they appear, each item once.
fn named_in<T: PartialEq + 'static>(
    phrase: &str,
    candidates: impl Iterator<Item = (&'static T, &'static str)>,
) -> Vec<&'static T> {
    let lower = fold(phrase);
    let mut candidates: Vec<(&'static T, &'static str)> = candidates.collect();
    candidates.sort_by_key(|(_, alias)| std::cmp::Reverse(alias.len()));
    let mut claimed: Vec<(usize, usize, &'static T)> = Vec::new();
    for (item, alias) in candidates {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(alias) {
            let start = from + pos;
            let end = start + alias.len();
            let word_start = lower[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if word_start && !claimed.iter().any(|(s, e, _)| start < *e && *s < end) {
                claimed.push((start, end, item));
            }
            from = end;
        }
    }
    claimed.sort_by_key(|(s, _, _)| *s);
    let mut out: Vec<&'static T> = Vec::new();
    for (_, _, item) in claimed {
        if !out.iter().any(|o| std::ptr::eq(*o, item)) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_parse_from_their_many_spellings() {
        for (text, cycle) in [
            ("2016", Cycle::Peel2016),
            ("PEEL 2016", Cycle::Peel2016),
            ("2018/19", Cycle::Peel2018),
            ("2018-19", Cycle::Peel2018),
            ("2018–19", Cycle::Peel2018),
            ("PEEL 2021/22", Cycle::Peel2021),
            ("2023-25", Cycle::Peel2023),
            ("2023–2025", Cycle::Peel2023),
        ] {
            assert_eq!(text.parse::<Cycle>(), Ok(cycle), "{text}");
        }
        for bad in ["2019", "2020", "PEEL", "20166", "2018", "2018/xx"] {
            assert!(bad.parse::<Cycle>().is_err(), "{bad}");
        }
        for cycle in Cycle::ALL {
            assert_eq!(cycle.code().parse::<Cycle>(), Ok(cycle));
        }
    }

    #[test]
    fn previous_cycles_stop_at_a_change_of_scale() {
        assert_eq!(Cycle::Peel2016.previous(), Some(Cycle::Peel2015));
        assert_eq!(Cycle::Peel2018.previous(), Some(Cycle::Peel2017));
        assert_eq!(Cycle::Peel2021.previous(), None);
        assert_eq!(Cycle::Peel2015.next(), Some(Cycle::Peel2016));
    }

    #[test]
    fn areas_named_across_a_wrapped_line() {
        let fw = Cycle::Peel2021.framework();
        let named: Vec<&str> = fw
            .areas_named(
                "investigating crime; protecting\nvulnerable people; managing dangerous offenders",
            )
            .into_iter()
            .map(|a| a.code)
            .collect();
        assert_eq!(
            named,
            vec![
                "investigating_crime",
                "protecting_vulnerable_people",
                "managing_offenders"
            ]
        );
    }

    #[test]
    fn areas_are_found_by_any_alias() {
        let fw = Cycle::Peel2021.framework();
        assert_eq!(
            fw.match_area("reporting data about crime").map(|a| a.code),
            Some("recording_data_about_crime")
        );
        assert_eq!(
            fw.match_area("how the force investigates crime")
                .map(|a| a.code),
            Some("investigating_crime")
        );
        let fw = Cycle::Peel2023.framework();
        assert_eq!(
            fw.match_area("leadership & force management")
                .map(|a| a.code),
            Some("leadership_and_force_management")
        );
        assert_eq!(fw.match_area("the weather"), None);
    }

    #[test]
    fn questions_are_found_by_keywords() {
        let fw = Cycle::Peel2016.framework();
        let q = fw
            .match_question(Pillar::Efficiency, "its planning for future demand")
            .expect("a question");
        assert_eq!(q.number, 3);
        let q = fw
            .match_question(
                Pillar::Effectiveness,
                "tackling serious and organised crime",
            )
            .expect("a question");
        assert_eq!(q.number, 4);
    }
}
