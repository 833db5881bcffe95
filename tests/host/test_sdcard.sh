# shellcheck shell=bash disable=SC2031 # TOP is only changed inside the subshells that source check-sdcard.sh
# scripts/check-sdcard.sh: every check of the image can fail.

SDCARD_CHECKS="partition-table:partition_table fat-contents:fat_contents config-txt:config_txt
boot-script:boot_script dtb-names:dtb_names kernels:kernels uenv-txt:uenv_txt
ext4-contents:ext4_contents cut-run:cut_run"

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

# script_file SCRIPT -- what dumpimage -T script -p 0 writes for SCRIPT: the
# multi-file size table (big-endian length, then 0) and the script.
script_file() {
	local n
	n=$(wc -c <"$1")
	# shellcheck disable=SC2059 # the format is the octal escapes
	printf "$(printf '\\%03o' $((n >> 24 & 255)) $((n >> 16 & 255)) $((n >> 8 & 255)) $((n & 255)))"
	printf '\0\0\0\0'
	cat "$1"
}

# The audit's case: a boot.scr whose script differs from boot/rpi/boot.cmd
# but still has the three lines the last grep looks for.
# shellcheck disable=SC2031 # TOP is only changed inside sdcard_check
test_boot_script_differing_from_boot_cmd_fails() {
	stub_tools 0
	# shellcheck disable=SC2016
	printf '#!/bin/sh\nwhile [ $# -gt 1 ]; do [ "$1" = -o ] && cp "%s" "$2"; shift; done\nexit 0\n' \
		"$PWD/other.raw" >stubs/dumpimage
	# shellcheck disable=SC2016 # U-Boot syntax
	{ cat "$TOP/boot/rpi/boot.cmd"; echo 'setenv bootargs ${bootargs} init=/bin/sh'; } >other.cmd
	script_file other.cmd >other.raw
	assert_eq "$(sdcard_check boot-script boot_script)" "FAIL sdcard@boot-script"
	script_file "$TOP/boot/rpi/boot.cmd" >other.raw
	assert_eq "$(sdcard_check boot-script boot_script)" "PASS sdcard@boot-script"
	# Without the size table (the script as it is), the check fails too.
	cp "$TOP/boot/rpi/boot.cmd" other.raw
	assert_eq "$(sdcard_check boot-script boot_script)" "FAIL sdcard@boot-script"
}

# fat_stubs -- mcopy and mtype serve the files of ./fat as the FAT partition.
fat_stubs() {
	stub_tools 0
	mkdir -p fat
	# shellcheck disable=SC2016 # expanded by the stubs
	printf '#!/bin/sh\nfor a; do src=$dst; dst=$a; done\ncp "%s/${src#::/}" "$dst"\n' "$PWD/fat" >stubs/mcopy
	# shellcheck disable=SC2016
	printf '#!/bin/sh\nfor a; do f=$a; done\ncat "%s/${f#::/}"\n' "$PWD/fat" >stubs/mtype
	chmod +x stubs/mcopy stubs/mtype
}

# fake_zimage FILE TEXT -- an ARM zImage header (magic at 0x24), then TEXT.
fake_zimage() {
	{ head -c 36 /dev/zero; printf '\030\050\157\001'; echo "$2"; } >"$1"
}

test_both_kernels_must_be_zimages_and_differ() {
	fat_stubs
	fake_zimage fat/zImage patched
	fake_zimage fat/zImage-base base
	assert_eq "$(sdcard_check kernels kernels)" "PASS sdcard@kernels"
	cp fat/zImage fat/zImage-base
	assert_eq "$(sdcard_check kernels kernels)" "FAIL sdcard@kernels"
	rm fat/zImage-base
	assert_eq "$(sdcard_check kernels kernels)" "FAIL sdcard@kernels"
	echo 'not a kernel' >fat/zImage-base
	assert_eq "$(sdcard_check kernels kernels)" "FAIL sdcard@kernels"
}

test_uenv_txt_must_pick_a_kernel_of_the_image() {
	fat_stubs
	cp "$TOP/boot/rpi/uEnv.txt" fat/uEnv.txt
	assert_eq "$(sdcard_check uenv-txt uenv_txt)" "PASS sdcard@uenv-txt"
	sed -i 's/^kernel=.*/kernel=other/' fat/uEnv.txt
	assert_eq "$(sdcard_check uenv-txt uenv_txt)" "FAIL sdcard@uenv-txt"
	sed -i '/^kernel=/d' fat/uEnv.txt
	assert_eq "$(sdcard_check uenv-txt uenv_txt)" "FAIL sdcard@uenv-txt"
	sed '/^force_hdmi=/d' "$TOP/boot/rpi/uEnv.txt" >fat/uEnv.txt
	assert_eq "$(sdcard_check uenv-txt uenv_txt)" "FAIL sdcard@uenv-txt"
}

# boot.cmd (U-Boot script) cannot read boards/rpi.sh: it must load every
# kernel of SD_KERNELS, default to the first, and its comments and
# uEnv.txt's must name the releases lib.sh builds.
test_boot_cmd_and_uenv_agree_with_sd_kernels() {
	# shellcheck source=scripts/board.sh
	. "$TOP/scripts/board.sh"
	board_load rpi
	local cmd=$TOP/boot/rpi/boot.cmd uenv=$TOP/boot/rpi/uEnv.txt k first=${SD_KERNELS%% *}
	for k in $SD_KERNELS; do
		grep -q "setenv zimage ${k#*:}\$" "$cmd" || fail "boot.cmd never loads ${k#*:}"
		[ "$k" = "$first" ] || grep -q "test \"\${kernel}\" = ${k%%:*}; then" "$cmd" ||
			fail "boot.cmd does not pick ${k%%:*} for kernel=${k%%:*}"
	done
	grep -qx "setenv kernel ${first%%:*}" "$cmd" || fail "boot.cmd's default is not ${first%%:*}"
	grep -qx "kernel=${first%%:*}" "$uenv" || fail "uEnv.txt's kernel= is not ${first%%:*}"
	for f in "$cmd" "$uenv"; do
		grep -q -- "$LOCALVERSION_BASE" "$f" || fail "${f#"$TOP"/} does not name the base release $LOCALVERSION_BASE"
	done
	grep -q ' panic=[0-9]' "$cmd" || fail "boot.cmd's command line has no panic=: a crashed Pi would not reboot"
}

# The raspi2b boot judges uname -r: a kernel with the other release fails.
test_raspi2b_boot_checks_the_kernel_release() {
	# shellcheck source=scripts/check-sdcard.sh
	( . "$TOP/scripts/check-sdcard.sh"
	  printf 'x\r\n%s (7.2.13%s)\r\n' "$PROTO_INIT" "$LOCALVERSION_BASE" >log
	  assert_eq "$(proto_release log)" "7.2.13$LOCALVERSION_BASE"
	  proto_release log | grep -q -- "$(suffix base)\$" || fail "base release not recognised"
	  if proto_release log | grep -q -- "$(suffix patched)\$"; then fail "the base release passed as patched"; fi )
}


# H13, the audit's SD1: a config.txt that has every line the old greps
# wanted, then an [all] section that boots a 64-bit kernel without U-Boot.
test_h13_config_txt_with_overrides_fails() {
	fat_stubs
	{ cat "$TOP/boot/rpi/config.txt"; printf '[all]\nkernel=zImage\narm_64bit=1\n'; } >fat/config.txt
	assert_eq "$(sdcard_check config-txt config_txt)" "FAIL sdcard@config-txt"
	cp "$TOP/boot/rpi/config.txt" fat/config.txt
	assert_eq "$(sdcard_check config-txt config_txt)" "PASS sdcard@config-txt"
}

# The boots wait on lib-qemu.sh's qemu_until: boot_log stops QEMU once the
# marker shows and keeps the log; without the marker it fails.
test_boot_log_waits_for_the_marker() {
	cat >fakeqemu <<-'EOF2'
	#!/bin/bash
	while [ $# -gt 0 ]; do [ "$1" != -serial ] || log=${2#file:}; shift; done
	printf 'booting\r\n%s\r\n' "$FAKE_LINE" >>"$log"
	exec sleep 30
	EOF2
	chmod +x fakeqemu
	# shellcheck source=scripts/check-sdcard.sh
	( . "$TOP/scripts/check-sdcard.sh"
	  OUTDIR=$PWD/out
	  mkdir -p out
	  local start=$SECONDS
	  FAKE_LINE="$PROTO_INIT (x)" boot_log b "$PROTO_INIT" 20 ./fakeqemu >/dev/null || fail "marker not seen"
	  [ $((SECONDS - start)) -lt 10 ] || fail "QEMU was not stopped at the marker"
	  assert_match "$(cat out/b.log)" "$PROTO_INIT"
	  if FAKE_LINE=other boot_log b "$PROTO_INIT" 2 ./fakeqemu >/dev/null; then fail "passed without the marker"; fi )
}
