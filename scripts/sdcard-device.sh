# shellcheck shell=bash
# sdcard-device.sh -- the checks that an SD card device is the one to
# write, shared by make flash (scripts/flash.sh) and make pi-update
# (scripts/pi-update.sh); sourced after lib.sh.
# LSBLK and FINDMNT name the tools to use (tests put fakes there);
# FLASH_ALLOW_FILE=1 lets tests use a regular file instead of a device.

LSBLK=${LSBLK:-lsblk}
FINDMNT=${FINDMNT:-findmnt}

# field DEV COLUMN -- one lsblk column of DEV itself.
field() {
	"$LSBLK" -dnpo "$2" "$1" | sed 's/^ *//;s/ *$//'
}

# check_device DEV -- die unless DEV is a removable whole disk, not mounted
# and not the disk the running system is on.
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

# confirm DEV WHAT -- the user types the device name (FORCE=1: no question).
confirm() {
	local dev=$1 what=${2:-overwrite} answer
	log "about to $what $dev: $(field "$dev" SIZE) $(field "$dev" MODEL) ($(field "$dev" TRAN))"
	[ "${FORCE:-}" != 1 ] || return 0
	[ -t 0 ] || die "not a terminal, cannot ask for confirmation; rerun with FORCE=1 if $dev is right"
	read -r -p "Type the device name ($dev) to $what it: " answer
	[ "$answer" = "$dev" ] || die "not confirmed; nothing was written"
}
