# shellcheck shell=bash
# scripts/check-sdcard.sh: every check of the image can fail.

SDCARD_CHECKS="partition-table:partition_table fat-contents:fat_contents config-txt:config_txt
boot-script:boot_script dtb-names:dtb_names ext4-contents:ext4_contents"

# stub_tools STATUS -- the image tools check-sdcard uses, all exiting STATUS.
stub_tools() {
	local t
	mkdir -p stubs
	for t in sfdisk mdir mtype mcopy mlabel dumpimage debugfs dtc strings; do
		printf '#!/bin/sh\nexit %s\n' "$1" >"stubs/$t"
		chmod +x "stubs/$t"
	done
}

# sdcard_check NAME FUNCTION -- run one check of check-sdcard.sh here.
sdcard_check() {
	# shellcheck disable=SC2030,SC2031 # the sourced script's globals stay in here
	(
		# shellcheck source=scripts/check-sdcard.sh
		. "$TOP/scripts/check-sdcard.sh"
		OUTDIR=$PWD/out RESULTS=$PWD/out/results.txt IMAGE=$PWD/none.img
		mkdir -p "$OUTDIR"
		PATH=$PWD/stubs:$PATH check "$1" "$2"
	) 2>/dev/null
}

test_every_check_fails_when_its_tools_fail() {
	stub_tools 1
	local c
	for c in $SDCARD_CHECKS; do
		assert_eq "$(sdcard_check "${c%%:*}" "${c#*:}")" "FAIL sdcard@${c%%:*}"
	done
}

# The audit's case: a boot.scr whose script differs from boot/rpi/boot.cmd
# but still has the three lines the last grep looks for.
# shellcheck disable=SC2031 # TOP is only changed inside sdcard_check
test_boot_script_differing_from_boot_cmd_fails() {
	stub_tools 0
	# shellcheck disable=SC2016
	printf '#!/bin/sh\nwhile [ $# -gt 1 ]; do [ "$1" = -o ] && cp "%s" "$2"; shift; done\nexit 0\n' \
		"$PWD/other.cmd" >stubs/dumpimage
	# shellcheck disable=SC2016 # U-Boot syntax
	{ cat "$TOP/boot/rpi/boot.cmd"; echo 'setenv bootargs ${bootargs} init=/bin/sh'; } >other.cmd
	assert_eq "$(sdcard_check boot-script boot_script)" "FAIL sdcard@boot-script"
	cp "$TOP/boot/rpi/boot.cmd" other.cmd
	assert_eq "$(sdcard_check boot-script boot_script)" "PASS sdcard@boot-script"
}
