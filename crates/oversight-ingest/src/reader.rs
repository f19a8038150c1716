//! Readers: a file's bytes to the text Oversight stores and parses.
//!
//! PDF is recognised by its signature and read with `pdf-extract`; HTML by its markup and
//! read with `scraper`, keeping headings, paragraphs and list items on lines of their own
//! (list items as "• " bullets, nested ones indented) so that the recognisers see the same
//! shape as in a plain-text copy. Anything else must be UTF-8 text.

use std::panic::{AssertUnwindSafe, catch_unwind};

use scraper::{ElementRef, Html, Node};

pub use oversight_domain::extraction::Format;

/// Why a file could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file holds no text, only white space")]
    Blank,
    #[error("the file is binary (a NUL byte at offset {offset}), not a text, HTML or PDF document")]
    Binary { offset: usize },
    #[error("the file is not valid UTF-8 (first bad byte at offset {offset}) and is not a PDF")]
    InvalidUtf8 { offset: usize },
    #[error("the PDF could not be read: {reason}")]
    Pdf { reason: String },
    #[error("the PDF has no extractable text (a scanned image? Oversight does no OCR)")]
    PdfWithoutText,
    #[error(
        "the HTML nests elements more than {limit} deep (near byte {offset}); no published page does, so it is refused rather than parsed"
    )]
    TooDeep { limit: usize, offset: usize },
}

/// Reads a document's bytes into text, and says which format it was.
pub fn read(bytes: &[u8]) -> Result<(String, Format), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"%PDF-") {
        let text = read_pdf(bytes)?;
        return finish(text, Format::Pdf);
    }
    if let Some(offset) = memchr_nul(bytes) {
        return Err(ReadError::Binary { offset });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if looks_like_html(text) {
        check_nesting(text)?;
        return finish(html_to_text(text), Format::Html);
    }
    finish(text.replace("\r\n", "\n").replace('\r', "\n"), Format::Text)
}

fn finish(text: String, format: Format) -> Result<(String, Format), ReadError> {
    if text.trim().is_empty() {
        return Err(if format == Format::Pdf {
            ReadError::PdfWithoutText
        } else {
            ReadError::Blank
        });
    }
    Ok((text, format))
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.contains("<head")
        || (head.starts_with('<')
            && ["<p>", "<h1", "<h2", "<div", "<ul", "<p "]
                .iter()
                .any(|t| text.to_lowercase().contains(t)))
}

/// Reads a PDF's text with its structure (see [`crate::pdf`]), or without it through
/// `pdf-extract` where poppler's `pdftotext` is not installed. `pdf-extract` panics on some
/// malformed files; a panic there is a refusal, not a crash.
fn read_pdf(bytes: &[u8]) -> Result<String, ReadError> {
    match crate::pdf::read_with_poppler(bytes) {
        Some(Ok(text)) => return Ok(normalise_pdf_text(&text)),
        Some(Err(reason)) => return Err(ReadError::Pdf { reason }),
        None => {}
    }
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    }));
    std::panic::set_hook(previous_hook);
    match result {
        Ok(Ok(text)) => Ok(normalise_pdf_text(&text)),
        Ok(Err(e)) => Err(ReadError::Pdf {
            reason: e.to_string(),
        }),
        Err(_) => Err(ReadError::Pdf {
            reason: "the PDF reader failed on its structure (malformed file)".to_owned(),
        }),
    }
}

/// PDF text comes with form feeds and runs of blank lines; keep paragraphs, drop the noise.
fn normalise_pdf_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.replace('\u{c}', "\n").lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run == 1 {
                out.push('\n');
            }
            continue;
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_owned()
}

/// The deepest nesting of elements accepted. Real pages, saved with the site's navigation,
/// nest a few dozen deep; ten thousand nested elements would overflow the stack of any tree
/// walk, and a million unclosed ones make an HTML parser's scope checks quadratic.
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements that never hold others, or whose end a parser implies when a sibling starts:
/// they do not deepen the tree however many are left open.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
];

/// Refuses HTML that nests deeper than [`MAX_HTML_DEPTH`], by a linear scan of its tags that
/// follows the tree a parser would build closely enough: an end tag closes everything opened
/// since its start tag, stray end tags are ignored, comments and the raw text of scripts and
/// styles are skipped. It stops at the first offence.
fn check_nesting(html: &str) -> Result<(), ReadError> {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(lt) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + lt;
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            i = match find(bytes, at + 4, b"-->") {
                Some(end) => end + 3,
                None => return Ok(()),
            };
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = at + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = bytes[name_start + name_len..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |p| name_start + name_len + p + 1);
        let self_closing = tag_end >= 2 && bytes.get(tag_end - 2) == Some(&b'/');
        i = tag_end;
        if closing {
            if let Some(pos) = open.iter().rposition(|n| *n == name) {
                open.truncate(pos);
            }
            continue;
        }
        if matches!(
            name.as_str(),
            "script" | "style" | "textarea" | "title" | "xmp"
        ) {
            // Raw text up to the matching end tag holds no elements.
            let end_tag = format!("</{name}");
            i = find_ascii_case_insensitive(bytes, i, end_tag.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if self_closing || FLAT.contains(&name.as_str()) {
            continue;
        }
        open.push(name);
        if open.len() > MAX_HTML_DEPTH {
            return Err(ReadError::TooDeep {
                limit: MAX_HTML_DEPTH,
                offset: at,
            });
        }
    }
    Ok(())
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ascii_case_insensitive(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// Block-level elements: each starts a line of its own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "blockquote",
    "br",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "aside",
];
/// Elements whose content is not document text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "svg", "button", "form",
];

/// Turns HTML into text: headings and paragraphs as lines separated by blank lines,
/// list items as "• " bullets indented two spaces per level.
pub fn html_to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut out = Writer::default();
    // A page saved from a browser carries the site around the document: navigation, cookie
    // and consultation banners, search, related links, the footer. Where the page marks its
    // main content, only that is read.
    match main_content(&document) {
        Some(main) => walk(main, &mut out, 0),
        None => walk(document.root_element(), &mut out, 0),
    }
    out.finish()
}

/// The page's main content: its `<main>` (or `role="main"`) element, else its only
/// `<article>`.
fn main_content(document: &Html) -> Option<ElementRef<'_>> {
    let first = |css: &str| {
        scraper::Selector::parse(css)
            .ok()
            .and_then(|s| document.select(&s).next())
    };
    if let Some(main) = first("main").or_else(|| first("[role=main]")) {
        return Some(main);
    }
    let articles = scraper::Selector::parse("article").ok()?;
    let mut found = document.select(&articles);
    match (found.next(), found.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Parts of a page that are the site's, not the document's: by their element or role, or by
/// the words sites name them with (whole words of the id and classes: "research-findings" is
/// not a search box).
fn is_site_chrome(element: &scraper::node::Element) -> bool {
    if matches!(element.name(), "footer" | "aside") {
        return true;
    }
    if matches!(
        element.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "search" | "complementary" | "dialog")
    ) {
        return true;
    }
    let names = format!(
        "{} {}",
        element.attr("id").unwrap_or_default(),
        element.attr("class").unwrap_or_default()
    )
    .to_ascii_lowercase();
    names
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| {
            matches!(
                word,
                "cookie"
                    | "cookies"
                    | "consent"
                    | "breadcrumb"
                    | "breadcrumbs"
                    | "skiplink"
                    | "newsletter"
                    | "share"
                    | "sharing"
                    | "related"
                    | "banner"
                    | "search"
            )
        })
}

#[derive(Default)]
struct Writer {
    text: String,
    line: String,
    /// White space was seen since the last word: the next word needs a space before it.
    pending_space: bool,
}

impl Writer {
    fn push_text(&mut self, s: &str) {
        if s.starts_with(char::is_whitespace) {
            self.pending_space = true;
        }
        for word in s.split_whitespace() {
            if self.pending_space && !self.line.is_empty() && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
            self.line.push_str(word);
            self.pending_space = true;
        }
        self.pending_space =
            s.ends_with(char::is_whitespace) || (self.pending_space && s.trim().is_empty());
    }
    fn break_line(&mut self, blank_after: bool) {
        let line = self.line.trim_end();
        if !line.trim().is_empty() {
            self.text.push_str(line);
            self.text.push('\n');
            if blank_after {
                self.text.push('\n');
            }
        }
        self.line.clear();
        self.pending_space = false;
    }
    fn finish(mut self) -> String {
        self.break_line(false);
        let mut text = self.text;
        while text.contains("\n\n\n") {
            text = text.replace("\n\n\n", "\n\n");
        }
        text.trim().to_owned()
    }
}

fn walk(element: ElementRef<'_>, out: &mut Writer, depth: usize) {
    let name = element.value().name();
    if SKIPPED.contains(&name) || is_site_chrome(element.value()) {
        return;
    }
    let block = BLOCKS.contains(&name);
    if block {
        out.break_line(false);
    }
    let mut depth = depth;
    if name == "li" {
        out.line.push_str(&"  ".repeat(depth.max(1)));
        out.line.push_str("• ");
    }
    if name == "ul" || name == "ol" {
        depth += 1;
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_text(text),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    walk(child, out, depth);
                }
            }
            _ => {}
        }
    }
    if block {
        // Headings and paragraphs stand apart; list items follow one another.
        let blank_after = !matches!(name, "li" | "br" | "tr" | "dt" | "dd");
        out.break_line(blank_after);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_document() {
        assert_eq!(read(b""), Err(ReadError::Empty));
        assert_eq!(read(b"  \n\t "), Err(ReadError::Blank));
        assert_eq!(read(b"abc\0def"), Err(ReadError::Binary { offset: 3 }));
        assert_eq!(
            read(b"caf\xe9 au lait"),
            Err(ReadError::InvalidUtf8 { offset: 3 })
        );
        assert!(matches!(
            read(b"%PDF-1.4 nonsense"),
            Err(ReadError::Pdf { .. })
        ));
    }

    #[test]
    fn html_nested_too_deep_is_refused_quickly() {
        let deep = format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        assert!(matches!(
            read(deep.as_bytes()),
            Err(ReadError::TooDeep { .. })
        ));
        // A million unclosed tags stop at the limit, not after a million.
        let unclosed = format!("<html><body>{}", "<span>".repeat(1_000_000));
        assert!(matches!(
            read(unclosed.as_bytes()),
            Err(ReadError::TooDeep { .. })
        ));
        // Flat runs of elements whose end is implied, stray end tags, spans closed by their
        // parent and deep-looking text in comments and scripts are fine.
        let flat = format!(
            "<html><body><ul>{}</ul>{}<!-- {} --><script>{}</script>{}</body></html>",
            "<li>item".repeat(5_000),
            "</div>".repeat(100),
            "<div>".repeat(1_000),
            "<div>".repeat(1_000),
            "<div><span>text</div>".repeat(2_000),
        );
        let (text, _) = read(flat.as_bytes()).expect("flat HTML reads");
        assert!(text.starts_with("• item"), "{}", &text[..40]);
        // Just under the limit reads.
        let depth = MAX_HTML_DEPTH - 3;
        let ok = format!(
            "<html><body>{}deep{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        assert_eq!(read(ok.as_bytes()).expect("reads").0, "deep");
    }

    #[test]
    fn a_saved_page_is_read_for_its_main_content() {
        let page = "<!DOCTYPE html><html><body>\
            <div id=\"global-cookie-message\"><p>We use cookies. Accept all?</p></div>\
            <header class=\"site-header\"><a href=\"/\">Inspectorate home</a><form><input name=q></form></header>\
            <div class=\"govuk-breadcrumbs\"><a href=\"/\">Home</a> › Reports</div>\
            <div role=\"banner\"><p>Consultation: have your say on another inspection, rated inadequate.</p></div>\
            <main><h1>Kent PEEL 2016</h1><p>The force is good.</p>\
            <aside><h2>Related reports</h2><p>Essex PEEL 2016</p></aside></main>\
            <footer><p>Crown copyright</p></footer></body></html>";
        let (text, _) = read(page.as_bytes()).expect("html");
        assert_eq!(text, "Kent PEEL 2016\n\nThe force is good.");
        // Without <main>, the banners, breadcrumbs, asides and footer still go.
        let no_main = page.replace("<main>", "<div>").replace("</main>", "</div>");
        let (text, _) = read(no_main.as_bytes()).expect("html");
        assert!(
            text.contains("Kent PEEL 2016\n\nThe force is good."),
            "{text}"
        );
        for chrome in [
            "cookies",
            "Consultation",
            "Related",
            "Crown copyright",
            "Reports",
        ] {
            assert!(!text.contains(chrome), "{chrome} in {text}");
        }
        // A word inside a longer name is not the name: research findings are content.
        let research = page.replace(
            "<p>The force is good.</p>",
            "<p class=\"research-findings\">The force is good.</p>",
        );
        assert!(
            read(research.as_bytes())
                .expect("html")
                .0
                .contains("The force is good.")
        );
    }

    #[test]
    fn text_keeps_its_lines() {
        let (text, format) = read("\u{feff}Line one\r\nLine two\n".as_bytes()).expect("text");
        assert_eq!(format, Format::Text);
        assert_eq!(text, "Line one\nLine two\n");
    }

    #[test]
    fn html_keeps_headings_paragraphs_and_lists() {
        let html = "<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body>\
            <nav>Menu</nav><h1>Kent PEEL 2016</h1><p>The force is <strong>good</strong>.</p>\
            <h2>Areas for improvement</h2><ul><li>The force should act.<ul><li>first step;</li></ul></li>\
            <li>The force should &amp; will.</li></ul><script>var x;</script></body></html>";
        let (text, format) = read(html.as_bytes()).expect("html");
        assert_eq!(format, Format::Html);
        assert_eq!(
            text,
            "Kent PEEL 2016\n\nThe force is good.\n\nAreas for improvement\n\n  • The force should act.\n    • first step;\n  • The force should & will."
        );
    }
}
