#!/usr/bin/env python3
"""Bad inputs: `oversight import` and `oversight evidence ingest` on files that are not what
they should be, each run together with one good file.

    python3 .ci/bad_inputs.py [--binary target/debug/oversight] [--seeds ../shared/seeds]
        [--police-uk ../shared/data/police-uk] [--time-limit 60] [--only CASE,...]
        [--allow-fail CASE,...]

The corpus is built by code in a temp folder: random bytes, ELF and PNG headers, an empty file,
whitespace only, 30 MB of text, 10,000 nested <div>, 1,000,000 unclosed tags, a truncated PDF
(printed by Chromium when it is installed; a hand-made one always), files whose extension lies
about their content, invalid UTF-8, UTF-16, a gzip bomb and a zip bomb (1 GiB of zeros, written
streaming) and police.uk CSVs with broken rows.

For each case: a fresh SQLite database gets the seed documents (and, for evidence cases, one
police.uk file); its `export json` is kept. Then the command runs on the bad file and one good
file, and the checks are:
  - it finishes within the time limit, is not ended by a signal, and prints no "panicked";
  - a file that is not a document is refused: the output names it with a reason, and the exit
    is non-zero (cases marked "either" may also be imported; if refused, the same holds);
  - the good file is stored;
  - nothing stored before was lost (documents, judgments, findings; and the evidence counts);
  - bombs: the peak memory of the process stays under --max-rss-mib.
Prints a table of case -> outcome; exits non-zero if any case failed (unless --allow-fail names it).

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib

GIB = 1 << 30


def log(msg: str) -> None:
    print(f"[bad-inputs {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ------------------------------------------------------------------ the corpus


def write(path: str, data: bytes) -> str:
    with open(path, "wb") as f:
        f.write(data)
    return path


def seed_text(seeds: str) -> bytes:
    names = sorted(f for f in os.listdir(seeds) if f.endswith(".txt"))
    with open(os.path.join(seeds, names[0]), "rb") as f:
        return f.read()


def minimal_pdf(text: str) -> bytes:
    """A small, valid one-page PDF with the text, offsets computed."""
    lines = [text[i:i + 80] for i in range(0, len(text), 80)][:40]
    stream = "BT /F1 10 Tf 40 800 Td 12 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for ln in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def chromium_pdf(work: str) -> tuple[bytes | None, str]:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        return None, "chromium is not installed"
    html = write(os.path.join(work, "print-me.html"), (
        "<!doctype html><html><head><meta charset='utf-8'><title>PEEL 2017 Hampshire</title>"
        "</head><body><h1>PEEL: Police effectiveness 2017 - Hampshire Constabulary</h1>"
        + "<p>Hampshire Constabulary is judged to be good at keeping people safe and reducing "
          "crime. The force should improve how it investigates crime.</p>" * 40
        + "</body></html>").encode())
    out = os.path.join(work, "printed.pdf")
    try:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu",
                        f"--print-to-pdf={out}", "--no-pdf-header-footer", f"file://{html}"],
                       capture_output=True, timeout=90)
    except subprocess.TimeoutExpired:
        return None, "chromium did not print within 90 s"
    if not os.path.exists(out) or os.path.getsize(out) < 100:
        return None, "chromium did not print a PDF"
    with open(out, "rb") as f:
        return f.read(), f"printed by {os.path.basename(exe)}"


def zeros_gzip(path: str, header: bytes, size: int, tail: bytes) -> None:
    """header, `size` zero bytes, then tail; gzip-compressed, written a MiB at a time."""
    chunk = bytes(1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(header)
        for _ in range(size // len(chunk)):
            f.write(chunk)
        f.write(tail)


def zeros_zip(path: str, entry: str, header: bytes, size: int, tail: bytes) -> None:
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open(entry, "w", force_zip64=True) as f:
            f.write(header)
            for _ in range(size // len(chunk)):
                f.write(chunk)
            f.write(tail)


STREET_HEADER = (b"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
                 b"LSOA code,LSOA name,Crime type,Last outcome category,Context\n")
GOOD_ROW = (b",2099-03,Hampshire Constabulary,Hampshire Constabulary,-1.14,51.35,"
            b"On or near The Beeches,E01022553,Basingstoke and Deane 001A,Burglary,"
            b"Under investigation,\n")


def build_cases(work: str, seeds: str, bomb_bytes: int) -> list[dict]:
    """Each case: name, command (import/evidence), path or skip reason, expectation, note."""
    rnd = random.Random(20240601)
    seed = seed_text(seeds)
    cases = []

    def case(name, command, path, expect, note="", skip=None, bomb=False, after=None):
        cases.append({"name": name, "command": command, "path": path, "expect": expect,
                      "note": note, "skip": skip, "bomb": bomb, "after": after})

    d = os.path.join(work, "bad")
    os.makedirs(d)
    p = lambda name: os.path.join(d, name)  # noqa: E731

    case("random bytes", "import", write(p("random.bin"), rnd.randbytes(64 * 1024)), "refuse")
    case("ELF header", "import",
         write(p("program"), b"\x7fELF\x02\x01\x01\x00" + bytes(8) + rnd.randbytes(8 * 1024)), "refuse")
    case("PNG header", "import",
         write(p("image.png"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rnd.randbytes(4096)), "refuse")
    case("empty file", "import", write(p("empty.txt"), b""), "refuse")
    case("whitespace only", "import", write(p("blank.txt"), b" \n\t\r\n   \n" * 2000), "refuse")
    big = p("huge.txt")
    with open(big, "wb") as f:
        para = seed[:4000] + b"\n"
        while f.tell() < 30 * 1000 * 1000:
            f.write(para)
    case("huge text (30 MB)", "import", big, "either", "text: may be stored or refused")
    case("10,000 nested <div>", "import", write(p("deep.html"), b"<html><body>" + b"<div>" * 10000
                                                + b"Hampshire Constabulary" + b"</div>" * 10000
                                                + b"</body></html>"), "either")
    case("1,000,000 unclosed tags", "import",
         write(p("unclosed.html"), b"<html><body>" + b"<span>a" * 1_000_000), "either")
    full_pdf, how = chromium_pdf(work)
    if full_pdf:
        case("truncated PDF (Chromium)", "import",
             write(p("truncated-chromium.pdf"), full_pdf[: len(full_pdf) // 2]), "refuse", how)
    else:
        case("truncated PDF (Chromium)", "import", None, "refuse", skip=f"skipped: {how}")
    own_pdf = minimal_pdf(seed[:3000].decode("utf-8", "replace").encode("ascii", "replace").decode())
    case("truncated PDF (hand-made)", "import",
         write(p("truncated-handmade.pdf"), own_pdf[: len(own_pdf) // 2]), "refuse")
    case(".pdf holding HTML", "import", write(p("lying.pdf"), b"<html><body><h1>Hampshire</h1><p>"
                                            + seed[:2000] + b"</p></body></html>"), "either",
         "may be read by its content")
    case(".html holding PDF bytes", "import", write(p("lying.html"), full_pdf or own_pdf), "either",
         "may be read by its content")
    bad_utf8 = seed[:3000] + b"\xff\xfe\xc3\x28 invalid \xa0\xa1" + seed[3000:6000]
    case("invalid UTF-8", "import", write(p("invalid-utf8.txt"), bad_utf8), "refuse")
    case("UTF-16 text", "import", write(p("utf16.txt"),
                                        seed[:6000].decode("utf-8", "replace").encode("utf-16")),
         "either", "decoded, or refused as not UTF-8")

    e = os.path.join(work, "evidence-bad")
    os.makedirs(e)
    gz = os.path.join(e, "2099-01-hampshire-street.csv.gz")
    # after the zeros, two good rows: counted only if the whole bomb was read through
    zeros_gzip(gz, STREET_HEADER, bomb_bytes, b"\n" + GOOD_ROW.replace(b"2099-03", b"2099-01") * 2)
    case(f"gzip bomb ({bomb_bytes / GIB:g} GiB of zeros)", "evidence", gz, "named", bomb=True,
         after=("street", "Hampshire Constabulary", "2099-01", 2))
    zp = os.path.join(e, "2099-02-police-uk.zip")
    zeros_zip(zp, "2099-02/2099-02-hampshire-street.csv", STREET_HEADER, bomb_bytes,
              b"\n" + GOOD_ROW.replace(b"2099-03", b"2099-02") * 2)
    case(f"zip bomb ({bomb_bytes / GIB:g} GiB of zeros)", "evidence", zp, "named", bomb=True,
         after=("street", "Hampshire Constabulary", "2099-02", 2))
    broken = (STREET_HEADER + GOOD_ROW * 5
              + b",2099-03,Hampshire Constabulary\n"                       # too few fields
              + GOOD_ROW.rstrip(b"\n") + b",extra,fields,here\n"          # too many
              + b',2099-03,"Hampshire Constabulary,unterminated quote\n'  # open quote
              + b",2099-13,Hampshire Constabulary,Hampshire Constabulary,0,0,x,E0,x,Burglary,,\n"
              + rnd.randbytes(300) + b"\n"                                 # binary garbage
              + b",2099-03,Hampshire Constabulary," + b"x" * (4 << 20) + b"\n"  # a 4 MiB field
              + b"\r\n\r\n" + GOOD_ROW * 3
              + b',2099-03,"Hampshire ""Constabulary'                      # cut off, no newline
              )
    case("police.uk CSV with broken rows", "evidence",
         write(os.path.join(e, "2099-03-hampshire-street.csv"), broken), "named",
         "rows rejected with line and reason")
    case("binary data named .csv", "evidence",
         write(os.path.join(e, "2099-04-hampshire-street.csv"), rnd.randbytes(256 * 1024)), "named")
    return cases


# ------------------------------------------------------------------ running


def hwm_kib(pid: int) -> int:
    """The peak resident memory of a running process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Runner:
    def __init__(self, args, work: str):
        self.binary = os.path.abspath(args.binary)
        self.seeds = args.seeds
        self.police_uk = args.police_uk
        self.work = work
        self.limit = args.time_limit
        self.max_rss = args.max_rss_mib
        self.env = dict(os.environ)
        self.env.pop("DATABASE_URL", None)
        self.env["RUST_BACKTRACE"] = "0"

    def cli(self, db: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        p = subprocess.run([self.binary, "--database", db, *args], capture_output=True,
                           timeout=timeout, env=self.env)
        if p.returncode != 0:
            raise RuntimeError(f"`oversight {' '.join(args[:2])}` exited {p.returncode}: "
                               f"{p.stderr.decode('utf-8', 'replace')[-500:]}")
        return p

    def run_bounded(self, args: list[str], out_path: str) -> dict:
        """Runs with a time limit; returns exit status, signal, seconds, peak RSS, output."""
        with open(out_path, "wb") as out:
            start = time.monotonic()
            proc = subprocess.Popen([self.binary, *args], stdout=out, stderr=subprocess.STDOUT,
                                    env=self.env, start_new_session=True)
            timed_out = False
            peak_kib = 0
            while True:
                # VmHWM of the running program (the rusage of a child also counts the
                # forking parent's pages, so it is not used)
                peak_kib = max(peak_kib, hwm_kib(proc.pid))
                pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() - start > self.limit:
                    timed_out = True
                    os.killpg(proc.pid, signal.SIGKILL)
                    pid, status, _ = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.02)
            proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
            secs = time.monotonic() - start
        with open(out_path, "rb") as f:
            output = f.read()
        return {
            "timed_out": timed_out,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) and not timed_out else None,
            "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "secs": secs, "rss_mib": peak_kib / 1024,
            "output": output.decode("utf-8", "replace"),
        }

    def run_case(self, c: dict) -> dict:
        name = c["name"]
        d = os.path.join(self.work, "case-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))
        os.makedirs(d)
        db = os.path.join(d, "oversight.db")
        # the database before: the seeds (and one police.uk file for evidence cases)
        self.cli(db, "import", *sorted(os.path.join(self.seeds, f)
                                        for f in os.listdir(self.seeds) if f.endswith(".txt")))
        before_counts = None
        if c["command"] == "evidence":
            self.cli(db, "evidence", "ingest", self.outcomes_file())
            before_counts = self.counts(db)
        before = json.loads(self.cli(db, "export", "json").stdout)

        if c["command"] == "import":
            good = write(os.path.join(d, "good-control.txt"),
                         seed_text(self.seeds) + f"\n\nBad-input control copy for {name}.\n".encode())
            args = ["--database", db, "import", c["path"], good]
        else:
            gd = os.path.join(d, "good")
            os.makedirs(gd)
            good = shutil.copy(self.stop_search_file(), gd)
            args = ["--database", db, "evidence", "ingest", c["path"], good]
        r = self.run_bounded(args, os.path.join(d, "output.txt"))
        problems = []
        out = r["output"]
        base = os.path.basename(c["path"])

        # how it ended
        if r["timed_out"]:
            problems.append(f"did not finish within {self.limit:.0f} s (killed)")
        elif r["signal"] is not None:
            sig = signal.Signals(r["signal"]).name
            hint = next((ln.strip() for ln in out.splitlines()
                         if "overflow" in ln or "memory allocation" in ln), "")
            problems.append(f"ended by {sig}" + (f" ({hint[:100]})" if hint else ""))
        if "panicked" in out:
            line = next(ln for ln in out.splitlines() if "panicked" in ln)
            problems.append(f"panicked: {line.strip()[:160]}")
        finished = not r["timed_out"] and r["signal"] is None

        # what it said about the bad file
        named = [ln for ln in out.splitlines() if base in ln and re.search(
            r"refused|not imported|error|rejected|warning", ln)]
        refused = [ln for ln in named if re.search(r"refused|not imported|error", ln)]
        reason_ok = any(re.search(re.escape(base) + r"[^:]*:\s*(refused|not imported)?:?\s*\S{3,}", ln)
                        for ln in named)
        if c["command"] == "import":
            if refused:
                said = refused[0].split(base, 1)[1].lstrip(": ")
                outcome = (said if said.startswith(("refused", "not imported")) else
                           "refused: " + said)[:100]
            elif finished:
                outcome = "imported"
                m = re.search(re.escape(base) + r": added ([a-z ]+?) [0-9a-f]{16}", out)
                if m:
                    outcome = f"imported as {m.group(1)}"
            else:
                outcome = "-"
        else:
            if named:
                outcome = named[0].split(base, 1)[1].lstrip(": ")[:90]
                if not refused:
                    # the first rejection with its line and reason: "  NAME:LINE: reason"
                    m = re.search(re.escape(base) + r"[^:\n]*:(\d+): ([^\n]{0,70})", out)
                    if m:
                        outcome += f" (line {m.group(1)}: {m.group(2)})"
            else:
                outcome = "ingested without a word" if finished else "-"
        if finished:
            if c["expect"] == "refuse":
                if not refused or not reason_ok:
                    problems.append("not refused with its name and a reason")
                if r["exit"] == 0:
                    problems.append("exit 0 although a file was refused")
            elif c["expect"] == "either" and refused and r["exit"] == 0:
                problems.append("exit 0 although a file was refused")
            elif c["expect"] == "named":
                if not named:
                    problems.append("the output does not name the file with an error or rejection")
                if refused and r["exit"] == 0:
                    problems.append("exit 0 although the file was refused")
        if c["bomb"] and r["rss_mib"] > self.max_rss:
            problems.append(f"peak memory {r['rss_mib']:.0f} MiB > {self.max_rss} MiB")

        # the good file, and nothing lost
        try:
            after = json.loads(self.cli(db, "export", "json").stdout)
        except Exception as e:  # noqa: BLE001
            problems.append(f"export json fails afterwards: {e}")
            after = None
        if after is not None:
            for key in ("documents", "judgments", "findings"):
                was = {x["id"] for x in before[key]}
                now = {x["id"] for x in after[key]}
                if was - now:
                    problems.append(f"{len(was - now)} {key} stored before are gone")
            if c["command"] == "import":
                if not any(doc["source"] == os.path.basename(good) for doc in after["documents"]):
                    problems.append("the good file was not imported")
            else:
                now = self.counts(db)
                if any(now.get(k) != v for k, v in before_counts.items()):
                    problems.append("evidence counts stored before changed")
                if not any(k[0] == "stop-and-search" and k[2] == "2022-01" for k in now):
                    problems.append("the good police.uk file was not ingested")
                if c["after"]:
                    kind, force, month, n = c["after"]
                    got = sum(int(x[2]) for x in now.get((kind, force, month), []))
                    if got != n:
                        problems.append(f"the {n} good rows after the zeros counted as {got}: "
                                        f"the file was not read to its end")
            v = subprocess.run([self.binary, "--database", db, "audit", "verify"],
                               capture_output=True, env=self.env, timeout=120)
            if v.returncode != 0:
                problems.append("audit verify fails afterwards")
        shutil.rmtree(d, ignore_errors=True)
        return {"exit": r["exit"], "signal": r["signal"], "timed_out": r["timed_out"],
                "secs": r["secs"], "rss": r["rss_mib"], "outcome": outcome, "problems": problems}

    def counts(self, db: str) -> dict:
        out = self.cli(db, "evidence", "counts").stdout.decode()
        groups: dict = {}
        for row in csv.DictReader(io.StringIO(out)):
            groups.setdefault((row["kind"], row["force"], row["month"]), []).append(
                (row["key1"], row["key2"], row["n"]))
        return {k: sorted(v) for k, v in groups.items()}

    def find(self, suffix: str) -> str:
        for root, _, files in sorted(os.walk(self.police_uk)):
            for f in sorted(files):
                if f.endswith(suffix):
                    return os.path.join(root, f)
        raise RuntimeError(f"no *{suffix} under {self.police_uk}")

    def outcomes_file(self) -> str:
        return self.find("-outcomes.csv.gz")

    def stop_search_file(self) -> str:
        return self.find("-stop-and-search.csv")


def main() -> int:
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shared = os.path.join(os.path.dirname(repo), "shared")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(repo, "target", "debug", "oversight"))
    ap.add_argument("--seeds", default=os.path.join(shared, "seeds"))
    ap.add_argument("--police-uk", default=os.path.join(shared, "data", "police-uk"))
    ap.add_argument("--time-limit", type=float, default=60, help="seconds per command")
    ap.add_argument("--max-rss-mib", type=int, default=1024, help="peak memory allowed for bombs")
    ap.add_argument("--bomb-gib", type=float, default=1.0, help="uncompressed size of the bombs")
    ap.add_argument("--only", default="", help="comma-separated words; run cases whose name has one")
    ap.add_argument("--allow-fail", default="",
                    help="comma-separated words; cases whose name has one may fail (reported)")
    args = ap.parse_args()
    if not os.access(args.binary, os.X_OK):
        print(f"bad-inputs: FAILED: no binary at {args.binary}", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="oversight-bad-inputs-")
    total_limit = 40 * args.time_limit + 600

    def watchdog():
        log(f"FAILED: not finished within {total_limit:.0f} s; cleaning up")
        shutil.rmtree(work, ignore_errors=True)
        os._exit(3)

    timer = threading.Timer(total_limit, watchdog)
    timer.daemon = True
    timer.start()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    rows, failed, allowed = [], [], []
    started = time.monotonic()
    try:
        log(f"building the corpus in {work}")
        cases = build_cases(work, args.seeds, int(args.bomb_gib * GIB))
        only = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        allow = [w.strip().lower() for w in args.allow_fail.split(",") if w.strip()]
        runner = Runner(args, work)
        for c in cases:
            if only and not any(w in c["name"].lower() for w in only):
                continue
            if c["skip"]:
                log(f"{c['name']}: {c['skip']}")
                rows.append((c, None))
                continue
            log(f"{c['name']}: {c['command']} {os.path.basename(c['path'])} "
                f"({os.path.getsize(c['path']):,} bytes) with a good file")
            try:
                r = runner.run_case(c)
            except Exception as e:  # noqa: BLE001 - a broken setup is a failed case
                r = {"exit": None, "signal": None, "timed_out": False, "secs": 0, "rss": 0,
                     "outcome": "-", "problems": [f"setup failed: {e}"]}
            rows.append((c, r))
            verdict = "PASS" if not r["problems"] else "FAIL: " + "; ".join(r["problems"])
            log(f"  -> {r['outcome']} [{r['secs']:.1f} s, exit {r['exit']}] {verdict}")
            if r["problems"]:
                (allowed if any(w in c["name"].lower() for w in allow) else failed).append(c["name"])
    except KeyboardInterrupt as e:
        failed.append(f"interrupted ({e or 'SIGINT'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        timer.cancel()

    print()
    print(f"{'case':34} {'command':9} {'expect':7} {'exit':>5} {'secs':>6} {'peakMiB':>7}  "
          f"{'verdict':12} outcome / reason")
    for c, r in rows:
        if r is None:
            print(f"{c['name']:34} {c['command']:9} {c['expect']:7} {'':>5} {'':>6} {'':>7}  "
                  f"{'SKIP':12} {c['skip']}")
            continue
        ended = ("kill" if r["timed_out"] else
                 signal.Signals(r["signal"]).name[3:] if r["signal"] else str(r["exit"]))
        verdict = "PASS" if not r["problems"] else (
            "FAIL(allowed)" if c["name"] in allowed else "FAIL")
        detail = r["outcome"] if not r["problems"] else "; ".join(r["problems"]) + \
            (f" | {r['outcome']}" if r["outcome"] != "-" else "")
        print(f"{c['name']:34} {c['command']:9} {c['expect']:7} {ended:>5} {r['secs']:6.1f} "
              f"{r['rss']:7.0f}  {verdict:12} {detail}")
    print()
    took = time.monotonic() - started
    if failed:
        print(f"bad-inputs: FAILED ({len(failed)} cases, {took:.0f} s): {', '.join(failed)}")
        return 1
    print(f"bad-inputs: passed ({len(rows)} cases, {took:.0f} s"
          + (f"; allowed to fail: {', '.join(allowed)}" if allowed else "") + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
