#!/usr/bin/env python3
"""Score the document importer against the development corpus of real published pages.

For every page in pages.json: a fresh SQLite database in a temporary folder,
`OVERSIGHT --database DB import FILE`, then `OVERSIGHT --database DB export json`.
The judgments and findings exported are compared with what the page states
(pages.json records what a careful reader takes from the saved text itself):

- grades: a stated grade is found when a judgment has the same force, cycle, pillar,
  question, area and grade; an extracted judgment that matches no stated grade is
  spurious (a wrong grade, or a grade for something the page does not grade, including
  anything the page says is "not yet graded");
- findings: a stated finding is found when an extracted finding has the same kind and
  its text begins with the stated first words (case, spacing, quotes and bullets
  normalised); extracted findings that match nothing are counted as extra findings.

It is a measurement: it exits 0 whatever the scores, and non-zero only when the binary
cannot be run at all or the corpus is missing. An import that exits non-zero counts as
zero records found, not as a crash.

    python3 corpus/score.py --oversight ./target/debug/oversight --texts /work/scratch/corpus [--json] [--verbose]

Python 3.11, standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 120


class CannotRun(Exception):
    """The binary could not be started at all."""


# --------------------------------------------------------------------------- normalising

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "`": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "\u00a0": " "})


def norm_text(s: str) -> str:
    s = (s or "").translate(_QUOTES).lower()
    s = re.sub(r"\s+", " ", s).strip()
    # leading bullets, numbering and stray punctuation
    s = re.sub(r"^(?:[-•·►*▪◦]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s*", "", s)
    return s.strip(" \"'")


def norm_code(s):
    if s is None:
        return None
    return re.sub(r"[^a-z0-9]+", "_", str(s).lower()).strip("_")


def norm_cycle(s):
    if s is None:
        return None
    return str(s).replace("–", "-").replace("—", "-").strip()


def norm_grade(s):
    return norm_code(s)


def norm_question(q):
    if q in (None, ""):
        return None
    try:
        return int(q)
    except (TypeError, ValueError):
        return q


# --------------------------------------------------------------------------- running

def run(cmd, cwd):
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
                           env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"})
    except FileNotFoundError as e:
        raise CannotRun(f"{cmd[0]}: {e}") from e
    except PermissionError as e:
        raise CannotRun(f"{cmd[0]}: {e}") from e
    except subprocess.TimeoutExpired:
        return 124, "", f"timed out after {TIMEOUT}s"
    return p.returncode, p.stdout, p.stderr


def import_and_export(binary, text_path):
    """Returns (import_rc, import_stderr, export_dict_or_None, export_error)."""
    with tempfile.TemporaryDirectory(prefix="oversight-corpus-") as tmp:
        db = os.path.join(tmp, "corpus.db")
        rc, out, err = run([binary, "--database", db, "import", text_path], tmp)
        imp_msg = (out + err).strip()
        erc, eout, eerr = run([binary, "--database", db, "export", "json"], tmp)
        if erc != 0:
            return rc, imp_msg, None, (eout + eerr).strip()[-400:]
        try:
            return rc, imp_msg, json.loads(eout), None
        except json.JSONDecodeError as e:
            return rc, imp_msg, None, f"export json did not parse: {e}"


# --------------------------------------------------------------------------- matching

def area_resolver(export):
    """Maps any spelling of an area (code, title, alias) to its code, per cycle."""
    table = {}
    for c in (export or {}).get("cycles", []):
        cyc = norm_cycle(c.get("id"))
        for a in c.get("areas", []) or []:
            code = a.get("id")
            for name in [code, a.get("title")] + list(a.get("aliases") or []):
                if name:
                    table[(cyc, norm_code(name))] = code
                    table[(None, norm_code(name))] = table.get((None, norm_code(name)), code)

    def resolve(cycle, area):
        if area is None:
            return None
        key = norm_code(area)
        return table.get((norm_cycle(cycle), key)) or table.get((None, key)) or key
    return resolve


def grade_key(force, cycle, pillar, question, area, resolve):
    cycle = norm_cycle(cycle)
    return (force, cycle, norm_code(pillar), norm_question(question), norm_code(resolve(cycle, area)))


def score_page(page, export, verbose):
    resolve = area_resolver(export)
    # stated grades
    stated = []
    for g in page["grades"]:
        force = g.get("force", page["force"])
        cycle = g.get("cycle", page["cycle"])
        stated.append((grade_key(force, cycle, g["pillar"], g["question"], g["area"], resolve),
                       norm_grade(g["grade"]), g))
    stated_set = {(k, gr) for k, gr, _ in stated}
    judgments = (export or {}).get("judgments", []) or []
    extracted = {}
    for j in judgments:
        k = grade_key(j.get("force"), j.get("cycle"), j.get("pillar"), j.get("question"), j.get("area"), resolve)
        extracted.setdefault((k, norm_grade(j.get("grade"))), j)
    found_grades = [(k, gr, g) for k, gr, g in stated if (k, gr) in extracted]
    missed_grades = [(k, gr, g) for k, gr, g in stated if (k, gr) not in extracted]
    spurious = [(kg, j) for kg, j in extracted.items() if kg not in stated_set]
    # previous grades, where the page states one and the grade itself was found
    prev_stated = [(k, gr, g) for k, gr, g in found_grades if g.get("previous")]
    prev_found = [x for x in prev_stated
                  if norm_grade(extracted[(x[0], x[1])].get("previous_grade")) == norm_grade(x[2]["previous"])]
    # not-yet-graded statements contradicted by a grade
    ng_pillars = {norm_code(n.get("pillar")) for n in page.get("not_graded", [])}
    ng_violations = [(kg, j) for kg, j in spurious
                     if kg[0][0] == page["force"] and kg[0][1] == norm_cycle(page["cycle"])
                     and kg[0][2] in ng_pillars and kg[0][3] is None]

    # findings
    wanted = [(f["kind"], norm_text(f["first_words"]), f) for f in page["findings"]]
    got = [(f.get("kind"), norm_text(f.get("text", "")), f) for f in (export or {}).get("findings", []) or []]
    used = [False] * len(got)
    found_findings, missed_findings = [], []
    for kind, fw, f in wanted:
        hit = None
        for i, (gk, gt, gf) in enumerate(got):
            if used[i] or gk != kind:
                continue
            if gt.startswith(fw) or fw in gt[: len(fw) + 40]:
                hit = i
                break
        if hit is None:
            missed_findings.append(f)
        else:
            used[hit] = True
            found_findings.append((f, got[hit][2]))
    placed = sum(1 for f, gf in found_findings
                 if norm_code(f.get("pillar")) == norm_code(gf.get("pillar"))
                 and norm_question(f.get("question")) == norm_question(gf.get("question")))
    extra_findings = [got[i][2] for i in range(len(got)) if not used[i]]

    docs = (export or {}).get("documents", []) or []
    doc = docs[0] if docs else {}
    result = {
        "id": page["id"], "shape": page["shape"], "force": page["force"], "cycle": page["cycle"],
        "grades_found": len(found_grades), "grades_stated": len(stated),
        "spurious": len(spurious), "not_graded_violations": len(ng_violations),
        "previous_found": len(prev_found), "previous_stated": len(prev_stated),
        "findings_found": len(found_findings), "findings_stated": len(wanted),
        "findings_placed": placed, "findings_extra": len(extra_findings),
        "stored_as": doc.get("kind"), "detected_force": doc.get("force"), "detected_cycle": doc.get("cycle"),
        "detected_published_on": doc.get("published_on"), "published_on": page.get("published_on"),
        "warnings": doc.get("warnings", []),
    }
    if verbose:
        def show(k, gr):
            force, cycle, pillar, q, area = k
            where = area or pillar or "?"
            if q is not None:
                where += f" q{q}"
            return f"{force} {cycle} {where}: {gr}"
        result["missed_grades"] = [show(k, gr) + f"  ({g['quote']})" for k, gr, g in missed_grades]
        result["spurious_grades"] = [show(k, gr) for (k, gr), _ in spurious]
        result["missed_findings"] = [f"{f['kind']}: {f['first_words']}" for f in missed_findings]
        result["extra_findings"] = [f"{f.get('kind')}: {(f.get('text') or '')[:70]}" for f in extra_findings]
    return result


# --------------------------------------------------------------------------- reporting

SUMS = ("grades_found", "grades_stated", "spurious", "not_graded_violations", "previous_found",
        "previous_stated", "findings_found", "findings_stated", "findings_placed", "findings_extra",
        "import_failed", "pages")


def summarise(results):
    out = Counter()
    for r in results:
        for k in SUMS:
            out[k] += r.get(k, 0) if k not in ("pages", "import_failed") else 0
        out["pages"] += 1
        out["import_failed"] += 1 if r.get("import_rc", 0) != 0 else 0
    d = dict(out)
    d["grades_pct"] = round(100.0 * d["grades_found"] / d["grades_stated"], 1) if d.get("grades_stated") else None
    d["findings_pct"] = round(100.0 * d["findings_found"] / d["findings_stated"], 1) if d.get("findings_stated") else None
    return d


def line(label, s):
    pct = f" ({s['grades_pct']}%)" if s.get("grades_pct") is not None else ""
    return (f"{label:<16} pages {s['pages']:>3}  grades {s['grades_found']}/{s['grades_stated']}{pct}, "
            f"findings {s['findings_found']}/{s['findings_stated']}, spurious {s['spurious']}"
            f" (not-yet-graded contradicted {s['not_graded_violations']}), previous {s['previous_found']}/{s['previous_stated']},"
            f" extra findings {s['findings_extra']}, import failures {s['import_failed']}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--oversight", required=True, help="path to the oversight binary")
    ap.add_argument("--texts", required=True, help="folder holding the saved page texts (NNN.txt)")
    ap.add_argument("--pages", default=os.path.join(HERE, "pages.json"), help="the annotations (default: next to this script)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--verbose", action="store_true", help="list missed and spurious records per page")
    ap.add_argument("--only", nargs="*", help="score only these page ids")
    ap.add_argument("--jobs", type=int, default=4, help="pages scored in parallel (default 4)")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.oversight)
    if not os.path.exists(binary):
        print(f"score.py: no binary at {binary}", file=sys.stderr)
        return 2
    try:
        pages = json.load(open(args.pages, encoding="utf-8"))
    except OSError as e:
        print(f"score.py: cannot read {args.pages}: {e}", file=sys.stderr)
        return 2
    if args.only:
        pages = [p for p in pages if p["id"] in set(args.only)]
    missing = [p["file"] for p in pages if not os.path.exists(os.path.join(args.texts, p["file"]))]
    if missing:
        print(f"score.py: {len(missing)} page texts missing from {args.texts} (e.g. {missing[0]}); "
              "re-gather them with the queries in pages.json (see corpus/README.md)", file=sys.stderr)
        pages = [p for p in pages if p["file"] not in set(missing)]
        if not pages:
            return 2

    def one(page):
        rc, imp_msg, export, err = import_and_export(binary, os.path.join(args.texts, page["file"]))
        r = score_page(page, export, args.verbose)
        r["import_rc"] = rc
        if rc != 0:
            r["import_message"] = imp_msg[-300:]
        if err:
            r["export_error"] = err
        return r

    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = list(pool.map(one, pages))
    except CannotRun as e:
        print(f"score.py: cannot run the binary: {e}", file=sys.stderr)
        return 2

    by_shape, by_cycle = defaultdict(list), defaultdict(list)
    for r in results:
        by_shape[r["shape"]].append(r)
        by_cycle[r["cycle"]].append(r)
    report = {
        "total": summarise(results),
        "by_shape": {k: summarise(v) for k, v in sorted(by_shape.items())},
        "by_cycle": {k: summarise(v) for k, v in sorted(by_cycle.items())},
        "stored_as": dict(Counter(r["stored_as"] or "(nothing)" for r in results).most_common()),
        "documents": results,
    }
    if args.json:
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0

    for r in results:
        warn = "; ".join(r["warnings"])[:160]
        extra = ""
        if r.get("import_rc"):
            extra = f" import exit {r['import_rc']}: {r.get('import_message', '')[:120]}"
        if r.get("export_error"):
            extra += f" export failed: {r['export_error'][:120]}"
        print(f"{r['id']} {r['shape']:<13} {r['force']:<19} {r['cycle']:<8} grades {r['grades_found']}/{r['grades_stated']}"
              f" findings {r['findings_found']}/{r['findings_stated']} spurious {r['spurious']}"
              f"  stored as {r['stored_as']} ({r['detected_force']}, {r['detected_cycle']})"
              + (f"  warnings: {warn}" if warn else "") + extra)
        if args.verbose:
            for k, label in (("missed_grades", "missed"), ("spurious_grades", "SPURIOUS"),
                             ("missed_findings", "missed finding"), ("extra_findings", "extra finding")):
                for x in r.get(k, []):
                    print(f"      {label}: {x}")
    print()
    print("by shape")
    for k, s in report["by_shape"].items():
        print("  " + line(k, s))
    print("by cycle")
    for k, s in report["by_cycle"].items():
        print("  " + line(k, s))
    print("stored as: " + ", ".join(f"{k} {v}" for k, v in report["stored_as"].items()))
    print(line("TOTAL", report["total"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
