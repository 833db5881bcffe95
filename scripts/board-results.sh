#!/usr/bin/env bash
# board-results.sh DIR -- judge a test run a board saved (kmstest=1 on the
# Pi: igt-tests/run-board.sh -n), copied to this PC.  DIR is one run
# (kmstest-results/run-NNN) or the kmstest-results directory, whose newest
# test run is judged.  The judge is the one of a QEMU run (scripts/results.sh)
# on the run's results.txt and kernel log (dmesg.txt): the raw results of the
# board's runner judged by this checkout's expectation files, one result per
# entry of this checkout's testlist.txt (an entry without one, e.g. after a
# crash or in a card's shorter list, fails as missing), igt-done, no oops,
# BUG, WARN or panic, the board's driver bound; and the expectation files
# the board judged with must be this checkout's igt-tests/xfails/ ones for a
# board of boards/ (XFAILS).  Prints PASS|FAIL lines and "N passed, N
# failed, N skipped"; exit 0 when nothing failed.
#
# board-results.sh bench DIR -- the Pi bench table (scripts/bench.sh
# board-table) from the newest bench run of the base kernel and of the
# patched one in DIR (kmstest-results), told apart by uname -r.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

# The list a run is judged against: this checkout's, as for a QEMU run.
PROJECT_LIST=$TOP/igt-tests/testlist.txt
# A run directory's files and proto_runs are igt-tests/protocol.sh's
# (PROTO_RUN_*), shared with the board's run-board.sh.

# test_run DIR -- the run to judge: DIR itself, or the newest test run in it.
test_run() {
	local run
	if [ -f "$1/$PROTO_RUN_LIST" ]; then
		printf '%s\n' "$1"
		return
	fi
	[ -d "$1" ] || die "no directory $1; copy $PROTO_RUNS/ from the card's FAT partition and give its path"
	run=$(proto_runs "$1" | while read -r d; do
		if [ -f "$d/$PROTO_RUN_LIST" ]; then printf '%s\n' "$d"; fi
	done | tail -n 1)
	[ -n "$run" ] ||
		die "no test run in $1 (no $PROTO_RUN-NNN/$PROTO_RUN_LIST); boot the card with extra=kmstest=1 in uEnv.txt, then copy $PROTO_RUNS/"
	log "judging ${run##*/}, the newest test run in $1 (DIR=$1/$PROTO_RUN-NNN judges another)"
	printf '%s\n' "$run"
}

# run_xfails RUN -- the name of the expectation files RUN judged with.
run_xfails() {
	local f
	for f in "$1"/xfails/*-fails.txt; do
		[ -f "$f" ] || continue
		f=${f##*/}
		printf '%s\n' "${f%-fails.txt}"
		return
	done
}

# board_of XFAILS -- the board of boards/ whose expectation files these are.
board_of() {
	local b
	for b in $(boards_where XFAILS); do
		board_load "$b"
		[ "$XFAILS" != "$1" ] || { printf '%s\n' "$b"; return; }
	done
}

# expectations RUN -- the board's copies are this checkout's files.
expectations() {
	local name=$1 run=$2 kind
	if [ -z "$name" ]; then
		echo "FAIL board@expectations (no xfails/*-fails.txt in the run: not saved by run-board.sh -n)"
		return
	fi
	if [ -z "$BOARD_NAME" ]; then
		echo "FAIL board@expectations (the run judged with $name-*.txt, which no boards/*.sh has as XFAILS)"
		return
	fi
	for kind in fails flakes skips; do
		if ! cmp -s "$run/xfails/$name-$kind.txt" "$TOP/igt-tests/xfails/$name-$kind.txt"; then
			echo "FAIL board@expectations (the card's $name-$kind.txt is not igt-tests/xfails/$name-$kind.txt of this checkout, so its verdicts are not ours: flash a card built from this checkout, or judge with the checkout the card was built from)"
			return
		fi
	done
	echo "PASS board@expectations ($name, as in igt-tests/xfails/)"
}

# stopped_during RUN -- say which entry ran when a cut run stopped: the
# first entry of the list without a result.
stopped_during() {
	local run=$1 first
	[ -z "$(proto_done_counts "$run/$PROTO_RUN_RESULTS")" ] || return 0
	# FILENAME, not FNR == NR: with no result line at all (cut in the first
	# test) the list would be read as the results (H15).
	first=$(awk -v results=/dev/fd/3 'FILENAME == results { seen[$1] = 1; next }
		/^[[:space:]]*(#.*)?$/ { next }
		!($1 in seen) { print $1; exit }' /dev/fd/3 "$run/$PROTO_RUN_LIST" 3< <(proto_results "$run/$PROTO_RUN_RESULTS"))
	[ -n "$first" ] || return 0
	log "${run##*/} stopped during $first (its output so far: logs/$first.log; the kernel log up to the entry before it: $PROTO_RUN_DMESG); it and the entries after it are missing"
}

# test_list RUN -- the card's list is the project's (a subset, from
# drmnomap.tests= or an older card, leaves the rest unjudged otherwise).
test_list() {
	if cmp -s <(grep -Ev '^[[:space:]]*(#.*)?$' "$1/$PROTO_RUN_LIST") <(grep -Ev '^[[:space:]]*(#.*)?$' "$PROJECT_LIST"); then
		echo "PASS board@test-list (${PROJECT_LIST#"$TOP"/})"
	else
		echo "FAIL board@test-list (the card ran its own $PROTO_RUN_LIST, not ${PROJECT_LIST#"$TOP"/} of this checkout: a subset (drmnomap.tests=) or an older card; the entries it lacks fail as missing)"
	fi
}

judge() {
	local run log name out
	run=$(test_run "$1")
	[ -f "$run/$PROTO_RUN_RESULTS" ] || die "no $PROTO_RUN_RESULTS in $run: the board stopped before the first test; see its serial console"
	name=$(run_xfails "$run")
	BOARD_NAME=""
	[ -z "$name" ] || BOARD_NAME=$(board_of "$name")
	[ -z "$BOARD_NAME" ] || board_load "$BOARD_NAME"
	log=$(mktemp)
	# shellcheck disable=SC2064 # expand now
	trap "rm -f '$log'" EXIT
	cat "$run/$PROTO_RUN_RESULTS" >"$log"
	[ ! -f "$run/$PROTO_RUN_DMESG" ] || cat "$run/$PROTO_RUN_DMESG" >>"$log"
	stopped_during "$run"
	# The project's list and expectation files, never the card's.
	out=$( { "$TOP/scripts/results.sh" -l "$PROJECT_LIST" ${DRIVER:+-e "Initialized $DRIVER"} \
		${BOARD_NAME:+-x "$TOP/igt-tests/xfails/$XFAILS"} "$log" || true; } | grep -E '^(PASS|FAIL|SKIP) '
		test_list "$run"
		expectations "$name" "$run"
		if [ -s "$run/$PROTO_RUN_DMESG" ]; then
			echo "PASS board@kernel-log ($PROTO_RUN_DMESG saved)"
		else
			echo "FAIL board@kernel-log (no $PROTO_RUN_DMESG: the oops/WARN scan had nothing to read)"
		fi)
	printf '%s\n' "$out"
	local page=$TOP/out/board-results/${run##*/}
	mkdir -p "$page"
	printf '%s\n' "$out" >"$page/judged.txt"
	results_page run "$page/index.html" --judged "$page/judged.txt" \
		--log "$run/$PROTO_RUN_RESULTS" --title "board run ${run##*/}"
	summarize - <<<"$out"
}

# release RUN -- the kernel release (uname -r) that made RUN.
release() {
	awk 'NR == 1 { print $3 }' "$1/$PROTO_RUN_UNAME" 2>/dev/null
}

# newest_bench DIR SUFFIX -- the newest bench run of the kernel whose
# release ends in SUFFIX.
newest_bench() {
	local d
	proto_runs "$1" | while read -r d; do
		if [ -f "$d/$PROTO_RUN_BENCH" ] && [[ $(release "$d") == *"$2" ]]; then
			printf '%s\n' "$d"
		fi
	done | tail -n 1
}

bench() {
	local dir=$1 base patched model
	[ -d "$dir" ] || die "no directory $dir; copy $PROTO_RUNS/ from the card's FAT partition and give its path"
	base=$(newest_bench "$dir" "$LOCALVERSION_BASE")
	patched=$(newest_bench "$dir" "$LOCALVERSION_PATCHED")
	[ -n "$base" ] || die "no bench run of the base kernel (uname -r ending in $LOCALVERSION_BASE) in $dir; boot the card with kernel=base and extra=drmnomap.mode=bench in uEnv.txt"
	[ -n "$patched" ] || die "no bench run of the patched kernel (uname -r ending in $LOCALVERSION_PATCHED) in $dir; boot the card with kernel=patched and extra=drmnomap.mode=bench in uEnv.txt"
	model=$(cat "$patched/model.txt" 2>/dev/null || true)
	[ "$model" = "$(cat "$base/model.txt" 2>/dev/null || true)" ] ||
		die "${base##*/} ran on '$(cat "$base/model.txt" 2>/dev/null || true)', ${patched##*/} on '$model'; run both on the same board"
	log "base: ${base##*/} ($(release "$base")), patched: ${patched##*/} ($(release "$patched"))"
	"$TOP/scripts/bench.sh" board-table "${model:-unknown board}, $(release "$base") vs $(release "$patched"), $(grep -o 'cma=[^ ]*' "$patched/cmdline.txt" 2>/dev/null || echo 'cma default')" \
		"$base/$PROTO_RUN_BENCH" "$patched/$PROTO_RUN_BENCH"
}

main() {
	case ${1:-} in
	bench)
		[[ $# = 2 && -n $2 ]] || die "usage: $PROG bench DIR (make board-bench DIR=path/to/$PROTO_RUNS)"
		bench "$2"
		;;
	*)
		[[ $# = 1 && -n $1 ]] || die "usage: $PROG DIR (make board-results DIR=path/to/$PROTO_RUNS)"
		judge "$1"
		;;
	esac
}

main "$@"
