//! A document's text as lines with their indentation and bullet markers, and the
//! byte-to-character arithmetic that turns what the recognisers find into [`Span`]s.

use std::ops::Range;

use oversight_domain::Span;

/// Characters that start a list item.
const BULLETS: &[char] = &['•', '-', '*', '–', '·', '◦', '▪', '‣', '●', '○'];

/// One line of text. `content` excludes the indentation, any bullet marker and trailing space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte range of the whole line, without its newline.
    pub full: Range<usize>,
    /// Byte range of the content.
    pub content: Range<usize>,
    /// Width of the leading white space, a tab counting as four.
    pub indent: usize,
    pub bullet: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.content.is_empty()
    }
}

/// A text cut into lines, with a table from byte offsets to character offsets.
#[derive(Debug)]
pub struct Layout<'t> {
    pub text: &'t str,
    /// The text with ASCII letters lower-cased: same length, same offsets.
    pub lower: String,
    pub lines: Vec<Line>,
    /// Byte offset of every character, plus the text's length at the end.
    char_bytes: Vec<usize>,
    /// What the opening says (force, cycle, title line), read once and shared by the recognisers.
    pub(crate) header: std::sync::OnceLock<crate::recognise::Header>,
}

impl<'t> Layout<'t> {
    pub fn new(text: &'t str) -> Layout<'t> {
        let mut lines = Vec::new();
        let mut start = 0;
        for piece in text.split_inclusive('\n') {
            let body = piece.strip_suffix('\n').unwrap_or(piece);
            let body = body.strip_suffix('\r').unwrap_or(body);
            lines.push(split_line(body, start));
            start += piece.len();
        }
        let mut char_bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        char_bytes.push(text.len());
        Layout {
            text,
            lower: text.to_ascii_lowercase(),
            lines,
            char_bytes,
            header: std::sync::OnceLock::new(),
        }
    }

    /// The content of line `i`.
    pub fn line(&self, i: usize) -> &'t str {
        &self.text[self.lines[i].content.clone()]
    }

    /// Character offset of a byte offset (which must be on a character boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        self.char_bytes.partition_point(|&b| b < byte)
    }

    /// The span of a byte range, in characters.
    pub fn span(&self, bytes: Range<usize>) -> Span {
        let start = self.char_offset(bytes.start);
        let end = self.char_offset(bytes.end).max(start);
        Span::new(start, end).unwrap_or_else(|_| unreachable!("end is at least start"))
    }

    /// The span of line `i`'s content.
    pub fn line_span(&self, i: usize) -> Span {
        self.span(self.lines[i].content.clone())
    }

    /// Indices of the non-blank lines from `from` (inclusive) to `to` (exclusive).
    pub fn non_blank(&self, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
        (from..to.min(self.lines.len())).filter(|&i| !self.lines[i].is_blank())
    }

    /// The next non-blank line at or after `from`.
    pub fn next_non_blank(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| !self.lines[i].is_blank())
    }

    /// Lines `from..to` grouped into paragraphs: runs of non-blank, non-bullet lines.
    /// Each paragraph is returned as its byte range in the text.
    pub fn paragraphs(&self, from: usize, to: usize) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut current: Option<Range<usize>> = None;
        for i in from..to.min(self.lines.len()) {
            let line = &self.lines[i];
            if line.is_blank() || line.bullet {
                out.extend(current.take());
                continue;
            }
            current = Some(match current {
                Some(range) => range.start..line.content.end,
                None => line.content.clone(),
            });
        }
        out.extend(current);
        out
    }

    /// The bullet items in lines `from..to`: each item with the byte range of its own text
    /// (continuation lines included) and its nested items.
    pub fn bullets(&self, from: usize, to: usize) -> Vec<Item> {
        let to = to.min(self.lines.len());
        let mut items: Vec<Item> = Vec::new();
        let mut i = from;
        while i < to {
            if self.lines[i].bullet {
                let (item, next) = self.item_at(i, to);
                items.extend(self.split_run_on(item));
                i = next;
            } else {
                i += 1;
            }
        }
        items
    }

    /// The line after the first list in `from..to`: the first line that is neither blank,
    /// a bullet, nor the continuation of the item before it (indented, or the rest of a
    /// sentence the item left unfinished). Paragraphs after a list are not its items.
    pub fn list_end(&self, from: usize, to: usize) -> usize {
        let to = to.min(self.lines.len());
        let Some(first) = (from..to).find(|&i| self.lines[i].bullet) else {
            return to;
        };
        let mut last = first;
        for i in first + 1..to {
            let line = &self.lines[i];
            if line.is_blank() {
                continue;
            }
            if line.bullet || line.indent > 0 || self.continues(last, i) {
                last = i;
                continue;
            }
            return i;
        }
        to
    }

    /// Whether line `next` carries on the unfinished sentence of line `prev` (a list item
    /// wrapped without indentation, as text copied from a web page or a PDF often is).
    fn continues(&self, prev: usize, next: usize) -> bool {
        let before = self.line(prev).trim_end();
        let after = self.line(next).trim_start();
        !before.ends_with(['.', ';', ':', '!', '?'])
            && after.starts_with(|c: char| c.is_lowercase())
    }

    /// "… progress of investigations. - The force should improve …": items that a flattened
    /// copy ran together on one line, told by a sentence's end, a bullet mark and a capital.
    fn split_run_on(&self, item: Item) -> Vec<Item> {
        let text = &self.text[item.text.clone()];
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        for (k, _) in text.match_indices(". ") {
            let rest = &text[k + 2..];
            let Some(mark) = rest.chars().next().filter(|c| BULLETS.contains(c)) else {
                continue;
            };
            let after = rest[mark.len_utf8()..].strip_prefix(' ').unwrap_or("");
            if after.starts_with(|c: char| c.is_uppercase()) {
                let start = k + 2 + mark.len_utf8() + 1;
                cuts.push((k + 1, start));
            }
        }
        if cuts.is_empty() {
            return vec![item];
        }
        let base = item.text.start;
        let mut out = Vec::new();
        let mut from = base;
        for (end, next) in cuts {
            out.push(Item {
                text: from..base + end,
                children: Vec::new(),
                trailing: Vec::new(),
            });
            from = base + next;
        }
        out.push(Item {
            text: from..item.text.end,
            children: item.children,
            trailing: item.trailing,
        });
        out
    }

    /// Reads the bullet item starting at line `i`, with its continuation lines and children.
    fn item_at(&self, i: usize, to: usize) -> (Item, usize) {
        let indent = self.lines[i].indent;
        let mut text = self.lines[i].content.clone();
        let mut children = Vec::new();
        let mut trailing = Vec::new();
        let mut j = i + 1;
        // Continuation lines: non-blank, not bullets, straight after the item, indented or
        // carrying on its unfinished sentence.
        while j < to
            && !self.lines[j].is_blank()
            && !self.lines[j].bullet
            && (self.lines[j].indent > 0 || self.continues(j - 1, j))
        {
            text.end = self.lines[j].content.end;
            j += 1;
        }
        // Children: deeper bullets, possibly separated by blank lines, and indented paragraphs
        // that belong to the item (as in a recommendation's closing note).
        while let Some(k) = (j..to).find(|&k| !self.lines[k].is_blank()) {
            let line = &self.lines[k];
            if line.bullet && line.indent > indent {
                let (child, next) = self.item_at(k, to);
                children.push(child);
                j = next;
            } else if !line.bullet && line.indent > indent && !children.is_empty() {
                trailing.push(line.content.clone());
                j = k + 1;
            } else {
                break;
            }
        }
        (
            Item {
                text,
                children,
                trailing,
            },
            j,
        )
    }
}

/// A bullet item: its own text, nested items, and indented paragraphs after its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: Range<usize>,
    pub children: Vec<Item>,
    pub trailing: Vec<Range<usize>>,
}

impl Item {
    /// The byte range of the whole item, children and trailing paragraphs included.
    pub fn extent(&self) -> Range<usize> {
        let mut end = self.text.end;
        for child in &self.children {
            end = end.max(child.extent().end);
        }
        for t in &self.trailing {
            end = end.max(t.end);
        }
        self.text.start..end
    }
}

fn split_line(body: &str, start: usize) -> Line {
    let mut indent = 0;
    let mut offset = 0;
    for c in body.chars() {
        match c {
            ' ' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{202f}' => indent += 1,
            '\t' => indent += 4,
            _ => break,
        }
        offset += c.len_utf8();
    }
    let rest = &body[offset..];
    let mut bullet = false;
    let mut content_start = offset;
    if let Some(c) = rest.chars().next()
        && BULLETS.contains(&c)
    {
        let after = &rest[c.len_utf8()..];
        // A marker is followed by white space; "-5" or "--" is text, and so is a footnote
        // ("* 1,551 members responded").
        let footnote = c == '*' && after.trim_start().starts_with(|d: char| d.is_ascii_digit());
        if after.starts_with([' ', '\t', '\u{a0}']) && !footnote {
            bullet = true;
            let spaces = after.len() - after.trim_start().len();
            content_start = offset + c.len_utf8() + spaces;
        }
    }
    let content = body[content_start..].trim_end();
    Line {
        full: start..start + body.len(),
        content: start + content_start..start + content_start + content.len(),
        indent,
        bullet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_know_their_bullets_and_indents() {
        let text = "Title\n\n  • first item\n    • nested\nplain - text\n-5 degrees\n";
        let layout = Layout::new(text);
        assert_eq!(layout.line(2), "first item");
        assert!(layout.lines[2].bullet);
        assert_eq!(layout.lines[3].indent, 4);
        assert!(!layout.lines[4].bullet);
        assert!(!layout.lines[5].bullet);
    }

    #[test]
    fn items_nest_and_keep_their_trailing_paragraphs() {
        let text = "  • parent\n    • child one;\n    • child two\n\n    A closing note.\n\n  • sibling\nNext heading\n";
        let layout = Layout::new(text);
        let items = layout.bullets(0, layout.lines.len());
        assert_eq!(items.len(), 2);
        assert_eq!(&text[items[0].text.clone()], "parent");
        assert_eq!(items[0].children.len(), 2);
        assert_eq!(items[0].trailing.len(), 1);
        assert_eq!(&text[items[0].trailing[0].clone()], "A closing note.");
        assert_eq!(&text[items[1].text.clone()], "sibling");
    }

    #[test]
    fn wrapped_items_take_their_continuation_lines() {
        let text = "- is committed to its staff, although its\n efforts were slow.\n- next\n";
        let layout = Layout::new(text);
        let items = layout.bullets(0, layout.lines.len());
        assert_eq!(
            &text[items[0].text.clone()],
            "is committed to its staff, although its\n efforts were slow."
        );
    }

    #[test]
    fn spans_count_characters_not_bytes() {
        let text = "‘good’ at x";
        let layout = Layout::new(text);
        let start = text.find("at").expect("present");
        assert_eq!(
            layout.span(start..start + 2),
            Span::new(7, 9).expect("valid")
        );
    }
}
