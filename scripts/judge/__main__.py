"""scripts/judge -- the one judge of the project's runs (python3 scripts/judge
COMMAND ...; each prints PASS|FAIL|SKIP lines and exits 1 when one is FAIL):
  guest      a guest runner's results (results.sh, which every QEMU, board,
             compare, LAVA, debug and mutation verdict goes through)
  expectations PREFIX LIST...   only check expectation files against lists
  kunit      kunit.py's --json results (kunit.sh)
  ran-out    which of vmalloc and CMA ran out in a bench run (bench.sh)"""
import argparse
import re
import sys

import bench
import expectations
import guest
import kernellog
import kunit


def read_lines(path):
    if not path:
        return []
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l.rstrip("\n") for l in f]


def list_entries(path):
    return [l for l in (x.strip() for x in read_lines(path)) if l and not l.startswith("#")]


def guest_args(sub):
    p = sub.add_parser("guest")
    p.add_argument("--results", required=True, help="proto_results lines")
    p.add_argument("--garbled", help="lines that name a result but do not parse")
    p.add_argument("--done", help="the N of each igt-done line")
    p.add_argument("--log", required=True, help="the serial or kernel log")
    p.add_argument("--list", help="the project's test list")
    p.add_argument("--tests", default="", help="regex: the entries the run selected")
    p.add_argument("--xfails", default="", help="PREFIX of PREFIX-{fails,flakes,skips}.txt")
    p.add_argument("--expect", action="append", default=[], help="regex the log must match")
    p.add_argument("--known-warns", default="", help="WARNING: lines counted apart")
    p.add_argument("--captures", help="capture.sh's verdicts")
    p.add_argument("--capture-requests", help="the names the guest asked to capture")
    p.add_argument("--strict-flakes", action="store_true", help="a flake fails (mutations)")
    p.add_argument("--csv", help="write the judged results.csv and failures.csv into this directory")


def run_guest(a):
    full = list_entries(a.list) if a.list else None
    exp = expectations.Expectations(a.xfails, full or [])
    out = ["FAIL expectations@%s" % e for e in exp.errors]
    entries = [e for e in full if re.search(a.tests or ".", e)] if full is not None else None
    results = [guest.parse(l) for l in read_lines(a.results)]
    lines, rows = guest.judge_results(results, entries, exp, a.strict_flakes)
    out += lines
    if a.csv:
        guest.write_csv(a.csv, rows)
    desc = "%s%s" % ("TESTS=%s matches nothing in " % a.tests if a.tests else "", a.list)
    out += guest.completeness(results, read_lines(a.garbled), read_lines(a.done), entries, desc)
    log = read_lines(a.log)
    out += kernellog.checks(log, a.known_warns, a.expect)
    if a.known_warns:
        print("judge: known warnings, counted apart: %d (%s)" % (kernellog.known_count(log, a.known_warns),
              a.known_warns), file=sys.stderr)
    if a.captures:
        out += guest.capture_checks(a.captures, read_lines(a.capture_requests), results)
    return out


def run_expectations(a):
    entries = sorted({e for path in a.lists for e in list_entries(path)})
    exp = expectations.Expectations(a.prefix, entries)
    return ["FAIL expectations@%s" % e for e in exp.errors] or ["PASS expectations@%s" % a.prefix]


def main():
    ap = argparse.ArgumentParser(prog="judge", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    guest_args(sub)
    p = sub.add_parser("expectations")
    p.add_argument("prefix")
    p.add_argument("lists", nargs="+")
    kunit.add_args(sub)
    bench.add_args(sub)
    a = ap.parse_args()
    run = {"guest": run_guest, "expectations": run_expectations, "kunit": kunit.run, "ran-out": bench.run}
    out = run[a.command](a)
    for line in out:
        print(line)
    sys.exit(1 if any(l.startswith("FAIL") for l in out) else 0)


main()
