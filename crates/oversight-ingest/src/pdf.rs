//! PDF to text that keeps the document's structure.
//!
//! The words and their boxes come from poppler's `pdftotext -bbox-layout` (Debian's
//! `poppler-utils`), run as a separate process with a time limit, so a malformed file can
//! neither crash nor hang the importer. From the boxes this module rebuilds what the
//! recognisers read in a text or HTML copy:
//!
//! - running headers and footers (in the top or bottom band of the page, and repeated on
//!   other pages, smaller than the body text, or a page number) are dropped;
//! - each line keeps its indentation, in character widths from the body's left edge, so
//!   bullets and their nesting survive;
//! - a line that was wrapped because the next word did not fit is joined to the next (a
//!   word broken at its hyphen is joined without a space), across a page break too;
//! - a larger vertical gap is a paragraph break (a blank line);
//! - lines side by side on the page (the cells of a table row) are read as one row.
//!
//! Without `pdftotext` on the machine, `pdf-extract` reads the text without its layout.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest a PDF may take to read.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// A word and where it is.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    x0: f64,
    x1: f64,
    text: String,
}

/// A line of words on a page.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    page: usize,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    words: Vec<Word>,
}

impl Line {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn chars(&self) -> usize {
        self.words
            .iter()
            .map(|w| w.text.chars().count())
            .sum::<usize>()
            + self.words.len().saturating_sub(1)
    }
}

/// A page's size and its lines.
#[derive(Debug, Clone, PartialEq)]
struct Page {
    height: f64,
    lines: Vec<Line>,
}

/// Reads a PDF with `pdftotext`: `None` when the program is not installed, `Some(Err)` with
/// the reason when it could not read the file.
pub fn read_with_poppler(bytes: &[u8]) -> Option<Result<String, String>> {
    let mut child = match Command::new("pdftotext")
        .args(["-bbox-layout", "-q", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(format!("could not start pdftotext: {e}"))),
    };
    // Feed and drain on threads of their own, so neither pipe can fill and stall the other.
    let mut stdin = child.stdin.take()?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "reading the PDF took longer than {} s",
                    TIME_LIMIT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => break Err(format!("pdftotext failed: {e}")),
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    Some(status.and_then(|status| {
        if status.success() {
            Ok(layout_text(&String::from_utf8_lossy(&out)))
        } else {
            Err("the PDF's structure could not be read (malformed or encrypted file)".to_owned())
        }
    }))
}

/// The value of `name="…"` in an element's start tag.
fn attribute(tag: &str, name: &str) -> Option<f64> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    tag[start..end].parse().ok()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The pages of `pdftotext -bbox-layout` output: one element per line, as poppler writes it.
fn parse(xhtml: &str) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut line: Option<Line> = None;
    for raw in xhtml.lines() {
        let tag = raw.trim();
        if tag.starts_with("<page ") {
            pages.push(Page {
                height: attribute(tag, "height").unwrap_or(792.0),
                lines: Vec::new(),
            });
        } else if tag.starts_with("<line ") {
            line = Some(Line {
                page: pages.len().saturating_sub(1),
                x0: attribute(tag, "xMin").unwrap_or_default(),
                x1: attribute(tag, "xMax").unwrap_or_default(),
                y0: attribute(tag, "yMin").unwrap_or_default(),
                y1: attribute(tag, "yMax").unwrap_or_default(),
                words: Vec::new(),
            });
        } else if tag.starts_with("<word ") {
            let text = tag
                .split_once('>')
                .map(|(_, rest)| rest.trim_end_matches("</word>"))
                .unwrap_or_default();
            if let Some(l) = line.as_mut() {
                l.words.push(Word {
                    x0: attribute(tag, "xMin").unwrap_or_default(),
                    x1: attribute(tag, "xMax").unwrap_or_default(),
                    text: unescape(text),
                });
            }
        } else if tag.starts_with("</line>")
            && let (Some(l), Some(page)) = (line.take(), pages.last_mut())
            && !l.words.is_empty()
        {
            page.lines.push(l);
        }
    }
    pages
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A page number as printers write it: "3", "3/10", "Page 3 of 10", "- 3 -".
fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let lower = t.to_lowercase();
    let lower = lower.strip_prefix("page").map_or(lower.as_str(), str::trim);
    let parts: Vec<&str> = lower
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "of")
        .collect();
    !parts.is_empty()
        && parts.len() <= 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// Bullets as list markers print.
fn is_bullet(word: &str) -> bool {
    matches!(
        word,
        "•" | "◦" | "▪" | "‣" | "∙" | "·" | "-" | "*" | "–" | "\u{f0b7}" | "\u{f0a7}"
    )
}

/// Drops running headers and footers: lines in the top or bottom band of a page that repeat
/// on other pages (digits aside), are page numbers, or are set smaller than the body text.
fn drop_running_lines(pages: &mut [Page]) {
    let body_height = median(
        pages
            .iter()
            .flat_map(|p| p.lines.iter().map(Line::height))
            .collect(),
    );
    let in_band = |page: &Page, l: &Line| {
        let band = page.height * 0.07;
        l.y1 < band || l.y0 > page.height - band
    };
    let masked = |l: &Line| {
        l.text()
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect::<String>()
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in pages.iter() {
        let mut on_page = std::collections::HashSet::new();
        for l in page.lines.iter().filter(|l| in_band(page, l)) {
            on_page.insert(masked(l));
        }
        for m in on_page {
            *seen.entry(m).or_default() += 1;
        }
    }
    for page in pages.iter_mut() {
        let height = page.height;
        let band = height * 0.07;
        page.lines.retain(|l| {
            let banded = l.y1 < band || l.y0 > height - band;
            let running = seen.get(&masked(l)).copied().unwrap_or(0) >= 2
                || is_page_number(&l.text())
                || l.height() < body_height * 0.85;
            !(banded && running)
        });
    }
}

/// Lines side by side (a table row) become one line, read left to right.
fn rows(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for l in lines {
        if let Some(last) = out.last_mut()
            && last.page == l.page
            && (l.y0 - last.y0).abs() < last.height().min(l.height()) * 0.5
            && l.x0 > last.x1
        {
            last.x1 = l.x1;
            last.y1 = last.y1.max(l.y1);
            last.words.extend(l.words);
            continue;
        }
        out.push(l);
    }
    out
}

/// The text of `pdftotext -bbox-layout` output, with the structure rebuilt.
pub fn layout_text(xhtml: &str) -> String {
    let mut pages = parse(xhtml);
    drop_running_lines(&mut pages);
    let mut lines: Vec<Line> = Vec::new();
    for page in pages {
        let mut page_lines = page.lines;
        page_lines.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        lines.extend(rows(page_lines));
    }
    if lines.is_empty() {
        return String::new();
    }
    let left = lines.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
    let right = lines.iter().map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);
    let em = median(
        lines
            .iter()
            .filter(|l| l.chars() >= 10)
            .map(|l| (l.x1 - l.x0) / l.chars() as f64)
            .collect(),
    )
    .max(1.0);
    let line_height = median(lines.iter().map(Line::height).collect()).max(1.0);

    // Logical lines: (left edge, text, a paragraph break before it).
    let mut logical: Vec<(f64, String, bool)> = Vec::new();
    let mut previous: Option<&Line> = None;
    for l in &lines {
        let first = l.words.first().map(|w| w.text.as_str()).unwrap_or_default();
        let mut paragraph_break = false;
        if let Some(p) = previous {
            let same_page = p.page == l.page;
            // Across a page break the gap cannot be measured: lines stay lines.
            paragraph_break = same_page && l.y0 - p.y1 > line_height * 0.5;
            // The previous line was wrapped if this line's first word would not have fitted
            // at its end.
            let first_width = l.words.first().map_or(0.0, |w| w.x1 - w.x0);
            let wrapped = p.x1 + em + first_width > right - em * 0.25;
            let text_start = match p.words.as_slice() {
                [bullet, next, ..] if is_bullet(&bullet.text) => next.x0,
                _ => p.x0,
            };
            let continues = [left, p.x0, text_start]
                .iter()
                .any(|x| (l.x0 - x).abs() < em * 0.6);
            if !paragraph_break
                && wrapped
                && continues
                && !is_bullet(first)
                && let Some((_, text, _)) = logical.last_mut()
            {
                let broken_word =
                    text.ends_with('-') && text[..text.len() - 1].ends_with(char::is_alphabetic);
                if !broken_word {
                    text.push(' ');
                }
                text.push_str(&words_of(l, em));
                previous = Some(l);
                continue;
            }
        }
        logical.push((l.x0, words_of(l, em), paragraph_break));
        previous = Some(l);
    }
    // Printed web pages draw list markers as shapes, not text: an indented line that starts
    // a line of its own is then a list item, its level the rank of its indentation. Where
    // markers are text (a printed text file, most office documents), indentation is kept as
    // it stands, in character widths.
    let markers_are_text = logical.iter().any(|(_, t, _)| t.starts_with('•'));
    let mut levels: Vec<f64> = Vec::new();
    if !markers_are_text {
        for (x, _, _) in &logical {
            if *x > left + em && !levels.iter().any(|l| (l - x).abs() < em) {
                levels.push(*x);
            }
        }
        levels.sort_by(f64::total_cmp);
    }
    let mut out = String::new();
    for (i, (x, text, paragraph_break)) in logical.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            if *paragraph_break {
                out.push('\n');
            }
        }
        if markers_are_text {
            let indent = ((x - left) / em).round().max(0.0) as usize;
            out.push_str(&" ".repeat(indent));
        } else if let Some(level) = levels.iter().position(|l| (l - x).abs() < em) {
            out.push_str(&"  ".repeat(level + 1));
            out.push_str("• ");
        }
        out.push_str(text);
    }
    out.push('\n');
    out
}

/// A line's words with single spaces, and wider gaps (table cells) kept as two spaces. A
/// list marker of any level reads as "•", as the HTML reader writes it.
fn words_of(l: &Line, em: f64) -> String {
    let mut text = String::new();
    let mut last_x1: Option<f64> = None;
    for (i, w) in l.words.iter().enumerate() {
        if let Some(x1) = last_x1 {
            text.push_str(if w.x0 - x1 > em * 2.5 { "  " } else { " " });
        }
        let marker = i == 0
            && matches!(
                w.text.as_str(),
                "•" | "◦" | "▪" | "‣" | "∙" | "\u{f0b7}" | "\u{f0a7}"
            );
        text.push_str(if marker { "•" } else { &w.text });
        last_x1 = Some(w.x1);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x0: f64, x1: f64, text: &str) -> String {
        format!("<word xMin=\"{x0}\" yMin=\"0\" xMax=\"{x1}\" yMax=\"0\">{text}</word>")
    }

    /// A page of lines: (x0, y0, words as (x0, x1, text)), 10 units high each.
    /// A line as (left edge, top, words as (left, right, text)).
    type TestLine<'a> = (f64, f64, Vec<(f64, f64, &'a str)>);

    fn page(lines: &[TestLine<'_>]) -> String {
        let mut out = String::from("<page width=\"600\" height=\"800\">\n");
        for (x0, y0, words) in lines {
            let x1 = words.last().map_or(*x0, |w| w.1);
            out.push_str(&format!(
                "<line xMin=\"{x0}\" yMin=\"{y0}\" xMax=\"{x1}\" yMax=\"{}\">\n",
                y0 + 10.0
            ));
            for (a, b, t) in words {
                out.push_str(&word(*a, *b, t));
                out.push('\n');
            }
            out.push_str("</line>\n");
        }
        out.push_str("</page>\n");
        out
    }

    /// Words of five characters, 6 units a character, one space between.
    fn words(x0: f64, texts: &[&'static str]) -> Vec<(f64, f64, &'static str)> {
        let mut x = x0;
        texts
            .iter()
            .map(|t| {
                let w = t.chars().count() as f64 * 6.0;
                let out = (x, x + w, *t);
                x += w + 6.0;
                out
            })
            .collect()
    }

    #[test]
    fn wrapped_lines_join_bullets_nest_and_running_lines_go() {
        // Right edge at 50 + 80 characters = 530.
        let full =
            "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp";
        let full_words: Vec<&'static str> = full.split(' ').collect();
        let mut p1 = vec![
            (20.0, 10.0, words(20.0, &["Printed", "1/2/26"])),
            (50.0, 60.0, words(50.0, &["Heading"])),
            (50.0, 90.0, words(50.0, &full_words)),
            (50.0, 101.0, words(50.0, &["end", "of", "paragraph."])),
            (62.0, 130.0, words(62.0, &["•", "A", "short", "item"])),
            (74.0, 141.0, words(74.0, &["•", "nested", "item"])),
        ];
        // An item that fills its line and ends in a word broken at its hyphen, at the foot
        // of the page: it goes on at the top of the next.
        let mut long: Vec<&'static str> = vec!["•"];
        long.extend(full_words.iter().take(13));
        long.push("problem-");
        p1.push((62.0, 152.0, words(62.0, &long)));
        p1.push((50.0, 780.0, words(50.0, &["1/2"])));
        let mut p2 = vec![(50.0, 50.0, words(50.0, &["solving", "works."]))];
        p2.push((50.0, 780.0, words(50.0, &["2/2"])));
        p2.insert(0, (20.0, 10.0, words(20.0, &["Printed", "1/2/26"])));
        let xhtml = format!("{}{}", page(&p1), page(&p2));
        let text = layout_text(&xhtml);
        assert_eq!(
            text,
            format!(
                "Heading\n\n{full} end of paragraph.\n\n  • A short item\n    • nested item\n  • {} problem-solving works.\n",
                full_words[..13].join(" ")
            )
        );
    }

    #[test]
    fn page_numbers_are_recognised() {
        for yes in ["3", "3/10", "Page 3 of 10", "- 3 -", "page 12"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["3 areas", "PEEL 2016", "", "1 2 3"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn escaped_words_are_unescaped_and_garbage_is_empty() {
        let text = layout_text(&page(&[(50.0, 100.0, vec![(50.0, 80.0, "A&amp;B")])]));
        assert_eq!(text, "A&B\n");
        assert_eq!(layout_text("not xml at all"), "");
        assert_eq!(layout_text(""), "");
    }
}
