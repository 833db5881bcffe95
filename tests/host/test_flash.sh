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
	LSBLK=$PWD/lsblk FINDMNT=$PWD/findmnt FLASH_ALLOW_FILE=1 "$TOP/scripts/flash.sh" image "$@" 2>&1
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
