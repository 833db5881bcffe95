#!/usr/bin/env bash
# compare.sh [BOARD] -- run the KMS suite on the base kernel (no series) of a
# QEMU board with its own expectation files, igt-tests/xfails/XFAILS-base-*
# (XFAILS: boards/BOARD.sh), then on the patched kernel with XFAILS-*.  The
# base files list exactly what the series changes, so both runs passing
# shows that the kernels differ only where the series intends; the raw
# results of both are printed side by side where they differ, and a test
# that gave a result in one run only fails the comparison.
#   compare.sh diff BASE_LOG PATCHED_LOG   only that comparison of two logs
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

# differences BASE_LOG PATCHED_LOG -- "name base -> patched" for each
# subtest whose raw result differs; "none" where one run has no result.
differences() {
	join -a1 -a2 -e none -o 0,1.2,2.2 <("$TOP/scripts/results.sh" -r "$1" | sort) \
		<("$TOP/scripts/results.sh" -r "$2" | sort) |
		awk '$2 != $3 { printf "  %-45s %s -> %s\n", $1, $2, $3 }'
}

# compare_logs BASE_LOG PATCHED_LOG -- print the differences; fails when a
# subtest has a result in one log only.
compare_logs() {
	local diff
	diff=$(differences "$1" "$2")
	echo "subtests whose raw result differs (base -> patched):"
	printf '%s\n' "${diff:-  none}"
	if grep -q ' none\( ->\|$\)' <<<"$diff"; then
		echo "FAIL compare@results (a subtest has a result in one run only, see above)"
		return 1
	fi
}

main() {
	if [ "${1:-}" = diff ]; then
		[ $# = 3 ] || die "usage: $PROG diff BASE_LOG PATCHED_LOG"
		compare_logs "$2" "$3"
		return
	fi
	board_load "${1:-${BOARD:-qemu-vexpress}}"
	[ -n "$QEMU_ARGS" ] || die "make compare needs a board QEMU boots; these do: $(boards_where QEMU_ARGS | paste -sd' ' -)"
	local outdir=$TOP/out/compare/$BOARD rc=0
	[ -f "$TOP/igt-tests/xfails/$XFAILS-base-fails.txt" ] ||
		die "no base expectations igt-tests/xfails/$XFAILS-base-fails.txt for $BOARD; write them first"
	mkdir -p "$outdir"
	timed "building the base kernel" "$TOP/scripts/build-base.sh" "$BOARD"
	timed "building the patched kernel" "$TOP/scripts/build-kernel.sh" "$BOARD"
	timed "building the rootfs" "$TOP/scripts/mkrootfs.sh"
	LOG=$outdir/base.log KERNEL_DIR=$TOP/out/base/$BOARD \
		APPEND="drmnomap.xfails=$XFAILS-base ${APPEND:-}" \
		"$TOP/scripts/run-qemu.sh" "$BOARD" test || rc=1
	LOG=$outdir/patched.log "$TOP/scripts/run-qemu.sh" "$BOARD" test || rc=1
	compare_logs "$outdir/base.log" "$outdir/patched.log" || rc=1
	echo "base kernel judged by $XFAILS-base expectations:"
	judge_guest "$outdir/base.log" testlist.txt -x "$TOP/igt-tests/xfails/$XFAILS-base" \
		${BASE_KNOWN_WARNS:+-w "$BASE_KNOWN_WARNS"} | tee "$outdir/base.judged" || rc=1
	echo "patched kernel judged by $XFAILS expectations:"
	judge_guest "$outdir/patched.log" testlist.txt | tee "$outdir/patched.judged" || rc=1
	results_page compare "$outdir/index.html" --base "$outdir/base.judged" \
		--patched "$outdir/patched.judged" --title "$BOARD: base vs patched"
	return "$rc"
}

main "$@"
