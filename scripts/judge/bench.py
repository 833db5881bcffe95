"""Which of the vmalloc area and CMA ran out when a bench run filled
buffers: the vmalloc area when less than one buffer of it was left, else
CMA (when less than one buffer of it was free, or when its free pages were
in smaller pieces than a buffer at CMA's alignment).  Every figure it needs
must be in the run's KEY=VALUE figures, as a number."""
import re

KEYS = ("vmalloc_total_kib", "vmalloc_full_kib", "cma_free_end_kib")


def add_args(sub):
    p = sub.add_parser("ran-out")
    p.add_argument("figures", help="a bench run's KEY=VALUE lines")
    p.add_argument("size", nargs="?", default="1920x1080", help="the buffer size WxH")


def figures(path):
    with open(path, encoding="utf-8") as f:
        return dict(l.rstrip("\n").split("=", 1) for l in f if "=" in l)


def run(a):
    try:
        fig = figures(a.figures)
    except OSError as e:
        return ["FAIL bench@ran-out (%s: %s)" % (a.figures, e.strerror)]
    bad = [k for k in KEYS if not re.fullmatch(r"[0-9]+", fig.get(k, ""))]
    if bad:
        return ["FAIL bench@ran-out (%s does not report %s as a number: no verdict without data)"
                % (a.figures, ", ".join(bad))]
    w, h = (int(x) for x in a.size.split("x"))
    buffer_kib = w * h * 4 // 1024
    left = int(fig["vmalloc_total_kib"]) - int(fig["vmalloc_full_kib"])
    free = int(fig["cma_free_end_kib"])
    if left < buffer_kib:
        return ["vmalloc (%d KiB left)" % left]
    if free < buffer_kib:
        return ["CMA"]
    return ["CMA (%d KiB free, in smaller pieces)" % free]
