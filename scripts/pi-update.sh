#!/usr/bin/env bash
# pi-update.sh -- put the kernels and DTBs of a new build on a Raspberry Pi
# card that make sdcard wrote, instead of flashing the whole image again
# (make pi-update):
#   DEV=/dev/sdX   the card: the checks of make flash (a removable whole
#                  disk, not mounted, not the running system's), the user
#                  confirms (FORCE=1: no question); its FAT partition is
#                  mounted on a temporary directory, updated and unmounted
#   MNT=DIR        the card's FAT partition, already mounted at DIR
# Only what make sdcard puts on the FAT from a kernel build is copied: the
# kernels of boards/rpi.sh's SD_KERNELS (zImage from KERNEL_DIR, default
# out/rpi; zImage-base from SDCARD_BASE_DIR, default out/base/rpi) and the
# Pi DTBs.  The card's firmware, U-Boot, boot script, uEnv.txt and rootfs
# stay as they are (the test rootfs has no kernel modules).  Each file is
# written under a temporary name, then renamed, then synced.  A directory
# that is not such a card (no boot.scr and uEnv.txt) is refused.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"
# shellcheck source=scripts/sdcard-device.sh
. "$TOP/scripts/sdcard-device.sh"

KERNEL_DIR=${KERNEL_DIR:-$TOP/out/rpi}
BASE_KERNEL_DIR=${SDCARD_BASE_DIR-$TOP/out/base/rpi}

# kernel_dir NAME -- where the kernel NAME of SD_KERNELS was built.
kernel_dir() {
	case $1 in
	patched) printf '%s\n' "$KERNEL_DIR" ;;
	base) printf '%s\n' "$BASE_KERNEL_DIR" ;;
	*) die "boards/rpi.sh: SD_KERNELS names '$1'; pi-update.sh knows patched and base" ;;
	esac
}

# plan -- "SOURCE FILE-ON-FAT" per file to copy; dies when the patched
# kernel or a DTB is missing, warns when the base kernel is.
plan() {
	local k dir f
	for k in $SD_KERNELS; do
		dir=$(kernel_dir "${k%%:*}")
		if [ -f "$dir/zImage" ]; then
			printf '%s %s\n' "$dir/zImage" "${k#*:}"
		elif [ "${k%%:*}" = patched ]; then
			die "no kernel in $KERNEL_DIR; run 'make build BOARD=rpi' first"
		else
			warn "no ${k%%:*} kernel in ${dir:-(none)}: ${k#*:} on the card stays as it is ('scripts/build-base.sh rpi' builds it)"
		fi
	done
	for f in $DTBS; do
		[ -f "$KERNEL_DIR/${f##*/}" ] || die "no ${f##*/} in $KERNEL_DIR; run 'make build BOARD=rpi' first"
		printf '%s %s\n' "$KERNEL_DIR/${f##*/}" "${f##*/}"
	done
}

# update MNT -- copy the plan's files onto the FAT mounted at MNT.
update() {
	local mnt=$1 src dst n=0
	[ -d "$mnt" ] || die "MNT=$mnt is not a directory; mount the card's FAT partition (label $PROTO_FAT_LABEL) there first"
	if [ ! -f "$mnt/boot.scr" ] || [ ! -f "$mnt/uEnv.txt" ]; then
		die "$mnt has no boot.scr and uEnv.txt: not the FAT of a card from 'make sdcard BOARD=rpi'; nothing was written"
	fi
	local todo
	todo=$(plan)
	while read -r src dst; do
		cp "$src" "$mnt/$dst.tmp"
		mv "$mnt/$dst.tmp" "$mnt/$dst"
		log "updated $dst ($(stat -c %s "$src") bytes, from ${src#"$TOP"/})"
		n=$((n + 1))
	done <<<"$todo"
	sync
	log "$n files updated on $mnt"
}

# fat_partition DEV -- the partition of DEV labelled PROTO_FAT_LABEL.
fat_partition() {
	local part
	part=$("$LSBLK" -nrpo NAME,LABEL "$1" | awk -v l="$PROTO_FAT_LABEL" '$2 == l { print $1 }' | head -n1)
	[ -n "$part" ] || die "$1 has no partition labelled $PROTO_FAT_LABEL: not a card from 'make sdcard BOARD=rpi' (use 'make flash' for a new card)"
	printf '%s\n' "$part"
}

# update_device DEV -- check, mount, update, unmount.
update_device() {
	local dev=$1 part mnt
	need "$LSBLK" "$FINDMNT" mount umount
	check_device "$dev"
	part=$(fat_partition "$dev")
	confirm "$dev" "update the kernels on"
	mnt=$(mktemp -d)
	mount "$part" "$mnt" || { rmdir "$mnt"; die "cannot mount $part (root needed)"; }
	local rc=0
	(update "$mnt") || rc=$?
	umount "$mnt" || warn "could not unmount $mnt; run 'umount $mnt' before removing the card"
	rmdir "$mnt" 2>/dev/null || true
	[ "$rc" = 0 ] || die "the update of $dev failed (above)"
	log "done; put the card back into the Pi"
}

main() {
	[ $# = 0 ] || die "usage: make pi-update DEV=/dev/sdX, or MNT=DIR (the card's mounted FAT partition)"
	board_load rpi
	if [ -n "${MNT:-}" ]; then
		update "$MNT"
	elif [ -n "${DEV:-}" ]; then
		update_device "$DEV"
	else
		die "no card; run 'make pi-update DEV=/dev/sdX' (see 'lsblk') or 'make pi-update MNT=DIR'"
	fi
}

main "$@"
