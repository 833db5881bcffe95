#!/usr/bin/env bash
# test.sh -- the project's test command (make test, .ci/run):
#   1. host tests of the tooling, and that patches/ is canonically exported
#   2. the series' KUnit suites on arm and arm64 (kunit.py, QEMU virt)
#   3. build of the default board (kernel, DTB, rootfs with the KMS tests)
#   4. boot in QEMU and the KMS tests in the guest
# Every result is one "PASS|FAIL|SKIP name" line in out/test-results.txt;
# the last line printed is "N passed, N failed, N skipped".
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

guest_tests() {
	local out rc=0
	"$TOP/scripts/run-qemu.sh" "$BOARD" test || rc=$?
	out=$(judge_guest "$TOP/out/$BOARD/boot.log" testlist.txt -o "$TOP/out/$BOARD" || true)
	printf '%s\n' "$out" | grep -E '^(PASS|FAIL|SKIP) ' >>"$RESULTS"
	printf '%s\n' "$out" >&2
	[ "$rc" = 0 ] || echo "FAIL qemu@boot-and-run (see out/$BOARD/boot.log)" >>"$RESULTS"
}

main() {
	board_load "$BOARD"
	mkdir -p "$TOP/out"
	: >"$RESULTS"
	"$TOP/scripts/deps.sh"
	# A failing case is a FAIL line; a run.sh that dies before its lines is one too.
	"$TOP/tests/host/run.sh" >>"$RESULTS" ||
		grep -q '^FAIL host@' "$RESULTS" || echo "FAIL host@run (tests/host/run.sh died; run it alone)" >>"$RESULTS"
	record "tree@check-export" "$TOP/scripts/tree.sh" check-export || true
	"$TOP/scripts/kunit.sh" >>"$RESULTS" || echo "FAIL kunit@run (see out/kunit/kunit.log)" >>"$RESULTS"
	if record "build@$BOARD-kernel" "$TOP/scripts/build-kernel.sh" "$BOARD" &&
		record "build@rootfs" "$TOP/scripts/mkrootfs.sh"; then
		guest_tests
	else
		skip "qemu@$BOARD" "the build failed"
	fi
	echo "--- results (out/test-results.txt) ---" >&2
	grep -v '^PASS' "$RESULTS" >&2 || true
	summarize "$RESULTS"
}

main "$@"
