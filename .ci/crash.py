#!/usr/bin/env python3
"""Crash test: SIGKILL `oversight import` and `oversight evidence ingest` at random moments and
check that what is stored is all-or-nothing, per document and per force-month.

    python3 .ci/crash.py --binary target/debug/oversight --seeds ../shared/seeds \
        --police-uk ../shared/data/police-uk [--tries N] [--backend sqlite|postgres|both]

Documents: a corpus of COPIES distinct documents (the seeds, each copy made distinct by a unique
last line) is imported into a fresh database and the import is killed after a random delay. Then:
  - `export json` still works, and every stored document has all its records: the same counts as
    a clean import of copies of the same seed gives (per document: responses, finding lists,
    sections, reviews; per seed: judgments and findings, which the export shows once per force,
    cycle and subject, and findings matched across copies once);
  - the same per document in the tables themselves (judgments, findings, responses, finding lists,
    sections), read with sqlite3 or psql;
  - the audit log has an "import document" entry for exactly the stored documents, and
    `oversight audit verify` passes;
  - a re-run completes and its export equals a clean import of the whole corpus.
Evidence: the same for `evidence ingest` of the police.uk folder, checked with `evidence counts`:
each force-month stored has exactly the counts of a clean ingest (never half of one), and a
re-run completes and equals the clean ingest.

Python 3.11 standard library only. Bounded in time; cleans up its temp folder and databases.
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

STEP_TIMEOUT = 300  # any single command
TOTAL_LIMIT = 900  # the whole script, whatever hangs


def log(msg: str) -> None:
    print(f"[crash {time.strftime('%H:%M:%S')}] {msg}", flush=True)


class Failure(Exception):
    pass


class Ctx:
    def __init__(self, args):
        self.binary = os.path.abspath(args.binary)
        self.work = tempfile.mkdtemp(prefix="oversight-crash-")
        self.pg_user = os.environ.get("CRASH_PGUSER", "postgres")
        self.pg_dbs: list[str] = []
        self.n = 0
        self.rnd = random.Random(args.random_seed)
        self.failures: list[str] = []
        self.checked: list[str] = []
        self.procs: list[subprocess.Popen] = []
        self.tries: list[tuple] = []  # (backend, command, how it ended, what was stored)

    # ---- databases
    def psql(self, sql: str, db: str = "postgres") -> str:
        p = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", self.pg_user, "-d", db,
             "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "|", "-c", sql],
            capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            raise Failure(f"psql {sql[:80]!r}: {p.stderr.strip()}")
        return p.stdout

    def fresh_db(self, backend: str, label: str) -> str:
        self.n += 1
        if backend == "sqlite":
            return os.path.join(self.work, f"{label}-{self.n}.db")
        name = f"crash_{os.getpid()}_{self.n}_{self.rnd.randrange(1 << 24):x}"
        self.psql(f"CREATE DATABASE {name}")
        self.pg_dbs.append(name)
        return f"postgres://{self.pg_user}@127.0.0.1:5432/{name}"

    def drop_db(self, url: str) -> None:
        if url.startswith("postgres://"):
            name = url.rsplit("/", 1)[1]
            try:
                self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            except Exception as e:  # noqa: BLE001
                log(f"WARNING: could not drop {name}: {e}")
            if name in self.pg_dbs:
                self.pg_dbs.remove(name)
        else:
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.remove(url + suffix)
                except OSError:
                    pass

    def cleanup(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        for name in list(self.pg_dbs):
            self.drop_db(f"postgres://x/{name}")
        shutil.rmtree(self.work, ignore_errors=True)

    # ---- the binary
    def cli(self, db: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        try:
            p = subprocess.run([self.binary, "--database", db, *args], capture_output=True,
                               timeout=STEP_TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            raise Failure(f"`oversight {' '.join(args[:2])}` did not finish in {STEP_TIMEOUT} s")
        if check and p.returncode != 0:
            raise Failure(f"`oversight {' '.join(args[:2])}` exited {p.returncode}: "
                          f"{p.stderr.decode('utf-8', 'replace').strip()[-600:]}")
        if b"panicked" in p.stderr:
            raise Failure(f"`oversight {' '.join(args[:2])}` panicked: "
                          f"{p.stderr.decode('utf-8', 'replace')[-600:]}")
        return p

    def timed(self, db: str, *args: str) -> float:
        t = time.monotonic()
        self.cli(db, *args)
        return time.monotonic() - t

    def killed_run(self, db: str, delay: float, *args: str) -> str:
        """Starts the command, SIGKILLs it after `delay` seconds; says how it ended."""
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        out = open(os.path.join(self.work, "killed.out"), "wb")
        p = subprocess.Popen([self.binary, "--database", db, *args], stdout=out,
                             stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.procs.append(p)
        try:
            p.wait(timeout=delay)
            ended = f"finished by itself (exit {p.returncode}) before the kill at {delay:.2f} s"
            if p.returncode != 0:
                raise Failure(f"`oversight {args[0]}` exited {p.returncode} before being killed")
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            p.wait(timeout=30)
            ended = f"killed at {delay:.2f} s"
        finally:
            out.close()
            self.procs.remove(p)
        return ended

    def check(self, ok: bool, what: str) -> None:
        if ok:
            self.checked.append(what)
        else:
            self.failures.append(what)
            log(f"FAILED: {what}")


# ------------------------------------------------------------------ documents


def family_of(source: str) -> str:
    m = re.match(r"(.+)_c\d{4}\.txt$", os.path.basename(source))
    return m.group(1) if m else source


def build_corpus(seeds_dir: str, out_dir: str, copies: int) -> int:
    seeds = sorted(f for f in os.listdir(seeds_dir) if f.endswith(".txt"))
    if not seeds:
        raise Failure(f"no .txt seeds in {seeds_dir}")
    os.makedirs(out_dir)
    per = max(2, copies // len(seeds))
    for name in seeds:
        with open(os.path.join(seeds_dir, name), "rb") as f:
            data = f.read()
        for i in range(per):
            with open(os.path.join(out_dir, f"{name[:-4]}_c{i:04d}.txt"), "wb") as f:
                f.write(data + b"\n\nCrash-test copy %d of %s.\n" % (i, name.encode()))
    return per * len(seeds)


def table_counts(ctx: Ctx, db: str) -> dict[str, tuple]:
    """Per document id: (source, judgments, findings, responses, finding_lists, sections) rows."""
    sql = ("SELECT d.id, d.source,"
           " (SELECT count(*) FROM judgments x WHERE x.document_id = d.id),"
           " (SELECT count(*) FROM findings x WHERE x.document_id = d.id),"
           " (SELECT count(*) FROM responses x WHERE x.document_id = d.id),"
           " (SELECT count(*) FROM finding_lists x WHERE x.document_id = d.id),"
           " (SELECT count(*) FROM document_sections x WHERE x.document_id = d.id)"
           " FROM documents d")
    if db.startswith("postgres://"):
        rows = [line.split("|") for line in ctx.psql(sql, db.rsplit("/", 1)[1]).splitlines() if line]
    else:
        if not os.path.exists(db):
            return {}
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            try:
                rows = con.execute(sql).fetchall()
            except sqlite3.OperationalError as e:
                if "no such table" in str(e):
                    return {}  # killed before the migrations
                raise
        finally:
            con.close()
    return {r[0]: (r[1], *map(int, r[2:])) for r in rows}


def export(ctx: Ctx, db: str) -> dict:
    return json.loads(ctx.cli(db, "export", "json").stdout)


def per_document(ex: dict) -> dict[str, dict]:
    """Per document id: source and counts of the per-document records in the export."""
    docs = {d["id"]: {"source": d["source"], "responses": 0, "finding_lists": 0, "sections": 0,
                      "reviews": 0} for d in ex["documents"]}
    for key in ("responses", "finding_lists", "sections", "reviews"):
        for rec in ex[key]:
            if rec.get("document") in docs:
                docs[rec["document"]][key] += 1
    return docs


def per_family(ex: dict) -> dict[str, collections.Counter]:
    """Per seed: judgments and findings shown by the export (deduplicated across copies)."""
    fam = {d["id"]: family_of(d["source"]) for d in ex["documents"]}
    out: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for key in ("judgments", "findings"):
        for rec in ex[key]:
            if rec.get("document") in fam:
                out[fam[rec["document"]]][key] += 1
    return out


def reference(ctx: Ctx, backend: str, corpus: str) -> dict:
    """A clean import of two copies of each seed: the counts each copy must have."""
    ref_dir = os.path.join(ctx.work, f"ref-{backend}")
    os.makedirs(ref_dir, exist_ok=True)
    for name in sorted(os.listdir(corpus)):
        if re.search(r"_c000[01]\.txt$", name):
            shutil.copy(os.path.join(corpus, name), ref_dir)
    db = ctx.fresh_db(backend, "reference")
    try:
        ctx.cli(db, "import", ref_dir)
        ex = export(ctx, db)
        tables = table_counts(ctx, db)
    finally:
        ctx.drop_db(db)
    ref: dict = {}
    docs = per_document(ex)
    for did, d in docs.items():
        fam = family_of(d["source"])
        src, j, f, r, fl, s = tables[did]
        sig = {k: d[k] for k in ("responses", "finding_lists", "sections", "reviews")}
        sig.update(t_judgments=j, t_responses=r, t_finding_lists=fl, t_sections=s)
        entry = ref.setdefault(fam, {"sig": sig, "t_findings": 0})
        if entry["sig"] != sig:
            raise Failure(f"two clean copies of {fam} differ: {entry['sig']} vs {sig}; "
                          f"the crash check needs copies that import alike")
        entry["t_findings"] += f  # the first copy stores them, the second matches them
    for fam, c in per_family(ex).items():
        ref[fam]["judgments"] = c["judgments"]
        ref[fam]["findings"] = c["findings"]
    for fam in ref:
        ref[fam].setdefault("judgments", 0)
        ref[fam].setdefault("findings", 0)
    return ref


def check_documents(ctx: Ctx, db: str, ref: dict, label: str) -> int:
    """All-or-nothing per document; returns how many documents are stored."""
    ex = export(ctx, db)
    ctx.check(True, f"{label}: export json works")
    docs = per_document(ex)
    tables = table_counts(ctx, db)
    bad = []
    fam_findings: collections.Counter = collections.Counter()
    for did, d in docs.items():
        fam = family_of(d["source"])
        want = ref.get(fam)
        if want is None:
            bad.append(f"{d['source']}: not a corpus document")
            continue
        if did not in tables:
            bad.append(f"{d['source']}: in the export but not in the documents table")
            continue
        _, j, f, r, fl, s = tables[did]
        sig = {k: d[k] for k in ("responses", "finding_lists", "sections", "reviews")}
        sig.update(t_judgments=j, t_responses=r, t_finding_lists=fl, t_sections=s)
        if sig != want["sig"]:
            bad.append(f"{d['source']}: {sig} stored, a clean import gives {want['sig']}")
        fam_findings[fam] += f
    for fam, n in fam_findings.items():
        if n != ref[fam]["t_findings"]:
            bad.append(f"{fam}: {n} finding rows across its stored copies, a clean import "
                       f"stores {ref[fam]['t_findings']}")
    for fam, c in per_family(ex).items():
        for key in ("judgments", "findings"):
            if c[key] != ref[fam][key]:
                bad.append(f"{fam}: the export shows {c[key]} {key}, a clean import "
                           f"{ref[fam][key]}")
    for fam in fam_findings:
        if fam not in per_family(ex) and (ref[fam]["judgments"] or ref[fam]["findings"]):
            bad.append(f"{fam}: stored, but the export shows none of its judgments or findings")
    ctx.check(not bad, f"{label}: {len(docs)} stored documents each have all their records"
              + ("" if not bad else f" -- {len(bad)} do not: " + "; ".join(bad[:5])))
    audited = {e["record"].split(":", 1)[1] for e in ex["audit"]
               if e["action"] == "import document" and e["record"].startswith("document:")}
    ctx.check(audited == set(docs),
              f"{label}: the audit log has an import entry for exactly the stored documents"
              + ("" if audited == set(docs) else
                 f" -- {len(set(docs) - audited)} stored without, "
                 f"{len(audited - set(docs))} entries without a document"))
    v = ctx.cli(db, "audit", "verify", check=False)
    ctx.check(v.returncode == 0, f"{label}: audit verify passes"
              + ("" if v.returncode == 0 else f" -- {v.stdout.decode()[-300:]}{v.stderr.decode()[-300:]}"))
    return len(docs)


VOLATILE = re.compile(r"(^|_)at$")


def normalise(ex: dict) -> dict:
    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if not VOLATILE.search(k)}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v
    return {k: strip(v) for k, v in ex.items() if k != "audit"}


def documents_phase(ctx: Ctx, backend: str, corpus: str, n_docs: int, tries: int) -> None:
    log(f"{backend}: documents: reference counts from a clean import of two copies of each seed")
    ref = reference(ctx, backend, corpus)
    for fam, r in sorted(ref.items()):
        log(f"  {fam}: {r['judgments']} judgments, {r['findings']} findings, per copy {r['sig']}")
    clean_db = ctx.fresh_db(backend, "clean")
    t_clean = ctx.timed(clean_db, "import", corpus)
    clean = normalise(export(ctx, clean_db))
    ctx.drop_db(clean_db)
    log(f"{backend}: clean import of {n_docs} documents takes {t_clean:.2f} s")
    for t in range(1, tries + 1):
        db = ctx.fresh_db(backend, "docs")
        try:
            delay = ctx.rnd.uniform(0.05, max(0.1, t_clean))
            ended = ctx.killed_run(db, delay, "import", corpus)
            label = f"{backend} import try {t}"
            stored = check_documents(ctx, db, ref, label)
            log(f"{label}: {ended}; {stored}/{n_docs} documents stored")
            ctx.tries.append((backend, "import", ended, f"{stored}/{n_docs} documents"))
            rerun = ctx.cli(db, "import", corpus)
            last = (rerun.stdout + rerun.stderr).decode().strip().splitlines()[-1:]
            after = export(ctx, db)
            same = normalise(after) == clean
            log(f"{label}: re-run: {' '.join(last)}")
            ctx.check(same, f"{label}: the re-run completes and its export equals the clean import's")
            if not same:
                diff = [k for k in clean if clean[k] != normalise(after).get(k)]
                log(f"  differing sections of the export: {diff}")
            check_documents(ctx, db, ref, f"{label} after the re-run")
        finally:
            ctx.drop_db(db)


# ------------------------------------------------------------------ evidence


def counts(ctx: Ctx, db: str) -> dict[tuple, list]:
    out = ctx.cli(db, "evidence", "counts").stdout.decode()
    groups: dict[tuple, list] = collections.defaultdict(list)
    for row in csv.DictReader(io.StringIO(out)):
        groups[(row["kind"], row["force"], row["month"])].append(
            (row["key1"], row["key2"], row["n"]))
    return {k: sorted(v) for k, v in groups.items()}


def evidence_phase(ctx: Ctx, backend: str, police_uk: str, tries: int) -> None:
    clean_db = ctx.fresh_db(backend, "evidence-clean")
    t_clean = ctx.timed(clean_db, "evidence", "ingest", police_uk)
    clean = counts(ctx, clean_db)
    ctx.drop_db(clean_db)
    log(f"{backend}: evidence: clean ingest of {police_uk} takes {t_clean:.2f} s, "
        f"{len(clean)} force-months")
    if not clean:
        raise Failure("the clean evidence ingest stored nothing")
    for t in range(1, tries + 1):
        db = ctx.fresh_db(backend, "evidence")
        label = f"{backend} evidence try {t}"
        try:
            # odd tries anywhere in the run, even tries late, where the counts are written
            delay = (ctx.rnd.uniform(0.05, max(0.1, t_clean)) if t % 2 else
                     ctx.rnd.uniform(0.7 * t_clean, 1.1 * t_clean))
            ended = ctx.killed_run(db, delay, "evidence", "ingest", police_uk)
            got = counts(ctx, db)
            half = [k for k, v in got.items() if clean.get(k) != v]
            ctx.check(not half, f"{label}: {len(got)}/{len(clean)} force-months stored, each "
                      f"exactly as a clean ingest" + ("" if not half else
                                                      f" -- {len(half)} differ, e.g. {half[:3]}"))
            v = ctx.cli(db, "audit", "verify", check=False)
            ctx.check(v.returncode == 0, f"{label}: audit verify passes")
            log(f"{label}: {ended}; {len(got)}/{len(clean)} force-months stored")
            ctx.tries.append((backend, "evidence ingest", ended,
                              f"{len(got)}/{len(clean)} force-months"))
            ctx.cli(db, "evidence", "ingest", police_uk)
            again = counts(ctx, db)
            ctx.check(again == clean, f"{label}: the re-run completes and equals the clean ingest"
                      + ("" if again == clean else
                         f" -- {len(clean) - len(again)} force-months missing, "
                         f"{sum(1 for k in again if again[k] != clean.get(k))} differ"))
        finally:
            ctx.drop_db(db)


# ------------------------------------------------------------------ main


def main() -> int:
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shared = os.path.join(os.path.dirname(repo), "shared")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(repo, "target", "debug", "oversight"))
    ap.add_argument("--seeds", default=os.path.join(shared, "seeds"))
    ap.add_argument("--police-uk", default=os.path.join(shared, "data", "police-uk"))
    ap.add_argument("--tries", type=int, default=4, help="kills per backend, for each command")
    ap.add_argument("--copies", type=int, default=600, help="distinct documents in the corpus")
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--random-seed", type=int, default=None,
                    help="for the kill delays; printed, so a failing run can be repeated")
    args = ap.parse_args()
    if args.random_seed is None:
        args.random_seed = random.randrange(1 << 31)
    if not os.access(args.binary, os.X_OK):
        print(f"crash: FAILED: no binary at {args.binary}", file=sys.stderr)
        return 2
    for path in (args.seeds, args.police_uk):
        if not os.path.isdir(path):
            print(f"crash: FAILED: no folder {path}", file=sys.stderr)
            return 2
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    ctx = Ctx(args)
    log(f"random seed {args.random_seed} (repeat with --random-seed {args.random_seed}); "
        f"binary {ctx.binary}; work folder {ctx.work}")

    def watchdog():
        log(f"FAILED: not finished within {TOTAL_LIMIT} s; cleaning up")
        ctx.cleanup()
        os._exit(3)

    timer = threading.Timer(TOTAL_LIMIT, watchdog)
    timer.daemon = True
    timer.start()
    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    started = time.monotonic()
    try:
        corpus = os.path.join(ctx.work, "corpus")
        n_docs = build_corpus(args.seeds, corpus, args.copies)
        log(f"corpus: {n_docs} distinct documents in {corpus}")
        for b in backends:
            documents_phase(ctx, b, corpus, n_docs, args.tries)
            evidence_phase(ctx, b, args.police_uk, args.tries)
    except Failure as e:
        ctx.failures.append(str(e))
    except KeyboardInterrupt as e:
        ctx.failures.append(f"interrupted ({e or 'SIGINT'})")
    finally:
        ctx.cleanup()
        timer.cancel()
    print()
    print(f"crash: kills ({args.tries} per backend and command):")
    for backend, command, ended, stored in ctx.tries:
        print(f"  {backend:8} {command:16} {ended:60} stored then: {stored}")
    print(f"crash: {len(ctx.checked)} checks passed in {time.monotonic() - started:.0f} s:")
    kinds = collections.Counter(
        re.sub(r"\d+/\d+|\d+ stored|\(\d+ files:.*?\)", "N", re.sub(r" try \d+", "", c))
        for c in ctx.checked)
    for c, n in kinds.items():
        print(f"  ok x{n:<3} {c}")
    for f in ctx.failures:
        print(f"  FAILED  {f}")
    if ctx.failures:
        print(f"crash: FAILED ({len(ctx.failures)} checks)")
        return 1
    print("crash: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
