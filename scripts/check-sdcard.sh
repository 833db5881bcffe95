#!/usr/bin/env bash
# check-sdcard.sh [inspect|raspi2b|cut|uboot|all] -- prove the SD card image:
#   inspect  partition table, the downloads (SHA256SUMS, .img.xz through
#            bmaptool with the .bmap), FAT contents (mdir), config.txt, the boot
#            script decompiled, DTB names against U-Boot's fdtfile list,
#            both kernels (SD_KERNELS: zImages, not the same one), uEnv.txt
#            (kernel= one of them), ext4 contents (debugfs): everything
#            firmware, U-Boot and init need
#   raspi2b  each kernel of the image (patched and base) boots on QEMU
#            raspi2b with the bcm2836-rpi-2-b DTB (-kernel/-dtb) from the
#            image to our init, its uname -r ending in LOCALVERSION_PATCHED
#            or LOCALVERSION_BASE; vc4 registers and defers (QEMU has no
#            HVS), nothing crashes
#   cut      a kmstest=1 run on raspi2b killed after CUT_AFTER results: the
#            card holds them, and board-results fails the run, naming the
#            entries without a result
#   uboot    Debian's u-boot-qemu (qemu_arm) on QEMU virt runs boot.scr from
#            a disk image built by sdcard.sh and boots a kernel built for
#            virt (BOARD=qemu-virt) to the rootfs's init; its uEnv.txt
#            sets force_hdmi=, which must reach the kernel as video=
# Prints "PASS|FAIL sdcard@..." lines and the serial logs' tails; exits
# non-zero on a failure.  The inspect checks are in check-sdcard-inspect.sh,
# the boots in check-sdcard-boot.sh; the host tests source this file for
# all of them.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

IMAGE=$TOP/out/rpi/sdcard.img
OUTDIR=$TOP/out/rpi/check
RESULTS=$OUTDIR/results.txt
# The Pi facts (DTBS, DISK_ID, UBOOTS "DIR:FILE:DTB,...") are in boards/rpi.sh.
board_load rpi

# check NAME FUNCTION -- one PASS|FAIL line.  FUNCTION runs as a background
# job, so errexit stays in force inside it (in an "if", bash turns it off
# and only a check's last command would count).
check() {
	local name=$1 rc=0
	shift
	(set -e; "$@") >"$OUTDIR/$name.out" 2>&1 &
	wait $! || rc=$?
	if [ "$rc" = 0 ]; then
		echo "PASS sdcard@$name" | tee -a "$RESULTS"
	else
		sed 's/^/  /' "$OUTDIR/$name.out" >&2
		echo "FAIL sdcard@$name" | tee -a "$RESULTS"
	fi
}

# part N -- extract partition N of the image to $OUTDIR/pN.img.
part() {
	local img=${2:-$IMAGE} dest=${3:-$OUTDIR/p$1.img} start size
	read -r start size < <(sfdisk -d "$img" | sed -n "s|^$img$1 : start= *\([0-9]*\), size= *\([0-9]*\).*|\1 \2|p")
	[ -n "${start:-}" ] || { echo "no partition $1 in $img"; return 1; }
	dd if="$img" of="$dest" bs=512 skip="$start" count="$size" status=none
}

# The checks: the image's bytes, then its boots.
# shellcheck source=scripts/check-sdcard-inspect.sh
. "$TOP/scripts/check-sdcard-inspect.sh"
# shellcheck source=scripts/check-sdcard-boot.sh
. "$TOP/scripts/check-sdcard-boot.sh"

main() {
	mkdir -p "$OUTDIR"
	: >"$RESULTS"
	rm -f "$OUTDIR"/*.out   # an earlier run's check output must not show
	case ${1:-all} in
	inspect) inspect ;;
	raspi2b) raspi2b_boots ;;
	uboot) check uboot-boot uboot_boot ;;
	cut) part 1 && check cut-run cut_run ;;
	all)
		inspect
		raspi2b_boots
		check cut-run cut_run
		check uboot-boot uboot_boot
		;;
	*) die "usage: $PROG [inspect|raspi2b|uboot|cut|all]" ;;
	esac
	cat "$OUTDIR"/raspi2b-boot-*.out "$OUTDIR"/cut-run.out "$OUTDIR"/uboot-boot.out 2>/dev/null || true
	summarize "$RESULTS"
}

# Sourced by the host tests for its checks; run otherwise.
[ "${BASH_SOURCE[0]}" != "$0" ] || main "$@"
