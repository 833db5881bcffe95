"""The judge of kunit.py's --json results (KernelCI format) for our suites:
one line per case, "case@parameter" per parameter of a parameterised case
(a sub-group of its suite); a skip fails unless the skips file (regexes,
checked like expectations.py's) expects it, an expected skip that passes
fails, and so does a case count other than the suites' KUNIT_CASE()s, a
parameter of the suites' sources (--source) that did not run, and a
report in the run's kernel log (--log, kernellog.py's scan)."""
import json
import os
import re

import expectations
import kernellog


def add_args(sub):
    p = sub.add_parser("kunit")
    p.add_argument("json")
    p.add_argument("cases", nargs="?", default="", help="the number of cases the suites define")
    p.add_argument("skips", nargs="?", default=os.devnull)
    p.add_argument("--prefix", default="kunit")
    p.add_argument("--suites", default="drm_gem_dma vc4-bo")
    p.add_argument("--source", action="append", default=[], help="a suite's C file: its parameters")
    p.add_argument("--log", help="the kernel log of the run (kunit.py's test.log)")


def cases(group, suites):
    """(case, [(name, status)]) of our suites in GROUP."""
    if not group.get("name", "").startswith(suites):
        for g in group.get("sub_groups", []):
            yield from cases(g, suites)
        return
    for c in group.get("test_cases", []):
        yield c["name"], [(c["name"], c["status"])]
    for g in group.get("sub_groups", []):
        yield g["name"], [(g["name"] + "@" + c["name"], c["status"])
                          for c in g.get("test_cases", [])] or [(g["name"], "NO PARAMETERS")]


def parameters(path):
    """{case: [parameter]} of the KUNIT_CASE_PARAM()s in the C file PATH
    whose generator is a KUNIT_ARRAY_PARAM() over an array of structs that
    start with their name (the description the suites print)."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    out = {}
    for case, gen in re.findall(r"KUNIT_CASE_PARAM\((\w+),\s*(\w+)_gen_params\)", src):
        arr = re.search(r"KUNIT_ARRAY_PARAM\(%s,\s*(\w+)," % gen, src)
        body = arr and re.search(r"\b%s\[\] = \{(.*?)\n\};" % arr.group(1), src, re.S)
        if body:
            out[case] = re.findall(r'\{\s*(?:\.name\s*=\s*)?"([^"]*)"', body.group(1))
    return out


def missing_parameters(prefix, found, sources):
    """A FAIL line per parameter of a case that ran without it."""
    want = {}
    for path in sources:
        want.update(parameters(path))
    ran = {case: {n.split("@", 1)[1] for n, _ in results if "@" in n} for case, results in found}
    return ["FAIL %s@%s@%s (the parameter did not run)" % (prefix, case, p)
            for case, names in ran.items() for p in want.get(case, []) if p not in names]


def log_checks(prefix, path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [l.rstrip("\n") for l in f]
    except OSError as e:
        return ["FAIL %s@kernel-log (%s: %s)" % (prefix, path, e.strerror)]
    return [l.replace(" kernel@", " %s@kernel-log:" % prefix, 1) for l in kernellog.checks(lines)]


def line(prefix, name, status, expect_skip, skips_name):
    if expect_skip and status == "SKIP":
        return "SKIP %s@%s (expected: %s)" % (prefix, name, skips_name)
    if expect_skip:
        return "FAIL %s@%s (%s, but expected to skip: see %s)" % (prefix, name, status.lower(), skips_name)
    if status == "PASS":
        return "PASS %s@%s" % (prefix, name)
    return "FAIL %s@%s (%s)" % (prefix, name, status.lower())


def run(a):
    try:
        with open(a.json, encoding="utf-8") as f:
            found = list(cases(json.load(f), tuple(a.suites.split())))
    except (OSError, ValueError) as e:
        return ["FAIL %s@results (no results in %s: %s; kunit.py did not write its JSON)" % (a.prefix, a.json, e)]
    names = [n for _, results in found for n, _ in results]
    errors = []
    skips = expectations.load_regexes(a.skips, names, errors) if a.skips != os.devnull else []
    out = ["FAIL %s@skips (%s)" % (a.prefix, e) for e in errors]
    for _, results in found:
        for name, status in results:
            expect_skip = any(r.search(name) for r in skips)
            out.append(line(a.prefix, name, status, expect_skip, os.path.basename(a.skips)))
    if not found or (a.cases and int(a.cases) != len(found)):
        out.append("FAIL %s@case-count (%d cases ran, the suites have %s)" % (a.prefix, len(found), a.cases or "some"))
    out += missing_parameters(a.prefix, found, a.source)
    if a.log:
        out += log_checks(a.prefix, a.log)
    return out
