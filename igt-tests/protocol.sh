# shellcheck shell=sh disable=SC2034
# protocol.sh -- the console lines the guest prints for the host (and for
# LAVA), defined once.  POSIX sh: the guest's rootfs/init, run-tests.sh and
# lava/lava-results.sh source it from /usr/libexec/drm-nomap/, the host's
# scripts/lib.sh from igt-tests/.  The C tests print the two lines marked
# "(C)"; tests/host/test_protocol.sh checks that they print these markers.
# docs/judging.md, "The console protocol", says what each line means.

PROTO_INIT='drm-nomap: init reached'        # init: "... (UNAME)"
PROTO_FINISHED='drm-nomap: tests finished'  # init: "... (exit N)"
PROTO_RESULT='igt-result:'                  # runner: "... NAME: RESULT (N s) [VERDICT]"
PROTO_DONE='igt-done:'                      # runner: "... N subtests"
PROTO_CAPTURE='capture-request:'            # (C) nomap_kms_capture: "... NAME SEED FORMAT"
PROTO_BENCH='bench.'                        # (C) nomap_dumb_vmalloc --bench: "bench.KEY=VALUE"
PROTO_TAINTED='drm-nomap: tainted='         # init: "...N", /proc/sys/kernel/tainted after the tests

# What a kernel log must not have (ERE, for grep -E and Python re): an oops,
# BUG, WARN, panic, stall, UBSAN report or lost messages.  The host's judge
# (scripts/judge) and the LAVA jobs (lava/lava-results.sh) scan with it.
PROTO_KERNEL_BAD='Oops|BUG:|WARNING:|Kernel panic|Unable to handle kernel|Internal error:|------------\[ cut here \]|rcu: INFO:|INFO: task .* blocked|UBSAN:|printk messages dropped'

# A result line, as a basic regular expression (grep, sed): \1 the
# test@subtest name, \2 the result, \3 the seconds, \5 the verdict.  Anything
# may precede it on the line (a console prefix), nothing may follow.
PROTO_RESULT_RE="^.*$PROTO_RESULT \\([^ :]*\\): \\([a-z]*\\) (\\([0-9]*\\) s)\\( \\[\\(.*\\)\\]\\)\\{0,1\\}\$"

# proto_result NAME RESULT SECONDS [VERDICT] -- print one result line.
proto_result() {
	echo "$PROTO_RESULT $1: $2 ($3 s)${4:+ [$4]}"
}

# proto_done N -- print the line that ends a run of N results.
proto_done() {
	echo "$PROTO_DONE $1 subtests"
}

# proto_results FILE -- "NAME RESULT SECONDS VERDICT" per well-formed result
# line of FILE (the verdict, possibly empty, is the rest of the line).
proto_results() {
	sed -n "s/$PROTO_RESULT_RE/\\1 \\2 \\3 \\5/p" "$1"
}

# proto_garbled FILE -- the lines that name a result but do not parse.
proto_garbled() {
	grep -F "$PROTO_RESULT" "$1" | grep -v "$PROTO_RESULT_RE" || true
}

# proto_done_counts FILE -- N of every "igt-done: N subtests" line.
proto_done_counts() {
	sed -n "s/^.*$PROTO_DONE \\([0-9]*\\) subtests\$/\\1/p" "$1"
}

# The runner's result files that init prints after a run, each between
# "--- NAME ---" and "--- end NAME ---" (scripts/results.sh -o saves them).
PROTO_FILES='junit.xml results.csv failures.csv'

# proto_file NAME FILE -- print FILE as the result file NAME.
proto_file() {
	echo "--- $1 ---"
	cat "$2"
	echo "--- end $1 ---"
}

# proto_file_from LOG NAME -- the result file NAME printed into LOG; fails
# when LOG has none (the guest died before printing it).
proto_file_from() {
	grep -qxF -- "--- end $2 ---" "$1" || return 1
	awk -v s="--- $2 ---" -v e="--- end $2 ---" '$0 == e { on = 0 } on { print } $0 == s { on = 1 }' "$1"
}
