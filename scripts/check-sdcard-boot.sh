# shellcheck shell=bash disable=SC2153 # IMAGE, OUTDIR: check-sdcard.sh's
# check-sdcard-boot.sh -- check-sdcard.sh raspi2b, cut and uboot: the image
# booted on QEMU (raspi2b with the image's kernels and DTB, U-Boot on virt),
# each boot watched with lib-qemu.sh's qemu_until.  Each is a function for
# check-sdcard.sh's check NAME FUNCTION; sourced by it.

# shellcheck source=scripts/lib-qemu.sh
. "$TOP/scripts/lib-qemu.sh"

# boot_log NAME PATTERN TIMEOUT QEMU... -- run QEMU until PATTERN shows in
# the serial log or TIMEOUT seconds pass; the log is kept in $OUTDIR.
boot_log() {
	local name=$1 pattern=$2 secs=$3 log=$OUTDIR/$1.log pid
	shift 3
	rm -f "$log"
	timeout "$secs" "$@" -nographic -monitor none -nic none -serial "file:$log" \
		</dev/null >/dev/null 2>"$OUTDIR/$name.qemu-stderr" &
	pid=$!
	qemu_until "$log" "$pid" "$secs" "$pattern" || true
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	cat "$OUTDIR/$name.qemu-stderr"
	echo "--- $name serial log (tail) ---"
	tail -n 25 "$log" | tr -d '\r'
	grep -q "$pattern" "$log"
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

# raspi2b_qemu IMG APPEND -- QEMU raspi2b booting raspi2b_files' kernel and
# DTB with the SD card IMG and the root on its partition 2, plus APPEND, as
# the array RASPI2B.
raspi2b_qemu() {
	RASPI2B=(qemu-system-arm -M raspi2b -m 1G -kernel "$OUTDIR/raspi2b-$ZIMAGE" -dtb "$OUTDIR/raspi2b.dtb"
		-drive "file=$1,if=sd,format=raw"
		-append "console=ttyAMA0,115200 root=PARTUUID=$DISK_ID-02 rootwait $2")
}

# raspi2b_boot NAME -- the kernel NAME of the image boots to our init.
raspi2b_boot() {
	local name=$1 log=$OUTDIR/raspi2b-$1.log
	padded_copy "$IMAGE" "$OUTDIR/raspi2b.img"
	raspi2b_files "$name" || return 1
	raspi2b_qemu "$OUTDIR/raspi2b.img" drmnomap.mode=probe
	boot_log "raspi2b-$name" "$PROTO_FINISHED" 240 "${RASPI2B[@]}" || return 1
	grep -q "$PROTO_INIT" "$log" || { echo "init not reached"; return 1; }
	proto_release "$log" | grep -q -- "$(suffix "$name")\$" ||
		{ echo "the $name kernel's uname -r ($(proto_release "$log")) does not end in $(suffix "$name")"; return 1; }
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
	local log=$OUTDIR/cut-run.log n pid
	padded_copy "$IMAGE" "$OUTDIR/cut-run.img"
	raspi2b_files patched || return 1
	raspi2b_qemu "$OUTDIR/cut-run.img" "kmstest=1 drmnomap.watchdog=0"
	rm -f "$log"
	# QEMU itself in the background (not under timeout, which cannot pass
	# SIGKILL on): qemu_until is the timeout.
	"${RASPI2B[@]}" -nographic -monitor none -nic none -serial "file:$log" \
		</dev/null >/dev/null 2>"$OUTDIR/cut-run.qemu-stderr" &
	pid=$!
	qemu_until "$log" "$pid" 300 "$PROTO_RESULT" "$CUT_AFTER" || true
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	n=$(log_count "$log" "$PROTO_RESULT")
	[ "$n" -ge "$CUT_AFTER" ] || { echo "only $n results on the console before QEMU stopped"; tail -n 20 "$log"; return 1; }
	cut_run_judged
}

# cut_run_judged -- the cut run's card: its results so far are there, and
# board-results fails the run, saying where it stopped.
cut_run_judged() {
	local first out
	part 1 "$OUTDIR/cut-run.img" "$OUTDIR/cut-run-p1.img" || return 1
	rm -rf "$OUTDIR/cut-run-results"
	mkdir -p "$OUTDIR/cut-run-results"
	# A killed board leaves its FAT unclean; mtools says so and copies what it can.
	mcopy -n -s -i "$OUTDIR/cut-run-p1.img" "::/$PROTO_RUNS" "$OUTDIR/cut-run-results/" 2>&1 || true
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
