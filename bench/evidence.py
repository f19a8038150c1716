"""Evidence benchmark driver (run through bench/evidence).

Builds the input from ../shared/data/police-uk/street by replicating the real files: copy k
shifts every year by 10 * k so that each copy's force-months are distinct groups (the
counts then add up instead of repeating). Then runs, alternating, in the same session:
Oversight (`oversight evidence aggregate --kind street`), DuckDB (`read_csv` with the dialect
given), Polars (`scan_csv`, lazy group-by) and `wc -l`; checks that the three engines'
counts are identical; and prints wall time, MB/s, rows/s, peak RSS and the ratios.
"""

import csv
import glob
import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared"))
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/oversight-bench-evidence"))
TARGET = float(os.environ.get("BENCH_GB", "2")) * 1e9
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
OVERSIGHT = ROOT / "target" / "release" / "oversight"
KEYS = ["Reported by", "Month", "Crime type", "Last outcome category"]


def build():
    """Writes files/copyNN/*.csv and single.csv, unless already there for this size."""
    marker = WORK / f"built-{TARGET:.0f}"
    if marker.exists():
        return
    WORK.mkdir(parents=True, exist_ok=True)
    sources = sorted((SHARED / "data" / "police-uk" / "street").rglob("*-street.csv.gz"))
    if not sources:
        sys.exit(f"no street files under {SHARED}/data/police-uk/street")
    texts = [(p.name.removesuffix(".gz"), gzip.decompress(p.read_bytes())) for p in sources]
    header = texts[0][1].split(b"\n", 1)[0] + b"\n"
    size = sum(len(t) for _, t in texts)
    copies = int(-(-TARGET // size))
    files = WORK / "files"
    subprocess.run(["rm", "-rf", str(files), str(WORK / "single.csv")], check=True)
    with open(WORK / "single.csv", "wb") as single:
        single.write(header)
        for k in range(copies):
            folder = files / f"copy{k:02}"
            folder.mkdir(parents=True)
            for name, text in texts:
                body = text.split(b"\n", 1)[1]
                for year in (b"2014", b"2017", b"2022"):
                    shifted = str(int(year) + 10 * k).encode()
                    body = body.replace(b"," + year + b"-", b"," + shifted + b"-")
                if not body.endswith(b"\n"):
                    body += b"\n"
                (folder / name).write_bytes(header + body)
                single.write(body)
    for old in WORK.glob("built-*"):
        old.unlink()
    marker.touch()


def run(cmd, out_path=None):
    """Runs a command, returning (seconds, peak RSS in MB). The peak is read by GNU time from
    a small parent: a child forked from this Python process would inherit its high-water mark."""
    out = open(out_path, "wb") if out_path else subprocess.DEVNULL
    rss_file = WORK / "rss.txt"
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(rss_file)] + cmd,
                          stdout=out, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if out_path:
        out.close()
    if proc.returncode != 0:
        sys.exit(f"{cmd[0]} failed: {proc.stderr.decode(errors='replace')}")
    return elapsed, int(rss_file.read_text().split()[-1]) / 1024


DUCKDB = """
import duckdb, sys
con = duckdb.connect()
con.sql(f\"\"\"COPY (SELECT "Reported by", "Month", "Crime type", "Last outcome category", count(*) AS n
  FROM read_csv({sys.argv[1]!r}, header = true, quote = '"', escape = '"', delim = ',', all_varchar = true)
  GROUP BY ALL) TO '{sys.argv[2]}' (HEADER, DELIMITER ',')\"\"\")
"""

POLARS = """
import polars as pl, sys
keys = ["Reported by", "Month", "Crime type", "Last outcome category"]
(pl.scan_csv(sys.argv[1], infer_schema=False)
   .group_by(keys).agg(pl.len().alias("n"))
   .collect()
   .write_csv(sys.argv[2]))
"""


def read_counts(path, oversight=False):
    counts = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if oversight:
                key = (row["force"], row["month"], row["key1"], row["key2"])
            else:
                key = tuple(row[k] or "" for k in KEYS)
            counts[key] = counts.get(key, 0) + int(row["n"])
    return counts


def main():
    build()
    shapes = {
        "per-file": (str(WORK / "files" / "*" / "*.csv"), sorted(glob.glob(str(WORK / "files" / "*" / "*.csv")))),
        "single": (str(WORK / "single.csv"), [str(WORK / "single.csv")]),
    }
    out = WORK / "out"
    out.mkdir(exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; runs per engine: {RUNS} (best shown)")
    for shape, (pattern, paths) in shapes.items():
        size = sum(os.path.getsize(p) for p in paths)
        engines = {
            "oversight": lambda o: run([str(OVERSIGHT), "evidence", "aggregate", "--kind", "street"]
                                       + ([str(WORK / "files")] if shape == "per-file" else paths), o),
            "duckdb": lambda o: run([sys.executable, "-c", DUCKDB, pattern, str(o)]),
            "polars": lambda o: run([sys.executable, "-c", POLARS, pattern, str(o)]),
            "wc -l": lambda o: run(["wc", "-l"] + paths, o),
        }
        best = {}
        for _ in range(RUNS):
            for name, engine in engines.items():
                target = out / f"{shape}-{name.replace(' ', '')}.csv"
                seconds, rss = engine(target)
                prev = best.get(name)
                best[name] = (min(seconds, prev[0]) if prev else seconds, max(rss, prev[1]) if prev else rss)
        ours = read_counts(out / f"{shape}-oversight.csv", oversight=True)
        rows = sum(ours.values())
        for peer in ("duckdb", "polars"):
            theirs = read_counts(out / f"{shape}-{peer}.csv")
            if theirs != ours:
                diff = set(theirs.items()) ^ set(ours.items())
                sys.exit(f"{shape}: {peer} disagrees with Oversight on {len(diff)} counts, e.g. {sorted(diff)[:3]}")
        print(f"\n{shape}: {len(paths)} files, {size / 1e9:.2f} GB, {rows:,} rows, {len(ours):,} groups; "
              f"DuckDB, Polars and Oversight agree on every count")
        print(f"{'engine':10} {'seconds':>8} {'MB/s':>8} {'Mrows/s':>8} {'peak MB':>8} {'Oversight is':>14}")
        for name, (seconds, rss) in best.items():
            ratio = best[name][0] / best["oversight"][0]
            print(f"{name:10} {seconds:8.2f} {size / 1e6 / seconds:8.0f} {rows / 1e6 / seconds:8.1f} "
                  f"{rss:8.0f} {ratio:13.2f}x")
        fastest_peer = min(best["duckdb"][0], best["polars"][0])
        print(f"Oversight vs the faster peer: {fastest_peer / best['oversight'][0]:.2f}x the throughput; "
              f"vs wc -l: {best['wc -l'][0] / best['oversight'][0]:.2f} of its throughput")
    # Memory must not grow with input: one copy against all of them.
    one = run([str(OVERSIGHT), "evidence", "aggregate", "--kind", "street", str(WORK / "files" / "copy00")], out / "one.csv")
    full = run([str(OVERSIGHT), "evidence", "aggregate", "--kind", "street", str(WORK / "files")], out / "full.csv")
    print(f"\nOversight peak RSS: {one[1]:.0f} MB on one copy, {full[1]:.0f} MB on all copies")


if __name__ == "__main__":
    main()
