"""Expectation files in drm-ci's format, PREFIX-{fails,flakes,skips}.txt,
checked when they are loaded against the project's test list:
  fails   "test,Status" per line (Status: Fail, Crash, Timeout, Skip, Warn or
          UnexpectedImprovement(X)), each test an entry of the list, once
  flakes  unanchored regexes (Python re, which drm-ci's Rust regexes share
  skips   for these files): a line that does not compile, that matches the
          empty string (an empty alternative such as a trailing '|'), that
          matches every entry (such as '.') or that matches none is an error
'#' starts a comment line.  Every error names the file and the line."""
import re

import verdicts

FAILS_LINE = re.compile(r"^([^,]+),(Fail|Crash|Timeout|Skip|Warn|UnexpectedImprovement\([A-Za-z]+\))$")


def lines(path):
    """(number, text) of the non-comment, non-blank lines of PATH."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                yield n, line


def regex_error(line, entries):
    """Why a skips/flakes line is wrong, or None."""
    try:
        rx = re.compile(line)
    except re.error as e:
        return "not a regex (%s)" % e
    if rx.search(""):
        return "matches the empty string, so every test (an empty alternative: a stray '|'?)"
    hits = [e for e in entries if rx.search(e)]
    if entries and not hits:
        return "matches no test of the list (a renamed test?)"
    if len(entries) > 1 and len(hits) == len(entries):
        return "matches every test of the list"
    return None


def load_regexes(path, entries, errors):
    """The regexes of a skips or flakes file; bad lines go to ERRORS."""
    out = []
    for n, line in lines(path):
        why = regex_error(line, entries)
        if why:
            errors.append("%s:%d: '%s' %s" % (path, n, line, why))
        else:
            out.append(re.compile(line))
    return out


def load_fails(path, entries, errors):
    """{test: expected status} of a fails file; bad lines go to ERRORS."""
    out = {}
    for n, line in lines(path):
        m = FAILS_LINE.match(line)
        if not m:
            errors.append("%s:%d: '%s' is not test,Status (Status: %s or UnexpectedImprovement(X))"
                          % (path, n, line, "|".join(verdicts.EXPECTABLE)))
        elif entries and m.group(1) not in entries:
            errors.append("%s:%d: '%s' names no test of the list" % (path, n, m.group(1)))
        elif m.group(1) in out:
            errors.append("%s:%d: '%s' is listed twice" % (path, n, m.group(1)))
        else:
            out[m.group(1)] = verdicts.expected_status(m.group(2))
    return out


class Expectations:
    """The fails, flakes and skips of PREFIX (none without PREFIX), checked
    against ENTRIES (the project's whole test list); errors in .errors."""

    def __init__(self, prefix, entries):
        self.prefix, self.errors = prefix, []
        self.fails, self.flakes, self.skips = {}, [], []
        if not prefix:
            return
        try:
            self.fails = load_fails(prefix + "-fails.txt", entries, self.errors)
            self.flakes = load_regexes(prefix + "-flakes.txt", entries, self.errors)
            self.skips = load_regexes(prefix + "-skips.txt", entries, self.errors)
        except OSError as e:
            self.errors.append("%s: %s" % (e.filename, e.strerror))

    def skipped(self, name):
        return any(r.search(name) for r in self.skips)

    def flaky(self, name):
        return any(r.search(name) for r in self.flakes)
