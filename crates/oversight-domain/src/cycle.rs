//! Inspection cycles and their frameworks: pillars, numbered questions, graded areas,
//! grade scales, and the aliases documents use for each.
//!
//! The question and area names here are Oversight's own short titles; the aliases are
//! the phrases reports, press releases and grade tables use for the same thing.

use std::fmt;
use std::str::FromStr;

use crate::grade::GradeScale;

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

    pub fn area(&self, code: &str) -> Option<&'static Area> {
        self.areas.iter().find(|a| a.code == code)
    }
}

const FOUR_PILLARS: &[Pillar] = &[
    Pillar::Effectiveness,
    Pillar::Efficiency,
    Pillar::Legitimacy,
];

macro_rules! questions {
    ($( $pillar:ident $n:literal $title:literal [$($k:literal),*] ;)*) => {
        &[ $( Question { pillar: Pillar::$pillar, number: $n, title: $title, keywords: &[$($k),*] }, )* ]
    };
}

const EFFECTIVENESS_QUESTIONS: &[Question] = questions! {
    Effectiveness 1 "Preventing crime and tackling anti-social behaviour" ["preventing crime", "anti-social", "prevent"];
    Effectiveness 2 "Investigating crime and reducing re-offending" ["investigat", "re-offending", "reoffending"];
    Effectiveness 3 "Protecting vulnerable people and supporting victims" ["vulnerable", "victims"];
    Effectiveness 4 "Tackling serious and organised crime" ["serious and organised", "organised crime"];
    Effectiveness 5 "Specialist capabilities" ["specialist capabilit", "armed", "firearms", "national threats"];
};

static FRAMEWORK_2014: Framework = Framework {
    cycle_code: "2014",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    questions: &[],
    areas: &[],
};

static FRAMEWORK_2015: Framework = Framework {
    cycle_code: "2015",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    questions: &[
        EFFECTIVENESS_QUESTIONS[0],
        EFFECTIVENESS_QUESTIONS[1],
        EFFECTIVENESS_QUESTIONS[2],
        EFFECTIVENESS_QUESTIONS[3],
        EFFECTIVENESS_QUESTIONS[4],
        Question {
            pillar: Pillar::Efficiency,
            number: 1,
            title: "Using resources to meet demand",
            keywords: &["resources", "demand"],
        },
        Question {
            pillar: Pillar::Efficiency,
            number: 2,
            title: "Sustainable and affordable workforce model",
            keywords: &["workforce model", "workforce"],
        },
        Question {
            pillar: Pillar::Efficiency,
            number: 3,
            title: "Sustainable financial position",
            keywords: &["financial", "afford"],
        },
        Question {
            pillar: Pillar::Legitimacy,
            number: 1,
            title: "Treating the people it serves with fairness and respect",
            keywords: &["people it serves", "public", "fairness and respect"],
        },
        Question {
            pillar: Pillar::Legitimacy,
            number: 2,
            title: "A workforce that acts ethically and lawfully",
            keywords: &["ethical", "lawful"],
        },
        Question {
            pillar: Pillar::Legitimacy,
            number: 3,
            title: "Public satisfaction with stop and search and Taser",
            keywords: &["stop and search", "taser"],
        },
    ],
    areas: &[],
};

const LEGITIMACY_2016_QUESTIONS: [Question; 3] = [
    Question {
        pillar: Pillar::Legitimacy,
        number: 1,
        title: "Treating the people it serves with fairness and respect",
        keywords: &["people it serves", "the public", "fairly"],
    },
    Question {
        pillar: Pillar::Legitimacy,
        number: 2,
        title: "A workforce that behaves ethically and lawfully",
        keywords: &["ethical", "lawful", "misconduct", "corruption"],
    },
    Question {
        pillar: Pillar::Legitimacy,
        number: 3,
        title: "Treating its workforce with fairness and respect",
        keywords: &["its workforce", "its staff", "wellbeing"],
    },
];

static FRAMEWORK_2016: Framework = Framework {
    cycle_code: "2016",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    questions: &[
        EFFECTIVENESS_QUESTIONS[0],
        EFFECTIVENESS_QUESTIONS[1],
        EFFECTIVENESS_QUESTIONS[2],
        EFFECTIVENESS_QUESTIONS[3],
        EFFECTIVENESS_QUESTIONS[4],
        Question {
            pillar: Pillar::Efficiency,
            number: 1,
            title: "Understanding demand",
            keywords: &["understand", "understanding of demand", "current demand"],
        },
        Question {
            pillar: Pillar::Efficiency,
            number: 2,
            title: "Using resources to manage demand",
            keywords: &["use of resources", "resources"],
        },
        Question {
            pillar: Pillar::Efficiency,
            number: 3,
            title: "Planning for future demand",
            keywords: &["planning", "future"],
        },
        LEGITIMACY_2016_QUESTIONS[0],
        LEGITIMACY_2016_QUESTIONS[1],
        LEGITIMACY_2016_QUESTIONS[2],
    ],
    areas: &[],
};

const EFFICIENCY_2017_QUESTIONS: [Question; 2] = [
    Question {
        pillar: Pillar::Efficiency,
        number: 1,
        title: "Meeting current demands and using resources",
        keywords: &["current demand", "resources"],
    },
    Question {
        pillar: Pillar::Efficiency,
        number: 2,
        title: "Planning for the future",
        keywords: &["planning", "future"],
    },
];

static FRAMEWORK_2017: Framework = Framework {
    cycle_code: "2017",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    questions: &[
        EFFECTIVENESS_QUESTIONS[0],
        EFFECTIVENESS_QUESTIONS[1],
        EFFECTIVENESS_QUESTIONS[2],
        EFFECTIVENESS_QUESTIONS[3],
        EFFECTIVENESS_QUESTIONS[4],
        EFFICIENCY_2017_QUESTIONS[0],
        EFFICIENCY_2017_QUESTIONS[1],
        LEGITIMACY_2016_QUESTIONS[0],
        LEGITIMACY_2016_QUESTIONS[1],
        LEGITIMACY_2016_QUESTIONS[2],
    ],
    areas: &[],
};

static FRAMEWORK_2018: Framework = Framework {
    cycle_code: "2018/19",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    questions: FRAMEWORK_2017.questions,
    areas: &[],
};

macro_rules! areas {
    ($( $code:literal $title:literal [$($alias:literal),*] ;)*) => {
        &[ $( Area { code: $code, title: $title, aliases: &[$($alias),*] }, )* ]
    };
}

static FRAMEWORK_2021: Framework = Framework {
    cycle_code: "2021/22",
    scale: GradeScale::FivePoint,
    pillars: &[],
    questions: &[],
    areas: areas! {
        "treatment_of_the_public" "Engaging with and treating the public with fairness and respect"
            ["engaging with and treating the public with fairness and respect", "treatment of the public", "treats the public", "treating the public", "fairness and respect"];
        "preventing_crime" "Preventing crime and anti-social behaviour"
            ["preventing crime and anti-social behaviour", "preventing crime", "prevents crime", "preventing and deterring crime"];
        "responding_to_the_public" "Responding to the public" ["responding to the public", "responds to the public"];
        "investigating_crime" "Investigating crime" ["investigating crime", "investigates crime"];
        "protecting_vulnerable_people" "Protecting vulnerable people" ["protecting vulnerable people", "protects vulnerable people"];
        "managing_offenders" "Managing offenders and suspects" ["managing offenders and suspects", "managing offenders", "manages offenders"];
        "disrupting_serious_organised_crime" "Disrupting serious organised crime"
            ["disrupting serious organised crime", "disrupts serious organised crime", "serious organised crime"];
        "positive_workplace" "Building, supporting and protecting the workforce"
            ["building, supporting and protecting the workforce", "building, supporting and protecting its workforce", "developing a positive workplace", "positive workplace"];
        "use_of_resources" "Strategic planning, organisational management and value for money"
            ["strategic planning, organisational management and value for money", "strategic planning and value for money", "making good use of resources", "good use of resources", "use of resources", "value for money"];
        "recording_data_about_crime" "Recording data about crime"
            ["recording data about crime", "reporting data about crime", "records data about crime", "crime data integrity", "crime recording"];
    },
};

static FRAMEWORK_2023: Framework = Framework {
    cycle_code: "2023-25",
    scale: GradeScale::FivePoint,
    pillars: &[],
    questions: &[],
    areas: areas! {
        "treatment_of_the_public" "Police powers and public treatment"
            ["police powers and public treatment", "treating the public fairly, appropriately and respectfully", "uses its police powers and engages with the public", "treatment of the public", "treats the public", "treating the public"];
        "preventing_crime" "Preventing and deterring crime and anti-social behaviour, and reducing vulnerability"
            ["preventing and deterring crime and anti-social behaviour, and reducing vulnerability", "preventing and deterring crime", "preventing crime", "prevents crime"];
        "responding_to_the_public" "Responding to the public" ["responding to the public", "responds to the public"];
        "investigating_crime" "Investigating crime" ["investigating crime", "investigates crime"];
        "protecting_vulnerable_people" "Protecting vulnerable people" ["protecting vulnerable people", "protects vulnerable people"];
        "managing_offenders" "Managing offenders and suspects" ["managing offenders and suspects", "managing offenders", "manages offenders"];
        "positive_workplace" "Building, supporting and protecting the workforce"
            ["building, supporting and protecting the workforce", "building, supporting and protecting its workforce", "developing a positive workplace", "positive workplace"];
        "leadership_and_force_management" "Leadership and force management"
            ["leadership and force management", "leadership and management"];
        "recording_data_about_crime" "Recording data about crime"
            ["recording data about crime", "reporting data about crime", "records data about crime", "crime data integrity", "crime recording"];
    },
};

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
