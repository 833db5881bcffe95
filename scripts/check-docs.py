#!/usr/bin/env python3
"""check-docs.py [TOP] -- the names and numbers the documentation quotes exist.

README.md and docs/*.md: every `make VERB` is a Makefile target, every
BOARD=name has boards/name.sh, every NAME=value is a variable the Makefile
or the scripts use (or one of EXTERNAL), every repository path in backticks
and every relative link (with its #anchor) exists.  There and in the cover
letters, the test lists and expectation files and the config fragments:
"patch N" and "patches N-M" name patches of patches/ (in a cover letter,
counted within its own "Patches: A-B"), and what follows the number, a
subject prefix ("patch 21, drm/vc4: ...") or an identifier ("patch 9,
DRM_MODE_DUMB_KERNEL_MAP"), matches that patch; a quoted subject is a
patch's or a cover letter's.  patches/changelog.txt's [subject] lines name
patches.  Prints "FILE:LINE: problem" per finding; exits 1 when any.
"""
import glob
import os
import re
import sys

# NAME= of other tools that the documentation quotes.
EXTERNAL = {"C": "the kernel's make (sparse)", "KERNEL_ARCH": "drm-ci's build-igt.sh",
            "LABEL": "findfs", "PARTUUID": "the kernel's root=", "LD_LIBRARY_PATH": "the loader",
            "DESTDIR": "ninja install"}
TOPDIRS = ("scripts", "igt-tests", "boards", "configs", "dts", "lava", "boot", "rootfs",
           "tests", "patches", "docs")
CODE_SOURCES = ("Makefile", "scripts/*.sh", "scripts/*.py", "scripts/judge/*.py", "igt-tests/*.sh",
                "igt-tests/*.c", "rootfs/init", "boards/*.sh", "lava/*", "boot/rpi/*")
REF = re.compile(r"\b[Pp]atch(?:es)?\s+(\d+(?:\s*(?:-|,|and|to)\s*\d+)*)(\S*)")
AREA = re.compile(r"^(?:drm|dma|ARM)[\w/-]*$")
IDENT = re.compile(r"^[A-Za-z_]\w*(?:\(\))?$")
QUOTED = re.compile(r'"((?:dma-direct|dma-mapping|ARM/[\w-]+|drm[\w/-]*): [^"]+)"')
VAR = re.compile(r"(?<![\w.$])([A-Z][A-Z0-9_]*)=(\S*)")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Project:
    """What exists: targets, boards, variables, patches (number -> subject, text)."""

    def __init__(self, top):
        self.top = top
        self.targets = set(re.findall(r"^([a-z][a-z0-9-]*):", read(os.path.join(top, "Makefile")), re.M))
        self.boards = {os.path.basename(f)[:-3] for f in glob.glob(os.path.join(top, "boards/*.sh"))}
        self.code = "\n".join(read(f) for pattern in CODE_SOURCES
                              for f in glob.glob(os.path.join(top, pattern)) if os.path.isfile(f))
        self.patches = {}
        for f in sorted(glob.glob(os.path.join(top, "patches/[0-9][0-9][0-9][0-9]-*.patch"))):
            text = read(f)
            m = re.search(r"^Subject: (?:\[PATCH[^]]*\] )?(.*(?:\n .*)*)", text, re.M)
            self.patches[int(os.path.basename(f)[:4])] = (" ".join(m.group(1).split()) if m else "", text)
        covers = glob.glob(os.path.join(top, "patches/cover-letter*.txt"))
        self.series_subjects = [s for f in covers for s in re.findall(r"^Subject: (.*)", read(f), re.M)]

    def variable(self, name):
        return name in EXTERNAL or re.search(r"\b%s\b" % re.escape(name), self.code)


def split_doc(text):
    """The prose of a Markdown TEXT (fenced lines blanked) and its code: every
    fenced line and inline span, as (line number, code); the make help block
    (generated, and compared with make help) is left out."""
    prose, code, fenced, help_block = [], [], False, False
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("```"):
            fenced, help_block = not fenced, False
        elif fenced:
            help_block = help_block or line.startswith("usage: make")
            code += [] if help_block else [(n, line)]
        prose.append("" if fenced or line.startswith("```") else line)
    prose = "\n".join(prose)
    code += [(line_at(prose, m.start()), " ".join(m.group(1).split()))
             for m in re.finditer(r"`([^`]+)`", prose)]
    return prose, code


def line_at(text, offset):
    return text.count("\n", 0, offset) + 1


def check_make(project, span):
    out = []
    for m in re.finditer(r"(?:^|[\s(])make((?:\s+[^\s;&|#)]+)*)", span):
        tokens = m.group(1).split()
        for i, tok in enumerate(tokens):
            if tok.startswith("-") or (i and tokens[i - 1] == "-C") or "=" in tok:
                continue
            verb = tok.rstrip(",.:")
            if re.match(r"^[a-z][a-z0-9-]*$", verb) and verb not in project.targets:
                out.append("make %s: no such verb in the Makefile" % verb)
    return out


def check_vars(project, span):
    out = []
    for name, value in VAR.findall(span):
        if name.startswith("CONFIG_"):
            continue
        if not project.variable(name):
            out.append("%s=: no such variable in the Makefile or the scripts" % name)
        board = value.strip(",.;)'\"")
        if name == "BOARD" and re.match(r"^[\w.-]+$", board) and board not in project.boards:
            out.append("BOARD=%s: no boards/%s.sh" % (board, board))
    return out


def check_path(project, span):
    path = span.split()[0].rstrip(",.:;") if span.split() else ""
    if not path.startswith(tuple(d + "/" for d in TOPDIRS)) or re.search(r"[<>*{}$…]|\.\.\.|[A-Z]{3,}", path):
        return []
    return [] if os.path.exists(os.path.join(project.top, path)) else ["%s: no such file" % path]


def slug(heading):
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def check_links(project, path, line):
    out = []
    for target, anchor in re.findall(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)", line):
        if re.match(r"^[a-z]+:", target):
            continue
        dest = os.path.normpath(os.path.join(os.path.dirname(path), target)) if target else path
        if not os.path.exists(dest):
            out.append("link to %s: no such file" % target)
        elif anchor and dest.endswith(".md"):
            heads = {slug(h) for h in re.findall(r"^#+ (.*)", read(dest), re.M)}
            if anchor not in heads:
                out.append("link to %s#%s: no such heading" % (target, anchor))
    return out


def numbers(refs):
    """'1-4', '3, 14', '1, 2 and 4' -> [(first, last)] ranges."""
    return [tuple(int(x) for x in re.split(r"\s*(?:-|to)\s*", part))
            for part in re.split(r"\s*(?:,|and)\s*", refs)]


def check_follow(project, number, rest, label):
    """REST, the text after "patch NUMBER": a subject prefix or an identifier
    right after it must be that patch's ("Patch N: ...", a LABEL, starts a
    sentence instead)."""
    subject, text = project.patches[number]
    m = re.match(r"([\s,(:]*)[`\"]?([\w/-]+(?:\(\))?)(`?[:),]?)", rest)
    sep, token, tail = m.groups() if m else ("", "", "")
    if label and ":" in sep:
        return []
    if AREA.match(token) and tail.strip("`"):
        if subject.split(": ")[0] != token:
            return ["patch %d is '%s', not %s" % (number, subject, token)]
    elif IDENT.match(token) and ("_" in token or token.endswith("()")):
        if token.rstrip("()") not in text:
            return ["patch %d ('%s') does not contain %s" % (number, subject, token)]
    return []


def check_refs(project, text, first=1, count=None):
    """(line, problem) for the patch references of TEXT; a cover letter's
    numbers count within its series (FIRST, COUNT)."""
    out = []
    count = count or len(project.patches)
    names = [s for s, _ in project.patches.values()] + project.series_subjects
    for m in REF.finditer(text):
        n, ranges = line_at(text, m.start()), numbers(m.group(1))
        out += [(n, "patch %s: the series has patches 1-%d" % (m.group(1), count))
                for lo, hi in ((r[0], r[-1]) for r in ranges) if not 1 <= lo <= hi <= count]
        if len(ranges) == 1 and len(ranges[0]) == 1 and 1 <= ranges[0][0] <= count:
            out += [(n, f) for f in check_follow(project, first + ranges[0][0] - 1,
                                                 text[m.end(1):m.end(1) + 60], m.group(0)[0] == "P")]
    for m in QUOTED.finditer(text):
        quoted = " ".join(m.group(1).split()).rstrip(".")
        if not any(" ".join(s.split()).startswith(quoted) for s in names):
            out.append((line_at(text, m.start()), '"%s": no patch or series has that subject' % quoted))
    return out


def check_doc(project, path):
    prose, code = split_doc(read(path))
    found = check_refs(project, prose)
    found += [(n, f) for n, line in enumerate(prose.split("\n"), 1) for f in check_links(project, path, line)]
    for n, span in code:
        found += [(n, f) for f in check_make(project, span) + check_vars(project, span) + check_path(project, span)]
    return ["%s:%d: %s" % (path, n, f) for n, f in sorted(found)]


def check_cover(project, path):
    text = read(path)
    m = re.search(r"^Patches: (\d+)-(\d+)$", text, re.M)
    first, last = (int(m.group(1)), int(m.group(2))) if m else (1, len(project.patches))
    found = check_refs(project, text, first, last - first + 1)
    for n, line in enumerate(text.split("\n"), 1):
        item = re.match(r"^(\d+)(?:-(\d+))?\.\s+(.*)", line)
        if item:
            ref = "patches %s %s" % ("-".join(filter(None, item.groups()[:2])), item.group(3))
            found += [(n, f) for _, f in check_refs(project, ref, first, last - first + 1)]
    return ["%s:%d: %s" % (path, n, f) for n, f in sorted(found)]


def check_changelog(project, path):
    subjects = {s for s, _ in project.patches.values()}
    return ["%s:%d: [%s]: no patch has that subject" % (path, n, s)
            for n, line in enumerate(read(path).split("\n"), 1)
            for s in re.findall(r"^\[(.*)\]$", line) if s not in subjects]


def main(top):
    project = Project(top)
    j = os.path.join
    problems = []
    for path in [j(top, "README.md")] + sorted(glob.glob(j(top, "docs/*.md"))):
        problems += check_doc(project, path)
    for path in sorted(glob.glob(j(top, "patches/cover-letter*.txt"))):
        problems += check_cover(project, path)
    for pattern in ("igt-tests/*.txt", "igt-tests/xfails/*.txt", "configs/*.config"):
        for path in sorted(glob.glob(j(top, pattern))):
            problems += ["%s:%d: %s" % (path, n, f) for n, f in check_refs(project, read(path))]
    problems += check_changelog(project, j(top, "patches/changelog.txt"))
    for p in problems:
        print(os.path.relpath(p.split(":")[0], top) + p[len(p.split(":")[0]):])
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                                  os.path.join(os.path.dirname(__file__), ".."))))
