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

mod mentions;
mod subjects;
mod units;

use std::ops::Range;
use std::sync::LazyLock;

use oversight_domain::{Cycle, Force, Grade, GradeScale, Pillar, Subject};
use regex::Regex;

use crate::layout::Layout;
use crate::phrases;
use mentions::{MENTION, Mention, grade_mentions, previous_words};
use units::{continues_previous, lower_same_offsets, marked_item, units};

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
}

/// Every force named in a text, with the byte offset of its name.
pub fn force_mentions(text: &str) -> Vec<(usize, Force)> {
    oversight_domain::force::find_forces(text)
        .into_iter()
        .map(|(force, range)| (range.start, force))
        .collect()
}

#[cfg(test)]
mod tests;
