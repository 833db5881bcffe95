# shellcheck shell=bash
# check-sdcard-inspect.sh -- check-sdcard.sh inspect: the checks of the
# image's bytes, no boot (partition table, downloads, FAT and ext4 files,
# config.txt, boot script, DTB names, kernels, uEnv.txt).  Each is a
# function for check-sdcard.sh's check NAME FUNCTION; sourced by it.

G=$PROTO_GUEST_DIR
ROOT_FILES="/init /sbin/init /bin/busybox /lib/ld-linux-armhf.so.3 /usr/lib/arm-linux-gnueabihf/libdrm.so.2 $G/run-tests.sh $G/run-tests-expect.sh $G/run-tests-files.sh $G/run-board.sh $G/protocol.sh $G/testlist.txt $G/nomap_kms_smoke $G/nomap_dumb_vmalloc $G/xfails/$XFAILS-fails.txt"

partition_table() {
	local dump
	dump=$(sfdisk -d "$IMAGE")
	grep -q "^label-id: 0x$DISK_ID\$" <<<"$dump" || { echo "wrong disk id"; return 1; }
	grep -q "^${IMAGE}1 : .*type=c, bootable$" <<<"$dump" || { echo "p1 not bootable FAT32 LBA"; return 1; }
	grep -q "^${IMAGE}2 : .*type=83$" <<<"$dump" || { echo "p2 not Linux"; return 1; }
	echo "$dump"
}

# fat_files -- what the FAT partition must hold.
fat_files() {
	local u f k
	echo bootcode.bin start.elf fixup.dat config.txt uEnv.txt boot.scr
	for k in $SD_KERNELS; do
		echo "${k#*:}"
	done
	for u in $UBOOTS; do
		u=${u#*:}
		echo "${u%%:*}"
	done
	for f in $DTBS; do
		echo "${f##*/}"
	done
}

fat_contents() {
	local listing f missing=0
	listing=$(mdir -b -i "$OUTDIR/p1.img" ::/)
	echo "$listing"
	grep -q "$PROTO_FAT_LABEL" <<<"$(mlabel -s -i "$OUTDIR/p1.img" ::)" || { echo "label is not $PROTO_FAT_LABEL"; missing=1; }
	for f in $(fat_files); do
		grep -qx "::/$f" <<<"$listing" || { echo "missing on FAT: $f"; missing=1; }
	done
	return "$missing"
}

config_txt() {
	mtype -i "$OUTDIR/p1.img" ::/config.txt >"$OUTDIR/config.txt"
	# The whole file: a later section can override any line (H13).
	diff "$TOP/boot/rpi/config.txt" "$OUTDIR/config.txt"
}

# The script inside boot.scr is boot/rpi/boot.cmd, and it loads what we ship.
# shellcheck disable=SC2016 # U-Boot variables, matched literally
boot_script() {
	local k
	mcopy -o -i "$OUTDIR/p1.img" ::/boot.scr "$OUTDIR/boot.scr"
	dumpimage -l "$OUTDIR/boot.scr"
	dumpimage -T script -p 0 -o "$OUTDIR/boot.cmd.raw" "$OUTDIR/boot.scr" >/dev/null
	# A script image is a multi-file image: dumpimage hands out its one file
	# with the size table in front (length, then 0: 8 bytes).
	tail -c +9 "$OUTDIR/boot.cmd.raw" >"$OUTDIR/boot.cmd"
	diff "$TOP/boot/rpi/boot.cmd" "$OUTDIR/boot.cmd"
	for k in $SD_KERNELS; do
		grep -q "setenv zimage ${k#*:}\$" "$OUTDIR/boot.cmd" || { echo "boot.cmd never loads ${k#*:}"; return 1; }
	done
	grep -q 'load .* ${kernel_addr_r} ${zimage}' "$OUTDIR/boot.cmd" &&
		grep -q 'load .* ${fdt_addr_r} ${fdtfile}' "$OUTDIR/boot.cmd" &&
		grep -q 'bootz ${kernel_addr_r} - ${fdt_addr_r}' "$OUTDIR/boot.cmd"
}

# ZIMAGE_MAGIC: the bytes at offset 0x24 of an ARM zImage.
ZIMAGE_MAGIC="18 28 6f 01"

# Both kernels are on the FAT, each an ARM zImage, and they differ (a base
# that is the patched kernel compares nothing).
kernels() {
	local k f bad=0 sums
	for k in $SD_KERNELS; do
		f=${k#*:}
		mcopy -o -i "$OUTDIR/p1.img" "::/$f" "$OUTDIR/$f" || { echo "no ${k%%:*} kernel $f on the FAT"; bad=1; continue; }
		[ "$(od -An -tx1 -j36 -N4 "$OUTDIR/$f" | xargs)" = "$ZIMAGE_MAGIC" ] ||
			{ echo "$f (the ${k%%:*} kernel) is not an ARM zImage"; bad=1; }
	done
	[ "$bad" = 0 ] || return 1
	sums=$(for k in $SD_KERNELS; do sha256sum <"$OUTDIR/${k#*:}"; done)
	[ "$(sort -u <<<"$sums" | wc -l)" = "$(wc -w <<<"$SD_KERNELS")" ] ||
		{ echo "the kernels ($SD_KERNELS) are not all different: build the base with scripts/build-base.sh rpi"; return 1; }
	ls -l "$OUTDIR"/zImage*
}

# uEnv.txt picks one of the kernels and has the lines boot.scr reads.
uenv_txt() {
	local k name names=""
	mtype -i "$OUTDIR/p1.img" ::/uEnv.txt >"$OUTDIR/uEnv.txt" || { echo "no uEnv.txt on the FAT"; return 1; }
	name=$(sed -n 's/^kernel=//p' "$OUTDIR/uEnv.txt" | tail -n 1)
	for k in $SD_KERNELS; do names="$names${k%%:*} "; done
	[[ -n $name && " $names" == *" $name "* ]] ||
		{ echo "uEnv.txt's kernel='$name' is not one of: $names"; return 1; }
	grep -q '^extra=' "$OUTDIR/uEnv.txt" || { echo "uEnv.txt has no extra= line"; return 1; }
	grep -q '^force_hdmi=' "$OUTDIR/uEnv.txt" || { echo "uEnv.txt has no force_hdmi= line"; return 1; }
}

# Every DTB we ship is a name the Pi U-Boot that boots it puts in fdtfile.
dtb_names() {
	local u ub names f bad=0
	for u in $UBOOTS; do
		ub=${u#*:} names=${u##*:}
		ub=${ub%%:*}
		mcopy -o -i "$OUTDIR/p1.img" "::/$ub" "$OUTDIR/$ub"
		for f in ${names//,/ }; do
			grep -qx "$f" <<<"$(strings "$OUTDIR/$ub")" || { echo "$ub does not know $f"; bad=1; }
			mcopy -o -i "$OUTDIR/p1.img" "::/$f" "$OUTDIR/$f"
			grep -q 'compatible = "raspberrypi' <<<"$(dtc -q -I dtb -O dts "$OUTDIR/$f")" ||
				{ echo "$f is not a Raspberry Pi DTB"; bad=1; }
		done
	done
	return "$bad"
}

# The downloads next to the image: SHA256SUMS holds, the bmap is for this
# image and bmaptool copies sdcard.img.xz back to the same bytes.
published() {
	local dir
	dir=$(dirname "$IMAGE")
	(cd "$dir" && sha256sum -c SHA256SUMS) || return 1
	rm -f "$OUTDIR/from-xz.img"
	bmaptool copy "$IMAGE.xz" "$OUTDIR/from-xz.img" || return 1
	cmp "$IMAGE" "$OUTDIR/from-xz.img" || return 1
	rm -f "$OUTDIR/from-xz.img"
}

ext4_contents() {
	local f bad=0
	for f in $ROOT_FILES; do
		grep -q '^Inode:' <<<"$(debugfs -R "stat $f" "$OUTDIR/p2.img" 2>/dev/null)" ||
			{ echo "missing on ext4: $f"; bad=1; }
	done
	debugfs -R "ls -l $PROTO_GUEST_DIR" "$OUTDIR/p2.img" 2>/dev/null
	grep -q 'Mode:  0755' <<<"$(debugfs -R "stat /init" "$OUTDIR/p2.img" 2>/dev/null)" ||
		{ echo "/init is not executable"; bad=1; }
	return "$bad"
}

inspect() {
	[ -f "$IMAGE" ] || die "no image at $IMAGE; run 'make sdcard BOARD=rpi' first"
	need sfdisk mdir mtype mcopy mlabel dumpimage debugfs dtc strings bmaptool od sha256sum
	check partition-table partition_table
	check published published
	part 1
	part 2
	check fat-contents fat_contents
	check config-txt config_txt
	check boot-script boot_script
	check dtb-names dtb_names
	check kernels kernels
	check uenv-txt uenv_txt
	check ext4-contents ext4_contents
}
