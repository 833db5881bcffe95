#!/bin/sh
# run-tests.sh [-d BINDIR] [-x XFAILS_PREFIX] [-r RESULTS_DIR [-s]] TESTLIST
#
# Guest-side runner (POSIX sh + awk; runs under busybox and on a real board)
# with the semantics of deqp-runner's igt-runner, which drm-ci's
# igt_runner.sh runs.  Every test@subtest of TESTLIST runs as
# "BINDIR/test --run-subtest subtest" (a plain "test" entry runs the binary
# whole) in its own process group, killed as a whole after IGT_TIMEOUT
# seconds (default 120).  Exit status: 0 pass, 77 and 79 skip, 98 fail,
# anything else crash (timeout when the runner killed it).
#
# Expectation files PREFIX-fails.txt, PREFIX-flakes.txt, PREFIX-skips.txt
# (drm-ci's xfails format, '#' comments):
#   skips   regexes, unanchored (the subset of Rust regex syntax that POSIX
#           ERE shares): matching tests are not run
#   fails   "test@subtest,STATUS", STATUS one of Fail, Crash, Timeout, Skip,
#           Warn, UnexpectedImprovement(Pass|Skip|...): the expected result
#   flakes  regexes, unanchored: a bad result of a matching test is a flake
# A test whose result is not what the files expect is run once more; when
# the second result differs and one of the two passed, the test is a flake
# (reported, not fatal); two different bad results print "retry: RESULT".
# A skip at run time that the fails file does not expect is a failure.
#
# One line per test list entry on stdout, then the count:
#   igt-result: test@subtest: RESULT (SECONDS s) [VERDICT]
#   igt-done: N subtests
# RESULT is pass|fail|skip|crash|timeout; VERDICT, when present, is one of
# xfail (expected result), flake, "flake, retry: RESULT", "retry: RESULT", unexpected-pass,
# unexpected-skip, expected-<result>, or why the test did not run.
# With -r, RESULTS_DIR gets results.txt, results.csv, failures.csv (deqp-
# runner's name,status,duration rows), junit.xml and logs/<test>.log.
# With -s (a board, where a hang must not lose results), RESULTS_DIR also
# gets dmesg.txt, the kernel log, growing as the run goes, and each entry's
# slice of it in logs/<test>.dmesg; everything is synced to the disk after
# each entry (a crash loses at most the entry that was running).
# BINDIR may be an installed igt-gpu-tools (IGT_DIR/libexec/igt-gpu-tools).
set -eu

prog=${0##*/}
bindir=$(dirname "$0")
# The console lines this runner prints (igt-result:, igt-done:).
# shellcheck source=igt-tests/protocol.sh
. "$(dirname "$0")/protocol.sh"
# The expectation files, and the result files besides results.txt.
# shellcheck source=igt-tests/run-tests-expect.sh
. "$(dirname "$0")/run-tests-expect.sh"
# shellcheck source=igt-tests/run-tests-files.sh
. "$(dirname "$0")/run-tests-files.sh"
xfails=
resdir=
sync_each=
timeout_s=${IGT_TIMEOUT:-120}
work=

usage() {
	echo "usage: $prog [-d BINDIR] [-x XFAILS_PREFIX] [-r RESULTS_DIR [-s]] TESTLIST" >&2
	exit 2
}

die() {
	echo "$prog: error: $*" >&2
	exit 2
}

# raw_result STATUS TIMED_OUT -- the RESULT word of a test's exit status.
raw_result() {
	case $1 in
	0) echo pass ;;
	77 | 79) echo skip ;;
	98) echo fail ;;
	*) if [ "$2" = yes ]; then echo timeout; else echo crash; fi ;;
	esac
}

# run_timed TIMEOUT_MARKER CMD... -- run CMD in its own session and process
# group, kill the whole group after $timeout_s seconds (busybox timeout
# signals one pid only, and igt_run() forks every subtest) and whatever is
# left of the group when CMD exits.  A background job of a shell without job
# control is never a group leader, so setsid does not fork and $! is the
# group.  Prints the exit status.
run_timed() {
	marker=$1
	shift
	rm -f "$marker"
	setsid "$@" </dev/null 2>&1 &
	pid=$!
	# shellcheck disable=SC2016 # expanded by the watchdog's sh
	setsid sh -c 'sleep "$1"; : >"$2"; kill -KILL "-$3"' watchdog \
		"$timeout_s" "$marker" "$pid" </dev/null >/dev/null 2>&1 &
	wd=$!
	rc=0
	wait "$pid" || rc=$?
	kill -KILL "-$pid" 2>/dev/null || true
	# By pid too: the watchdog may not have reached its setsid yet.
	kill -KILL "-$wd" 2>/dev/null || kill -KILL "$wd" 2>/dev/null || true
	wait "$wd" 2>/dev/null || true
	echo "$rc" >"$marker.rc"
}

# attempt NAME LOG -- run the entry once; sets res and secs.  The output is
# streamed (the host watches it, e.g. for capture requests) and kept in LOG.
attempt() {
	test=${1%%@*} subtest=${1#*@}
	# Tests without subtests (e.g. upstream igt's core_getversion) run whole.
	[ "$subtest" != "$1" ] || subtest=
	start=$(date +%s)
	run_timed "$work/timeout" "$bindir/$test" ${subtest:+--run-subtest "$subtest"} 2>&1 |
		tee -a "$2"
	secs=$(($(date +%s) - start))
	timed_out=no
	[ ! -e "$work/timeout" ] || timed_out=yes
	rc=$(cat "$work/timeout.rc")
	res=$(raw_result "$rc" "$timed_out")
	if [ "$timed_out" = yes ]; then
		echo "$prog: $1 killed after $timeout_s s (IGT_TIMEOUT)" | tee -a "$2"
	elif [ "$res" = crash ]; then
		echo "$prog: $1 exited with status $rc" | tee -a "$2"
	fi
}

run_one() {
	name=$1
	log=${resdir:+$resdir/logs/$name.log}
	log=${log:-$work/test.log}
	# igt's vc4 tests are vc4/vc4_*: their logs go to logs/vc4/.
	mkdir -p "${log%/*}"
	: >"$log"
	if matches skips "$name"; then
		proto_result "$name" skip 0 "listed in skips"
		return
	fi
	if [ ! -x "$bindir/${name%%@*}" ]; then
		proto_result "$name" fail 0 "$bindir/${name%%@*} not found"
		return
	fi
	attempt "$name" "$log"
	v=$(verdict "$name" "$res")
	if bad "$res" "$v" && matches flakes "$name"; then
		v=flake
	elif bad "$res" "$v"; then
		first=$res first_secs=$secs
		echo "$prog: $name: $res${v:+ [$v]}; running it once more" | tee -a "$log"
		attempt "$name" "$log"
		# A flake only when one of the two passed (the host's judge,
		# scripts/judge, takes the worse of two bad results).
		if [ "$res" = "$first" ]; then
			:
		elif [ "$res" = pass ] || [ "$first" = pass ]; then
			v="flake, retry: $res"
		else
			v="retry: $res"
		fi
		res=$first secs=$first_secs
	fi
	proto_result "$name" "$res" "$secs" "$v"
}

main() {
	while getopts d:x:r:s opt; do
		case $opt in
		d) bindir=$OPTARG ;;
		x) xfails=$OPTARG ;;
		r) resdir=$OPTARG ;;
		s) sync_each=1 ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# = 1 ] || usage
	[ -z "$sync_each" ] || [ -n "$resdir" ] || die "-s saves into RESULTS_DIR: give -r RESULTS_DIR"
	[ -r "$1" ] || die "test list $1 not found"
	grep -Evq '^[[:space:]]*(#.*)?$' "$1" ||
		die "test list $1 has no tests; check drmnomap.tests= / TESTS= and the list"
	work=$(mktemp -d "${TMPDIR:-/tmp}/run-tests.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	load_expectations
	[ -z "$resdir" ] || mkdir -p "$resdir/logs"
	n=0
	out=${resdir:+$resdir/$PROTO_RUN_RESULTS}
	out=${out:-/dev/null}
	: >"$out"
	# With -s: the boot's kernel log starts dmesg.txt.
	[ -z "$sync_each" ] || : >"$resdir/$PROTO_RUN_DMESG"
	save_kernel_log "$resdir/logs/boot.dmesg"
	proto_plan "$(grep -Evc '^[[:space:]]*(#.*)?$' "$1")"
	while read -r line || [ -n "$line" ]; do
		case $line in
		'' | '#'*) continue ;;
		esac
		run_one "$line" | tee -a "$out"
		save_kernel_log "$resdir/logs/$line.dmesg"
		n=$((n + 1))
	done <"$1"
	write_results
	proto_done "$n" | tee -a "$out"
	save_kernel_log "$resdir/logs/end.dmesg"
}

main "$@"
