#!/usr/bin/env bash
# compare.sh -- run the KMS suite on the base kernel (no series) with its own
# expectation files, igt-tests/xfails/pl111-vexpress-base-*.txt.  They list
# exactly what the series changes, so this run passing shows that base and
# patched kernels differ only where the series intends.  Prints both result
# sets side by side where they differ.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

OUTDIR=$TOP/out/compare

main() {
	mkdir -p "$OUTDIR"
	timed "building the base kernel" "$TOP/scripts/build-base.sh" qemu-vexpress
	timed "building the patched kernel" "$TOP/scripts/build-kernel.sh" qemu-vexpress
	timed "building the rootfs" "$TOP/scripts/mkrootfs.sh"
	LOG=$OUTDIR/base.log KERNEL_DIR=$TOP/out/base/qemu-vexpress \
		APPEND="drmnomap.xfails=pl111-vexpress-base" \
		"$TOP/scripts/run-qemu.sh" qemu-vexpress test
	LOG=$OUTDIR/patched.log "$TOP/scripts/run-qemu.sh" qemu-vexpress test
	echo "subtests whose raw result differs (base -> patched):"
	# -a: a test missing from one log shows as "none".
	join -a1 -a2 -e none -o 0,1.2,2.2 <("$TOP/scripts/results.sh" -r "$OUTDIR/base.log" | sort) \
		<("$TOP/scripts/results.sh" -r "$OUTDIR/patched.log" | sort) |
		awk '$2 != $3 { printf "  %-45s %s -> %s\n", $1, $2, $3 }'
	echo "base kernel judged by pl111-vexpress-base expectations:"
	judge_guest "$OUTDIR/base.log" testlist.txt
}

main "$@"
