//! Acceptance of the evidence engine on the real police.uk files in ../shared/data, checked
//! against an independent count made here with the csv crate.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{oversight, stderr, stdout};

fn police_uk() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/police-uk");
    assert!(
        dir.is_dir(),
        "the police.uk data is missing: expected it at {} (../shared/data beside the checkout)",
        dir.display()
    );
    dir
}

/// (numerator, denominator) of unable_to_prosecute_share per "Reported by", for one month,
/// read with the csv crate straight from the files.
fn reference_unable_to_prosecute(month: &str) -> BTreeMap<String, (u64, u64)> {
    let mut out: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut stack = vec![police_uk().join("street")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            let file = std::fs::File::open(&path).expect("open");
            if name.ends_with(".gz") {
                flate2::read::MultiGzDecoder::new(file)
                    .read_to_end(&mut bytes)
                    .expect("gunzip");
            } else {
                std::io::BufReader::new(file)
                    .read_to_end(&mut bytes)
                    .expect("read");
            }
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            for record in reader.records() {
                let r = record.expect("a CSV record");
                if &r[1] != month {
                    continue;
                }
                let entry = out.entry(r[2].to_owned()).or_default();
                if &r[10] == "Unable to prosecute suspect" {
                    entry.0 += 1;
                }
                if &r[9] != "Anti-social behaviour" {
                    entry.1 += 1;
                }
            }
        }
    }
    out
}

#[test]
fn ingesting_the_real_files_gives_the_reference_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("evidence.db");
    let data = police_uk();
    let data = data.to_str().expect("utf-8 path");

    let out = oversight(&db, &["evidence", "ingest", data]);
    assert!(out.status.success(), "ingest failed: {}", stderr(&out));
    assert!(
        stdout(&out).contains("544647 rows read, 0 rejected"),
        "{}",
        stdout(&out)
    );

    let out = oversight(
        &db,
        &[
            "evidence",
            "compare",
            "--indicator",
            "unable_to_prosecute_share",
            "--month",
            "2014-05",
            "--json",
        ],
    );
    assert!(out.status.success(), "compare failed: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let reference = reference_unable_to_prosecute("2014-05");
    let forces = json["forces"].as_array().expect("forces");
    assert_eq!(
        forces.len(),
        reference.len(),
        "one entry per force in the files"
    );
    let mut ew = (0, 0);
    for f in forces {
        let name = f["name"].as_str().expect("name");
        let (num, den) = reference
            .iter()
            .find(|(reported_by, _)| {
                oversight_domain_name(reported_by).as_deref() == Some(name) || *reported_by == name
            })
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("{name} is not in the reference"));
        assert_eq!(f["numerator"], num, "{name}");
        assert_eq!(f["denominator"], den, "{name}");
        if f["territorial"] == true {
            ew.0 += num;
            ew.1 += den;
            assert!(f["rank"].as_u64().is_some(), "{name} is ranked");
        } else {
            assert!(f["rank"].is_null(), "{name} is not ranked");
        }
    }
    assert_eq!(json["england_and_wales"]["numerator"], ew.0);
    assert_eq!(json["england_and_wales"]["denominator"], ew.1);
    // 40 of the 43 forces are in the 2014-05 files, plus BTP and the PSNI.
    assert_eq!(json["forces_missing"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        forces.iter().filter(|f| f["territorial"] == true).count(),
        40
    );

    // Hampshire's eight 2017 months come out as a series.
    let out = oversight(
        &db,
        &[
            "evidence",
            "indicators",
            "--force",
            "hampshire",
            "--indicator",
            "unable_to_prosecute_share",
            "--json",
        ],
    );
    assert!(out.status.success(), "indicators failed: {}", stderr(&out));
    let series: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let months: Vec<&str> = series["series"]
        .as_array()
        .expect("series")
        .iter()
        .filter_map(|p| p["month"].as_str())
        .collect();
    assert_eq!(months.iter().filter(|m| m.starts_with("2017-")).count(), 8);
    assert!(months.contains(&"2014-05") && months.contains(&"2022-02"));

    // Unchanged files again: skipped, nothing counted twice.
    let before = stdout(&oversight(&db, &["evidence", "counts"]));
    let out = oversight(&db, &["evidence", "ingest", data]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("54 unchanged files skipped"),
        "{}",
        stdout(&out)
    );
    assert_eq!(stdout(&oversight(&db, &["evidence", "counts"])), before);
}

fn oversight_domain_name(reported_by: &str) -> Option<String> {
    // The names police.uk uses are the forces' own names, bar one spelling.
    Some(match reported_by {
        "Devon & Cornwall Police" => "Devon and Cornwall Police".to_owned(),
        other => other.to_owned(),
    })
}

#[test]
fn bad_rows_are_reported_with_file_and_line_and_bad_files_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("evidence.db");
    let header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context";
    let good = dir.path().join("2017-04-testshire-street.csv");
    std::fs::write(
        &good,
        format!(
            "{header}\nid1,2017-04,Hampshire Constabulary,Hampshire Constabulary,1,2,On or near A,E1,N,Burglary,Unable to prosecute suspect,\n\
             id2,2017-04,Hampshire Constabulary,Hampshire Constabulary,1,2,On or near A,E1,N,Burglary\n\
             id3,April,Hampshire Constabulary,Hampshire Constabulary,1,2,On or near A,E1,N,Burglary,,\n"
        ),
    )
    .expect("write");
    let out = oversight(&db, &["evidence", "ingest", good.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("2017-04-testshire-street.csv:3: 10 fields where the header has 12"),
        "{err}"
    );
    assert!(
        err.contains("2017-04-testshire-street.csv:4: month \"April\" is not YYYY-MM"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("3 rows read, 2 rejected"),
        "{}",
        stdout(&out)
    );

    let bad = dir.path().join("notes.csv");
    std::fs::write(&bad, "Name,Notes\nA,B\n").expect("write");
    let out = oversight(&db, &["evidence", "ingest", bad.to_str().expect("path")]);
    assert!(
        !out.status.success(),
        "a file that is not police.uk's must fail"
    );
    assert!(
        stderr(&out).contains("notes.csv: line 1: not a police.uk"),
        "{}",
        stderr(&out)
    );
    let counts = stdout(&oversight(&db, &["evidence", "counts"]));
    assert!(
        counts.contains(
            "street,Hampshire Constabulary,2017-04,Burglary,Unable to prosecute suspect,1"
        ),
        "{counts}"
    );
}

#[test]
fn every_indicator_is_listed_with_its_formula() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = oversight(
        &dir.path().join("x.db"),
        &["evidence", "indicators", "--list"],
    );
    assert!(out.status.success());
    let text = stdout(&out);
    for id in [
        "unable_to_prosecute_share",
        "no_suspect_share",
        "charged_share",
        "crimes_per_1000",
        "stop_search_arrest_rate",
    ] {
        assert!(text.contains(id), "{id} missing from --list");
    }
    assert_eq!(text.matches("formula:").count(), 5);
    assert!(
        !dir.path().join("x.db").exists(),
        "--list needs no database"
    );
}
