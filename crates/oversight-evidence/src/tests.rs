//! Fixtures written here in the police.uk layouts (not copied from any file), the scanner
//! held to the `csv` crate's reading, and the indicator arithmetic.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::indicator::{self, ValueRow};
use crate::layout::{FileLayout, Kind, Month};
use crate::scan::{Count, RejectReason, Scanner};
use crate::source::{self, Source};

const STREET_ROWS: &str = "\
abc1,2017-04,Testshire Constabulary,Testshire Constabulary,-1.1,50.9,On or near Park Road,E01000001,Testtown 001A,Burglary,Unable to prosecute suspect,
abc2,2017-04,Testshire Constabulary,Testshire Constabulary,-1.1,50.9,\"On or near Asda, High Street\",E01000001,Testtown 001A,Burglary,Unable to prosecute suspect,
,2017-04,Testshire Constabulary,Testshire Constabulary,,,No location,,,Anti-social behaviour,,
abc3,2017-04,Testshire Constabulary,Testshire Constabulary,-1.1,50.9,On or near Mill Lane,E01000002,Testtown 002B,Vehicle crime,Investigation complete; no suspect identified,\r
abc4,2017-05,Testshire Constabulary,Testshire Constabulary,-1.1,50.9,On or near Mill Lane,E01000002,Testtown 002B,Vehicle crime,Awaiting court outcome,
abc5,2017-04,Otherton Police,Testshire Constabulary,-1.1,50.9,On or near Mill Lane,E01000002,Testtown 002B,Drugs,\"Awaiting court outcome\",
abc6,2017-04,Testshire Constabulary,Testshire Constabulary,-1.1,50.9,On or near Mill Lane,E01000002,Testtown 002B,Drugs
abc7,2017-4,Testshire Constabulary,Testshire Constabulary,-1.1,50.9,On or near Mill Lane,E01000002,Testtown 002B,Drugs,Awaiting court outcome,
abc8,2017-04,Testshire Constabulary,Testshire Constabulary,-1.1,50.9,\"On or near, broken,E01000002,Testtown 002B,Drugs,Awaiting court outcome,
";

fn street_fixture() -> String {
    format!("{}\n{STREET_ROWS}", Kind::Street.header())
}

fn counts(scanner: &Scanner) -> BTreeMap<(String, String, String, String), u64> {
    scanner
        .finish()
        .into_iter()
        .map(|c: Count| ((c.force, c.month.to_string(), c.key1, c.key2), c.n))
        .collect()
}

fn key(force: &str, month: &str, a: &str, b: &str) -> (String, String, String, String) {
    (force.into(), month.into(), a.into(), b.into())
}

#[test]
fn street_rows_are_counted_and_bad_rows_rejected_with_their_lines() {
    let text = street_fixture();
    let mut s = Scanner::new(Kind::Street, None);
    let used = s.block(text.as_bytes(), true);
    assert_eq!(used, text.len());
    let c = counts(&s);
    let t = "Testshire Constabulary";
    assert_eq!(
        c[&key(t, "2017-04", "Burglary", "Unable to prosecute suspect")],
        2
    );
    assert_eq!(c[&key(t, "2017-04", "Anti-social behaviour", "")], 1);
    assert_eq!(
        c[&key(
            t,
            "2017-04",
            "Vehicle crime",
            "Investigation complete; no suspect identified"
        )],
        1
    );
    assert_eq!(
        c[&key(t, "2017-05", "Vehicle crime", "Awaiting court outcome")],
        1
    );
    assert_eq!(
        c[&key(
            "Otherton Police",
            "2017-04",
            "Drugs",
            "Awaiting court outcome"
        )],
        1
    );
    assert_eq!(c.values().sum::<u64>(), 6);
    assert_eq!((s.rows, s.rejected), (9, 3));
    let lines: Vec<(u64, RejectReason)> = s
        .rejections
        .iter()
        .map(|r| (r.line, r.reason.clone()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                8,
                RejectReason::WrongFieldCount {
                    expected: 12,
                    found: 10
                }
            ),
            (9, RejectReason::BadMonth("2017-4".into())),
            (10, RejectReason::BrokenQuoting),
        ]
    );
}

#[test]
fn any_split_into_blocks_gives_the_same_counts() {
    let text = street_fixture();
    let mut whole = Scanner::new(Kind::Street, None);
    whole.block(text.as_bytes(), true);
    for size in [1, 7, 64, 200] {
        let mut s = Scanner::new(Kind::Street, None);
        let mut pending: Vec<u8> = Vec::new();
        for piece in text.as_bytes().chunks(size) {
            pending.extend_from_slice(piece);
            let used = s.block(&pending, false);
            pending.drain(..used);
        }
        s.block(&pending, true);
        assert_eq!(counts(&s), counts(&whole), "blocks of {size}");
        assert_eq!(
            (s.rows, s.rejected, s.lines),
            (whole.rows, whole.rejected, whole.lines)
        );
    }
}

#[test]
fn invalid_utf8_is_rejected_not_a_panic() {
    let mut line = b"a,2017-04,Testshire Constabulary,x,1,2,loc,E1,name,".to_vec();
    line.extend_from_slice(b"Burg\xFFlary,Under investigation,");
    let mut s = Scanner::new(Kind::Street, None);
    s.line(&line);
    s.line(&line);
    assert_eq!((s.rows, s.rejected), (2, 2));
    assert_eq!(s.rejections[0].reason, RejectReason::NotUtf8);
}

#[test]
fn outcomes_and_stop_and_search_are_keyed_by_their_own_fields() {
    let outcomes = format!(
        "{}\nid1,2022-01,Testshire Constabulary,Testshire Constabulary,1,2,On or near X,E1,N,Unable to prosecute suspect\n\
         id2,2022-01,Testshire Constabulary,Testshire Constabulary,1,2,On or near X,E1,N,Suspect charged\n",
        Kind::Outcomes.header()
    );
    let mut s = Scanner::new(Kind::Outcomes, None);
    s.block(outcomes.as_bytes(), true);
    let c = counts(&s);
    assert_eq!(
        c[&key("Testshire Constabulary", "2022-01", "Suspect charged", "")],
        1
    );
    assert_eq!(c.len(), 2);

    let stops = format!(
        "{}\nPerson search,2022-01-05T10:00:00+00:00,False,,51.1,-1.2,Male,18-24,White,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,True,False\n\
         Person search,2022-01-31T23:30:00+00:00,,,,,Female,over 34,,,\"Police and Criminal Evidence Act 1984 (section 1)\",Stolen goods,A no further action disposal,,\n\
         Person search,2022-1-05T10:00:00+00:00,,,,,,,,,,Stolen goods,Arrest,,\n",
        Kind::StopAndSearch.header()
    );
    let mut s = Scanner::new(Kind::StopAndSearch, Some("testshire"));
    s.block(stops.as_bytes(), true);
    let c = counts(&s);
    assert_eq!(
        c[&key("testshire", "2022-01", "Controlled drugs", "Arrest")],
        1
    );
    assert_eq!(
        c[&key(
            "testshire",
            "2022-01",
            "Stolen goods",
            "A no further action disposal"
        )],
        1
    );
    assert_eq!(s.rejected, 1);
}

#[test]
fn stop_and_search_force_comes_from_the_file_name() {
    assert_eq!(
        source::force_from_name(Path::new("x/2022-01-thames-valley-stop-and-search.csv")),
        Some("thames-valley".into())
    );
    assert_eq!(
        source::force_from_name(Path::new("2022-01-thames-valley-stop-and-search.csv.gz")),
        Some("thames-valley".into())
    );
    assert_eq!(source::force_from_name(Path::new("stops.csv")), None);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip").into_inner()
}

#[test]
fn folders_gzip_and_the_archive_zip_all_give_the_same_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = street_fixture();
    let plain = dir.path().join("plain");
    write(&plain, "2017-04-testshire-street.csv", text.as_bytes());
    let gz = dir.path().join("gz");
    write(
        &gz,
        "2017-04-testshire-street.csv.gz",
        &gzip(text.as_bytes()),
    );
    let archive = write(
        dir.path(),
        "archive.zip",
        &zip(&[
            ("2017-04/2017-04-testshire-street.csv", text.as_bytes()),
            ("README.txt", b"not a csv"),
        ]),
    );
    let run = |path: &Path| {
        let sources = source::discover(&[path.to_owned()]).expect("discover");
        source::aggregate(&sources, &|_| {})
    };
    let a = run(&plain);
    let b = run(&gz);
    let c = run(&archive);
    assert_eq!(a.counts, b.counts);
    assert_eq!(a.counts, c.counts);
    assert_eq!(a.totals(), (9, 3));
    assert_eq!(c.files.len(), 1, "only the CSV entry is read");
    assert!(
        c.files[0]
            .name
            .ends_with("archive.zip!2017-04/2017-04-testshire-street.csv")
    );
    assert_eq!(a.files[0].rejections[0].line, 8);
}

#[test]
fn slices_of_a_large_file_count_like_the_whole_and_keep_line_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = street_fixture();
    for _ in 0..50 {
        text.push_str(STREET_ROWS);
    }
    let path = write(dir.path(), "big-street.csv", text.as_bytes());
    let sources = vec![Source::from_path(&path).expect("source")];
    let whole = source::aggregate_sliced(&sources, u64::MAX, &|_| {});
    for slice in [100, 333, 4096] {
        let sliced = source::aggregate_sliced(&sources, slice, &|_| {});
        assert_eq!(sliced.counts, whole.counts, "slices of {slice}");
        assert_eq!(sliced.totals(), whole.totals());
        assert_eq!(sliced.files[0].rejections, whole.files[0].rejections);
    }
    assert_eq!(whole.totals(), (9 * 51, 3 * 51));
}

#[test]
fn unknown_headers_and_unnamed_stop_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a-street.csv", b"Crime ID,Month\n1,2017-04\n");
    write(
        dir.path(),
        "stops.csv",
        format!("{}\n", Kind::StopAndSearch.header()).as_bytes(),
    );
    let sources = source::discover(&[dir.path().to_owned()]).expect("discover");
    let agg = source::aggregate(&sources, &|_| {});
    assert_eq!(agg.files.len(), 2);
    for f in &agg.files {
        let error = f.error.as_deref().expect("an error");
        assert!(
            error.contains("header") || error.contains("file name"),
            "{error}"
        );
    }
    assert!(agg.counts.is_empty());
}

#[test]
fn the_same_force_month_in_two_files_is_taken_once_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = street_fixture();
    write(
        dir.path(),
        "a/2017-04-testshire-street.csv",
        text.as_bytes(),
    );
    write(
        dir.path(),
        "b/2017-04-testshire-street.csv",
        text.as_bytes(),
    );
    let sources = source::discover(&[dir.path().to_owned()]).expect("discover");
    let twice = source::aggregate(&sources, &|_| {});
    let once = source::aggregate(&sources[..1], &|_| {});
    assert_eq!(twice.counts, once.counts);
    assert!(!twice.warnings.is_empty());
}

/// A field police.uk could write: letters, spaces, commas, quotes, semicolons.
fn field() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-z ,\";()-]{0,12}").expect("regex")
}

proptest! {
    /// The scanner reads what the csv crate reads, whatever the quoting.
    #[test]
    fn scanner_agrees_with_the_csv_crate(
        rows in proptest::collection::vec(
            (field(), 0u8..3, field(), field(), field(), field(), field()), 1..40),
        block in 1usize..300,
    ) {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        w.write_record(Kind::Street.header().split(',')).expect("header");
        for (id, m, force, loc, name, crime, outcome) in &rows {
            let month = ["2017-04", "2017-05", "2018-12"][usize::from(*m)];
            w.write_record([id.as_str(), month, force, "Falls", "1", "2", loc, "E1", name, crime, outcome, ""]).expect("row");
        }
        let bytes = w.into_inner().expect("csv");

        let mut expected: BTreeMap<(String, String, String, String), u64> = BTreeMap::new();
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
        for record in reader.records() {
            let r = record.expect("csv reads its own output");
            *expected.entry(key(&r[2], &r[1], &r[9], &r[10])).or_default() += 1;
        }

        let mut s = Scanner::new(Kind::Street, None);
        let mut pending: Vec<u8> = Vec::new();
        for piece in bytes.chunks(block) {
            pending.extend_from_slice(piece);
            let used = s.block(&pending, false);
            pending.drain(..used);
        }
        s.block(&pending, true);
        prop_assert_eq!(s.rejected, 0);
        prop_assert_eq!(counts(&s), expected);
    }

    /// Any bytes at all: no panic, every row counted or rejected, and a row taken is read as
    /// the csv crate reads it.
    #[test]
    fn arbitrary_lines_are_counted_or_rejected(line in proptest::collection::vec(
        prop_oneof![Just(b','), Just(b'"'), Just(b'a'), Just(b'\r'), Just(b'2'), Just(b'-'), any::<u8>()], 0..120)) {
        let line: Vec<u8> = line.into_iter().filter(|&b| b != b'\n').collect();
        let mut s = Scanner::new(Kind::Outcomes, None);
        s.line(&line);
        let counted: u64 = s.finish().iter().map(|c| c.n).sum();
        prop_assert_eq!(counted + s.rejected, s.rows);
        if counted == 1 {
            let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_slice());
            let record = reader.byte_records().next().expect("a record").expect("csv reads it");
            let c = &s.finish()[0];
            prop_assert_eq!(record.len(), 10);
            prop_assert_eq!(&record[9], c.key1.as_bytes());
            prop_assert_eq!(&record[2], c.force.as_bytes());
        }
    }
}

fn row(force: Option<&'static str>, name: &str, num: u64, den: u64) -> ValueRow {
    ValueRow {
        indicator: "unable_to_prosecute_share",
        reported_by: name.into(),
        force,
        month: Month::new(2017, 4).expect("month"),
        numerator: num,
        denominator: den,
    }
}

#[test]
fn indicator_values_follow_their_formulas() {
    let month = Month::new(2017, 4).expect("month");
    let k = |kind, force: &str, a: &str, b: &str| source::CountKey {
        kind,
        force: force.into(),
        month,
        key1: a.into(),
        key2: b.into(),
    };
    let counts = [
        (
            k(
                Kind::Street,
                "Hampshire Constabulary",
                "Burglary",
                "Unable to prosecute suspect",
            ),
            30,
        ),
        (
            k(
                Kind::Street,
                "Hampshire Constabulary",
                "Burglary",
                "Awaiting court outcome",
            ),
            10,
        ),
        (
            k(
                Kind::Street,
                "Hampshire Constabulary",
                "Anti-social behaviour",
                "",
            ),
            50,
        ),
        (
            k(
                Kind::Street,
                "Hampshire Constabulary",
                "Drugs",
                "Investigation complete; no suspect identified",
            ),
            60,
        ),
        (
            k(
                Kind::StopAndSearch,
                "hampshire",
                "Controlled drugs",
                "Arrest",
            ),
            2,
        ),
        (
            k(
                Kind::StopAndSearch,
                "hampshire",
                "Controlled drugs",
                "A no further action disposal",
            ),
            6,
        ),
    ];
    let values = indicator::values(counts.iter().map(|(k, n)| (k, *n)));
    let get = |id: &str| {
        let v = values.iter().find(|v| v.indicator == id).expect(id);
        (v.numerator, v.denominator, v.force)
    };
    assert_eq!(
        get("unable_to_prosecute_share"),
        (30, 100, Some("hampshire"))
    );
    assert_eq!(get("no_suspect_share"), (60, 100, Some("hampshire")));
    assert_eq!(get("charged_share"), (10, 100, Some("hampshire")));
    assert_eq!(get("crimes_per_1000"), (100, 1_897_991, Some("hampshire")));
    assert_eq!(get("stop_search_arrest_rate"), (2, 8, Some("hampshire")));
}

#[test]
fn comparisons_rank_territorial_forces_and_flag_outliers() {
    let ind = indicator::find("unable_to_prosecute_share").expect("indicator");
    let slugs = [
        "kent",
        "essex",
        "surrey",
        "sussex",
        "dorset",
        "devon-and-cornwall",
        "wiltshire",
        "gwent",
        "durham",
    ];
    let mut rows: Vec<ValueRow> = slugs
        .iter()
        .enumerate()
        .map(|(i, s)| row(Some(s), s, 10 + u64::try_from(i % 3).expect("small"), 100))
        .collect();
    rows.push(row(Some("cumbria"), "Cumbria Constabulary", 60, 100));
    rows.push(row(None, "British Transport Police", 90, 100));
    let c = indicator::compare(ind, Month::new(2017, 4).expect("month"), &rows);
    // England and Wales leaves BTP out.
    assert_eq!(
        c.england_and_wales.numerator,
        10 + 11 + 12 + 10 + 11 + 12 + 10 + 11 + 12 + 60
    );
    assert_eq!(c.england_and_wales.denominator, 1000);
    let top = &c.forces[0];
    assert_eq!(
        (top.force.as_str(), top.rank, top.outlier, top.outlier_side),
        ("cumbria", Some(1), true, Some("high"))
    );
    // Ties share a rank: three forces at 12 come second.
    assert_eq!(c.forces.iter().filter(|f| f.rank == Some(2)).count(), 3);
    assert_eq!(c.forces.iter().filter(|f| f.rank == Some(5)).count(), 3);
    let btp = c.forces.last().expect("btp");
    assert_eq!(
        (btp.territorial, btp.rank, btp.outlier),
        (false, None, false)
    );
    assert_eq!(c.forces_missing.len(), 43 - 10);
}

#[test]
fn fewer_than_eight_forces_flag_no_outliers() {
    assert_eq!(indicator::tukey_fences(&[1.0, 2.0, 100.0]), None);
    let (low, high) =
        indicator::tukey_fences(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]).expect("fences");
    assert!(low < 1.0 && high > 8.0);
}
