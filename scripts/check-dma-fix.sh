#!/usr/bin/env bash
# check-dma-fix.sh [BOARD] -- the series' DMA-layer fix alone cures the stale
# memory: build BOARD (a QEMU board, default qemu-nuri, whose exynos-drm the
# series leaves alone) from the patches up to and including the dma-direct
# fix, in build/dma-fix/, and run the stale-memory tests there.  Each of them
# must be an expected failure of the base kernel (XFAILS-base-fails.txt)
# and must pass here: results as make qemu prints them.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

# The fix, by the start of its subject; the tests that show stale memory.
FIX_SUBJECT='dma-direct: Zero and clean memory allocated without'
STALE_TESTS='nomap_dumb_buffer@create-clear|nomap_security@zero-after-other-process|nomap_prime@mmap-dmabuf|nomap_dma_alloc@'
SRC=$TOP/build/dma-fix/linux

# fix_commit -- the fix's commit in build/linux.
fix_commit() {
	local c
	c=$(git -C "$TOP/build/linux" log --format=%H --grep="^$FIX_SUBJECT" base..HEAD)
	[ "$(wc -w <<<"$c")" = 1 ] ||
		die "no single commit '$FIX_SUBJECT...' in build/linux (base..HEAD); run 'make tree'"
	printf '%s\n' "$c"
}

# assert_base_fails -- every stale-memory test of the list fails on the base.
assert_base_fails() {
	local t fails=$TOP/igt-tests/xfails/$XFAILS-base-fails.txt
	[ -f "$fails" ] || die "no $fails; make compare BOARD=$BOARD needs it too"
	while read -r t; do
		grep -q "^$t,Fail$" "$fails" ||
			die "$t is not an expected failure in ${fails#"$TOP"/}: it would prove nothing here"
	done < <(grep -E "$STALE_TESTS" "$TOP/igt-tests/testlist.txt")
}

main() {
	board_load "${1:-qemu-nuri}"
	[ -n "$QEMU_ARGS" ] || die "BOARD=$BOARD is not a QEMU board"
	assert_base_fails
	"$TOP/scripts/tree.sh" ensure
	local commit
	commit=$(fix_commit)
	git -C "$TOP/build/linux" worktree prune
	[ -d "$SRC" ] || git -C "$TOP/build/linux" worktree add -q --detach "$SRC" "$commit"
	git -C "$SRC" checkout -q --detach "$commit"
	log "kernel: base + $(git -C "$SRC" rev-list --count base..HEAD) patches, up to '$(git -C "$SRC" log -1 --format=%s)'"
	TREE=$SRC BUILD_ROOT=$TOP/build/dma-fix OUT_ROOT=$TOP/out/dma-fix \
		timed "building $BOARD with the DMA fix only" "$TOP/scripts/build-kernel.sh" "$BOARD"
	timed "building the rootfs" "$TOP/scripts/mkrootfs.sh"
	export TESTS=$STALE_TESTS
	local log=$TOP/out/dma-fix/$BOARD/boot.log rc=0
	LOG=$log KERNEL_DIR=$TOP/out/dma-fix/$BOARD "$TOP/scripts/run-qemu.sh" "$BOARD" test || rc=1
	judge_guest "$log" testlist.txt || rc=1
	return "$rc"
}

main "$@"
