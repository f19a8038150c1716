#!/usr/bin/env python3
"""Writes synthetic PEEL pillar pages (labelled rendering) for the 43 forces until they
hold at least N findings, for the web load benchmark. The wording is generated; only the
forces' names are real. Usage: gen_findings.py OUT_DIR [N]"""
import os
import sys

FORCES = ["Avon and Somerset Constabulary", "Bedfordshire Police", "Cambridgeshire Constabulary", "Cheshire Constabulary",
          "City of London Police", "Cleveland Police", "Cumbria Constabulary", "Derbyshire Constabulary", "Devon and Cornwall Police",
          "Dorset Police", "Durham Constabulary", "Dyfed-Powys Police", "Essex Police", "Gloucestershire Constabulary",
          "Greater Manchester Police", "Gwent Police", "Hampshire Constabulary", "Hertfordshire Constabulary", "Humberside Police",
          "Kent Police", "Lancashire Constabulary", "Leicestershire Police", "Lincolnshire Police", "Merseyside Police",
          "Metropolitan Police Service", "Norfolk Constabulary", "North Wales Police", "North Yorkshire Police",
          "Northamptonshire Police", "Northumbria Police", "Nottinghamshire Police", "South Wales Police", "South Yorkshire Police",
          "Staffordshire Police", "Suffolk Constabulary", "Surrey Police", "Sussex Police", "Thames Valley Police",
          "Warwickshire Police", "West Mercia Police", "West Midlands Police", "West Yorkshire Police", "Wiltshire Police"]
GRADES = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
PILLARS = {"Effectiveness": 5, "Efficiency": 3, "Legitimacy": 3}

out = sys.argv[1]
target = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
os.makedirs(out, exist_ok=True)
per_question = 25
total = 0
doc = 0
while total < target:
    for cycle in ["2015", "2016", "2017"]:
        for pillar, questions in PILLARS.items():
            # PEEL 2017 asked two efficiency questions, not three.
            questions = 2 if (pillar, cycle) == ("Efficiency", "2017") else questions
            for i, force in enumerate(FORCES):
                if total >= target:
                    break
                lines = [f"{force} PEEL {cycle}", "", pillar, "",
                         f"How {pillar.lower()[:-3]} is the force at keeping people safe and reducing crime?", "",
                         f"Last updated 0{1 + doc % 9}/03/{int(cycle) + 1}", GRADES[(i + doc) % 4], "",
                         f"{force} is graded in this synthetic page number {doc}.", "", f"Questions for {pillar}", ""]
                for q in range(1, questions + 1):
                    lines += [str(q), "", f"How well does the force do thing {q} of {pillar.lower()}?", "", GRADES[(i + q + doc) % 4], "",
                              f"Summary of question {q} in page {doc}.", "", "Areas for improvement", ""]
                    for k in range(per_question):
                        lines.append(f"  • The force should improve practice {k} under question {q} in synthetic page {doc} by 1 May {int(cycle) + 1}.")
                        total += 1
                    lines.append("")
                with open(os.path.join(out, f"page-{doc:05d}.txt"), "w") as f:
                    f.write("\n".join(lines) + "\n")
                doc += 1
print(f"{doc} pages, {total} findings in {out}")
