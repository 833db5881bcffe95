"""The kernel-log scan every run goes through: no oops, BUG, WARN, panic,
stall or lost message (protocol.sh's PROTO_KERNEL_BAD), no taint but our
own test module's, and the lines a run must show (-e: the driver bound)."""
import re

import protocol

CUT = re.compile(r"------------\[ cut here \]")
END = re.compile(r"---\[ end trace")
# Reports that are never part of a WARN splat: one of them ends a splat
# whose end-trace line was lost, so a known WARN cannot hide it.
OTHER_REPORT = re.compile(r"BUG:|Oops|Unable to handle kernel|Internal error:|Kernel panic|UBSAN:|rcu: INFO:|INFO: task")
TAINT_OOT_MODULE, TAINT_WARN = 4096, 512


def without_known_warns(lines, known):
    """LINES minus the WARN splats whose WARNING: line matches KNOWN."""
    out, buf, inside, is_known = [], [], False, False
    for line in lines:
        if inside and (CUT.search(line) or OTHER_REPORT.search(line)):
            out += [] if is_known else buf
            buf, inside, is_known = [], False, False
        if CUT.search(line):
            inside = True
        if not inside:
            out.append(line)
            continue
        buf.append(line)
        if "WARNING:" in line and known and re.search(known, line):
            is_known = True
        if END.search(line):
            out += [] if is_known else buf
            buf, inside, is_known = [], False, False
    return out + ([] if is_known else buf)


def bad_lines(lines, known):
    return [l for l in without_known_warns(lines, known) if protocol.KERNEL_BAD.search(l)]


def taint_check(lines, known, clean):
    """The guest's taint line, less our module (O) and, when every WARN was
    a known one, the W they set; None when the guest printed none."""
    values = [l.split(protocol.TAINTED, 1)[1].strip() for l in lines if protocol.TAINTED in l]
    if not values:
        return None
    try:
        taint = int(values[-1])
    except ValueError:
        return "FAIL kernel@taint (%s%s: not a number)" % (protocol.TAINTED, values[-1])
    left = taint & ~TAINT_OOT_MODULE
    if known and clean:
        left &= ~TAINT_WARN
    if left:
        return "FAIL kernel@taint (%s%d: flags 0x%x are set besides our test module's; see the log for the cause)" % (
            protocol.TAINTED, taint, left)
    return "PASS kernel@taint (%s%d)" % (protocol.TAINTED, taint)


def checks(lines, known=None, expects=()):
    """PASS|FAIL lines of the kernel log LINES."""
    out = []
    bad = bad_lines(lines, known)
    if bad:
        out.append("FAIL kernel@no-oops-bug-warn (%d lines, first: %s)" % (len(bad), bad[0]))
    else:
        out.append("PASS kernel@no-oops-bug-warn")
    taint = taint_check(lines, known, not bad)
    if taint:
        out.append(taint)
    for rx in expects:
        found = any(re.search(rx, l) for l in lines)
        out.append("%s kernel@log-has:%s" % ("PASS" if found else "FAIL", rx))
    return out


def known_count(lines, known):
    return sum(1 for l in lines if "WARNING:" in l and re.search(known, l))
