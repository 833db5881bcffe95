# shellcheck shell=bash
# make pi-update: the kernels and DTBs of a build onto a card's FAT
# (MNT= a directory standing for the mounted partition), nothing else
# touched, bad input refused before anything is written; DEV= has the
# checks of make flash (fake lsblk, from test_flash.sh).

PI_DTBS="bcm2836-rpi-2-b.dtb bcm2837-rpi-3-b.dtb bcm2837-rpi-3-b-plus.dtb"

# fake_build -- ./patched and ./base as make build/build-base leave them,
# and ./card, the FAT of a card make sdcard wrote (older kernels).
fake_build() {
	local f
	mkdir -p patched base card
	echo new-patched >patched/zImage
	echo new-base >base/zImage
	for f in $PI_DTBS; do echo "new $f" >"patched/$f"; echo "old $f" >"card/$f"; done
	echo old-patched >card/zImage
	echo old-base >card/zImage-base
	echo script >card/boot.scr
	echo kernel=patched >card/uEnv.txt
	echo arm_64bit=0 >card/config.txt
}

pi_update() {  # MNT, DEV, LSBLK... from the caller's environment
	KERNEL_DIR=$PWD/patched SDCARD_BASE_DIR=$PWD/base "$TOP/scripts/pi-update.sh" 2>&1
}

test_kernels_and_dtbs_are_copied_and_nothing_else() {
	fake_build
	local out
	out=$(MNT=card pi_update)
	assert_eq "$(cat card/zImage)" new-patched
	assert_eq "$(cat card/zImage-base)" new-base
	assert_eq "$(cat card/bcm2837-rpi-3-b.dtb)" "new bcm2837-rpi-3-b.dtb"
	assert_eq "$(cat card/config.txt card/uEnv.txt card/boot.scr)" "$(printf 'arm_64bit=0\nkernel=patched\nscript')"
	assert_match "$out" '5 files updated on card'
	[ -z "$(find card -name '*.tmp')" ] || fail "temporary files left on the card"
}

test_not_a_card_is_refused_and_nothing_written() {
	fake_build
	rm card/boot.scr
	local out
	out=$(MNT=card pi_update) && fail "a directory without boot.scr was updated"
	assert_match "$out" "no boot.scr and uEnv.txt: not the FAT of a card from 'make sdcard BOARD=rpi'"
	assert_eq "$(cat card/zImage)" old-patched
}

test_missing_build_is_a_clear_error_and_nothing_written() {
	fake_build
	rm patched/bcm2837-rpi-3-b-plus.dtb
	local out
	out=$(MNT=card pi_update) && fail "an incomplete build was copied"
	assert_match "$out" "no bcm2837-rpi-3-b-plus.dtb in .*patched; run 'make build BOARD=rpi' first"
	assert_eq "$(cat card/zImage)" old-patched
	rm patched/zImage
	out=$(MNT=card pi_update) && fail "no kernel, yet an update"
	assert_match "$out" "no kernel in .*patched"
}

test_missing_base_kernel_is_said_not_skipped_silently() {
	fake_build
	rm base/zImage
	local out
	out=$(MNT=card pi_update)
	assert_match "$out" "warning: no base kernel in .*: zImage-base on the card stays as it is"
	assert_eq "$(cat card/zImage-base)" old-base
	assert_eq "$(cat card/zImage)" new-patched
}

test_dev_gets_the_checks_of_make_flash() {
	# shellcheck source=tests/host/test_flash.sh
	. "$TOP/tests/host/test_flash.sh"
	fake_disks
	fake_build
	local out
	out=$(DEV=/dev/sda LSBLK=$PWD/lsblk FINDMNT=$PWD/findmnt FLASH_ALLOW_FILE=1 pi_update) && fail "a fixed disk was accepted"
	assert_match "$out" "/dev/sda is not a removable disk"
	out=$(DEV=/dev/sdc LSBLK=$PWD/lsblk FINDMNT=$PWD/findmnt FLASH_ALLOW_FILE=1 pi_update) && fail "a mounted card was accepted"
	assert_match "$out" "/dev/sdc is mounted"
	out=$(pi_update) && fail "no DEV and no MNT, yet it ran"
	assert_match "$out" "no card; run 'make pi-update DEV=/dev/sdX'"
}
