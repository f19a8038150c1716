#!/usr/bin/env python3
"""PDF acceptance: each seed printed to PDF by Debian's Chromium imports to exactly the records
of its text. Prints each seed with `chromium --headless --print-to-pdf` (headers and footers
on, as people print), imports the text into one fresh database and the PDF into another with
the oversight binary, and compares everything but ids, spans and the document itself.

    python3 .ci/check_pdf_seeds.py BINARY SEEDS_DIR [WORK_DIR]
"""
import json
import os
import subprocess
import sys
import tempfile

binary, seeds = os.path.abspath(sys.argv[1]), sys.argv[2]
work = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="pdf-seeds-")
os.makedirs(work, exist_ok=True)


def export(db, *files):
    for f in files:
        subprocess.run([binary, "--database", db, "import", f], capture_output=True, text=True)
    out = subprocess.run([binary, "--database", db, "export", "json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def words(text):
    return " ".join((text or "").split())


def records(data):
    """What a reader takes from the documents, without ids, spans or the stored text."""
    text_of = {f["id"]: words(f["text"]) for f in data["findings"]}
    return {
        "judgments": sorted(
            (j["force"], j["cycle"], j["pillar"] or "", j["question"] or 0, j["area"] or "", j["grade"], j.get("previous_grade") or "")
            for j in data["judgments"]),
        "findings": sorted(
            (f["force"], f["cycle"], f["pillar"] or "", f["question"] or 0, f["kind"], words(f["text"]),
             tuple(words(s) if isinstance(s, str) else words(s.get("text")) for s in f["sub_actions"]),
             tuple(f["deadlines"]), text_of.get(f.get("parent")) or "")
            for f in data["findings"]),
        "responses": sorted((r["by"], text_of.get(r["finding"], ""), words(r["text"])) for r in data["responses"]),
        "finding_lists": sorted((l["cycle"], l["pillar"] or "", l["kind"], l["stated_none"]) for l in data["finding_lists"]),
        "sections": sorted((words(s["heading"]), tuple(words(i) if isinstance(i, str) else words(i.get("text")) for i in s["items"]))
                           for s in data.get("sections", [])),
        "reviews": sorted((r.get("plan_priority"), len(r.get("milestones", [])), len(r.get("findings", []))) for r in data.get("reviews", [])),
    }


failures = []
for name in sorted(os.listdir(seeds)):
    if not name.endswith(".txt"):
        continue
    source = os.path.join(seeds, name)
    pdf = os.path.join(work, name[:-4] + ".pdf")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", f"--user-data-dir={work}/chromium",
                    f"--print-to-pdf={pdf}", "file://" + os.path.abspath(source)],
                   check=True, capture_output=True, timeout=120)
    text_db, pdf_db = os.path.join(work, name + ".text.db"), os.path.join(work, name + ".pdf.db")
    for db in (text_db, pdf_db):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
    want, got = records(export(text_db, source)), records(export(pdf_db, pdf))
    documents = export(pdf_db)["documents"]
    fmt = documents[0]["format"] if documents else "none"
    same = want == got
    counts = ", ".join(f"{k} {len(v)}" for k, v in want.items() if v)
    print(f"{name}: {'same records' if same else 'DIFFERENT records'} from the PDF ({fmt}; {counts})")
    if not same:
        for key in want:
            if want[key] != got[key]:
                missing = [x for x in want[key] if x not in got[key]]
                extra = [x for x in got[key] if x not in want[key]]
                failures.append(f"{name} {key}: missing {missing[:3]} extra {extra[:3]}")
for f in failures:
    print("  " + f)
sys.exit(1 if failures else 0)
