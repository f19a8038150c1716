//! The row scanner: counts the rows of one police.uk layout by force, month and two key fields.
//!
//! police.uk files have a fixed layout and most rows carry no quotes at all. For those the
//! scanner counts the commas (a vectorised byte count), finds the month and force from the
//! front and the key fields from the back with `memchr`, and looks the raw key bytes up in a
//! hash map: nothing is allocated or copied per row. A row with a `"` anywhere takes the
//! quote-aware path, which reads fields exactly as the `csv` crate does for well-formed input
//! (a differential test and a fuzz target hold it to that). Line breaks always end a row:
//! police.uk never quotes one, so a quote left open at the end of a line is broken quoting.
//!
//! Counts are kept per (force, month) group in dense vectors indexed by key id; ids are
//! resolved back to strings once, when a scan is finished.

use memchr::{memchr, memchr_iter};
use rustc_hash::FxHashMap;

use crate::layout::{FileLayout, Kind, Month};

/// Why a row was not counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    /// The row has a different number of fields from the header.
    WrongFieldCount { expected: usize, found: usize },
    /// The month (or the date of a stop) is not `YYYY-MM`.
    BadMonth(String),
    /// A quoted field is not closed, or has text after its closing quote.
    BrokenQuoting,
    /// A field is not valid UTF-8.
    NotUtf8,
    /// The line is longer than any police.uk row could be.
    LineTooLong { bytes: usize },
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RejectReason::WrongFieldCount { expected, found } => {
                write!(f, "{found} fields where the header has {expected}")
            }
            RejectReason::BadMonth(m) => write!(f, "month {m:?} is not YYYY-MM"),
            RejectReason::BrokenQuoting => f.write_str("broken quoting"),
            RejectReason::NotUtf8 => f.write_str("a field is not valid UTF-8"),
            RejectReason::LineTooLong { bytes } => write!(f, "line of {bytes} bytes is too long"),
        }
    }
}

/// A rejected row: its line (1-based, counted from the start of the scanned text) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub line: u64,
    pub reason: RejectReason,
}

/// How many rejections are kept with their line and reason; the rest are only counted.
pub const KEPT_REJECTIONS: usize = 5;

/// One counted group: force (as the file names it), month, the two keys, and the count.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Count {
    pub force: String,
    pub month: Month,
    pub key1: String,
    pub key2: String,
    pub n: u64,
}

const INVALID: u32 = u32::MAX;
/// The id of the empty second key of layouts keyed by one field.
const NONE: u32 = u32::MAX - 1;

/// Counts rows of one layout. Feed it lines with [`Scanner::line`], or whole buffers with
/// [`Scanner::block`]; then [`Scanner::finish`].
#[derive(Debug)]
pub struct Scanner {
    kind: Kind,
    fields: usize,
    fixed_force: Option<u32>,
    values: FxHashMap<Box<[u8]>, u32>,
    value_text: Vec<String>,
    /// Raw key bytes (fast path) to key id.
    raw_keys: FxHashMap<Box<[u8]>, u32>,
    key_ids: FxHashMap<(u32, u32), u32>,
    keys: Vec<(u32, u32)>,
    groups: FxHashMap<(u32, Month), u32>,
    group_keys: Vec<(u32, Month)>,
    counts: Vec<Vec<u64>>,
    last_force: Vec<u8>,
    last_month: Vec<u8>,
    last_group: Option<u32>,
    last_prefix: Vec<u8>,
    header: &'static [u8],
    /// Lines seen so far (rows, header and blank lines).
    pub lines: u64,
    /// Rows read (counted or rejected); header and blank lines are not rows.
    pub rows: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// The first [`KEPT_REJECTIONS`] rejections.
    pub rejections: Vec<Rejection>,
    unquoted: Vec<Vec<u8>>,
}

impl Scanner {
    /// A scanner for `kind`. Stop-and-search rows carry no force: pass the force the file
    /// belongs to (from its name) as `fixed_force`.
    pub fn new(kind: Kind, fixed_force: Option<&str>) -> Scanner {
        let mut s = Scanner {
            kind,
            fields: kind.fields(),
            fixed_force: None,
            values: FxHashMap::default(),
            value_text: Vec::new(),
            raw_keys: FxHashMap::default(),
            key_ids: FxHashMap::default(),
            keys: Vec::new(),
            groups: FxHashMap::default(),
            group_keys: Vec::new(),
            counts: Vec::new(),
            last_force: Vec::new(),
            last_month: Vec::new(),
            last_group: None,
            last_prefix: Vec::new(),
            header: kind.header().as_bytes(),
            lines: 0,
            rows: 0,
            rejected: 0,
            rejections: Vec::new(),
            unquoted: Vec::new(),
        };
        if let Some(force) = fixed_force {
            s.fixed_force = Some(s.value(force.as_bytes()));
        }
        s
    }

    /// The layout this scanner counts.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Scans every complete line of `buf` and returns how many bytes were consumed (up to and
    /// including the last line break). With `last`, a final line without a break is scanned too.
    pub fn block(&mut self, buf: &[u8], last: bool) -> usize {
        // Quotes are rare: find the next one once, not once per line.
        let mut next_quote = memchr(b'"', buf).unwrap_or(usize::MAX);
        let mut start = 0;
        for end in memchr_iter(b'\n', buf) {
            let quoted = next_quote < end;
            self.scan_line(&buf[start..end], quoted);
            if quoted {
                next_quote = memchr(b'"', &buf[end..]).map_or(usize::MAX, |q| end + q);
            }
            start = end + 1;
        }
        if last && start < buf.len() {
            self.scan_line(&buf[start..], next_quote < buf.len());
            start = buf.len();
        }
        start
    }

    /// Records a line that was too long to hold, without scanning it.
    pub fn overlong_line(&mut self, bytes: usize) {
        self.lines += 1;
        self.rows += 1;
        self.reject(RejectReason::LineTooLong { bytes });
    }

    /// Scans one line (without its line break).
    pub fn line(&mut self, line: &[u8]) {
        self.scan_line(line, memchr(b'"', line).is_some());
    }

    fn scan_line(&mut self, line: &[u8], quoted: bool) {
        self.lines += 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return;
        }
        if line.len() >= self.header.len() && is_header(line, self.header) {
            return;
        }
        self.rows += 1;
        let outcome = if quoted {
            self.quoted_row(line)
        } else {
            self.plain_row(line, bytecount::count(line, b','))
        };
        if let Err(reason) = outcome {
            self.reject(reason);
        }
    }

    fn reject(&mut self, reason: RejectReason) {
        self.rejected += 1;
        if self.rejections.len() < KEPT_REJECTIONS {
            self.rejections.push(Rejection {
                line: self.lines,
                reason,
            });
        }
    }

    /// A row without quotes: every comma separates fields.
    fn plain_row(&mut self, line: &[u8], commas: usize) -> Result<(), RejectReason> {
        if commas + 1 != self.fields {
            return Err(RejectReason::WrongFieldCount {
                expected: self.fields,
                found: commas + 1,
            });
        }
        // Comma i ends field i. From the front: the month and force fields (1 and 2). The
        // Crime ID before them is long (memchr); the month is seven bytes; the force short.
        let c0 = memchr(b',', line).unwrap_or(0);
        let c1 = match line.get(c0 + 8) {
            Some(b',') => c0 + 8,
            _ => next_comma(line, c0 + 1),
        };
        let (prefix_end, force) = match self.kind.force_field() {
            Some(_) => {
                let c2 = next_comma(line, c1 + 1);
                (c2, Some(&line[c1 + 1..c2]))
            }
            None => (c1, None),
        };
        // From the back: the comma before the first key field and after the last. The key
        // fields are near the end, so a plain loop beats a vectorised search here.
        let (k0, k1) = self.kind.key_fields();
        let mut end = line.len();
        let mut start = 0;
        let mut index = self.fields - 1;
        for (pos, &b) in line.iter().enumerate().rev() {
            if b == b',' {
                index -= 1;
                if index == k1 {
                    end = pos;
                }
                if index + 1 == k0 {
                    start = pos + 1;
                    break;
                }
            }
        }
        // Month and force together, compared with the last row's in one go.
        let prefix = &line[c0 + 1..prefix_end];
        let group = match self.last_group {
            Some(g) if self.last_prefix == prefix => g,
            _ => {
                let g = self.group(force, &line[c0 + 1..c1])?;
                self.last_prefix.clear();
                self.last_prefix.extend_from_slice(prefix);
                g
            }
        };
        let key_bytes = &line[start..end];
        let key = match self.raw_keys.get(key_bytes) {
            Some(&k) => k,
            None => {
                let (a, b) = match memchr(b',', key_bytes) {
                    Some(p) => (&key_bytes[..p], Some(&key_bytes[p + 1..])),
                    None => (key_bytes, None),
                };
                let k = self.key(a, b);
                self.raw_keys.insert(key_bytes.into(), k);
                k
            }
        };
        self.count(group, key)
    }

    /// A row with quotes: split it field by field.
    fn quoted_row(&mut self, line: &[u8]) -> Result<(), RejectReason> {
        let mut fields = std::mem::take(&mut self.unquoted);
        fields.clear();
        let split = split_quoted(line, &mut fields);
        let result = match split {
            Err(reason) => Err(reason),
            Ok(()) if fields.len() != self.fields => Err(RejectReason::WrongFieldCount {
                expected: self.fields,
                found: fields.len(),
            }),
            Ok(()) => {
                let month = fields[self.kind.month_field()].as_slice();
                let force = self.kind.force_field().map(|f| fields[f].as_slice());
                let (k0, k1) = self.kind.key_fields();
                let second = (k1 > k0).then(|| fields[k1].as_slice());
                match self.group(force, month) {
                    Ok(group) => {
                        let key = self.key(&fields[k0], second);
                        self.count(group, key)
                    }
                    Err(e) => Err(e),
                }
            }
        };
        self.unquoted = fields;
        result
    }

    fn count(&mut self, group: u32, key: u32) -> Result<(), RejectReason> {
        if key == INVALID {
            return Err(RejectReason::NotUtf8);
        }
        let counts = &mut self.counts[group as usize];
        let k = key as usize;
        if k >= counts.len() {
            counts.resize(k + 1, 0);
        }
        counts[k] += 1;
        Ok(())
    }

    /// The group of a force and raw month; the last group is remembered, as files come
    /// one force and month at a time.
    fn group(&mut self, force: Option<&[u8]>, month: &[u8]) -> Result<u32, RejectReason> {
        // A stop's `Date` is an ISO timestamp: its month is the first seven bytes.
        let month = match month.get(..7) {
            Some(m)
                if self.kind == Kind::StopAndSearch && month.get(7).is_none_or(|&b| b == b'-') =>
            {
                m
            }
            _ => month,
        };
        let force_bytes = force.unwrap_or(b"");
        if let Some(g) = self.last_group
            && self.last_month == month
            && self.last_force == force_bytes
        {
            return Ok(g);
        }
        let parsed = Month::parse(month)
            .ok_or_else(|| RejectReason::BadMonth(String::from_utf8_lossy(month).into_owned()))?;
        let force_id = match (force, self.fixed_force) {
            (Some(f), _) => self.value(f),
            (None, Some(f)) => f,
            (None, None) => self.value(b""),
        };
        if force_id == INVALID {
            return Err(RejectReason::NotUtf8);
        }
        let next = u32::try_from(self.group_keys.len()).unwrap_or(INVALID);
        let g = *self.groups.entry((force_id, parsed)).or_insert(next);
        if g == next {
            self.group_keys.push((force_id, parsed));
            self.counts.push(Vec::new());
        }
        self.last_group = Some(g);
        self.last_month.clear();
        self.last_month.extend_from_slice(month);
        self.last_force.clear();
        self.last_force.extend_from_slice(force_bytes);
        Ok(g)
    }

    fn key(&mut self, a: &[u8], b: Option<&[u8]>) -> u32 {
        let a = self.value(a);
        let b = match b {
            Some(b) => self.value(b),
            None => NONE,
        };
        if a == INVALID || b == INVALID {
            return INVALID;
        }
        let next = u32::try_from(self.keys.len()).unwrap_or(INVALID);
        let k = *self.key_ids.entry((a, b)).or_insert(next);
        if k == next {
            self.keys.push((a, b));
        }
        k
    }

    fn value(&mut self, bytes: &[u8]) -> u32 {
        if let Some(&v) = self.values.get(bytes) {
            return v;
        }
        let v = match std::str::from_utf8(bytes) {
            Ok(text) => {
                let v = u32::try_from(self.value_text.len()).unwrap_or(INVALID);
                self.value_text.push(text.to_owned());
                v
            }
            Err(_) => INVALID,
        };
        self.values.insert(bytes.into(), v);
        v
    }

    /// The counts, with ids resolved to text.
    pub fn finish(&self) -> Vec<Count> {
        let text = |v: u32| match v {
            NONE => String::new(),
            v => self.value_text[v as usize].clone(),
        };
        let mut out = Vec::new();
        for (g, &(force, month)) in self.group_keys.iter().enumerate() {
            for (k, &n) in self.counts[g].iter().enumerate() {
                if n > 0 {
                    let (a, b) = self.keys[k];
                    out.push(Count {
                        force: text(force),
                        month,
                        key1: text(a),
                        key2: text(b),
                        n,
                    });
                }
            }
        }
        out
    }
}

fn is_header(line: &[u8], header: &[u8]) -> bool {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    line == header
}

/// The first comma at or after `from` (the line is known to hold enough of them).
fn next_comma(line: &[u8], from: usize) -> usize {
    line[from..]
        .iter()
        .position(|&b| b == b',')
        .map_or(line.len(), |p| from + p)
}

/// Splits a line into unescaped fields, as the `csv` crate reads a well-formed record: a field
/// that starts with `"` is quoted (`""` is one quote inside it); a `"` elsewhere is literal.
/// Refuses a quoted field left open or followed by anything but a comma.
pub fn split_quoted(line: &[u8], fields: &mut Vec<Vec<u8>>) -> Result<(), RejectReason> {
    let mut i = 0;
    loop {
        let mut field = Vec::new();
        if line.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let Some(q) = memchr(b'"', &line[i..]) else {
                    return Err(RejectReason::BrokenQuoting);
                };
                field.extend_from_slice(&line[i..i + q]);
                i += q + 1;
                if line.get(i) == Some(&b'"') {
                    field.push(b'"');
                    i += 1;
                } else {
                    break;
                }
            }
            fields.push(field);
            match line.get(i) {
                None => return Ok(()),
                Some(b',') => i += 1,
                Some(_) => return Err(RejectReason::BrokenQuoting),
            }
        } else {
            match memchr(b',', &line[i..]) {
                Some(c) => {
                    field.extend_from_slice(&line[i..i + c]);
                    fields.push(field);
                    i += c + 1;
                }
                None => {
                    field.extend_from_slice(&line[i..]);
                    fields.push(field);
                    return Ok(());
                }
            }
        }
    }
}
