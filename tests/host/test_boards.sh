# shellcheck shell=bash
# Board facts live in boards/<name>.sh (scripts/board.sh): the Makefile, the
# scripts and the Pi boot files agree with them.

# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

test_every_board_file_is_complete() {
	local b
	for b in $BOARDS; do
		board_load "$b"
		[[ -n $KARCH && -n $DEFCONFIG && -n $TARGETS ]] || fail "boards/$b.sh lacks KARCH, DEFCONFIG or TARGETS"
		[[ $KIND == boot || $KIND == compile ]] || fail "boards/$b.sh: KIND '$KIND' is neither boot nor compile"
		[ -s "$TOP/configs/$b.config" ] || fail "configs/$b.config missing for boards/$b.sh"
		[[ -z $QEMU_ARGS || (-n $QEMU_DTB && -n $CONSOLE) ]] ||
			fail "boards/$b.sh: QEMU_ARGS needs QEMU_DTB and CONSOLE"
	done
}

test_board_load_leaves_nothing_from_the_last_board() {
	board_load rpi
	board_load qemu-vexpress
	assert_eq "${DTBS:-}${DISK_ID:-}${UBOOTS:-}" ""
	# shellcheck source=/dev/null
	assert_eq "$OUR_DTS" "$(. "$TOP/boards/qemu-vexpress.sh" && echo "$OUR_DTS")"
}

test_make_and_scripts_list_the_same_boards() {
	assert_match "$(make -s -C "$TOP" help | sed -n 1p)" "\\(boards: $BOARDS; default qemu-vexpress\\)"
	local out
	out=$("$TOP/scripts/build-kernel.sh" nosuchboard 2>&1 || true)
	assert_match "$out" "choose one of: $BOARDS\$"
	out=$(make -s -C "$TOP" BOARD=nosuchboard build 2>&1 || true)
	assert_match "$out" "choose one of: $BOARDS"
}

# A copy of the Makefile and scripts with one more board file: make and
# board_load know it, nothing else was edited.
test_adding_a_board_is_one_file_and_its_config() {
	mkdir top
	cp -r "$TOP/Makefile" "$TOP/scripts" "$TOP/boards" top/
	mkdir -p top/igt-tests && cp "$TOP/igt-tests/protocol.sh" top/igt-tests/
	mkdir top/configs
	cat >top/boards/newboard.sh <<-'EOF'
	KARCH=riscv
	CROSS=riscv64-linux-gnu-
	DEFCONFIG=defconfig
	KIND=compile
	TARGETS="$DRM_OBJS"
	EOF
	printf 'CONFIG_DRM=y\n' >top/configs/newboard.config
	assert_match "$(make -s -C top help | sed -n 1p)" 'boards: .*newboard'
	make -s -C top BOARD=newboard help >/dev/null
	assert_eq "$(bash -c '. top/scripts/lib.sh; . top/scripts/board.sh; board_load newboard; echo "$KARCH $FRAGMENTS $TARGETS"')" \
		"riscv configs/newboard.config $DRM_OBJS"
	assert_match "$(top/scripts/run-qemu.sh newboard test 2>&1 || true)" 'cannot be booted in QEMU here; boards that boot: qemu-nuri qemu-vexpress'
}

# boot.cmd is U-Boot script and cannot source boards/rpi.sh: it must agree.
test_pi_boot_files_agree_with_boards_rpi() {
	board_load rpi
	local cmd=$TOP/boot/rpi/boot.cmd cfg=$TOP/boot/rpi/config.txt u file dtbs f
	grep -q "root=PARTUUID=$DISK_ID-02 " "$cmd" || fail "boot.cmd's root= is not PARTUUID=$DISK_ID-02"
	for u in $UBOOTS; do
		file=${u#*:} dtbs=${u##*:}
		file=${file%%:*}
		grep -qx "kernel=$file" "$cfg" || fail "config.txt does not start $file"
		[[ $u != rpi_3* ]] && continue
		for f in ${dtbs//,/ }; do
			grep -q "test \"\${fdtfile}\" = $f" "$cmd" || fail "boot.cmd does not give $f the Pi 3 console"
		done
	done
	for f in $DTBS; do
		grep -q "${f##*/}" <<<"$UBOOTS" || fail "no U-Boot in UBOOTS boots $f"
	done
	grep -q "drmnomap.driver=$DRIVER drmnomap.xfails=$XFAILS\"" "$cmd" ||
		fail "boot.cmd's drmnomap.driver/xfails differ from boards/rpi.sh"
}

# shellcheck disable=SC2016 # U-Boot variables, matched literally
test_force_hdmi_reaches_the_command_line() {
	local cmd=$TOP/boot/rpi/boot.cmd
	grep -qx 'force_hdmi=' "$TOP/boot/rpi/uEnv.txt" || fail "uEnv.txt does not offer force_hdmi="
	grep -qx '#force_hdmi=1920x1080@60' "$TOP/boot/rpi/uEnv.txt" || fail "uEnv.txt has no force_hdmi example"
	# Cleared before uEnv.txt is imported, turned into video=...e after.
	assert_eq "$(grep -n 'setenv force_hdmi$\|env import\|video=HDMI-A-1:${force_hdmi}e' "$cmd" | cut -d: -f2- | sed 's/^\t*//')" \
		"$(printf '%s\n' 'setenv force_hdmi' 'env import -t ${scriptaddr} ${filesize}' \
			'setenv bootargs "${bootargs} video=HDMI-A-1:${force_hdmi}e"')"
	grep -q 'force_hdmi=' "$TOP/README.md" || fail "README does not document force_hdmi="
}
