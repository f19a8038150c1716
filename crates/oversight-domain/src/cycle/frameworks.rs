//! The frameworks of each cycle: their pillars, numbered questions and graded areas with
//! their aliases, and the keywords that describe an area when no alias is used.

use super::{Area, Framework, Pillar, Question};
use crate::grade::GradeScale;

/// Words that describe an area when no alias is used: each group's stems must all begin
/// words of the phrase. Two words each, so that one common word does not name an area.
pub(super) const AREA_KEYWORDS: &[(&str, &[&[&str]])] = &[
    (
        "responding_to_the_public",
        &[
            &["answer", "call"],
            &["emergency", "call"],
            &["attend", "incident"],
            &["call", "handl"],
            &["respond", "call"],
        ],
    ),
    (
        "recording_data_about_crime",
        &[
            &["record", "crime"],
            &["recording", "report"],
            &["data", "accura"],
            &["data", "integrity"],
        ],
    ),
    (
        "investigating_crime",
        &[
            &["investigat", "crime"],
            &["investigat", "offen"],
            &["quality", "investigation"],
        ],
    ),
    (
        "protecting_vulnerable_people",
        &[
            &["protect", "vulnerab"],
            &["safeguard", "vulnerab"],
            &["protect", "victim"],
        ],
    ),
    (
        "preventing_crime",
        &[
            &["prevent", "crime"],
            &["deter", "crime"],
            &["prevent", "anti-social"],
        ],
    ),
    (
        "managing_offenders",
        &[&["manag", "offender"], &["manag", "suspect"]],
    ),
    (
        "treatment_of_the_public",
        &[
            &["treat", "public"],
            &["fair", "respect"],
            &["police", "powers"],
            &["stop", "search"],
        ],
    ),
    (
        "positive_workplace",
        &[
            &["support", "workforce"],
            &["workforce", "wellbeing"],
            &["positive", "workplace"],
        ],
    ),
    (
        "use_of_resources",
        &[
            &["value", "money"],
            &["strategic", "planning"],
            &["use", "resources"],
            &["financial", "planning"],
        ],
    ),
    (
        "leadership_and_force_management",
        &[&["leader", "manag"], &["force", "management"]],
    ),
    (
        "disrupting_serious_organised_crime",
        &[&["organised", "crim"]],
    ),
];

const FOUR_PILLARS: &[Pillar] = &[
    Pillar::Effectiveness,
    Pillar::Efficiency,
    Pillar::Legitimacy,
];

macro_rules! questions {
    ($( $pillar:ident $n:literal $title:literal [$($k:literal),*] [$($a:literal),*] ;)*) => {
        [ $( Question { pillar: Pillar::$pillar, number: $n, title: $title, keywords: &[$($k),*], aliases: &[$($a),*] }, )* ]
    };
}

const EFFECTIVENESS_QUESTIONS: [Question; 5] = questions! {
    Effectiveness 1 "Preventing crime and tackling anti-social behaviour" ["preventing crime", "anti-social", "prevent"]
        ["preventing crime", "prevents crime", "prevent crime", "preventing and deterring crime", "anti-social behaviour", "antisocial behaviour", "anti-social", "crime prevention"];
    Effectiveness 2 "Investigating crime and reducing re-offending" ["investigat", "re-offending", "reoffending"]
        ["investigating crime", "investigates crime", "investigate crime", "investigation of crime", "investigations", "reducing re-offending", "reducing reoffending", "re-offending"];
    Effectiveness 3 "Protecting vulnerable people and supporting victims" ["vulnerable", "victims"]
        ["protecting vulnerable", "protects vulnerable", "protect vulnerable", "protecting people who are vulnerable", "protecting those who are vulnerable", "protection of vulnerable", "supporting victims", "supports victims", "support victims", "vulnerability"];
    Effectiveness 4 "Tackling serious and organised crime" ["serious and organised", "organised crime"]
        ["serious and organised crime", "organised crime", "organised criminality"];
    Effectiveness 5 "Specialist capabilities" ["specialist capabilit", "armed", "firearms", "national threats"]
        ["specialist capabilit", "national policing responsibilit", "armed policing", "national threats"];
};

/// 2014 graded three strands of effectiveness.
const EFFECTIVENESS_2014_QUESTIONS: [Question; 3] = questions! {
    Effectiveness 1 "Reducing crime and preventing offending" ["reducing crime", "preventing offending"]
        ["reducing crime and preventing offending", "preventing offending", "reduce crime and prevent offending"];
    Effectiveness 2 "Investigating offending" ["investigat"]
        ["investigating offending", "investigates offending", "investigating crime"];
    Effectiveness 3 "Tackling anti-social behaviour" ["anti-social"]
        ["anti-social behaviour", "antisocial behaviour", "anti-social"];
};

pub(super) static FRAMEWORK_2014: Framework = Framework {
    cycle_code: "2014",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    graded_pillars: &[Pillar::Efficiency],
    questions: &EFFECTIVENESS_2014_QUESTIONS,
    areas: &[],
};

const EFFICIENCY_2015_QUESTIONS: [Question; 3] = questions! {
    Efficiency 1 "Using resources to meet demand" ["resources", "demand"]
        ["use of resources", "uses its resources", "using its resources", "using resources", "meet demand", "meets demand"];
    Efficiency 2 "Sustainable and affordable workforce model" ["workforce model", "workforce"]
        ["workforce model"];
    Efficiency 3 "Sustainable financial position" ["financial", "afford"]
        ["financial position", "financial plans", "sustainable financial"];
};

const LEGITIMACY_2015_QUESTIONS: [Question; 3] = questions! {
    Legitimacy 1 "Treating the people it serves with fairness and respect" ["people it serves", "public", "fairness and respect"]
        ["people it serves", "treating the public", "treats the public", "treat the public", "treating people"];
    Legitimacy 2 "A workforce that acts ethically and lawfully" ["ethical", "lawful"]
        ["ethically", "ethical", "lawfully"];
    Legitimacy 3 "Public satisfaction with stop and search and Taser" ["stop and search", "taser"]
        ["stop and search", "taser"];
};

pub(super) static FRAMEWORK_2015: Framework = Framework {
    cycle_code: "2015",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    graded_pillars: FOUR_PILLARS,
    questions: &[
        EFFECTIVENESS_QUESTIONS[0],
        EFFECTIVENESS_QUESTIONS[1],
        EFFECTIVENESS_QUESTIONS[2],
        EFFECTIVENESS_QUESTIONS[3],
        EFFECTIVENESS_QUESTIONS[4],
        EFFICIENCY_2015_QUESTIONS[0],
        EFFICIENCY_2015_QUESTIONS[1],
        EFFICIENCY_2015_QUESTIONS[2],
        LEGITIMACY_2015_QUESTIONS[0],
        LEGITIMACY_2015_QUESTIONS[1],
        LEGITIMACY_2015_QUESTIONS[2],
    ],
    areas: &[],
};

const LEGITIMACY_2016_QUESTIONS: [Question; 3] = questions! {
    Legitimacy 1 "Treating the people it serves with fairness and respect" ["people it serves", "the public", "fairly"]
        ["people it serves", "treating the public", "treats the public", "treat the public", "people with fairness"];
    Legitimacy 2 "A workforce that behaves ethically and lawfully" ["ethical", "lawful", "misconduct", "corruption"]
        ["ethically", "ethical", "lawfully"];
    Legitimacy 3 "Treating its workforce with fairness and respect" ["its workforce", "its staff", "wellbeing"]
        ["treating its workforce", "treats its workforce", "treat its workforce", "treating its staff", "treats its staff", "its workforce with fairness", "workforce wellbeing", "treatment of its workforce", "treatment of the workforce", "treating the workforce", "treats the workforce"];
};

/// Efficiency 2016 and 2017: demand understood, resources used, the future planned.
const EFFICIENCY_2016_QUESTIONS: [Question; 3] = questions! {
    Efficiency 1 "Understanding demand" ["understand", "understanding of demand", "current demand"]
        ["understanding of demand", "understands demand", "understanding demand", "understanding of current demand", "understands the demand", "understanding the demand", "understanding of the demand", "understanding of its demand", "understand demand"];
    Efficiency 2 "Using resources to manage demand" ["use of resources", "resources"]
        ["use of resources", "use of its resources", "uses its resources", "using its resources", "using resources", "uses resources", "use its resources"];
    Efficiency 3 "Planning for future demand" ["planning", "future"]
        ["planning for the future", "planning for future", "plans for the future", "plan for the future", "future demand"];
};

pub(super) static FRAMEWORK_2016: Framework = Framework {
    cycle_code: "2016",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    graded_pillars: FOUR_PILLARS,
    questions: &[
        EFFECTIVENESS_QUESTIONS[0],
        EFFECTIVENESS_QUESTIONS[1],
        EFFECTIVENESS_QUESTIONS[2],
        EFFECTIVENESS_QUESTIONS[3],
        EFFECTIVENESS_QUESTIONS[4],
        EFFICIENCY_2016_QUESTIONS[0],
        EFFICIENCY_2016_QUESTIONS[1],
        EFFICIENCY_2016_QUESTIONS[2],
        LEGITIMACY_2016_QUESTIONS[0],
        LEGITIMACY_2016_QUESTIONS[1],
        LEGITIMACY_2016_QUESTIONS[2],
    ],
    areas: &[],
};

/// 2018/19 asked two efficiency questions.
const EFFICIENCY_2018_QUESTIONS: [Question; 2] = questions! {
    Efficiency 1 "Meeting current demands and using resources" ["current demand", "resources"]
        ["meets current demands", "meeting current demands", "meet current demands", "current demand", "use of resources", "uses its resources", "using its resources"];
    Efficiency 2 "Planning for the future" ["planning", "future"]
        ["planning for the future", "planning for future", "plans for the future", "plan for the future", "future demand"];
};

pub(super) static FRAMEWORK_2017: Framework = Framework {
    cycle_code: "2017",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    graded_pillars: FOUR_PILLARS,
    questions: &[
        EFFECTIVENESS_QUESTIONS[0],
        EFFECTIVENESS_QUESTIONS[1],
        EFFECTIVENESS_QUESTIONS[2],
        EFFECTIVENESS_QUESTIONS[3],
        EFFECTIVENESS_QUESTIONS[4],
        EFFICIENCY_2016_QUESTIONS[0],
        EFFICIENCY_2016_QUESTIONS[1],
        EFFICIENCY_2016_QUESTIONS[2],
        LEGITIMACY_2016_QUESTIONS[0],
        LEGITIMACY_2016_QUESTIONS[1],
        LEGITIMACY_2016_QUESTIONS[2],
    ],
    areas: &[],
};

pub(super) static FRAMEWORK_2018: Framework = Framework {
    cycle_code: "2018/19",
    scale: GradeScale::FourPoint,
    pillars: FOUR_PILLARS,
    graded_pillars: FOUR_PILLARS,
    questions: &[
        EFFECTIVENESS_QUESTIONS[0],
        EFFECTIVENESS_QUESTIONS[1],
        EFFECTIVENESS_QUESTIONS[2],
        EFFECTIVENESS_QUESTIONS[3],
        EFFECTIVENESS_QUESTIONS[4],
        EFFICIENCY_2018_QUESTIONS[0],
        EFFICIENCY_2018_QUESTIONS[1],
        LEGITIMACY_2016_QUESTIONS[0],
        LEGITIMACY_2016_QUESTIONS[1],
        LEGITIMACY_2016_QUESTIONS[2],
    ],
    areas: &[],
};

macro_rules! areas {
    ($( $code:literal $title:literal [$($alias:literal),*] ;)*) => {
        &[ $( Area { code: $code, title: $title, aliases: &[$($alias),*] }, )* ]
    };
}

pub(super) static FRAMEWORK_2021: Framework = Framework {
    cycle_code: "2021/22",
    scale: GradeScale::FivePoint,
    pillars: &[],
    graded_pillars: &[],
    questions: &[],
    areas: areas! {
        "treatment_of_the_public" "Engaging with and treating the public with fairness and respect"
            ["engaging with and treating the public with fairness and respect", "treatment of the public", "treats the public", "treating the public", "fairness and respect", "treat the public", "treated the public", "engages with the public", "engaging with the public", "public treatment", "police powers", "treats people fairly", "treating people fairly"];
        "preventing_crime" "Preventing crime and anti-social behaviour"
            ["preventing crime and anti-social behaviour", "preventing crime", "prevents crime", "preventing and deterring crime", "prevent crime", "preventing and deterring", "deters crime", "deterring crime", "crime prevention", "anti-social behaviour", "antisocial behaviour"];
        "responding_to_the_public" "Responding to the public" ["responding to the public", "responds to the public", "respond to the public", "response to the public", "responded to the public"];
        "investigating_crime" "Investigating crime" ["investigating crime", "investigates crime", "investigate crime", "investigation of crime", "investigations", "investigating crimes"];
        "protecting_vulnerable_people" "Protecting vulnerable people" ["protecting vulnerable people", "protects vulnerable people", "protect vulnerable people", "protection of vulnerable people", "protecting the vulnerable", "protecting people who are vulnerable", "protects people who are vulnerable"];
        "managing_offenders" "Managing offenders and suspects" ["managing offenders and suspects", "managing offenders", "manages offenders", "manage offenders", "managing suspects", "manages suspects", "offender management", "offenders and suspects", "managing dangerous offenders", "manages dangerous offenders", "dangerous offenders"];
        "disrupting_serious_organised_crime" "Disrupting serious organised crime"
            ["disrupting serious organised crime", "disrupts serious organised crime", "serious organised crime", "disrupts organised crime", "disrupting organised crime", "disrupt serious organised crime", "disrupt organised crime", "serious and organised crime", "organised crime", "organised criminality"];
        "positive_workplace" "Building, supporting and protecting the workforce"
            ["building, supporting and protecting the workforce", "building, supporting and protecting its workforce", "developing a positive workplace", "positive workplace", "positive workforce", "supporting the workforce", "supporting its workforce", "supports its workforce", "supporting and protecting the workforce", "building and supporting the workforce", "supporting and protecting its workforce", "supports the workforce"];
        "use_of_resources" "Strategic planning, organisational management and value for money"
            ["strategic planning, organisational management and value for money", "strategic planning and value for money", "making good use of resources", "good use of resources", "use of resources", "value for money", "achieves value for money", "achieving value for money", "using resources well", "uses resources well", "strategic planning", "organisational management", "uses its resources", "using its resources"];
        "recording_data_about_crime" "Recording data about crime"
            ["recording data about crime", "reporting data about crime", "records data about crime", "crime data integrity", "crime recording", "crime data", "recording crime", "records crime", "crime-recording", "recording data", "records data", "data recording"];
    },
};

pub(super) static FRAMEWORK_2023: Framework = Framework {
    cycle_code: "2023-25",
    scale: GradeScale::FivePoint,
    pillars: &[],
    graded_pillars: &[],
    questions: &[],
    areas: areas! {
        "treatment_of_the_public" "Police powers and public treatment"
            ["police powers and public treatment", "treating the public fairly, appropriately and respectfully", "uses its police powers and engages with the public", "treatment of the public", "treats the public", "treating the public", "treat the public", "treated the public", "engages with the public", "engaging with the public", "public treatment", "police powers", "treats people fairly", "treating people fairly"];
        "preventing_crime" "Preventing and deterring crime and anti-social behaviour, and reducing vulnerability"
            ["preventing and deterring crime and anti-social behaviour, and reducing vulnerability", "preventing and deterring crime", "preventing crime", "prevents crime", "prevent crime", "preventing and deterring", "deters crime", "deterring crime", "crime prevention", "anti-social behaviour", "antisocial behaviour"];
        "responding_to_the_public" "Responding to the public" ["responding to the public", "responds to the public", "respond to the public", "response to the public", "responded to the public"];
        "investigating_crime" "Investigating crime" ["investigating crime", "investigates crime", "investigate crime", "investigation of crime", "investigations", "investigating crimes"];
        "protecting_vulnerable_people" "Protecting vulnerable people" ["protecting vulnerable people", "protects vulnerable people", "protect vulnerable people", "protection of vulnerable people", "protecting the vulnerable", "protecting people who are vulnerable", "protects people who are vulnerable"];
        "managing_offenders" "Managing offenders and suspects" ["managing offenders and suspects", "managing offenders", "manages offenders", "manage offenders", "managing suspects", "manages suspects", "offender management", "offenders and suspects", "managing dangerous offenders", "manages dangerous offenders", "dangerous offenders"];
        "positive_workplace" "Building, supporting and protecting the workforce"
            ["building, supporting and protecting the workforce", "building, supporting and protecting its workforce", "developing a positive workplace", "positive workplace", "positive workforce", "supporting the workforce", "supporting its workforce", "supports its workforce", "supporting and protecting the workforce", "building and supporting the workforce", "supporting and protecting its workforce", "supports the workforce"];
        "leadership_and_force_management" "Leadership and force management"
            ["leadership and force management", "leadership and management", "leadership", "force management", "manages the force", "managing the force"];
        "recording_data_about_crime" "Recording data about crime"
            ["recording data about crime", "reporting data about crime", "records data about crime", "crime data integrity", "crime recording", "crime data", "recording crime", "records crime", "crime-recording", "recording data", "records data", "data recording"];
    },
};
