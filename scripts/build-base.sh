#!/usr/bin/env bash
# build-base.sh [BOARD] -- build the pinned base kernel without the series,
# for comparisons (make bench, make compare): a worktree of build/linux at
# tag "base" in build/base/linux, objects in build/base/BOARD, kernel and
# DTBs in out/base/BOARD, its release ending in LOCALVERSION_BASE (uname -r
# tells it from the patched kernel).  ccache makes it cheap after a patched
# build.  A variant's BUILD_ROOT and OUT_ROOT (scripts/board.sh) get base/
# under them instead.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

main() {
	local board=${1:-qemu-vexpress} src=$TOP/build/base/linux
	"$TOP/scripts/tree.sh" ensure
	if [ ! -d "$src" ]; then
		mkdir -p "$(dirname "$src")"
		git -C "$TOP/build/linux" worktree add -q --detach "$src" base
	fi
	git -C "$src" checkout -q --detach base
	LOCALVERSION=$LOCALVERSION_BASE TREE=$src \
		BUILD_ROOT=${BUILD_ROOT:-$TOP/build}/base OUT_ROOT=${OUT_ROOT:-$TOP/out}/base \
		"$TOP/scripts/build-kernel.sh" "$board"
}

main "$@"
