//! Grade statements as a grammar, for every shape of document.
//!
//! A grade statement has three parts: a *subject* (the force, "the extent to which the force
//! is effective at …", a question's wording, an area's name), a *verb phrase* ("is", "was
//! judged to be", "has been rated", "requires", "graded … as") and a *grade word* on the
//! cycle's scale. Inspection pages, press releases, PCC pages, Panel minutes and the local
//! press all write grades this way, in sentences, in bullets and in "Area – Grade" lines.
//!
//! The reader works in three steps:
//! 1. the text is cut into units (sentences, list items, label lines);
//! 2. in each unit, grade words *in grade position* are found: quoted ('good'), after a
//!    copula or judging verb ("is good at", "judged to be good", "rated outstanding for"),
//!    after a label separator ("Preventing crime – Good", "Effectiveness: good"), or chained
//!    after an earlier grade ("outstanding for effectiveness and good for legitimacy");
//! 3. each grade's subject is the phrase after it ("good *at investigating crime*", "the
//!    'inadequate' areas *included how it responds to the public*") or, failing that, the
//!    phrase before it ("*Treatment of the public, managing offenders* – adequate"), resolved
//!    through the cycle's framework: a pillar by its adjective or phrases, questions by their
//!    aliases, areas by theirs. A list in that phrase gives one judgment per item.
//!
//! What is not a grade: a grade word in ordinary use ("a good understanding"), negated ("not
//! good enough"), hypothetical ("would have been"), or absent ("not yet graded", "to be
//! graded"). A grade said of an earlier inspection ("the previous report found it
//! inadequate in …", "downgraded from good to …") is returned as such, with its cycle.

use std::ops::Range;
use std::sync::LazyLock;

use oversight_domain::{Cycle, Force, Grade, GradeScale, Pillar, Subject};
use regex::Regex;

use crate::layout::Layout;
use crate::phrases;

#[allow(clippy::unwrap_used)] // The patterns are constants, checked by the tests below.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap()
}

/// One grade a document states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub grade: Grade,
    pub subject: Subject,
    /// The force the statement is about, when the text names one before it (a page about
    /// several forces); `None` means the document's own force.
    pub force: Option<Force>,
    /// The cycle the statement is about: the document's, or an earlier one it mentions.
    pub cycle: Cycle,
    /// How the statement places itself in time.
    pub when: When,
    /// Byte range of the unit (sentence, item or line) that states it.
    pub range: Range<usize>,
}

/// When a statement's grade was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// In the inspection the document is about.
    Now,
    /// In an inspection the text names by its year ("In 2015 the force was judged …").
    Named,
    /// "Last year", "the previous report": the cycle before, by inference.
    Before,
}

/// What the reader found and what it passed over, for a document's warning.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Grade words in grade position whose subject named nothing in the framework.
    pub unresolved: usize,
    /// Statements that a grade is absent ("not yet graded").
    pub absent: usize,
}

const GRADE_WORD: &str = r"outstanding|good|adequate|inadequate|requires?\s+improvement|requiring\s+improvement|required\s+improvement";

/// A grade word with the quotation marks around it, if any.
static MENTION: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r#"(?i)(['‘’“”"]?)\b({GRADE_WORD})\b(['‘’“”"]?)"#)));

/// A grade word, or a quoted "improvement" that may stand for one ("needed 'improvement' in").
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?i)(['‘’“”"]?)\b({GRADE_WORD}|improvement(?:\s+(?:is|was|were)\s+(?:needed|required))?)\b(['‘’“”"]?)"#
    ))
});

/// Words between a verb and its grade that keep it in grade position ("is *also* good").
const FILLERS: &[&str] = &[
    "also",
    "still",
    "now",
    "overall",
    "both",
    "all",
    "again",
    "currently",
    "once",
    "consistently",
    "generally",
    "judged",
    "assessed",
    "graded",
    "rated",
    "found",
    "to",
    "be",
    "been",
    "being",
    "as",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
];

/// Verbs that put the next grade word in grade position.
const VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "remains",
    "remain",
    "remained",
    "as",
    "rated",
    "graded",
    "judged",
    "assessed",
    "found",
    "received",
    "receive",
    "receives",
    "achieved",
    "awarded",
    "deemed",
    "categorised",
    "categorized",
    "classed",
    "gained",
    "retained",
    "maintained",
    "it's",
    "its",
];

/// What may follow an unquoted grade word after a verb: a preposition or the clause's end.
const AFTER_GRADE: &[&str] = &[
    "at", "in", "for", "overall", "across", "on", "and", "but", "with", "when", "to", "-", "–",
];

/// Hedges that make a whole sentence's grades hypothetical or absent.
const HEDGES: &[&str] = &[
    "would have been",
    "had it not",
    "could be",
    "could have",
    "if it ",
    "not yet graded",
    "to be graded",
    "will be graded",
    "will be published",
    "not graded",
    "is not graded",
    "were not graded",
    "no grade",
    "ungraded",
    "carried over",
    "still stands",
    "not inspected",
    "aim to be",
    "aims to be",
    "ambition",
    "strive",
    "want to be",
    "wants to be",
];

/// Words that say a grade belongs to an earlier inspection.
static EARLIER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:previous(?:ly)?|last\s+(?:year|inspection|report|time|assessment|peel)|earlier\s+(?:report|inspection)|prior\s+to|was\s+previously|in\s+its\s+last|when\s+we\s+last|had\s+been\s+(?:judged|graded|rated|assessed))\b",
    )
});

/// "In 2015, …": a year that names a one-year cycle ("2017/18" names none).
static EARLIER_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:in|since|from)\s+(?:its\s+)?(20\d\d)\b(?:[^/\d]|$)"));

/// Reads the grade statements of a document whose cycle is known.
#[derive(Debug)]
pub struct Reader<'d, 't> {
    doc: &'d Layout<'t>,
    cycle: Cycle,
    /// The pillar each line is under (a pillar heading or its question), 2014–2019 only.
    section_pillar: Vec<Option<Pillar>>,
    /// Every force named in the text, with its byte offset.
    forces: Vec<(usize, Force)>,
    /// Where each of those names ends.
    force_ends: Vec<usize>,
    /// The forces the text is about from each point on: (unit start, force).
    topics: Vec<(usize, Force)>,
    /// The one pillar the text names, if it names only one (effectiveness if none).
    only_pillar: Option<Pillar>,
    /// The one pillar the text names, if it names exactly one.
    sole_pillar: Option<Pillar>,
}

impl<'d, 't> Reader<'d, 't> {
    pub fn new(doc: &'d Layout<'t>, cycle: Cycle) -> Reader<'d, 't> {
        let mut section_pillar = Vec::with_capacity(doc.lines.len());
        let mut current = None;
        for i in 0..doc.lines.len() {
            let line = doc.line(i);
            if let Some(p) = crate::recognise::pillar_heading(line) {
                current = Some(p);
            } else if crate::recognise::is_question_line(line)
                && let Some((p, _)) = phrases::pillar_mentions(line).first()
            {
                current = Some(*p);
            } else if line.len() <= 120
                && !line.trim_end().ends_with(['.', ':', ';'])
                && let [(p, _), rest @ ..] = phrases::pillar_mentions(line).as_slice()
                && rest.iter().all(|(q, _)| q == p)
            {
                // A short heading naming one pillar ("Effectiveness – how effective is the
                // force at …?").
                current = Some(*p);
            }
            section_pillar.push(current);
        }
        let spans = oversight_domain::force::find_forces(doc.text);
        let forces: Vec<(usize, Force)> = spans.iter().map(|(f, r)| (r.start, *f)).collect();
        let force_ends: Vec<usize> = spans.iter().map(|(_, r)| r.end).collect();
        let mut topics = Vec::new();
        for unit in units(doc) {
            let text = &doc.text[unit.clone()];
            let opening_end = text
                .char_indices()
                .filter(|(_, c)| c.is_whitespace())
                .nth(7)
                .map_or(text.len(), |(k, _)| k);
            let lead_in = text.trim_end().ends_with(':');
            // The forces are in text order: start at the unit's first, never scan from the top.
            let first = forces.partition_point(|(at, _)| *at < unit.start);
            let named = forces[first..]
                .first()
                .filter(|(at, _)| *at < unit.start + opening_end || lead_in && *at < unit.end);
            if let Some((_, force)) = named {
                topics.push((unit.start, *force));
            }
        }
        let mut named: Vec<Pillar> = phrases::pillar_mentions(doc.text)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        named.sort_by_key(|p| p.code());
        named.dedup();
        // A text naming all the pillars ("Police Effectiveness, Efficiency and Legitimacy")
        // may still say which one its report is on: "their report into the Effectiveness of
        // …", "the PEEL 'Efficiency' report".
        static REPORT_ON: LazyLock<Regex> = LazyLock::new(|| {
            re(
                r"(?i)\breport\s+(?:into|on)\s+(?:the\s+)?['‘]?(effectiveness|efficiency|legitimacy)\b|['‘](effectiveness|efficiency|legitimacy)['’]\s+report\b",
            )
        });
        let reported: Vec<Pillar> = REPORT_ON
            .captures_iter(doc.text)
            .filter_map(|c| c.get(1).or_else(|| c.get(2)))
            .filter_map(|m| m.as_str().to_lowercase().parse::<Pillar>().ok())
            .fold(Vec::new(), |mut v, p| {
                if !v.contains(&p) {
                    v.push(p);
                }
                v
            });
        let sole_pillar = match (named.as_slice(), reported.as_slice()) {
            ([one], _) | (_, [one]) => Some(*one),
            _ => None,
        };
        let only_pillar = match named.as_slice() {
            [] => Some(Pillar::Effectiveness),
            [one] => Some(*one),
            _ => None,
        };
        Reader {
            doc,
            cycle,
            section_pillar,
            forces,
            force_ends,
            topics,
            only_pillar,
            sole_pillar,
        }
    }

    /// Every grade statement, in document order, and a tally of what was passed over.
    pub fn statements(&self) -> (Vec<Statement>, Tally) {
        let mut out = Vec::new();
        let mut tally = Tally::default();
        let mut previous_unit = 0..0;
        for unit in units(self.doc) {
            // "… the previous report found it 'inadequate' in X. It was also found to
            // 'require improvement' in Y.": a sentence that adds to the one before it, with no
            // time of its own, is about the same inspection.
            let carried = out
                .last()
                .filter(|s: &&Statement| s.when == When::Before && s.range == previous_unit)
                .map(|s| s.cycle)
                .filter(|_| continues_previous(&self.doc.text[unit.clone()]));
            previous_unit = unit.clone();
            self.read_unit(unit, carried, &mut out, &mut tally);
        }
        (out, tally)
    }

    fn pillar_at(&self, byte: usize) -> Option<Pillar> {
        let line = self.doc.lines.partition_point(|l| l.full.end < byte);
        self.section_pillar.get(line).copied().flatten()
    }

    /// The force a statement is about: one named in its own unit before the grade, else the
    /// topic of the text before it: a force named at the start of a sentence or heading, or
    /// in a lead-in ending with a colon ("Inspectors found that Kent Police:"). A force named
    /// in passing ("one of two forces, the other being Suffolk") does not change the topic.
    fn force_before(&self, unit: &Range<usize>, byte: usize) -> Option<Force> {
        // The last force named in the unit before `byte`, found by bisection (the forces are
        // in text order), so each statement costs the same however long the text.
        let before = self.forces.partition_point(|(at, _)| *at < byte);
        let in_unit = before
            .checked_sub(1)
            .map(|k| self.forces[k])
            .filter(|(at, _)| *at >= unit.start)
            .map(|(_, f)| f);
        in_unit.or_else(|| {
            let k = self.topics.partition_point(|(at, _)| *at < unit.start);
            k.checked_sub(1).map(|k| self.topics[k].1)
        })
    }

    /// Several forces that share one grade: "South Wales and Gwent police forces were judged
    /// good", the last forces named before it, joined by "and" or commas.
    fn forces_joined(&self, unit: &Range<usize>, byte: usize) -> Vec<Force> {
        let end = self.forces.partition_point(|(at, _)| *at < byte);
        let start = self.forces.partition_point(|(at, _)| *at < unit.start);
        let mut out: Vec<Force> = Vec::new();
        // They are the grade's subject: a few words ("police forces were judged") before it.
        if end == start
            || self.doc.text[self.force_ends[end - 1].min(byte)..byte]
                .split_whitespace()
                .count()
                > 6
        {
            return out;
        }
        for k in (start..end).rev() {
            let (_, force) = self.forces[k];
            if k + 1 < end {
                // Only a joining word between one force's name and the next.
                let gap = self.doc.text[self.force_ends[k]..self.forces[k + 1].0]
                    .trim_matches(|c: char| c == ',' || c.is_whitespace());
                if !(gap.is_empty() || gap == "and") {
                    break;
                }
            }
            if !out.contains(&force) {
                out.push(force);
            }
        }
        out.reverse();
        out
    }

    fn read_unit(
        &self,
        unit: Range<usize>,
        carried: Option<Cycle>,
        out: &mut Vec<Statement>,
        tally: &mut Tally,
    ) {
        let text = &self.doc.text[unit.clone()];
        let lower = lower_same_offsets(text);
        if HEDGES.iter().any(|h| lower.contains(h)) {
            if lower.contains("not yet graded")
                || lower.contains("to be graded")
                || lower.contains("not graded")
            {
                tally.absent += 1;
            }
            return;
        }
        let mut mentions = grade_mentions(text, &lower);
        // A qualified noun ("a good understanding of demand") is a grade only in a sentence
        // that states others ("…; its use of resources is assessed to be good; …").
        // "The force has an outstanding approach to preventing crime" is the inspectorate's
        // way of stating the top (or bottom) grade on its own.
        let strong = |m: &Mention| {
            matches!(m.grade, Grade::Outstanding | Grade::Inadequate)
                && lower[m.end..].trim_start().starts_with("approach to ")
        };
        if mentions.iter().all(|m| m.head) && !mentions.iter().any(strong) {
            mentions.clear();
        }
        let scale = self.cycle.framework().scale;
        let mut consumed = 0;
        let mut from_subjects: Vec<Subject> = Vec::new();
        for (k, m) in mentions.iter().enumerate() {
            let next_start = mentions.get(k + 1).map_or(text.len(), |n| n.start);
            // The subject is named in the framework of the inspection the grade belongs to.
            let time = self.cycle_of(&lower, m).map(|(cycle, when)| match carried {
                Some(earlier) if when == When::Now => (earlier, When::Before),
                _ => (cycle, when),
            });
            let within = time.map_or(self.cycle, |(cycle, _)| cycle);
            let (mut subjects, forward_end) =
                self.subjects_of(within, text, &lower, m, consumed, next_start, unit.start);
            consumed = forward_end.max(m.end);
            if subjects.is_empty() {
                subjects = self.listed_after(within, &unit, text, &mentions[k..]);
            }
            // "downgraded from 'good' to 'requires improvement'": the second grade is of the
            // first's subject.
            if subjects.is_empty()
                && k > 0
                && mentions[k - 1].from
                && lower[mentions[k - 1].end..m.start].trim() == "to"
            {
                subjects.clone_from(&from_subjects);
            }
            if m.from {
                from_subjects.clone_from(&subjects);
            }
            if subjects.is_empty() {
                tally.unresolved += 1;
                continue;
            }
            let Some((mut cycle, mut when)) = time else {
                continue;
            };
            // The 2018/19 inspection carried forward the 2017 grades of the questions it did
            // not inspect again, and says so: "In 2017, we judged the force as good at
            // treating the public fairly" is this inspection's grade for the question.
            if self.cycle == Cycle::Peel2018
                && cycle == Cycle::Peel2017
                && when == When::Named
                && lower.contains("we judged")
                && subjects
                    .iter()
                    .all(|s| matches!(s, Subject::Question { .. }))
            {
                (cycle, when) = (self.cycle, When::Now);
            }
            if !cycle.framework().scale.allows(m.grade)
                || (m.grade == Grade::Ungraded)
                || (scale == GradeScale::FourPoint
                    && cycle.framework().scale == GradeScale::FivePoint)
            {
                continue;
            }
            let joined = self.forces_joined(&unit, unit.start + m.start);
            let forces = if joined.len() >= 2 {
                joined.into_iter().map(Some).collect()
            } else {
                vec![self.force_before(&unit, unit.start + m.start)]
            };
            for force in forces {
                for subject in &subjects {
                    out.push(Statement {
                        grade: m.grade,
                        subject: *subject,
                        force,
                        cycle,
                        when,
                        range: unit.clone(),
                    });
                }
            }
        }
    }

    /// The subjects listed under a lead-in that ends with its grade ("It was rated 'good' at:",
    /// "'inadequate' in:") — the list items that follow it. A grade in brackets ("(one below
    /// 'outstanding')") leads nothing in.
    fn listed_after(
        &self,
        cycle: Cycle,
        unit: &Range<usize>,
        text: &str,
        mentions: &[Mention],
    ) -> Vec<Subject> {
        let Some(m) = mentions.first() else {
            return Vec::new();
        };
        let tail = text[m.end..].trim_end();
        // "graded as good at:-" ends its lead-in the same way.
        let tail = tail
            .strip_suffix(":-")
            .map_or(tail, |t| &tail[..t.len() + 1]);
        if !tail.ends_with(':')
            || text[..m.start].matches('(').count() > text[..m.start].matches(')').count()
        {
            return Vec::new();
        }
        let mut depth = 0usize;
        let mut outside = String::new();
        for c in tail.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ if depth == 0 => outside.push(c),
                _ => {}
            }
        }
        // Later grades of the unit only in brackets; the rest a preposition or two.
        let later_outside = mentions[1..].iter().any(|n| {
            let before = &text[m.end..n.start];
            before.matches('(').count() <= before.matches(')').count()
        });
        if later_outside || outside.split_whitespace().count() > 3 {
            return Vec::new();
        }
        let lines = &self.doc.lines;
        let mut i = lines.partition_point(|l| l.full.end < unit.end) + 1;
        let mut subjects = Vec::new();
        let mut taken = 0;
        let mut bullets = 0;
        while i < lines.len() && taken < 16 {
            let line = &lines[i];
            i += 1;
            if line.is_blank() {
                continue;
            }
            let content = self.doc.line(i - 1);
            let bullet = line.bullet || marked_item(content);
            let found = self.resolve(cycle, content, line.content.start);
            // A list of bullets ends at the first line that is not one; a list of short
            // lines at a line that names nothing, ends a sentence or states a grade itself.
            if !bullet
                && (bullets > 0
                    || found.is_empty()
                    || content.len() > 90
                    || content.trim_end().ends_with(['.', ':'])
                    || MENTION.is_match(content))
            {
                break;
            }
            taken += 1;
            bullets += usize::from(bullet);
            for subject in found {
                if !subjects.contains(&subject) {
                    subjects.push(subject);
                }
            }
        }
        subjects
    }

    /// The cycle a grade belongs to: the document's, or an earlier one its clause names.
    fn cycle_of(&self, lower: &str, m: &Mention) -> Option<(Cycle, When)> {
        let before = &lower[..m.start];
        let clause_start = [
            ". ",
            ";",
            " although ",
            " but ",
            " however",
            " whereas ",
            " while ",
            // "…, which was inspected previously and which is rated 'outstanding'".
            " and which ",
        ]
        .iter()
        .filter_map(|b| before.rfind(b).map(|k| k + b.len()))
        .max()
        .unwrap_or(0);
        let clause = &lower[clause_start..m.start];
        // "since our inspection in 2016 … it is now good": now, whatever the clause names.
        let now = previous_words(clause, 3).iter().any(|w| w == "now");
        if now && !m.from {
            return Some((self.cycle, When::Now));
        }
        if let Some(c) = EARLIER_YEAR.captures_iter(clause).last()
            && let Some(year) = c.get(1).and_then(|y| y.as_str().parse::<i32>().ok())
            && year < self.cycle.year()
        {
            let cycle = Cycle::from_year(year).filter(|c| c.year() == year && *c != self.cycle)?;
            return Some((cycle, When::Named));
        }
        let earlier = EARLIER.find_iter(clause).any(|e| {
            // "improved since its last inspection" speaks of now.
            !clause[..e.start()].trim_end().ends_with("since")
                && !clause[..e.start()].trim_end().ends_with("since its")
                && !clause[..e.start()].trim_end().ends_with("since the")
                && !clause[..e.start()].trim_end().ends_with("since our")
        });
        if m.from || earlier {
            let previous = self.cycle.previous().or(match self.cycle {
                Cycle::Peel2021 => Some(Cycle::Peel2018),
                _ => None,
            })?;
            return Some((previous, When::Before));
        }
        Some((self.cycle, When::Now))
    }

    /// The subjects a grade is given for, and where its forward phrase ends.
    #[allow(clippy::too_many_arguments)]
    fn subjects_of(
        &self,
        cycle: Cycle,
        text: &str,
        lower: &str,
        m: &Mention,
        consumed: usize,
        next_start: usize,
        base: usize,
    ) -> (Vec<Subject>, usize) {
        // Forward: "good at X", "'Good' gradings for X", "the 'inadequate' areas included X".
        let after = &lower[m.end..next_start];
        let lead = after.len() - after.trim_start().len();
        let mut rest = &after[lead..];
        let mut offset = m.end + lead;
        let mut area_word = previous_words(&lower[..m.start], 4)
            .iter()
            .any(|w| w == "areas" || w == "area");
        loop {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphabetic() || *c == '\'')
                .collect();
            let skip = matches!(
                word.as_str(),
                "overall"
                    | "gradings"
                    | "grading"
                    | "grades"
                    | "grade"
                    | "ratings"
                    | "rating"
                    | "areas"
                    | "area"
                    | "judgments"
                    | "judgements"
                    | "judgment"
                    | "judgement"
                    | "both"
                    | "also"
            );
            if !skip || word.is_empty() {
                break;
            }
            // "the areas were …", "Under the 'adequate' grade was: …".
            if word.starts_with("area") || word.starts_with("grad") || word.starts_with("rating") {
                area_word = true;
            }
            let step = word.len();
            let trimmed = rest[step..].trim_start_matches([' ', ',']);
            offset += rest.len() - trimmed.len();
            rest = trimmed;
        }
        // "'Inadequate' – the lowest grade – in responding to the public": an aside between
        // dashes is passed over.
        for dash in ["- ", "– ", "— "] {
            if let Some(inner) = rest.strip_prefix(dash)
                && let Some(close) = inner.find(['-', '–', '—'])
                && close < 60
                && !inner[..close].contains(['.', ';'])
            {
                let after_close = &inner[close..];
                let skip_to = after_close
                    .char_indices()
                    .nth(1)
                    .map_or(after_close.len(), |(k, _)| k);
                let trimmed = after_close[skip_to..].trim_start();
                offset += rest.len() - trimmed.len();
                rest = trimmed;
                break;
            }
        }
        // "good in all areas", "across the board": every pillar of a four-point cycle, in a
        // text about several pillars (in one about a pillar, they are its questions).
        if cycle.framework().scale == GradeScale::FourPoint
            && self.only_pillar.is_none()
            && [
                "in all areas",
                "in all three areas",
                "in three key areas",
                "in all three key areas",
                "in three areas",
                "across all areas",
                "across all three areas",
                "in every area",
                "across the board",
                "in all three pillars",
                "across all three pillars",
            ]
            .iter()
            .any(|p| rest.starts_with(p) && !rest[p.len()..].trim_start().starts_with("of "))
        {
            let subjects = cycle
                .framework()
                .graded_pillars
                .iter()
                .filter(|p| **p != Pillar::Leadership)
                .map(|p| Subject::Pillar(*p))
                .collect();
            return (
                subjects,
                offset + rest.find(['.', ';', ',']).unwrap_or(rest.len()),
            );
        }
        // "good in all areas" of a text about one pillar: its questions, when it does not
        // name them; nothing before the grade is its subject either.
        let all_of_them = ["in all ", "across all ", "in every "]
            .iter()
            .any(|p| rest.starts_with(p));
        let intro: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        let prepositions = ["at", "in", "for", "on", "across", "when", "with"];
        let list_intros = [
            "included",
            "include",
            "includes",
            "including",
            "are",
            "were",
            "was",
            "is",
            "covered",
            "being",
            "namely",
        ];
        let forward_kind = if prepositions.contains(&intro.as_str()) {
            Some(false)
        } else if area_word && (list_intros.contains(&intro.as_str()) || rest.starts_with(':')) {
            Some(true)
        } else {
            None
        };
        if m.head {
            let rest = &lower[m.end..next_start];
            let stop = clause_end(rest);
            let subjects = self.resolve(cycle, &text[m.end..m.end + stop], base + m.end);
            return (subjects, m.end + stop);
        }
        let mut forward_end = m.end;
        if let Some(list) = forward_kind {
            let stop = if list {
                rest.find(['.', '(']).unwrap_or(rest.len())
            } else {
                // A pillar's own phrase is not cut at its "and" ("how it treats the public
                // and its workforce").
                let end = clause_end(rest);
                let sentence_end = rest.find(['.', ';', '?', '!', '(']).unwrap_or(rest.len());
                Pillar::ALL
                    .iter()
                    .flat_map(|p| p.phrases().iter())
                    .filter_map(|phrase| {
                        rest[..sentence_end]
                            .find(phrase)
                            .filter(|&at| at < end)
                            .map(|at| at + phrase.len())
                    })
                    .fold(end, usize::max)
            };
            // "good for treating the public fairly; investigating crime; and protecting
            // vulnerable people": items separated by semicolons, each naming a subject.
            let mut stop = stop;
            while rest[stop..].starts_with(';') {
                let segment = &rest[stop + 1..];
                // An item running on to the next grade is that grade's subject, unless it is
                // the list's last ("…; and protecting vulnerable people").
                let terminated = segment.find([';', '.']);
                let len = terminated.unwrap_or(segment.len());
                if len > 120
                    || terminated.is_none() && !segment.trim_start().starts_with("and ")
                    || self
                        .resolve(cycle, &text[offset + stop + 1..offset + stop + 1 + len], 0)
                        .is_empty()
                {
                    break;
                }
                stop += 1 + len;
            }
            let phrase = &text[offset..offset + stop];
            forward_end = offset + stop;
            if cut_short_of_a_pillar(phrase) {
                return (Vec::new(), forward_end);
            }
            let subjects = self.resolve(cycle, phrase, base + offset);
            if !subjects.is_empty() {
                return (subjects, forward_end);
            }
        }
        if all_of_them {
            return (Vec::new(), forward_end);
        }
        // Backward: "Preventing crime – good", "its use of resources … require improvement".
        let before = &lower[consumed.min(m.start)..m.start];
        let clause_start = before
            .rfind([';', '.', '?', '!'])
            .map_or(consumed.min(m.start), |k| consumed.min(m.start) + k + 1);
        // "How effective is the force at tackling organised crime? (Outstanding)": a grade in
        // brackets after a question is the question's (the question is a sentence of its own).
        if !text[clause_start..m.start].contains(char::is_alphanumeric)
            && text[..m.start].trim_end().ends_with('(')
        {
            let all = self.doc.text;
            let head = all[..base + clause_start].trim_end();
            if let Some(question) = head.strip_suffix('?') {
                let from = question
                    .rfind(['.', '?', '!', '\n', ':', ')'])
                    .map_or(0, |k| k + 1);
                let subjects = self.resolve(cycle, &all[from..question.len()], from);
                if !subjects.is_empty() {
                    return (subjects, forward_end);
                }
            }
        }
        let phrase = &text[clause_start..m.start];
        // "the remaining categories were assessed as adequate" names none of them.
        let others = ["remaining", "the other ", "the rest", "all other"];
        if others
            .iter()
            .any(|o| lower[clause_start..m.start].contains(o))
        {
            return (Vec::new(), forward_end);
        }
        let subjects = self.resolve(cycle, phrase, base + clause_start);
        if subjects.is_empty()
            && let Some(pillar) = self.force_as_subject(cycle, text, lower, m, clause_start, base)
        {
            return (vec![Subject::Pillar(pillar)], forward_end);
        }
        (subjects, forward_end)
    }

    /// "HMIC judges Borsetshire Police to require improvement.": the force itself is graded,
    /// with nothing after the grade; on a page or under a heading about one pillar, that
    /// pillar's grade.
    fn force_as_subject(
        &self,
        cycle: Cycle,
        text: &str,
        lower: &str,
        m: &Mention,
        clause_start: usize,
        base: usize,
    ) -> Option<Pillar> {
        if cycle.framework().scale != GradeScale::FourPoint {
            return None;
        }
        let after = lower[m.end..].trim_start();
        // "…, which was unchanged from last year": a relative clause adds nothing to grade.
        if !(after.is_empty()
            || after.starts_with(['.', ';', ','])
            || after.starts_with("overall.")
            || after.starts_with("which "))
        {
            return None;
        }
        let pillar = self
            .pillar_at(base + m.start)
            .or(self.sole_pillar)
            .filter(|p| cycle.framework().graded_pillars.contains(p))?;
        // The force's name (or "the force"), then only verbs between it and the grade.
        let first = self
            .forces
            .partition_point(|(at, _)| *at < base + clause_start);
        let last = self.forces.partition_point(|(at, _)| *at < base + m.start);
        let named_end = (first..last)
            .next_back()
            .map(|k| self.force_ends[k] - base)
            .or_else(|| {
                let phrase = &lower[clause_start..m.start];
                ["the force ", "the constabulary "]
                    .iter()
                    .filter_map(|w| phrase.rfind(w).map(|k| clause_start + k + w.len()))
                    .max()
            })?;
        let between = &text[named_end.min(m.start)..m.start];
        // "… received an overall grading of 'Requires Improvement'".
        let only_verbs = between.split_whitespace().all(|w| {
            let w = w.to_lowercase();
            FILLERS.contains(&w.as_str())
                || VERBS.contains(&w.as_str())
                || matches!(
                    w.as_str(),
                    "a" | "an" | "of" | "grading" | "grade" | "rating" | "judgment" | "judgement"
                )
        });
        only_verbs.then_some(pillar)
    }

    /// The framework items a phrase names.
    fn resolve(&self, cycle: Cycle, phrase: &str, at: usize) -> Vec<Subject> {
        let framework = cycle.framework();
        let expanded = shared_object(phrase);
        let phrase = expanded.as_str();
        if framework.scale == GradeScale::FivePoint {
            return framework
                .areas_named(phrase)
                .into_iter()
                .map(Subject::Area)
                .collect();
        }
        let lower = phrase.to_lowercase();
        // "How effective is the force at investigating crime?" asks a question: its pillar
        // word only says which pillar the question is under.
        if lower
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .starts_with("how ")
        {
            let questions = framework.questions_named(phrase);
            if !questions.is_empty() {
                return questions
                    .into_iter()
                    .map(|q| Subject::Question {
                        pillar: q.pillar,
                        number: q.number,
                    })
                    .collect();
            }
        }
        let mut pillars: Vec<Pillar> = phrases::pillar_mentions(phrase)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        for pillar in Pillar::ALL {
            if pillar.phrases().iter().any(|p| lower.contains(p)) {
                pillars.push(pillar);
            }
        }
        pillars.retain(|p| framework.graded_pillars.contains(p));
        pillars.dedup();
        let mut unique: Vec<Pillar> = Vec::new();
        for p in pillars {
            if !unique.contains(&p) {
                unique.push(p);
            }
        }
        // "Its effectiveness at investigating crime and reducing re-offending": a question of
        // the pillar named is the subject (the pillar's own phrases name no question).
        if let [pillar] = unique.as_slice() {
            let mut stripped = lower.clone();
            for phrase in Pillar::ALL.iter().flat_map(|p| p.phrases().iter()) {
                stripped = stripped.replace(phrase, &" ".repeat(phrase.len()));
            }
            let questions = framework.questions_named(&stripped);
            if !questions.is_empty() && questions.iter().all(|q| q.pillar == *pillar) {
                return questions
                    .into_iter()
                    .map(|q| Subject::Question {
                        pillar: q.pillar,
                        number: q.number,
                    })
                    .collect();
            }
        }
        if !unique.is_empty() {
            return unique.into_iter().map(Subject::Pillar).collect();
        }
        let questions = framework.questions_named(phrase);
        if !questions.is_empty() {
            return questions
                .into_iter()
                .map(|q| Subject::Question {
                    pillar: q.pillar,
                    number: q.number,
                })
                .collect();
        }
        // A label of a word or two ("Investigation – Requires Improvement"): the one
        // question whose keywords it holds.
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        if (1..=2).contains(&words.len()) {
            let mut by_keyword = framework.questions.iter().filter(|q| {
                q.keywords
                    .iter()
                    .any(|k| words.iter().any(|w| w.starts_with(k)))
            });
            if let (Some(q), None) = (by_keyword.next(), by_keyword.next()) {
                return vec![Subject::Question {
                    pillar: q.pillar,
                    number: q.number,
                }];
            }
        }
        if lower.contains("keeping people safe and reducing crime")
            || lower.contains("keeps people safe and reduces crime")
        {
            // PEEL's strapline ends every pillar's question: it is the pillar of its section,
            // or of a text that names one pillar only, and effectiveness in one naming none.
            let Some(pillar) = self.pillar_at(at).or(self.only_pillar) else {
                return Vec::new();
            };
            return vec![Subject::Pillar(pillar)];
        }
        Vec::new()
    }
}

/// "'Good' in the way it treats the public The Force was one of …": text laid out in
/// columns, read across, breaks a phrase off mid-sentence (a capitalised word straight after
/// a lower-case one). When what is left is the start of a pillar's own phrase ("treats the
/// public [and its workforce]"), the phrase may have named the pillar or one of its
/// questions: it names neither for sure.
fn cut_short_of_a_pillar(phrase: &str) -> bool {
    static BREAK: LazyLock<Regex> =
        LazyLock::new(|| re(r"[a-z,] (?:The|This|These|We|Our|It|In|Its|Ms|Mr|Mrs|Dr) "));
    let Some(cut) = BREAK.find(phrase) else {
        return false;
    };
    let kept = phrase[..cut.start() + 1].to_lowercase();
    let words: Vec<&str> = kept.split_whitespace().collect();
    (2..=words.len()).any(|k| {
        let tail = words[words.len() - k..].join(" ");
        Pillar::ALL
            .iter()
            .flat_map(|p| p.phrases().iter())
            .any(|full| full.starts_with(&tail) && full.len() > tail.len())
    })
}

/// Where a forward phrase ends: at the clause's end, a contrast ("but", "although"), or an
/// "and" that starts a new clause ("… and has good arrangements …").
/// Two verbs sharing one object, written out: "preventing and investigating crime" reads as
/// "preventing crime and investigating crime", so that each names its own subject.
static SHARED_OBJECT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([a-z]+ing)\s+and\s+([a-z]+ing)\s+((?:the\s+|its\s+)?[a-z-]+)"));

fn shared_object(phrase: &str) -> String {
    SHARED_OBJECT
        .replace_all(phrase, "$1 $3 and $2 $3")
        .into_owned()
}

/// A list item marked with an arrow or a box the layout does not take for a bullet
/// ("► Planning for the future.").
fn marked_item(content: &str) -> bool {
    let mut chars = content.chars();
    matches!(
        chars.next(),
        Some('►' | '➢' | '➤' | '■' | '□' | '✓' | '✔' | '→')
    ) && chars.next().is_some_and(char::is_whitespace)
}

/// Whether a sentence opens by adding to the one before it ("It was also found to …").
fn continues_previous(unit: &str) -> bool {
    let lower = unit.trim_start().to_lowercase();
    [
        "it was also ",
        "it had also ",
        "it was further ",
        "the force was also ",
        "they were also ",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

fn clause_end(rest: &str) -> usize {
    let mut end = rest.find([';', '.', '?', '!', '(']).unwrap_or(rest.len());
    for stop in [
        " but ",
        " although ",
        " however",
        " whereas ",
        " while ",
        " though ",
        ", which ",
        ", as ",
        " because ",
        ", with ",
        " except ",
    ] {
        if let Some(k) = rest[..end].find(stop) {
            end = end.min(k);
        }
    }
    let mut from = 0;
    while let Some(k) = rest[from..end].find(" and ") {
        let at = from + k;
        let next = rest[at + 5..end].split_whitespace().next().unwrap_or("");
        // "in its approach to X, its ability to Y and its ability to Z": a list of its
        // nouns goes on.
        let listed = next == "its" && {
            let head = rest[..at].trim_start();
            head.contains(", its ")
                || ["its ", "in its ", "for its ", "at its ", "on its "]
                    .iter()
                    .any(|p| head.starts_with(p))
        };
        if !listed
            && matches!(
                next,
                "is" | "was"
                    | "are"
                    | "were"
                    | "has"
                    | "have"
                    | "had"
                    | "it"
                    | "its"
                    | "we"
                    | "i"
                    | "needs"
                    | "need"
                    | "works"
                    | "should"
                    | "must"
                    | "can"
                    | "could"
                    | "does"
                    | "did"
                    | "makes"
                    | "uses"
                    | "also"
                    | "now"
                    | "continues"
                    | "shows"
                    | "there"
                    | "this"
                    | "that"
                    | "requires"
                    | "requiring"
            )
        {
            end = at;
            break;
        }
        from = at + 5;
    }
    end
}

/// A grade word in grade position.
#[derive(Debug, Clone)]
struct Mention {
    grade: Grade,
    /// Byte range of the mention, quotes included.
    start: usize,
    end: usize,
    /// The first grade of "from good to requires improvement".
    from: bool,
    /// The grade qualifies a question's own noun: "has maintained a good understanding of
    /// demand", "has an outstanding approach to preventing crime".
    head: bool,
}

fn previous_words(before: &str, n: usize) -> Vec<String> {
    before
        .split(|c: char| c.is_whitespace())
        // A stray mark between words ("as '˜Good'", "is – good") is not a word.
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .rev()
        .take(n)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .replace('’', "'")
        })
        .collect()
}

/// The grade words of a unit that are in grade position.
fn grade_mentions(text: &str, lower: &str) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for c in CANDIDATE.captures_iter(text) {
        let (Some(whole), Some(open), Some(word), Some(close)) =
            (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let quoted = !open.as_str().is_empty() && !close.as_str().is_empty();
        let passive = word.as_str().len() > "improvement".len()
            && word.as_str()[..4].eq_ignore_ascii_case("impr");
        if passive {
            // "improvement was needed in relation to responding to the public": the grade as
            // a passive, with its subjects after "in".
            let next = lower[whole.end()..].split_whitespace().next().unwrap_or("");
            if matches!(next, "in" | "for" | "at") {
                out.push(Mention {
                    grade: Grade::RequiresImprovement,
                    start: whole.start(),
                    end: whole.end(),
                    from: false,
                    head: false,
                });
            }
            continue;
        }
        if word.as_str().eq_ignore_ascii_case("improvement") {
            // "needed 'improvement' in treating its workforce …": the grade's own word, quoted.
            let words = previous_words(&lower[..whole.start()], 1);
            let needs = words.first().is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "need" | "needs" | "needed" | "needing" | "require" | "requires" | "required"
                )
            });
            if quoted && needs {
                out.push(Mention {
                    grade: Grade::RequiresImprovement,
                    start: whole.start(),
                    end: whole.end(),
                    from: false,
                    head: false,
                });
            }
            continue;
        }
        let grade = if word.as_str().to_lowercase().starts_with("required") {
            Grade::RequiresImprovement
        } else {
            let Ok(grade) = word.as_str().parse::<Grade>() else {
                continue;
            };
            grade
        };
        let before = &lower[..whole.start()];
        let after = &lower[whole.end()..];
        let words = previous_words(before, 4);
        let prev = words.first().map(String::as_str).unwrap_or("");
        // Negated or compared: "not good enough", "as good as", "no longer outstanding".
        if matches!(
            prev,
            "not" | "never" | "longer" | "less" | "more" | "very" | "too" | "so"
        ) || after.trim_start().starts_with("as ")
            || after.trim_start().starts_with("enough")
        {
            continue;
        }
        let verb = words
            .iter()
            .take_while(|w| FILLERS.contains(&w.as_str()) || VERBS.contains(&w.as_str()))
            .any(|w| VERBS.contains(&w.as_str()))
            || VERBS.contains(&prev);
        let next: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '–')
            .collect();
        let at_end = after.trim().is_empty()
            || after
                .trim_start()
                .starts_with(['.', ',', ';', ':', ')', '(', '!', '?', '\n']);
        let follows = at_end || AFTER_GRADE.contains(&next.as_str());
        let trimmed_before = before.trim_end();
        let label = trimmed_before.ends_with([':', '–', '-', '—', '(', '|'])
            && (at_end || next == "and" || next == "for" || next == "in" || next == "at");
        let requires = grade == Grade::RequiresImprovement;
        let chained = !out.is_empty()
            && (trimmed_before.ends_with(',')
                || prev == "and"
                || prev == "or"
                || trimmed_before.ends_with(';'))
            && matches!(next.as_str(), "at" | "in" | "for" | "on");
        // "the inadequate areas included …": a grade word naming a list of areas.
        let area_lead = matches!(next.as_str(), "areas" | "area") && {
            let rest = after.trim_start()[next.len()..].trim_start();
            let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
            rest.starts_with(':')
                || matches!(
                    word.as_str(),
                    "included" | "include" | "includes" | "were" | "are" | "was" | "being"
                )
        };
        // "The force has a good understanding of demand": the grade of the question whose
        // noun it qualifies, when the force is the one that has it.
        // "Of concern is the force's inadequate approach to protecting vulnerable victims."
        let possessed = matches!(
            prev,
            "force's" | "constabulary's" | "police's" | "service's"
        );
        let noun_head = (possessed
            || matches!(prev, "a" | "an")
                && words.get(1).is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "has" | "have" | "maintained" | "maintains" | "retained" | "demonstrates"
                    )
                }))
            && {
                let rest = after.trim_start();
                rest.starts_with("understanding of ") || rest.starts_with("approach to ")
            };
        // "the inspectorate found Norfolk Constabulary good at …": a judging verb, the force
        // as its object, then the grade.
        let judged_object = {
            let original = previous_words(&text[..whole.start()], 5);
            let at = words.iter().position(|w| {
                matches!(
                    w.as_str(),
                    "found" | "rated" | "judged" | "graded" | "assessed" | "deemed"
                )
            });
            at.is_some_and(|k| {
                k > 0
                    && original[..k].iter().all(|w| {
                        w.chars().next().is_some_and(char::is_uppercase)
                            || matches!(w.as_str(), "the" | "force" | "it")
                    })
            })
        };
        let from_to = prev == "from" || prev == "to" && out.last().is_some_and(|m| m.from);
        let accepted = quoted
            || label
            || ((verb || judged_object) && follows)
            || (requires && (follows || !matches!(prev, "it" | "which" | "that")))
            || chained
            || area_lead
            || noun_head
            || (from_to && (quoted || follows));
        if !accepted {
            continue;
        }
        out.push(Mention {
            grade,
            start: whole.start(),
            end: whole.end(),
            from: prev == "from",
            head: noun_head,
        });
    }
    out
}

/// Every force named in a text, with the byte offset of its name.
pub fn force_mentions(text: &str) -> Vec<(usize, Force)> {
    oversight_domain::force::find_forces(text)
        .into_iter()
        .map(|(force, range)| (range.start, force))
        .collect()
}

/// The text lower-cased character by character where that keeps each character's length,
/// so that every byte offset in it is an offset in the text.
fn lower_same_offsets(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Whether a line ends with a grade word ("Investigating crime: Adequate").
fn ends_with_grade(line: &str) -> bool {
    let lower = line
        .trim_end()
        .trim_end_matches(['.', '\'', '’', '"', '”', ')'])
        .to_lowercase();
    [
        "outstanding",
        "good",
        "adequate",
        "inadequate",
        "requires improvement",
        "require improvement",
    ]
    .iter()
    .any(|g| lower.ends_with(g))
}

/// Words that end a line without ending its sentence (a wrapped line).
fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', ':', ';', '?', '!', '"', '”', '’', '\''])
}

/// The units a document's grades are read in: each list item and each sentence of a
/// paragraph; a short line with no full stop (a label line, "Preventing crime – Good") stands
/// alone, as does a line followed by one that starts with a capital.
fn units(doc: &Layout<'_>) -> Vec<Range<usize>> {
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for (i, line) in doc.lines.iter().enumerate() {
        if line.is_blank() {
            blocks.extend(current.take());
            continue;
        }
        let content = doc.line(i);
        let starts_item = line.bullet
            || content.starts_with(|c: char| {
                c.is_uppercase() || c.is_ascii_digit() || c == '•' || c == '►'
            });
        match current.take() {
            Some(range) => {
                let previous = &doc.text[range.clone()];
                let last_line = previous.rsplit('\n').next().unwrap_or(previous);
                if line.bullet
                    || ends_with_grade(last_line)
                    || starts_item && (ends_sentence(last_line.trim_end()) || last_line.len() < 90)
                {
                    blocks.push(range);
                    current = Some(line.content.clone());
                } else {
                    current = Some(range.start..line.content.end);
                }
            }
            None => current = Some(line.content.clone()),
        }
    }
    blocks.extend(current);
    let mut out = Vec::new();
    for block in blocks {
        for s in phrases::sentences(&doc.text[block.clone()]) {
            out.push(block.start + s.start..block.start + s.end);
        }
    }
    out
}

#[cfg(test)]
mod tests;
