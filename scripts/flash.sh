#!/usr/bin/env bash
# flash.sh IMAGE DEV -- write an SD card image (IMAGE or IMAGE.xz) to DEV,
# carefully.  DEV must be a removable whole disk, not mounted and not the disk
# the running system is on; the user confirms by typing the device name,
# unless FORCE=1.  The writer is 'bmaptool copy' (Debian bmap-tools): with
# the IMAGE.bmap that 'make sdcard' writes it copies only the mapped blocks
# and checks each range's SHA-256.  Without bmaptool, dd writes every block,
# unverified, and says so.
#
# BMAPTOOL names the writer to use, and scripts/sdcard-device.sh's LSBLK and
# FINDMNT the device tools (tests put fakes there); FLASH_ALLOW_FILE=1 lets
# tests write to a regular file instead of a device.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck source=scripts/sdcard-device.sh
. "$TOP/scripts/sdcard-device.sh"
BMAPTOOL=${BMAPTOOL:-bmaptool}

# bmap_of IMAGE -- the bmap bmaptool would discover: IMAGE.bmap, or for
# sdcard.img.xz also sdcard.img.bmap.
bmap_of() {
	local f=$1
	while :; do
		[ ! -f "$f.bmap" ] || { echo "$f.bmap"; return; }
		[[ $(basename "$f") == *.* ]] || return 0
		f=${f%.*}
	done
}

# dd_write IMAGE DEV -- the fallback: every block, decompressing .xz.
dd_write() {
	case $1 in
	*.xz) xz -dc "$1" | dd of="$2" bs=4M iflag=fullblock conv=fsync status=progress ;;
	*) dd if="$1" of="$2" bs=4M conv=fsync status=progress ;;
	esac
}

# write_image IMAGE DEV -- bmaptool copy when bmaptool is installed, dd if not.
write_image() {
	local image=$1 dev=$2 name bmap
	name=$(basename "$image")
	if ! command -v "$BMAPTOOL" >/dev/null 2>&1; then
		warn "bmaptool not found; falling back to dd, which writes every block and verifies nothing (install bmap-tools: 'make deps')"
		need dd
		[[ $image != *.xz ]] || need xz
		timed "writing $name to $dev with dd" dd_write "$image" "$dev"
		return
	fi
	bmap=$(bmap_of "$image")
	if [ -n "$bmap" ]; then
		timed "writing $name to $dev with bmaptool ($(basename "$bmap"))" \
			"$BMAPTOOL" copy --bmap "$bmap" "$image" "$dev"
	else
		warn "no $name.bmap next to the image; bmaptool writes every block (rerun 'make sdcard BOARD=rpi' to get one)"
		timed "writing $name to $dev with bmaptool (no bmap)" "$BMAPTOOL" copy --nobmap "$image" "$dev"
	fi
}

main() {
	[ $# = 2 ] || die "usage: $PROG IMAGE DEV"
	local image=$1 dev=$2
	[ -n "$dev" ] || die "no device; run 'make flash BOARD=rpi DEV=/dev/sdX' (see 'lsblk' for X)"
	[ -f "$image" ] || die "no image at $image; run 'make sdcard BOARD=rpi' first"
	need "$LSBLK" "$FINDMNT"
	check_device "$dev"
	confirm "$dev"
	write_image "$image" "$dev"
	sync
	log "done; put the card into the Pi (docs/raspberry-pi.md)"
}

main "$@"
