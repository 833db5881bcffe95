#!/usr/bin/env bash
# guest-test.sh BOARD -- boot BOARD in QEMU with the test rootfs, run the KMS
# test list and judge the log (make qemu): the results and their drm-ci /
# JUnit files in out/BOARD/.  Exit 0 only when the guest ran and nothing failed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

main() {
	[ $# = 1 ] || die "usage: $PROG BOARD"
	board_load "$1"
	local rc=0
	"$TOP/scripts/run-qemu.sh" "$BOARD" test || rc=$?
	judge_guest "$OUT/boot.log" testlist.txt -o "$OUT" | tee "$OUT/judged.txt" || rc=1
	judged_page "$OUT/boot.log" "$OUT" "$OUT/judged.txt"
	return "$rc"
}

main "$@"
