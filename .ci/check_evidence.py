"""Independent check of the evidence engine: counts every police.uk file under the given
folder with Python's csv module and compares each (kind, force, month, key1, key2) count with
`oversight evidence counts` (read from standard input). Exits non-zero on any difference."""

import csv
import gzip
import io
import re
import sys
from collections import Counter
from pathlib import Path

HEADERS = {
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context": "street",
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type": "outcomes",
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing": "stop-and-search",
}


def reference(root):
    counts = Counter()
    files = 0
    for path in sorted(Path(root).rglob("*")):
        if not (path.name.endswith(".csv") or path.name.endswith(".csv.gz")):
            continue
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if path.name.endswith(".gz") else raw).decode("utf-8-sig")
        rows = csv.reader(io.StringIO(text, newline=""))
        kind = HEADERS[",".join(next(rows))]
        files += 1
        slug = re.sub(r"^\d{4}-\d{2}-(.*)-stop-and-search\.csv(\.gz)?$", r"\1", path.name)
        for r in rows:
            if not r:
                continue
            if kind == "street":
                counts[(kind, r[2], r[1], r[9], r[10])] += 1
            elif kind == "outcomes":
                counts[(kind, r[2], r[1], r[9], "")] += 1
            else:
                counts[(kind, slug, r[1][:7], r[11], r[12])] += 1
    return files, counts


def main():
    files, expected = reference(sys.argv[1])
    got = Counter()
    for r in csv.DictReader(sys.stdin):
        got[(r["kind"], r["force"], r["month"], r["key1"], r["key2"])] += int(r["n"])
    if got != expected:
        diff = sorted(set(got.items()) ^ set(expected.items()))
        sys.exit(f"evidence counts differ from the reference in {len(diff)} places, e.g. {diff[:5]}")
    print(f"evidence: {files} files, {sum(expected.values()):,} rows, {len(expected):,} counts: "
          "every count equals the independent reference")


main()
