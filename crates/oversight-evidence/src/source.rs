//! Finding police.uk files (folders, `.csv`, `.csv.gz`, the archive `.zip`), scanning them in
//! parallel and merging their counts.
//!
//! Work is cut into units: a whole compressed file or archive entry, or a slice of a large
//! plain CSV that starts and ends on a line break. Units run on rayon's pool, each reading
//! through its own fixed buffer, so memory does not grow with the input.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use memchr::memchr;
use rayon::prelude::*;

use crate::layout::{Kind, Month};
use crate::scan::{Count, Rejection, Scanner};

/// Bytes read at a time by each unit; also the longest line accepted.
const BLOCK: usize = 256 * 1024;
/// Plain CSVs larger than this are scanned as several slices in parallel.
const SLICE: u64 = 32 * 1024 * 1024;

/// How a file holds its CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Csv,
    Gzip,
    Zip,
}

/// One input file.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub container: Container,
    pub bytes: u64,
}

/// Why an input could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: not a police.uk file (expected a folder, .csv, .csv.gz or .zip)")]
    NotPoliceUk { path: PathBuf },
}

impl Source {
    /// A file, by its name's ending.
    pub fn from_path(path: &Path) -> Result<Source, SourceError> {
        let name = path.to_string_lossy().to_ascii_lowercase();
        let container = if name.ends_with(".csv") {
            Container::Csv
        } else if name.ends_with(".csv.gz") {
            Container::Gzip
        } else if name.ends_with(".zip") {
            Container::Zip
        } else {
            return Err(SourceError::NotPoliceUk {
                path: path.to_owned(),
            });
        };
        let bytes = std::fs::metadata(path)
            .map_err(|source| SourceError::Io {
                path: path.to_owned(),
                source,
            })?
            .len();
        Ok(Source {
            path: path.to_owned(),
            container,
            bytes,
        })
    }
}

/// Every police.uk file under `paths`: folders are walked (in name order), files taken as given.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Source>, SourceError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| SourceError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            walk(path, &mut out)?;
        } else {
            out.push(Source::from_path(path)?);
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Source>) -> Result<(), SourceError> {
    let io = |source| SourceError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if let Ok(source) = Source::from_path(&path) {
            out.push(source);
        }
    }
    Ok(())
}

/// What one CSV (a file, or an entry of an archive) gave.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path, and for an archive entry `path!entry`.
    pub name: String,
    /// Index of the [`Source`] it came from.
    pub source: usize,
    pub kind: Option<Kind>,
    pub rows: u64,
    pub rejected: u64,
    /// The first few rejected rows, with their line numbers in this file.
    pub rejections: Vec<Rejection>,
    /// Set when the file could not be read; nothing of it is counted then.
    pub error: Option<String>,
    /// The (force, month) groups the file holds rows for.
    pub groups: Vec<(String, Month)>,
}

pub use oversight_domain::evidence::CountKey;

/// Counts from every input, merged.
#[derive(Debug, Default)]
pub struct Aggregation {
    pub counts: BTreeMap<CountKey, u64>,
    pub files: Vec<FileReport>,
    pub warnings: Vec<String>,
}

impl Aggregation {
    /// Rows read and rejected over all files.
    pub fn totals(&self) -> (u64, u64) {
        self.files
            .iter()
            .fold((0, 0), |(r, j), f| (r + f.rows, j + f.rejected))
    }
}

/// A piece of work for one thread.
#[derive(Debug)]
enum Unit {
    Slice {
        report: usize,
        part: usize,
        kind: Kind,
        force: Option<String>,
        start: u64,
        end: u64,
    },
    Gzip {
        report: usize,
    },
    ZipEntry {
        report: usize,
        index: usize,
    },
}

/// What a unit gave.
#[derive(Debug)]
struct UnitResult {
    report: usize,
    part: usize,
    kind: Option<Kind>,
    counts: Vec<Count>,
    lines: u64,
    rows: u64,
    rejected: u64,
    rejections: Vec<Rejection>,
    error: Option<String>,
}

/// Scans every source and merges the counts. `progress` is told of bytes read as they are.
pub fn aggregate(sources: &[Source], progress: &(dyn Fn(u64) + Sync)) -> Aggregation {
    aggregate_sliced(sources, SLICE, progress)
}

/// [`aggregate`], cutting plain CSVs into slices of about `slice` bytes.
pub fn aggregate_sliced(
    sources: &[Source],
    slice: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Aggregation {
    let mut files = Vec::new();
    let mut units = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        plan(i, source, slice.max(1), &mut files, &mut units);
    }
    let results: Vec<UnitResult> = units
        .into_par_iter()
        .map(|unit| run(unit, sources, &files, progress))
        .collect();
    merge(files, results)
}

fn plan(
    index: usize,
    source: &Source,
    slice: u64,
    files: &mut Vec<FileReport>,
    units: &mut Vec<Unit>,
) {
    let name = source.path.display().to_string();
    let report = |name: String, error: Option<String>| FileReport {
        name,
        source: index,
        kind: None,
        rows: 0,
        rejected: 0,
        rejections: Vec::new(),
        error,
        groups: Vec::new(),
    };
    match source.container {
        Container::Gzip => {
            units.push(Unit::Gzip {
                report: files.len(),
            });
            files.push(report(name, None));
        }
        Container::Zip => match zip_entries(&source.path) {
            Ok(entries) => {
                for (entry, entry_name) in entries {
                    units.push(Unit::ZipEntry {
                        report: files.len(),
                        index: entry,
                    });
                    files.push(report(format!("{name}!{entry_name}"), None));
                }
            }
            Err(e) => files.push(report(name, Some(e))),
        },
        Container::Csv => match plan_slices(source, slice) {
            Ok((kind, force, starts)) => {
                let r = files.len();
                for (part, pair) in starts.windows(2).enumerate() {
                    units.push(Unit::Slice {
                        report: r,
                        part,
                        kind,
                        force: force.clone(),
                        start: pair[0],
                        end: pair[1],
                    });
                }
                let mut file = report(name, None);
                file.kind = Some(kind);
                files.push(file);
            }
            Err(e) => files.push(report(name, Some(e))),
        },
    }
}

/// The kind of a plain CSV and where its slices start (the last entry is its length).
fn plan_slices(source: &Source, slice: u64) -> Result<(Kind, Option<String>, Vec<u64>), String> {
    let file = File::open(&source.path).map_err(|e| e.to_string())?;
    let mut head = vec![0; 64 * 1024];
    let n = read_at_full(&file, &mut head, 0).map_err(|e| e.to_string())?;
    let first = first_line(&head[..n]);
    let kind = detect(first)?;
    let force = fixed_force(kind, &source.path)?;
    let mut starts = vec![0];
    let mut nominal = slice;
    while nominal < source.bytes {
        match next_line_start(&file, nominal).map_err(|e| e.to_string())? {
            Some(s) if s < source.bytes && s > *starts.last().unwrap_or(&0) => starts.push(s),
            Some(_) => {}
            None => break,
        }
        nominal = nominal.saturating_add(slice);
    }
    starts.push(source.bytes);
    Ok((kind, force, starts))
}

/// The first byte after the first line break at or after `from - 1`.
fn next_line_start(file: &File, from: u64) -> io::Result<Option<u64>> {
    let mut window = vec![0; 64 * 1024];
    let mut at = from - 1;
    loop {
        let n = read_at_full(file, &mut window, at)?;
        if n == 0 {
            return Ok(None);
        }
        if let Some(i) = memchr(b'\n', &window[..n]) {
            return Ok(Some(at + i as u64 + 1));
        }
        at += n as u64;
    }
}

fn read_at_full(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match file.read_at(&mut buf[done..], offset + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

fn first_line(buf: &[u8]) -> &[u8] {
    match memchr(b'\n', buf) {
        Some(i) => &buf[..i],
        None => buf,
    }
}

fn detect(first: &[u8]) -> Result<Kind, String> {
    crate::layout::kind_of_header(first).ok_or_else(|| {
        let shown: String = String::from_utf8_lossy(first).chars().take(80).collect();
        format!("line 1: not a police.uk street, outcomes or stop-and-search header: {shown:?}")
    })
}

/// Stop-and-search rows name no force: police.uk names the file `YYYY-MM-<force>-stop-and-search.csv`.
fn fixed_force(kind: Kind, path: &Path) -> Result<Option<String>, String> {
    if kind != Kind::StopAndSearch {
        return Ok(None);
    }
    force_from_name(path).map(Some).ok_or_else(|| {
        "stop-and-search rows name no force, and the file name is not YYYY-MM-<force>-stop-and-search.csv"
            .to_owned()
    })
}

/// The force slug in a police.uk stop-and-search file name.
pub fn force_from_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let name = name.strip_suffix(".gz").unwrap_or(name);
    let stem = name
        .strip_suffix(".csv")?
        .strip_suffix("-stop-and-search")?;
    let (month, slug) = (stem.get(..7)?, stem.get(8..)?);
    (Month::parse(month.as_bytes()).is_some()
        && stem.as_bytes().get(7) == Some(&b'-')
        && !slug.is_empty())
    .then(|| slug.to_owned())
}

fn zip_entries(path: &Path) -> Result<Vec<(usize, String)>, String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let mut archive =
        zip::ZipArchive::new(file).map_err(|e| format!("not a readable zip archive: {e}"))?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("entry {i}: {e}"))?;
        let name = entry
            .name()
            .map_err(|e| format!("entry {i}: {e}"))?
            .into_owned();
        if name.to_ascii_lowercase().ends_with(".csv") {
            out.push((i, name));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// A reader that reports the bytes it reads.
struct Counting<'a, R> {
    inner: R,
    progress: &'a (dyn Fn(u64) + Sync),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.progress)(n as u64);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

fn run(
    unit: Unit,
    sources: &[Source],
    files: &[FileReport],
    progress: &(dyn Fn(u64) + Sync),
) -> UnitResult {
    let (report, part) = match &unit {
        Unit::Slice { report, part, .. } => (*report, *part),
        Unit::Gzip { report } | Unit::ZipEntry { report, .. } => (*report, 0),
    };
    let source = &sources[files[report].source];
    let scanned = match unit {
        Unit::Slice {
            kind,
            force,
            start,
            end,
            ..
        } => File::open(&source.path)
            .and_then(|mut f| f.seek(SeekFrom::Start(start)).map(|_| f))
            .map_err(|e| e.to_string())
            .and_then(|f| {
                let reader = Counting {
                    inner: f.take(end - start),
                    progress,
                };
                scan_reader(
                    reader,
                    Some(Scanner::new(kind, force.as_deref())),
                    &source.path,
                )
            }),
        Unit::Gzip { .. } => File::open(&source.path)
            .map_err(|e| e.to_string())
            .and_then(|f| {
                let counted = io::BufReader::with_capacity(BLOCK, Counting { inner: f, progress });
                scan_reader(
                    flate2::bufread::MultiGzDecoder::new(counted),
                    None,
                    &source.path,
                )
            }),
        Unit::ZipEntry { index, .. } => File::open(&source.path)
            .map_err(|e| e.to_string())
            .and_then(|f| {
                let mut archive = zip::ZipArchive::new(Counting { inner: f, progress })
                    .map_err(|e| e.to_string())?;
                let entry = archive.by_index(index).map_err(|e| e.to_string())?;
                let name = PathBuf::from(entry.name().map_err(|e| e.to_string())?.as_ref());
                scan_reader(entry, None, &name)
            }),
    };
    match scanned {
        Ok(scanner) => UnitResult {
            report,
            part,
            kind: Some(scanner.kind()),
            counts: scanner.finish(),
            lines: scanner.lines,
            rows: scanner.rows,
            rejected: scanner.rejected,
            rejections: scanner.rejections.clone(),
            error: None,
        },
        Err(error) => UnitResult {
            report,
            part,
            kind: None,
            counts: Vec::new(),
            lines: 0,
            rows: 0,
            rejected: 0,
            rejections: Vec::new(),
            error: Some(error),
        },
    }
}

/// Scans everything `reader` gives through one fixed buffer. Without a scanner, the kind
/// comes from the first line (and the force of a stop-and-search file from `name`).
fn scan_reader(
    mut reader: impl Read,
    scanner: Option<Scanner>,
    name: &Path,
) -> Result<Scanner, String> {
    let mut scanner = scanner;
    let mut buf = vec![0u8; BLOCK];
    let mut filled = 0;
    let mut skipping = false;
    loop {
        let n = loop {
            match reader.read(&mut buf[filled..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(format!("read failed: {e}")),
            }
        };
        let eof = n == 0;
        filled += n;
        if skipping {
            // Dropping the rest of an over-long line.
            match memchr(b'\n', &buf[..filled]) {
                Some(i) => {
                    buf.copy_within(i + 1..filled, 0);
                    filled -= i + 1;
                    skipping = false;
                }
                None => {
                    filled = 0;
                    if eof {
                        break;
                    }
                    continue;
                }
            }
        }
        let s = match scanner.as_mut() {
            Some(s) => s,
            None => {
                if memchr(b'\n', &buf[..filled]).is_none() && !eof && filled < buf.len() {
                    continue;
                }
                let kind = detect(first_line(&buf[..filled]))?;
                let force = fixed_force(kind, name)?;
                scanner.insert(Scanner::new(kind, force.as_deref()))
            }
        };
        let used = s.block(&buf[..filled], eof);
        if eof {
            break;
        }
        buf.copy_within(used..filled, 0);
        filled -= used;
        if filled == buf.len() {
            s.overlong_line(filled);
            filled = 0;
            skipping = true;
        }
    }
    scanner.ok_or_else(|| "empty file".to_owned())
}

fn merge(mut files: Vec<FileReport>, mut results: Vec<UnitResult>) -> Aggregation {
    results.sort_by_key(|r| (r.report, r.part));
    let mut per_file: Vec<HashMap<(String, Month, String, String), u64>> =
        vec![HashMap::new(); files.len()];
    let mut line_base = vec![0u64; files.len()];
    for r in results {
        let file = &mut files[r.report];
        if let Some(e) = r.error {
            file.error.get_or_insert(e);
            continue;
        }
        file.kind = r.kind;
        file.rows += r.rows;
        file.rejected += r.rejected;
        for mut rejection in r.rejections {
            if file.rejections.len() < crate::scan::KEPT_REJECTIONS {
                rejection.line += line_base[r.report];
                file.rejections.push(rejection);
            }
        }
        line_base[r.report] += r.lines;
        let counts = &mut per_file[r.report];
        for c in r.counts {
            *counts
                .entry((c.force, c.month, c.key1, c.key2))
                .or_default() += c.n;
        }
    }
    let mut out = Aggregation::default();
    let mut owner: HashMap<(Kind, String, Month), usize> = HashMap::new();
    for (i, counts) in per_file.into_iter().enumerate() {
        let Some(kind) = files[i].kind else { continue };
        if files[i].error.is_some() {
            // A file that failed part way is not counted at all.
            continue;
        }
        let mut groups: Vec<(String, Month)> =
            counts.keys().map(|(f, m, _, _)| (f.clone(), *m)).collect();
        groups.sort();
        groups.dedup();
        for (force, month) in &groups {
            if let Some(earlier) = owner.insert((kind, force.clone(), *month), i) {
                out.warnings.push(format!(
                    "{} and {} both hold {kind} rows for {force} in {month}: the later file's replace the earlier's",
                    files[earlier].name, files[i].name
                ));
                out.counts
                    .retain(|k, _| !(k.kind == kind && &k.force == force && k.month == *month));
            }
        }
        for ((force, month, key1, key2), n) in counts {
            *out.counts
                .entry(CountKey {
                    kind,
                    force,
                    month,
                    key1,
                    key2,
                })
                .or_default() += n;
        }
        files[i].groups = groups;
    }
    out.files = files;
    out
}

/// The SHA-256 of each source's bytes as stored (hex), computed in parallel.
pub fn hash_sources(
    sources: &[Source],
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Result<String, SourceError>> {
    use sha2::{Digest, Sha256};
    sources
        .par_iter()
        .map(|s| {
            let io = |source| SourceError::Io {
                path: s.path.clone(),
                source,
            };
            let mut file = File::open(&s.path).map_err(io)?;
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; BLOCK];
            loop {
                let n = match file.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(io(e)),
                };
                hasher.update(&buf[..n]);
                progress(n as u64);
            }
            Ok(hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect())
        })
        .collect()
}
