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
PROTO_PLAN='igt-plan:'                      # runner: "... N entries", before the first result
PROTO_DONE='igt-done:'                      # runner: "... N subtests"
PROTO_CAPTURE='capture-request:'            # (C) nomap_kms_capture: "... NAME SEED FORMAT"
PROTO_BENCH='bench.'                        # (C) nomap_dumb_vmalloc --bench: "bench.KEY=VALUE"
PROTO_TAINTED='drm-nomap: tainted='         # init: "...N", /proc/sys/kernel/tainted after the tests

# The debug run's lines (scripts/check-debug.sh reads them: proto_value).
PROTO_KMEMLEAK='drm-nomap: kmemleak-leaks=' # init: "...N", kmemleak's unreferenced objects after the tests
PROTO_FAULTS='fault-injected-failures:'     # (C) nomap_fault_inject: "... N of M operations"
PROTO_FUZZ_OPS='fuzz-ops:'                  # (C) nomap_dumb_fuzz: "... N"

# drmnomap.mode=probe (scripts/check-sdcard.sh reads them).
PROTO_DRIVER='drm-nomap: driver'            # init: "... NAME registered", a DRM platform driver
PROTO_DEFERRED='drm-nomap: deferred:'       # init: "... DEVICE REASON", /sys/kernel/debug/devices_deferred
# U-Boot's boot script (boot/rpi/boot.cmd cannot source this file; a host
# test checks that it prints this).
PROTO_UBOOT='drm-nomap: loading'            # boot.scr: "... ZIMAGE and DTB"

# Where the guest keeps the tests, runner and this file (init and
# lava-results.sh find this file there, so they spell it once more).
PROTO_GUEST_DIR='/usr/libexec/drm-nomap'

# A board's SD card: the FAT partition labelled PROTO_FAT_LABEL holds the
# runs directory PROTO_RUNS (kmstest=1: run-board.sh -n), one directory
# PROTO_RUN-NNN per boot (NNN from 001), each with these files
# (scripts/board-results.sh reads them on the PC).
PROTO_FAT_LABEL='DRMNOMAP'
PROTO_RUNS='kmstest-results'
PROTO_RUN='run'
PROTO_RUN_LIST='testlist.txt'               # the entries the run ran
PROTO_RUN_RESULTS='results.txt'             # the runner's output, result lines and all
PROTO_RUN_DMESG='dmesg.txt'                 # the kernel log of the run
PROTO_RUN_UNAME='uname.txt'                 # uname -a (base or patched kernel)
PROTO_RUN_BENCH='bench.txt'                 # drmnomap.mode=bench: the figures

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

# proto_plan N -- print the line that announces a run of N entries.
proto_plan() {
	echo "$PROTO_PLAN $1 entries"
}

# proto_progress -- read a console log on stdin as it grows (CR LF or LF)
# and print "[n/N] NAME: RESULT (S s)" per result line (N from the plan
# line, "?" before one), so that a long run shows where it is.
proto_progress() {
	_n=0 _total='?'
	# A serial console ends its lines with CR LF.
	sed -u 's/\r$//' | sed -un -e "s/^.*$PROTO_PLAN \([0-9]*\) entries\$/plan \1/p" \
		-e "s/$PROTO_RESULT_RE/result \1: \2 (\3 s)/p" |
		while read -r _kind _rest; do
			case $_kind in
			plan) _n=0 _total=$_rest ;;
			result)
				_n=$((_n + 1))
				echo "[$_n/$_total] $_rest"
				;;
			esac
		done
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

# proto_file NAME FILE -- print FILE as the result file NAME; prints
# nothing and fails when there is no FILE (the host then reports it
# missing, rather than reading an empty file).
proto_file() {
	[ -r "$2" ] || { echo "proto_file: no $2" >&2; return 1; }
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

# proto_value FILE MARKER -- the number after the last MARKER line of FILE
# (PROTO_KMEMLEAK, PROTO_TAINTED, PROTO_FAULTS, PROTO_FUZZ_OPS); empty when
# there is none.  Carriage returns (a serial console's) are dropped.
proto_value() {
	tr -d '\r' <"$1" | sed -n "s/^.*$2 *\([0-9][0-9]*\).*/\1/p" | tail -n 1
}

# proto_release FILE -- the kernel release (uname -r) of the last init line
# (PROTO_INIT) of FILE; empty when there is none.
proto_release() {
	tr -d '\r' <"$1" | sed -n "s/^.*$PROTO_INIT (\(.*\))\$/\1/p" | tail -n 1
}

# proto_runs DIR -- the PROTO_RUN-NNN directories of a runs directory,
# oldest first.
proto_runs() {
	for d in "$1/$PROTO_RUN"-[0-9]*; do
		n=${d##*/"$PROTO_RUN"-}
		case $n in *[!0-9]*) continue ;; esac
		if [ -d "$d" ]; then printf '%s %s\n' "$(echo "$n" | sed 's/^0*//')" "$d"; fi
	done | sort -n | cut -d' ' -f2-
}

# proto_run_name N -- the name of run directory number N.
proto_run_name() {
	printf '%s-%03d\n' "$PROTO_RUN" "$1"
}
