# shellcheck shell=bash
# make flash's safety checks, against a fake lsblk/findmnt (no real disks).

# fake_disks -- lsblk/findmnt fakes answering from ./disks:
#   NAME TYPE RM HOTPLUG SIZE MODEL TRAN MOUNTPOINT PKNAME  ('-' = empty)
fake_disks() {
	cat >disks <<-'DISKS'
	/dev/sda disk 0 0 500G SSD sata - -
	/dev/sda1 part 0 0 500G - - / /dev/sda
	/dev/sdb disk 1 1 32G Card usb - -
	/dev/sdb1 part 1 1 32G - - - /dev/sdb
	/dev/sdc disk 1 1 16G Card usb - -
	/dev/sdc1 part 1 1 16G - - /media/card /dev/sdc
	/dev/nvme0n1 disk 0 0 1T NVMe nvme - -
	DISKS
	cat >lsblk <<-'FAKE'
	#!/bin/bash
	# -dnpo COL DEV | -nrpo NAME,MOUNTPOINT DEV | -nrpo PKNAME DEV
	cols=$2 dev=$3 here=$(dirname "$0")
	col() { case $1 in NAME) echo 1 ;; TYPE) echo 2 ;; RM) echo 3 ;; HOTPLUG) echo 4 ;;
		SIZE) echo 5 ;; MODEL) echo 6 ;; TRAN) echo 7 ;; MOUNTPOINT) echo 8 ;; PKNAME) echo 9 ;; esac; }
	grep -q "^$dev " "$here/disks" || { echo "lsblk: $dev: not a block device" >&2; exit 32; }
	if [ "$1" = -dnpo ]; then
		awk -v d="$dev" -v c="$(col "$cols")" '$1 == d { v = $c; if (v == "-") v = ""; print v }' "$here/disks"
	elif [ "$cols" = NAME,MOUNTPOINT ]; then
		awk -v d="$dev" '$1 == d || $9 == d { m = $8; if (m == "-") m = ""; print $1 " " m }' "$here/disks"
	else
		awk -v d="$dev" '$1 == d { print $9 }' "$here/disks"
	fi
	FAKE
	printf '#!/bin/sh\necho /dev/sda1\n' >findmnt
	chmod +x lsblk findmnt
	head -c 4096 /dev/urandom >image
}

flash() {
	LSBLK=$PWD/lsblk FINDMNT=$PWD/findmnt FLASH_ALLOW_FILE=1 "$TOP/scripts/flash.sh" "${IMAGE:-image}" "$@" 2>&1
}

# good_target -- a regular file ./target that the fake lsblk calls /dev/sdb.
good_target() {
	sed -i "s|^/dev/sdb |$PWD/target |" disks
	: >target
}

# fake_bmaptool -- a bmaptool that logs its arguments to ./bmaptool.args and
# copies the image (next-to-last argument) to the target (last).
# shellcheck disable=SC2016 # the fake expands its own arguments
fake_bmaptool() {
	printf '#!/bin/bash
echo "$*" >"%s/bmaptool.args"
cp "${@: -2:1}" "${@: -1}"
' "$PWD" >bmaptool
	chmod +x bmaptool
}

test_flash_refuses_missing_dev() {
	fake_disks
	assert_match "$(flash "" || true)" "no device; run 'make flash BOARD=rpi DEV=/dev/sdX'"
	assert_match "$(make -s -C "$TOP" flash BOARD=rpi 2>&1 || true)" "no device"
}

test_flash_refuses_partition() {
	fake_disks
	assert_match "$(flash /dev/sdb1 || true)" 'is a part, not a whole disk; use the disk it belongs to'
}

test_flash_refuses_non_removable() {
	fake_disks
	assert_match "$(flash /dev/nvme0n1 || true)" 'is not a removable disk; refusing'
}

test_flash_refuses_mounted() {
	fake_disks
	assert_match "$(flash /dev/sdc || true)" 'is mounted \(/dev/sdc1 on /media/card\); unmount it first'
}

test_flash_refuses_root_disk() {
	fake_disks
	sed -i 's|^/dev/sda disk 0 0|/dev/sda disk 1 1|; s|^/dev/sda1 part 0 0 500G - - /|/dev/sda1 part 1 1 500G - - -|' disks
	assert_match "$(flash /dev/sda || true)" "holds the running system's root filesystem"
}

test_flash_refuses_unknown_and_non_block() {
	fake_disks
	assert_match "$(flash /dev/sdz || true)" 'lsblk does not know /dev/sdz'
	assert_match "$(LSBLK=$PWD/lsblk FINDMNT=$PWD/findmnt "$TOP/scripts/flash.sh" image /tmp 2>&1 || true)" \
		'is not a block device'
}

test_flash_needs_confirmation_without_force() {
	fake_disks
	assert_match "$(flash /dev/sdb </dev/null || true)" 'cannot ask for confirmation; rerun with FORCE=1'
}

test_flash_writes_a_good_target() {
	fake_disks
	# A regular file stands in for /dev/sdb: the fake lsblk reports it as such.
	sed -i "s|^/dev/sdb |$PWD/target |" disks
	: >target
	local out
	out=$(FORCE=1 flash "$PWD/target")
	assert_match "$out" "about to overwrite $PWD/target: 32G Card \(usb\)"
	cmp -s image target || fail "image not written"
}

test_flash_uses_bmaptool_with_the_bmap() {
	fake_disks
	fake_bmaptool
	good_target
	: >image.bmap
	local out
	out=$(BMAPTOOL=$PWD/bmaptool FORCE=1 flash "$PWD/target")
	assert_match "$out" "writing image to $PWD/target with bmaptool \(image.bmap\)"
	assert_eq "$(cat bmaptool.args)" "copy --bmap image.bmap image $PWD/target"
	cmp -s image target || fail "image not written"
}

test_flash_finds_the_bmap_of_a_compressed_image() {
	fake_disks
	fake_bmaptool
	good_target
	mv image sdcard.img
	: >sdcard.img.bmap
	xz -k sdcard.img
	IMAGE=$PWD/sdcard.img.xz BMAPTOOL=$PWD/bmaptool FORCE=1 flash "$PWD/target" >/dev/null
	assert_eq "$(cat bmaptool.args)" "copy --bmap $PWD/sdcard.img.bmap $PWD/sdcard.img.xz $PWD/target"
}

test_flash_without_a_bmap_says_so() {
	fake_disks
	fake_bmaptool
	good_target
	local out
	out=$(BMAPTOOL=$PWD/bmaptool FORCE=1 flash "$PWD/target")
	assert_match "$out" "no image.bmap next to the image; bmaptool writes every block"
	assert_eq "$(cat bmaptool.args)" "copy --nobmap image $PWD/target"
}

test_flash_falls_back_to_dd_without_bmaptool() {
	fake_disks
	good_target
	local out
	out=$(BMAPTOOL=$PWD/no-bmaptool FORCE=1 flash "$PWD/target")
	assert_match "$out" "bmaptool not found; falling back to dd, which writes every block and verifies nothing"
	assert_match "$out" "writing image to $PWD/target with dd: done"
	cmp -s image target || fail "image not written by dd"
	xz -k image
	: >target
	IMAGE=image.xz BMAPTOOL=$PWD/no-bmaptool FORCE=1 flash "$PWD/target" >/dev/null
	cmp -s image target || fail "image.xz not decompressed by dd"
}

test_flash_safety_checks_come_before_bmaptool() {
	fake_disks
	fake_bmaptool
	: >image.bmap
	assert_match "$(BMAPTOOL=$PWD/bmaptool FORCE=1 flash /dev/nvme0n1 || true)" 'is not a removable disk; refusing'
	[ ! -e bmaptool.args ] || fail "bmaptool ran although the checks refused the disk"
}

# The real bmaptool, when installed, takes the bmap sdcard.sh would write:
# an image with holes, mapped by 'bmaptool create', copied back identical.
test_flash_with_the_real_bmaptool() {
	command -v bmaptool >/dev/null || { echo "bmaptool not installed; nothing to check"; return 0; }
	fake_disks
	good_target
	truncate -s 8M sdcard.img
	dd if=image of=sdcard.img bs=4096 seek=300 conv=notrunc status=none
	bmaptool -q create -o sdcard.img.bmap sdcard.img
	local out
	out=$(IMAGE=sdcard.img FORCE=1 flash "$PWD/target")
	assert_match "$out" "with bmaptool \(sdcard.img.bmap\): done"
	cmp -s sdcard.img target || fail "bmaptool copy did not reproduce the image"
}
