#!/usr/bin/env bash
# flash.sh IMAGE DEV -- write an SD card image to DEV, carefully.  DEV must be
# a removable whole disk, not mounted and not the disk the running system is
# on; the user confirms by typing the device name, unless FORCE=1.
#
# LSBLK and FINDMNT name the tools to query (tests put fakes there);
# FLASH_ALLOW_FILE=1 lets tests write to a regular file instead of a device.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

LSBLK=${LSBLK:-lsblk}
FINDMNT=${FINDMNT:-findmnt}

# field DEV COLUMN -- one lsblk column of DEV itself.
field() {
	"$LSBLK" -dnpo "$2" "$1" | sed 's/^ *//;s/ *$//'
}

check_device() {
	local dev=$1 type rm hotplug mounted rootdisk
	[ -b "$dev" ] || [ "${FLASH_ALLOW_FILE:-}" = 1 ] ||
		die "$dev is not a block device; 'lsblk' lists the disks (use the whole disk, e.g. /dev/sdb)"
	type=$(field "$dev" TYPE) || die "lsblk does not know $dev; check the name with 'lsblk'"
	[ "$type" = disk ] ||
		die "$dev is a $type, not a whole disk; use the disk it belongs to (e.g. /dev/sdb, not /dev/sdb1)"
	rm=$(field "$dev" RM)
	hotplug=$(field "$dev" HOTPLUG)
	[ "$rm" = 1 ] || [ "$hotplug" = 1 ] ||
		die "$dev is not a removable disk; refusing to overwrite it (is it really the SD card reader?)"
	mounted=$("$LSBLK" -nrpo NAME,MOUNTPOINT "$dev" | awk 'NF > 1 { print $1 " on " $2 }')
	[ -z "$mounted" ] ||
		die "$dev is mounted ($(echo "$mounted" | paste -sd, -)); unmount it first (e.g. 'umount ${dev}1')"
	rootdisk=$("$LSBLK" -nrpo PKNAME "$("$FINDMNT" -no SOURCE /)" 2>/dev/null | head -n1)
	[ "$rootdisk" != "$dev" ] || die "$dev holds the running system's root filesystem; refusing"
}

confirm() {
	local dev=$1 answer
	log "about to overwrite $dev: $(field "$dev" SIZE) $(field "$dev" MODEL) ($(field "$dev" TRAN))"
	[ "${FORCE:-}" != 1 ] || return 0
	[ -t 0 ] || die "not a terminal, cannot ask for confirmation; rerun with FORCE=1 if $dev is right"
	read -r -p "Type the device name ($dev) to overwrite it: " answer
	[ "$answer" = "$dev" ] || die "not confirmed; nothing was written"
}

main() {
	[ $# = 2 ] || die "usage: $PROG IMAGE DEV"
	local image=$1 dev=$2
	[ -n "$dev" ] || die "no device; run 'make flash BOARD=rpi DEV=/dev/sdX' (see 'lsblk' for X)"
	[ -f "$image" ] || die "no image at $image; run 'make sdcard BOARD=rpi' first"
	need "$LSBLK" "$FINDMNT" dd
	check_device "$dev"
	confirm "$dev"
	timed "writing $(basename "$image") to $dev" \
		dd if="$image" of="$dev" bs=4M conv=fsync status=progress
	sync
	log "done; put the card into the Pi (README: Testing on a Raspberry Pi)"
}

main "$@"
