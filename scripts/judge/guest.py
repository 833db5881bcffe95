"""The judge of a guest runner's results (igt-tests/run-tests.sh: one
"NAME RESULT SECONDS VERDICT" per result line, as protocol.sh's
proto_results reads them).  Only the raw facts of a line count: its result,
the result of the retry ("retry: R"), a binary "not found", and "listed in
skips" (the runner did not run it); every verdict is derived here from the
project's expectation files, never taken from the guest."""
import re

import protocol
import verdicts

RETRY = re.compile(r"retry: (%s)\b" % "|".join(verdicts.RESULTS))
SKIPPED_AT_RUN_TIME = ("skipped at run time: fix the precondition, or expect it with %s,Skip "
                       "in the fails file; see its log")


def parse(line):
    """(name, result, seconds, verdict) of a proto_results line."""
    parts = line.rstrip("\n").split(" ", 3)
    parts += [""] * (4 - len(parts))
    return parts[0], parts[1], parts[2], parts[3]


def not_run(name, verdict, exp):
    """(line, status) of an entry the project skips or the guest did not run, or None."""
    listed, guest_skipped = exp.skipped(name), verdict == "listed in skips"
    if listed and guest_skipped:
        return "SKIP %s (listed in skips)" % name, "Skip"
    if listed:
        return "FAIL %s (ran although %s-skips.txt lists it: the guest judged with other expectation files)" % (
            name, exp.prefix), "Fail"
    if guest_skipped:
        return "FAIL %s (not run: the guest's skips list it, %s does not: the guest judged with other " \
               "expectation files (drmnomap.xfails=, APPEND?))" % (name, (exp.prefix or "(none)") + "-skips.txt"), "Missing"
    return None


def status_of(name, result, verdict, exp):
    """deqp-runner status of one result line, and the words that say why."""
    if result not in verdicts.RESULTS:
        return "Crash", "result '%s' is not one of %s" % (result, "|".join(verdicts.RESULTS))
    if verdict.endswith("not found"):
        return "Missing", verdict
    m = RETRY.search(verdict)
    retry = m.group(1) if m else None
    status = verdicts.with_baseline(verdicts.retried(result, retry), exp.fails.get(name))
    why = "%s, retry: %s" % (result, retry) if retry else result
    if not verdicts.is_success(status, exp.fails.get(name) == "Skip") and exp.flaky(name):
        status = "KnownFlake"
    return status, why


def line_of(name, status, why, expected, strict_flakes):
    """The PASS|FAIL line of a status."""
    if status in ("Flake", "KnownFlake"):
        word = "FAIL" if strict_flakes else "PASS"
        return "%s %s (flake: %s)" % (word, name, why)
    if status == "Pass":
        return "PASS %s" % name
    if status == "ExpectedFail":
        return "PASS %s (expected %s)" % (name, why)
    if status == "UnexpectedImprovement(Pass)":
        return "FAIL %s (unexpected pass: remove it from the fails file)" % name
    if expected:
        return "FAIL %s (%s, expected %s)" % (name, why, expected.lower())
    if status == "Skip":
        return "FAIL %s (%s)" % (name, SKIPPED_AT_RUN_TIME % name)
    return "FAIL %s (%s)" % (name, why)


def judge_entry(name, found, exp, strict_flakes):
    """(line, deqp-runner status) of one entry of the list, from its
    result lines FOUND."""
    if not found:
        return "FAIL %s (no result line: the runner died, or the line was lost on the console)" % name, "Missing"
    if len(found) > 1:
        return "FAIL %s (%d result lines: %s)" % (name, len(found), ", ".join(r for _, r, _, _ in found)), "Fail"
    _, result, _, verdict = found[0]
    skipped = not_run(name, verdict, exp)
    if skipped:
        return skipped
    status, why = status_of(name, result, verdict, exp)
    line = line_of(name, status, why, exp.fails.get(name), strict_flakes)
    # A skip the project does not expect fails: not deqp-runner's Skip.
    return line, "Fail" if status == "Skip" and line.startswith("FAIL") else status


def judge_results(results, entries, exp, strict_flakes=False):
    """A line per entry (the names seen, without a list), then per result
    of a test not in the list; and the rows "name,status,seconds" of
    deqp-runner's results.csv."""
    by_name = {}
    for r in results:
        by_name.setdefault(r[0], []).append(r)
    names = entries if entries is not None else list(by_name)
    out, rows = [], []
    for n in names:
        line, status = judge_entry(n, by_name.get(n, []), exp, strict_flakes)
        out.append(line)
        rows.append((n, status, by_name[n][0][2] if n in by_name else "0"))
    out += ["FAIL %s (result for a test not in the list)" % n for n in by_name if n not in names]
    return out, rows


def write_csv(directory, rows):
    """results.csv (every row) and failures.csv (all but passes and expected
    skips) in DIRECTORY, as deqp-runner writes them."""
    with open(directory + "/results.csv", "w", encoding="utf-8") as a, \
            open(directory + "/failures.csv", "w", encoding="utf-8") as f:
        for row in rows:
            a.write("%s,%s,%s\n" % row)
            if row[1] not in ("Pass", "Skip"):
                f.write("%s,%s,%s\n" % row)


def completeness(results, garbled, done, entries, list_desc):
    """Lines of the run as a whole: every line parsed, a selection that is
    not empty, one igt-done line counting the entries."""
    out = []
    if garbled:
        out.append("FAIL guest@result-lines (%d garbled line(s), first: %s)" % (len(garbled), garbled[0]))
    want = len(entries) if entries is not None else len(results)
    if entries is not None and not entries:
        out.append("FAIL guest@test-list (no tests selected: %s; fix TESTS or the list)" % list_desc)
    elif entries is None and not results:
        out.append("FAIL guest@test-list (no test ran)")
    if len(done) == 1 and done[0] == str(want):
        out.append("PASS guest@runner-finished (%s subtests)" % done[0])
    elif done:
        out.append("FAIL guest@runner-finished (%s %s, expected %d)" % (protocol.PROTO["PROTO_DONE"], ",".join(done), want))
    else:
        out.append("FAIL guest@runner-finished (no igt-done line: the guest died or hung)")
    return out


def capture_checks(path, requests, results):
    """The host's screen-capture verdicts in PATH: all of its lines count,
    and every capture request and every nomap_kms_capture subtest that
    passed in the guest (it only shows the pattern) needs a verdict."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [l.rstrip("\n") for l in f if re.match(r"(PASS|FAIL) ", l)]
    except OSError:
        return ["FAIL capture@host (no %s: scripts/capture.sh did not run)" % path]
    judged = {l.split(" ")[1] for l in lines}
    passed = [n for n, r, _, _ in results if n.startswith("nomap_kms_capture@") and r == "pass"]
    want = sorted(set(requests) | set(passed))
    return lines + ["FAIL capture@%s (no screendump verdict for this run)" % n
                    for n in want if "capture@" + n not in judged]
