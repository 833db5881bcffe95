#!/usr/bin/env bash
# check-sdcard.sh [inspect|raspi2b|cut|uboot|all] -- prove the SD card image:
#   inspect  partition table, the downloads (SHA256SUMS, .img.xz through
#            bmaptool with the .bmap), FAT contents (mdir), config.txt, the boot
#            script decompiled, DTB names against U-Boot's fdtfile list,
#            both kernels (SD_KERNELS: zImages, not the same one), uEnv.txt
#            (kernel= one of them), ext4 contents (debugfs): everything
#            firmware, U-Boot and init need
#   raspi2b  each kernel of the image (patched and base) boots on QEMU
#            raspi2b with the bcm2836-rpi-2-b DTB (-kernel/-dtb) from the
#            image to our init, its uname -r ending in LOCALVERSION_PATCHED
#            or LOCALVERSION_BASE; vc4 registers and defers (QEMU has no
#            HVS), nothing crashes
#   cut      a kmstest=1 run on raspi2b killed after CUT_AFTER results: the
#            card holds them, and board-results fails the run, naming the
#            entries without a result
#   uboot    Debian's u-boot-qemu (qemu_arm) on QEMU virt runs boot.scr from
#            a disk image built by sdcard.sh and boots a kernel built for
#            virt (BOARD=qemu-virt) to the rootfs's init; its uEnv.txt
#            sets force_hdmi=, which must reach the kernel as video=
# Prints "PASS|FAIL sdcard@..." lines and the serial logs' tails; exits
# non-zero on a failure.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

IMAGE=$TOP/out/rpi/sdcard.img
OUTDIR=$TOP/out/rpi/check
RESULTS=$OUTDIR/results.txt
# The Pi facts (DTBS, DISK_ID, UBOOTS "DIR:FILE:DTB,...") are in boards/rpi.sh.
board_load rpi
G=$PROTO_GUEST_DIR
ROOT_FILES="/init /sbin/init /bin/busybox /lib/ld-linux-armhf.so.3 /usr/lib/arm-linux-gnueabihf/libdrm.so.2 $G/run-tests.sh $G/run-board.sh $G/protocol.sh $G/testlist.txt $G/nomap_kms_smoke $G/nomap_dumb_vmalloc $G/xfails/$XFAILS-fails.txt"

# check NAME FUNCTION -- one PASS|FAIL line.  FUNCTION runs as a background
# job, so errexit stays in force inside it (in an "if", bash turns it off
# and only a check's last command would count).
check() {
	local name=$1 rc=0
	shift
	(set -e; "$@") >"$OUTDIR/$name.out" 2>&1 &
	wait $! || rc=$?
	if [ "$rc" = 0 ]; then
		echo "PASS sdcard@$name" | tee -a "$RESULTS"
	else
		sed 's/^/  /' "$OUTDIR/$name.out" >&2
		echo "FAIL sdcard@$name" | tee -a "$RESULTS"
	fi
}

# part N -- extract partition N of the image to $OUTDIR/pN.img.
part() {
	local img=${2:-$IMAGE} dest=${3:-$OUTDIR/p$1.img} start size
	read -r start size < <(sfdisk -d "$img" | sed -n "s|^$img$1 : start= *\([0-9]*\), size= *\([0-9]*\).*|\1 \2|p")
	[ -n "${start:-}" ] || { echo "no partition $1 in $img"; return 1; }
	dd if="$img" of="$dest" bs=512 skip="$start" count="$size" status=none
}

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

# boot_log NAME PATTERN TIMEOUT QEMU... -- run QEMU until PATTERN shows in
# the serial log or TIMEOUT seconds pass; the log is kept in $OUTDIR.
boot_log() {
	local name=$1 pattern=$2 secs=$3 log=$OUTDIR/$1.log
	shift 3
	rm -f "$log"
	timeout "$secs" "$@" -nographic -monitor none -nic none -serial "file:$log" \
		</dev/null >/dev/null 2>"$OUTDIR/$name.qemu-stderr" &
	local pid=$! deadline=$((SECONDS + secs))
	while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$pid" 2>/dev/null; do
		grep -q "$pattern" "$log" 2>/dev/null && break
		sleep 1
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	cat "$OUTDIR/$name.qemu-stderr"
	echo "--- $name serial log (tail) ---"
	tail -n 25 "$log" | tr -d '\r'
	grep -q "$pattern" "$log"
}

# release_of_boot LOG -- the uname -r init printed in LOG.
release_of_boot() {
	tr -d '\r' <"$1" | sed -n "s/^.*$PROTO_INIT (\\(.*\\))\$/\\1/p" | head -n 1
}

# QEMU's SD card model needs a power-of-two size.
padded_copy() {
	local size=1
	cp "$1" "$2"
	while [ "$size" -lt "$(stat -c %s "$2")" ]; do size=$((size * 2)); done
	truncate -s "$size" "$2"
}

# suffix NAME -- the release suffix of the kernel NAME of SD_KERNELS.
suffix() {
	case $1 in
	base) printf '%s\n' "$LOCALVERSION_BASE" ;;
	*) printf '%s\n' "$LOCALVERSION_PATCHED" ;;
	esac
}

# raspi2b_files NAME -- the zImage of the image's kernel NAME (SD_KERNELS)
# as $OUTDIR/raspi2b-FILE, its file name in ZIMAGE, and the bcm2836-rpi-2-b
# DTB as $OUTDIR/raspi2b.dtb, from the FAT (partition 1 extracted).
raspi2b_files() {
	local k
	ZIMAGE=""
	for k in $SD_KERNELS; do [ "${k%%:*}" != "$1" ] || ZIMAGE=${k#*:}; done
	mcopy -o -i "$OUTDIR/p1.img" "::/$ZIMAGE" "$OUTDIR/raspi2b-$ZIMAGE" || { echo "no $ZIMAGE on the FAT"; return 1; }
	mcopy -o -i "$OUTDIR/p1.img" ::/bcm2836-rpi-2-b.dtb "$OUTDIR/raspi2b.dtb" || { echo "no bcm2836-rpi-2-b.dtb on the FAT"; return 1; }
}

# raspi2b_boot NAME -- the kernel NAME of the image boots to our init.
raspi2b_boot() {
	local name=$1
	padded_copy "$IMAGE" "$OUTDIR/raspi2b.img"
	raspi2b_files "$name" || return 1
	boot_log "raspi2b-$name" "$PROTO_FINISHED" 240 \
		qemu-system-arm -M raspi2b -m 1G -kernel "$OUTDIR/raspi2b-$ZIMAGE" \
		-dtb "$OUTDIR/raspi2b.dtb" \
		-drive "file=$OUTDIR/raspi2b.img,if=sd,format=raw" \
		-append "console=ttyAMA0,115200 root=PARTUUID=$DISK_ID-02 rootwait drmnomap.mode=probe" || return 1
	local log=$OUTDIR/raspi2b-$name.log
	grep -q "$PROTO_INIT" "$log" || { echo "init not reached"; return 1; }
	release_of_boot "$log" | grep -q -- "$(suffix "$name")\$" ||
		{ echo "the $name kernel's uname -r ($(release_of_boot "$log")) does not end in $(suffix "$name")"; return 1; }
	grep -qF "$PROTO_DRIVER vc4-drm registered" "$log" ||
		{ echo "the vc4 driver did not register"; return 1; }
	grep -qE "$PROTO_DEFERRED .*\\.(hdmi|vec|v3d|hvs)" "$log" ||
		{ echo "no vc4 component (hdmi, vec, v3d, hvs) is deferring"; return 1; }
	! grep -qE "$PROTO_KERNEL_BAD" "$log" || { echo "the kernel crashed or warned"; return 1; }
}

# raspi2b_boots -- boot each kernel of the image (partition 1 extracted).
raspi2b_boots() {
	local k
	[ -f "$IMAGE" ] || die "no image at $IMAGE; run 'make sdcard BOARD=rpi' first"
	part 1
	for k in $SD_KERNELS; do
		check "raspi2b-boot-${k%%:*}" raspi2b_boot "${k%%:*}"
	done
}

# Results a cut run has on the card before QEMU is killed.
CUT_AFTER=4

# cut_run -- a kmstest=1 run of the patched kernel on raspi2b, killed
# (SIGKILL, as a hang or a pulled plug stops a board) once CUT_AFTER
# results are on the console: the card must hold the results so far, and
# board-results must fail the run, naming the entries without a result.
# QEMU's raspi2b resets as soon as the watchdog is armed: drmnomap.watchdog=0.
cut_run() {
	local log=$OUTDIR/cut-run.log n=0 pid deadline out
	padded_copy "$IMAGE" "$OUTDIR/cut-run.img"
	raspi2b_files patched || return 1
	rm -f "$log"
	# QEMU itself in the background (not under timeout, which cannot pass
	# SIGKILL on): the loop below is the timeout.
	qemu-system-arm -M raspi2b -m 1G -kernel "$OUTDIR/raspi2b-$ZIMAGE" -dtb "$OUTDIR/raspi2b.dtb" \
		-drive "file=$OUTDIR/cut-run.img,if=sd,format=raw" \
		-append "console=ttyAMA0,115200 root=PARTUUID=$DISK_ID-02 rootwait kmstest=1 drmnomap.watchdog=0" \
		-nographic -monitor none -nic none -serial "file:$log" </dev/null >/dev/null 2>"$OUTDIR/cut-run.qemu-stderr" &
	pid=$! deadline=$((SECONDS + 300))
	while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$pid" 2>/dev/null; do
		n=$(grep -c "$PROTO_RESULT" "$log" 2>/dev/null || true)
		[ "${n:-0}" -lt "$CUT_AFTER" ] || break
		sleep 1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	[ "${n:-0}" -ge "$CUT_AFTER" ] || { echo "only ${n:-0} results on the console before QEMU stopped"; tail -n 20 "$log"; return 1; }
	part 1 "$OUTDIR/cut-run.img" "$OUTDIR/cut-run-p1.img" || return 1
	rm -rf "$OUTDIR/cut-run-results"
	mkdir -p "$OUTDIR/cut-run-results"
	# A killed board leaves its FAT unclean; mtools says so and copies what it can.
	mcopy -n -s -i "$OUTDIR/cut-run-p1.img" "::/$PROTO_RUNS" "$OUTDIR/cut-run-results/" 2>&1 || true
	local first
	first=$PROTO_RUNS/$(proto_run_name 1)/$PROTO_RUN_RESULTS
	[ -s "$OUTDIR/cut-run-results/$first" ] ||
		{ echo "no results of the cut run on the card ($first)"; return 1; }
	echo "results on the card: $(grep -c . "$OUTDIR/cut-run-results/$first") lines"
	if out=$("$TOP/scripts/board-results.sh" "$OUTDIR/cut-run-results/$PROTO_RUNS" 2>&1); then
		printf '%s\n' "$out" | tail -n 5
		echo "board-results passed a run that was cut"
		return 1
	fi
	printf '%s\n' "$out" | grep -E 'stopped during|no result line' | head -n 3
	grep -q 'stopped during' <<<"$out" || { echo "board-results does not say where the run stopped"; return 1; }
	grep -q 'no result line' <<<"$out" || { echo "board-results does not fail the entries without a result"; return 1; }
}

uboot_boot() {
	local uboot
	uboot=$(SUITE=sid "$TOP/scripts/debfetch.sh" get u-boot-qemu) || die "cannot fetch u-boot-qemu"
	rm -rf "$OUTDIR/u-boot-qemu"
	dpkg-deb -x "$uboot" "$OUTDIR/u-boot-qemu"
	"$TOP/scripts/build-kernel.sh" qemu-virt >"$OUTDIR/qemu-virt-build.log" 2>&1 ||
		{ tail -n 20 "$OUTDIR/qemu-virt-build.log"; return 1; }
	# uEnv.txt as a headless farm sets it: boot.scr must turn it into video=.
	printf 'extra=\nforce_hdmi=1024x768@60\n' >"$OUTDIR/virt-uEnv.txt"
	SDCARD_DTBS="" SDCARD_BASE_DIR="" SDCARD_UENV=$OUTDIR/virt-uEnv.txt \
		"$TOP/scripts/sdcard.sh" "$TOP/out/qemu-virt" "$OUTDIR/virt.img" >/dev/null
	boot_log uboot "$PROTO_INIT" 240 \
		qemu-system-arm -M virt -cpu cortex-a15 -m 1G \
		-bios "$OUTDIR/u-boot-qemu/usr/lib/u-boot/qemu_arm/u-boot.bin" \
		-drive "if=none,file=$OUTDIR/virt.img,format=raw,id=d0" \
		-device virtio-blk-device,drive=d0 || return 1
	grep -qF "$PROTO_UBOOT zImage" "$OUTDIR/uboot.log" ||
		{ echo "U-Boot did not run our boot.scr"; return 1; }
	grep -q 'Kernel command line:.* video=HDMI-A-1:1024x768@60e' "$OUTDIR/uboot.log" ||
		{ echo "force_hdmi= in uEnv.txt did not become video=HDMI-A-1:1024x768@60e"; return 1; }
}

main() {
	mkdir -p "$OUTDIR"
	: >"$RESULTS"
	rm -f "$OUTDIR"/*.out   # an earlier run's check output must not show
	case ${1:-all} in
	inspect) inspect ;;
	raspi2b) raspi2b_boots ;;
	uboot) check uboot-boot uboot_boot ;;
	cut) part 1 && check cut-run cut_run ;;
	all)
		inspect
		raspi2b_boots
		check cut-run cut_run
		check uboot-boot uboot_boot
		;;
	*) die "usage: $PROG [inspect|raspi2b|uboot|cut|all]" ;;
	esac
	cat "$OUTDIR"/raspi2b-boot-*.out "$OUTDIR"/cut-run.out "$OUTDIR"/uboot-boot.out 2>/dev/null || true
	summarize "$RESULTS"
}

# Sourced by the host tests for its checks; run otherwise.
[ "${BASH_SOURCE[0]}" != "$0" ] || main "$@"
