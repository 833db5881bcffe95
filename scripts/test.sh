#!/usr/bin/env bash
# test.sh -- the project's test command (make test, .ci/run):
#   1. host tests of the tooling, and that patches/ is canonically exported
#   2. the series' KUnit suites on arm and arm64 (kunit.py, QEMU virt)
#   3. build of the default board (kernel, DTB, rootfs with the KMS tests)
#   4. boot in QEMU and the KMS tests in the guest
# Every result is one "PASS|FAIL|SKIP name" line in out/test-results.txt;
# the last line printed is "N passed, N failed, N skipped", also when a step
# dies.  TESTS, APPEND and XFAILS from the environment are ignored.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

BOARD=${BOARD:-qemu-vexpress}
RESULTS="$TOP/out/test-results.txt"

# record NAME CMD... -- run a step; its exit status is one result.
record() {
	local name=$1
	shift
	if timed "$name" "$@"; then
		echo "PASS $name" >>"$RESULTS"
		return 0
	fi
	echo "FAIL $name" >>"$RESULTS"
	return 1
}

skip() {
	echo "SKIP $1 ($2)" >>"$RESULTS"
	warn "skipping $1: $2"
}

# guest_tests -- boot the board and judge its log; the judge's lines are
# results, and a judge that dies is a FAIL.  A log of an earlier run must not
# be judged when this one dies before writing its own.
guest_tests() {
	local out rc=0 log=$TOP/out/$BOARD/boot.log
	rm -f "$log"
	"$TOP/scripts/run-qemu.sh" "$BOARD" test || rc=$?
	out=$(judge_guest "$log" testlist.txt -o "$TOP/out/$BOARD" 2>&1) ||
		grep -q '^FAIL ' <<<"$out" || out+=$'\n'"FAIL qemu@judge (results.sh failed on ${log#"$TOP"/}; see above)"
	grep -E '^(PASS|FAIL|SKIP) ' <<<"$out" >>"$RESULTS" || true
	printf '%s\n' "$out" >&2
	grep -E '^(PASS|FAIL|SKIP) ' <<<"$out" >"$TOP/out/$BOARD/judged.txt" || true
	judged_page "$log" "$TOP/out/$BOARD" "$TOP/out/$BOARD/judged.txt"
	[ "$rc" = 0 ] || echo "FAIL qemu@boot-and-run (see out/$BOARD/boot.log)" >>"$RESULTS"
}

# ignore_inherited -- the test command runs the whole suite on the board's
# own expectations: TESTS, APPEND and XFAILS from the environment (make
# exports them; CI may set them) would run a subset or change the verdicts.
ignore_inherited() {
	local v
	for v in TESTS APPEND XFAILS; do
		if [ -n "${!v:-}" ]; then
			warn "ignoring $v=${!v} from the environment: the test command runs the whole suite (make qemu $v=... runs a subset)"
		fi
		unset "$v"
	done
}

steps() {
	board_load "$BOARD"
	"$TOP/scripts/deps.sh"
	# A failing case is a FAIL line; a run.sh that dies before its lines is one too.
	# Each result on the terminal too, as it finishes.
	"$TOP/tests/host/run.sh" | tee -a "$RESULTS" ||
		grep -q '^FAIL host@' "$RESULTS" || echo "FAIL host@run (tests/host/run.sh died; run it alone)" >>"$RESULTS"
	record "tree@check-export" "$TOP/scripts/tree.sh" check-export || true
	"$TOP/scripts/kunit.sh" >>"$RESULTS" || echo "FAIL kunit@run (see out/kunit/kunit.log)" >>"$RESULTS"
	if record "build@$BOARD-kernel" "$TOP/scripts/build-kernel.sh" "$BOARD" &&
		record "build@rootfs" "$TOP/scripts/mkrootfs.sh"; then
		guest_tests
	else
		skip "qemu@$BOARD" "the build failed"
	fi
}

# main -- the steps, then the closing line, also when a step dies.
main() {
	ignore_inherited
	mkdir -p "$TOP/out"
	: >"$RESULTS"
	local rc=0
	steps &
	wait $! || rc=$?
	[ "$rc" = 0 ] || echo "FAIL test@steps (a step died with exit $rc; its message is above)" >>"$RESULTS"
	echo "--- results (out/test-results.txt) ---" >&2
	grep -v '^PASS' "$RESULTS" >&2 || true
	summarize "$RESULTS"
}

main "$@"
