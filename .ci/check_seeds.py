#!/usr/bin/env python3
"""Seed acceptance check, independent of the Rust test suite: reads the JSON that
`oversight export json` printed after importing ../shared/seeds and checks the figures
the foundation issue names. Exits non-zero with the reason on any difference."""
import json
import sys

data = json.load(open(sys.argv[1]))
failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def judgment(cycle, pillar, question=None):
    found = [j for j in data["judgments"] if j["force"] == "hampshire" and j["cycle"] == cycle and j["pillar"] == pillar and j["question"] == question]
    check(f"number of judgments for {cycle} {pillar} {question}", len(found), 1)
    return found[0] if found else {}


def findings(cycle, pillar, kind, question="any"):
    return [f for f in data["findings"] if f["cycle"] == cycle and f["pillar"] == pillar and f["kind"] == kind and (question == "any" or f["question"] == question)]


eff = judgment("2016", "effectiveness")
check("2016 effectiveness", (eff.get("grade"), eff.get("previous_grade"), eff.get("change")), ("requires_improvement", "good", "deteriorated"))
check("2016 effectiveness questions", [judgment("2016", "effectiveness", q).get("grade") for q in range(1, 6)],
      ["good", "requires_improvement", "requires_improvement", "good", "ungraded"])
check("areas for improvement per question", [len(findings("2016", "effectiveness", "area_for_improvement", q)) for q in range(1, 6)], [1, 6, 0, 2, 0])
check("causes of concern under question 3", len(findings("2016", "effectiveness", "cause_of_concern", 3)), 1)
check("recommendations under question 3", len(findings("2016", "effectiveness", "recommendation", 3)), 3)
q2 = findings("2016", "effectiveness", "area_for_improvement", 2)
if len(q2) == 6:
    check("deadlines of question 2's sixth area for improvement", q2[5]["deadlines"], ["2017-05-01", "2017-06-01"])
    check("sub-actions of question 2's sixth area for improvement", len(q2[5]["sub_actions"]), 3)
for pillar in ["effectiveness", "efficiency", "legitimacy"]:
    check(f"2018/19 {pillar}", judgment("2018/19", pillar).get("grade"), "good")
check("2018/19 areas for improvement", [len(findings("2018/19", p, "area_for_improvement")) for p in ["effectiveness", "efficiency", "legitimacy"]], [2, 0, 3])
none = [l for l in data["finding_lists"] if l["cycle"] == "2018/19" and l["pillar"] == "efficiency"]
check("2018/19 efficiency stated none", [l["stated_none"] for l in none], [True])
afi_ids = [f["id"] for f in data["findings"] if f["cycle"] == "2018/19"]
check("OPCC responses, one per area for improvement, in order", [r["finding"] for r in data["responses"] if r["by"] == "opcc"], afi_ids)
check("2016 legitimacy", judgment("2016", "legitimacy").get("grade"), "good")
check("2015 legitimacy", judgment("2015", "legitimacy").get("grade"), "good")
check("judgments in all", len(data["judgments"]), 11)
check("findings in all", len(data["findings"]), 18)
docs = {d["id"]: d for d in data["documents"]}
for f in data["findings"]:
    start, end = f["span"]
    covered = " ".join(docs[f["document"]]["text"][start:end].split())
    check(f"span of finding {f['id']}", covered, f["text"])

# Issue 6: the Panel paper (seed 004) as a scrutiny review.
reviews = data.get("reviews", [])
check("reviews from the Panel paper", len(reviews), 1)
if reviews:
    r = reviews[0]
    check("review plan priority", r["plan_priority"], "Enabling effective and efficient operational policing")
    check("review findings headings and their points", [len(f["points"]) for f in r["findings"]], [5, 4, 3, 0])
    check("review milestones", [(m["starts_on"], m["ends_on"]) for m in r["milestones"]],
          [("2019-06-01", "2019-07-31"), ("2019-08-01", "2019-09-30"), ("2019-10-01", "2019-10-31"), ("2020-01-01", "2020-01-31")])
    check("last milestone is the PCC's response at the January 2020 meeting", "response" in r["milestones"][-1]["label"].lower() and "January 2020" in r["milestones"][-1]["label"], True)
    check("survey figure", [(f["value"], f["unit"], f["base"]) for f in r["figures"] if f["value"] == 98], [(98, "percent", 1551)])
    check("review status", r["status"], "evidence_gathering")

# Issue 5: inspections with the s.55 response deadline (published 2 March 2017: due 26 April).
insp = [i for i in data.get("inspections", []) if i["id"] == "hampshire-2016-effectiveness"]
check("2016 effectiveness inspection publication and response due", [(i["published_on"], i["response_due"]) for i in insp], [("2017-03-02", "2017-04-26")])
check("every import is in the audit log", sum(1 for e in data.get("audit", []) if e["action"] == "import document"), 5)

if failures:
    print("seed acceptance: FAILED")
    for f in failures:
        print("  " + f)
    sys.exit(1)
print("seed acceptance: all figures match")
