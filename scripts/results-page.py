#!/usr/bin/env python3
"""results-page.py -- a static results page (index.html) for a run, to open
in a browser: no server, no network, no script.

  results-page.py run -o HTML --judged FILE [--log LOG] [--junit XML]
                  [--captures DIR] [--title TITLE]
      a QEMU run: the judge's lines (FILE: "PASS|FAIL|SKIP name [detail]"),
      failures first; per test the runner's output (XML, its JUnit file)
      and the slice of the serial log (LOG) that led to its result; the
      screen captures of DIR (NAME.png, and NAME.ref.png / NAME.diff.png
      where scripts/capture.sh wrote them) as thumbnails.
  results-page.py compare -o HTML --base FILE --patched FILE [--title TITLE]
      two runs' judge lines side by side, the tests whose verdicts differ
      first.
  results-page.py bench -o HTML DIR
      the bench's figures (DIR/{base,patched}[-VARIANT].txt, bench.KEY=VALUE
      without the prefix) as SVG bar charts, base next to patched.

Paths in the page are relative to HTML's directory.  Python standard
library only."""
import argparse
import html
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from judge import protocol  # noqa: E402  (scripts/judge: the protocol, defined once)

JUDGED = re.compile(r"^(PASS|FAIL|SKIP) (\S+)(?: (.*))?$")
RESULT = re.compile(r"%s (\S+): " % re.escape(protocol.PROTO["PROTO_RESULT"]))
ORDER = {"FAIL": 0, "SKIP": 1, "PASS": 2}
STYLE = """body{font-family:sans-serif;margin:1em 2em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}
.FAIL{background:#fdd}.SKIP{background:#ffd}.PASS{background:#dfd}
pre{max-height:30em;overflow:auto;background:#f6f6f6;margin:0}
img{max-width:320px;border:1px solid #888;margin:2px}"""


def esc(text):
    return html.escape(text or "", quote=True)


def read_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l.rstrip("\r\n") for l in f]


def judged(path):
    """(status, name, detail) of every judge line of PATH, failures first."""
    rows = [m.groups() for m in map(JUDGED.match, read_lines(path)) if m]
    if not rows:
        raise SystemExit("results-page.py: no PASS/FAIL/SKIP line in %s" % path)
    return sorted(rows, key=lambda r: ORDER[r[0]])


def log_slices(path):
    """name -> the serial log lines since the previous result line, up to
    and with this test's result line."""
    slices, since = {}, []
    for line in read_lines(path) if path else []:
        since.append(line)
        m = RESULT.search(line)
        if m:
            slices[m.group(1)] = since
            since = []
    return slices


def junit_output(path):
    """name -> the runner's output of that test (JUnit system-out)."""
    if not path or not os.path.exists(path):
        return {}
    out = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        text = "".join((e.text or "") for e in case if e.tag in ("system-out", "failure", "error"))
        out[case.get("name")] = text
    return out


def page(title, summary, body):
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>"
            "<style>%s</style></head><body><h1>%s</h1><p id=\"summary\">%s</p>\n%s\n</body></html>\n"
            % (esc(title), STYLE, esc(title), esc(summary), body))


def counts(rows):
    n = {s: 0 for s in ORDER}
    for r in rows:
        n[r[0]] += 1
    return "%d passed, %d failed, %d skipped" % (n["PASS"], n["FAIL"], n["SKIP"])


def rel(path, base):
    return os.path.relpath(path, base).replace(os.sep, "/")


def thumbnails(name, captures, base):
    """The capture of a capture@NAME line, with reference and diff."""
    if not captures or not name.startswith("capture@"):
        return ""
    stem = os.path.join(captures, name[len("capture@"):])
    imgs = []
    for suffix, what in ((".png", "capture"), (".ref.png", "reference"), (".diff.png", "diff")):
        if os.path.exists(stem + suffix):
            src = esc(rel(stem + suffix, base))
            imgs.append('<a href="%s"><img src="%s" alt="%s" title="%s"></a>' % (src, src, what, what))
    return "".join(imgs)


def details(label, text):
    if not text:
        return ""
    return "<details><summary>%s</summary><pre>%s</pre></details>" % (esc(label), esc(text))


def run_page(a):
    base = os.path.dirname(os.path.abspath(a.o))
    rows, slices, outputs = judged(a.judged), log_slices(a.log), junit_output(a.junit)
    body = ["<table id=\"results\"><tr><th>verdict</th><th>test</th><th>detail</th><th>evidence</th></tr>"]
    for status, name, detail in rows:
        ev = details("runner output", outputs.get(name)) + \
            details("serial log up to its result", "\n".join(slices.get(name, []))) + \
            thumbnails(name, a.captures, base)
        body.append('<tr class="%s"><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>'
                    % (status, status, esc(name), esc(detail), ev))
    body.append("</table>")
    if a.log:
        body.append('<p>Whole serial log: <a href="%s">%s</a></p>' % (esc(rel(a.log, base)), esc(os.path.basename(a.log))))
    return page(a.title, counts(rows), "\n".join(body))


def compare_page(a):
    base = {n: (s, d) for s, n, d in judged(a.base)}
    patched = {n: (s, d) for s, n, d in judged(a.patched)}
    names = sorted(set(base) | set(patched),
                   key=lambda n: (base.get(n, ("",))[0] == patched.get(n, ("",))[0], n))
    body = ["<table id=\"results\"><tr><th>test</th><th>base</th><th>patched</th></tr>"]
    for n in names:
        cells = []
        for side in (base, patched):
            s, d = side.get(n, ("SKIP", "no result"))
            cells.append('<td class="%s">%s %s</td>' % (s, s, esc(d)))
        body.append("<tr><td>%s</td>%s</tr>" % (esc(n), "".join(cells)))
    body.append("</table>")
    differ = sum(1 for n in names if base.get(n, ("",))[0] != patched.get(n, ("",))[0])
    summary = "base: %s; patched: %s; %d verdicts differ" % (
        counts([(s, n, d) for n, (s, d) in base.items()]),
        counts([(s, n, d) for n, (s, d) in patched.items()]), differ)
    return page(a.title, summary, "\n".join(body))


def bench_figures(path):
    fig = {}
    for line in read_lines(path):
        key, sep, value = line.partition("=")
        if sep:
            fig[key] = value
    return fig


CHARTS = (("vmalloc bytes per buffer", lambda f: float(f["vmalloc_per_buffer"])),
          ("buffers that fit", lambda f: float(f["buffers"])),
          ("vmalloc left when full (KiB)", lambda f: float(f["vmalloc_total_kib"]) - float(f["vmalloc_full_kib"])),
          ("create+destroy per buffer (guest us)", lambda f: float(f["create_destroy_us"])))


def bar_chart(title, bars):
    """An SVG bar chart of (label, value) pairs."""
    top = max([v for _, v in bars] + [1.0])
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="200" role="img"><title>%s</title>'
           % (60 + 90 * len(bars), esc(title)), '<text x="4" y="14" font-size="12">%s</text>' % esc(title)]
    for i, (label, value) in enumerate(bars):
        h = 140 * value / top
        x = 20 + 90 * i
        out.append('<rect x="%d" y="%.1f" width="60" height="%.1f" fill="%s"/>'
                   % (x, 170 - h, h, "#c66" if label.startswith("base") else "#6a6"))
        out.append('<text x="%d" y="%.1f" font-size="10">%g</text>' % (x, 166 - h, value))
        out.append('<text x="%d" y="185" font-size="10">%s</text>' % (x, esc(label)))
    out.append("</svg>")
    return "".join(out)


def bench_page(a):
    runs = {}
    for f in sorted(os.listdir(a.dir)):
        m = re.match(r"^(base|patched)(-[\w-]+)?\.txt$", f)
        if m:
            runs.setdefault(m.group(2) or "", {})[m.group(1)] = bench_figures(os.path.join(a.dir, f))
    pairs = {v: r for v, r in runs.items() if set(r) == {"base", "patched"}}
    if not pairs:
        raise SystemExit("results-page.py: no base/patched figures in %s" % a.dir)
    body = []
    for title, value in CHARTS:
        bars = []
        for variant, r in sorted(pairs.items()):
            for kernel in ("base", "patched"):
                try:
                    bars.append(("%s%s" % (kernel, variant), value(r[kernel])))
                except (KeyError, ValueError):
                    pass
        body.append(bar_chart(title, bars))
    return page(a.title, "%d bench runs, base and patched" % len(pairs), "\n".join(body))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("kind", choices=("run", "compare", "bench"))
    p.add_argument("dir", nargs="?")
    p.add_argument("-o", required=True, help="the page to write")
    p.add_argument("--judged"), p.add_argument("--log"), p.add_argument("--junit")
    p.add_argument("--captures"), p.add_argument("--base"), p.add_argument("--patched")
    p.add_argument("--title", default="drm-nomap results")
    a = p.parse_intermixed_args()
    need = {"run": ("judged",), "compare": ("base", "patched"), "bench": ("dir",)}[a.kind]
    missing = [n for n in need if not getattr(a, n)]
    if missing:
        p.error("%s needs %s" % (a.kind, ", ".join(missing)))
    text = {"run": run_page, "compare": compare_page, "bench": bench_page}[a.kind](a)
    with open(a.o + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(a.o + ".tmp", a.o)
    print(a.o)


if __name__ == "__main__":
    main()
