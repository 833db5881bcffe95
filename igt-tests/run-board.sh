#!/bin/sh
# run-board.sh [-n RUNS_DIR] [-l LIST] BOARD [RESULTS_DIR] -- run the KMS
# tests on a real board with the board's expectation files
# (xfails/BOARD-{fails,flakes,skips}.txt).
#
#   run-board.sh vc4-rpi3                 our tests (next to this script)
#   IGT_DIR=/usr/local run-board.sh vc4-rpi3
#                                         an igt-gpu-tools the user installed
#                                         (IGT_DIR/libexec/igt-gpu-tools), with
#                                         igt-testlist.txt expanded into
#                                         test@subtest entries (--list-subtests,
#                                         as drm-ci's build-igt.sh does) so that
#                                         drm-ci expectation lines apply; igt is
#                                         never built or shipped by this project
#   -l LIST      run LIST instead of testlist.txt (our tests)
#   -n RUNS_DIR  results that survive a hang (kmstest=1 on the Pi, RUNS_DIR on
#                its FAT partition): a new RUNS_DIR/run-NNN for this run, the
#                runs before it are kept; each result, its log and its kernel
#                log slice are synced to the disk as they are produced
#                (run-tests.sh -s), and the run's facts first: uname.txt,
#                cmdline.txt, model.txt (the device tree's), testlist.txt
#                (the entries this run runs) and xfails/ (the expectation
#                files it judges with).  When the last MAX_UNFINISHED (3)
#                test runs there all stopped before their end (a crash that
#                a reboot repeats), it runs nothing and exits 3.
#                scripts/board-results.sh judges a run on the PC.
#   run-board.sh -N RUNS_DIR   only make a new run directory with uname.txt,
#                cmdline.txt and model.txt, and print its path (bench mode)
# Results (results.txt, junit.xml, per-subtest logs) go to RESULTS_DIR
# (default ./results-BOARD).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# The run directory's layout (PROTO_RUN_*, proto_runs) and proto_done_counts.
# shellcheck source=igt-tests/protocol.sh
. "$here/protocol.sh"
prog=${0##*/}
MAX_UNFINISHED=${MAX_UNFINISHED:-3}

usage() {
	echo "usage: $prog [-n RUNS_DIR] [-l LIST] BOARD [RESULTS_DIR] | $prog -N RUNS_DIR" >&2
	exit 2
}

# expand BINDIR LIST -- every entry of LIST as test@subtest (a binary
# without subtests stays a plain entry).
expand() {
	grep -Ev '^[[:space:]]*(#.*)?$' "$2" | while read -r t; do
		subs=$("$1/$t" --list-subtests </dev/null 2>/dev/null) || subs=
		if [ -z "$subs" ]; then
			echo "$t"
		else
			printf '%s\n' "$subs" | sed "s/^/$t@/"
		fi
	done
}

# new_run RUNS_DIR -- make RUNS_DIR/run-NNN, one more than the last, with
# the board's facts; prints its path.
new_run() {
	mkdir -p "$1"
	last=$(proto_runs "$1" | tail -n 1)
	n=$(echo "${last##*/"$PROTO_RUN"-}" | sed 's/^0*//')
	run=$1/$(proto_run_name $((${n:-0} + 1)))
	mkdir "$run"
	uname -a >"$run/$PROTO_RUN_UNAME"
	cat /proc/cmdline >"$run/cmdline.txt" 2>/dev/null || true
	if [ -r /proc/device-tree/model ]; then tr -d '\000' </proc/device-tree/model >"$run/model.txt"; fi
	sync
	echo "$run"
}

# unfinished_streak RUNS_DIR -- how many of the last test runs stopped
# before their igt-done line (bench runs have no test list and do not count).
unfinished_streak() {
	proto_runs "$1" | while read -r d; do
		[ -f "$d/$PROTO_RUN_LIST" ] || continue
		if [ -n "$(proto_done_counts "$d/$PROTO_RUN_RESULTS" 2>/dev/null)" ]; then echo finished; else echo cut; fi
	done | awk '$0 == "finished" { n = 0 } $0 == "cut" { n++ } END { print n + 0 }'
}

# sync_while_running -- sync every 2 s, so that the output of a test that
# hangs the board reaches the disk too; prints the loop's pid.
sync_while_running() {
	(while sleep 2; do sync; done) </dev/null >/dev/null 2>&1 &
	echo $!
}

# select_tests -- bindir and list: with IGT_DIR, an installed igt-gpu-tools
# and its entries of igt-testlist.txt; else our tests and LIST (-l) or
# testlist.txt.
select_tests() {
	if [ -z "${IGT_DIR:-}" ]; then
		bindir=$here
		list=${list:-$here/testlist.txt}
		return
	fi
	bindir=$IGT_DIR/libexec/igt-gpu-tools
	[ -x "$bindir/core_getversion" ] ||
		{ echo "$prog: no igt tests in $bindir; is IGT_DIR=$IGT_DIR an installed igt-gpu-tools?" >&2; exit 2; }
	# libigt.so.0 is in IGT_DIR's libdir, which the loader does not search
	# (igt's use_rpath is off by default; drm-ci sets LD_LIBRARY_PATH too).
	LD_LIBRARY_PATH=$IGT_DIR/lib:$IGT_DIR/lib/arm-linux-gnueabihf${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
	tmp=${TMPDIR:-/tmp}/igt-testlist.$$
	expand "$bindir" "$here/igt-testlist.txt" >"$tmp"
	list=$tmp
}

# run_numbered BOARD RUNS_DIR -- the tests in a new run directory of
# RUNS_DIR, with the list and the board's expectation files, synced after
# each test; refused after MAX_UNFINISHED runs that stopped before their end.
run_numbered() {
	cut=$(unfinished_streak "$2")
	if [ "$cut" -ge "$MAX_UNFINISHED" ]; then
		echo "$prog: the last $cut test runs in $2 stopped before their end (the board crashed or hung);" \
			"not running again. Copy $2 to a PC and judge it (make board-results DIR=...);" \
			"remove those run-* directories to test again" >&2
		exit 3
	fi
	results=$(new_run "$2")
	cp "$list" "$results/$PROTO_RUN_LIST"
	mkdir "$results/xfails"
	cp "$here/xfails/$1"-*.txt "$results/xfails/" 2>/dev/null || true
	sync
	echo "$prog: results go to $results, synced after each test"
	syncer=$(sync_while_running)
	rc=0
	"$here/run-tests.sh" -d "$bindir" -x "$here/xfails/$1" -r "$results" -s "$list" || rc=$?
	kill "$syncer" 2>/dev/null || true
	sync
	return "$rc"
}

main() {
	runs_dir="" new_only="" list=""
	while getopts n:N:l: opt; do
		case $opt in
		n) runs_dir=$OPTARG ;;
		N) runs_dir=$OPTARG new_only=1 ;;
		l) list=$OPTARG ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	if [ -n "$new_only" ]; then
		[ $# = 0 ] || usage
		new_run "$runs_dir"
		return
	fi
	[ $# -ge 1 ] || usage
	board=$1
	results=${2:-./results-$board}
	select_tests
	[ -r "$list" ] || { echo "$prog: test list $list not found" >&2; exit 2; }
	if [ -z "$runs_dir" ]; then
		exec "$here/run-tests.sh" -d "$bindir" -x "$here/xfails/$board" -r "$results" "$list"
	fi
	run_numbered "$board" "$runs_dir"
}

main "$@"
