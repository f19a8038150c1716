//! A grade's subjects: the phrase after or before it, resolved through the cycle's
//! framework.

use std::sync::LazyLock;

use oversight_domain::{Cycle, GradeScale, Pillar, Subject};
use regex::Regex;

use super::mentions::{FILLERS, Mention, VERBS, previous_words};
use super::{Reader, re};
use crate::phrases;

impl Reader<'_, '_> {
    /// The subjects a grade is given for, and where its forward phrase ends.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn subjects_of(
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
    pub(super) fn resolve(&self, cycle: Cycle, phrase: &str, at: usize) -> Vec<Subject> {
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

/// Two verbs sharing one object, written out: "preventing and investigating crime" reads as
/// "preventing crime and investigating crime", so that each names its own subject.
static SHARED_OBJECT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([a-z]+ing)\s+and\s+([a-z]+ing)\s+((?:the\s+|its\s+)?[a-z-]+)"));

fn shared_object(phrase: &str) -> String {
    SHARED_OBJECT
        .replace_all(phrase, "$1 $3 and $2 $3")
        .into_owned()
}

/// Where a forward phrase ends: at the clause's end, a contrast ("but", "although"), or an
/// "and" that starts a new clause ("… and has good arrangements …").
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
