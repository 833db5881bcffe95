#!/usr/bin/env bash
# sdcard.sh [KERNEL_DIR [IMAGE]] -- build the Raspberry Pi 2/3 (32-bit) SD
# card image out/rpi/sdcard.img without root or loop mounts:
#   partition 1  FAT32 labelled PROTO_FAT_LABEL (igt-tests/protocol.sh): Pi firmware (Debian raspi-firmware),
#                config.txt, Debian u-boot-rpi (rpi_2, rpi_3_32b), boot.scr
#                (boot/rpi/boot.cmd via mkimage), uEnv.txt, the patched and
#                the base kernel (SD_KERNELS: zImage from KERNEL_DIR,
#                zImage-base from BASE_KERNEL_DIR) and the Pi DTBs
#   partition 2  ext4 "rootfs": the armhf test rootfs (busybox, libdrm, our
#                KMS tests, runner, bench, expectation files)
# Next to the image, for downloads and 'make flash' (publish-image.sh):
# IMAGE.xz, IMAGE.bmap (bmaptool create) and SHA256SUMS.
# Files are stamped with SOURCE_DATE_EPOCH and the identifiers are fixed, so
# the same inputs give the same image where the tools allow.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

KERNEL_DIR=${1:-$TOP/out/rpi}
# The base kernel (scripts/build-base.sh rpi); "" leaves it off (the U-Boot
# test on QEMU virt boots only the kernel it built).
BASE_KERNEL_DIR=${SDCARD_BASE_DIR-$TOP/out/base/rpi}
IMAGE=${2:-$TOP/out/rpi/sdcard.img}
WORK=$TOP/build/sdcard
EPOCH=${SOURCE_DATE_EPOCH:-946684800}
BOOT_MB=${BOOT_MB:-128}
# The Pi facts (DTBS, DISK_ID, UBOOTS) are in boards/rpi.sh.  SDCARD_DTBS
# overrides the DTBs put on the FAT ("" for the U-Boot test on QEMU virt),
# SDCARD_UENV the uEnv.txt (default boot/rpi/uEnv.txt).
board_load rpi
PI_DTBS=${SDCARD_DTBS-$DTBS}

# unpack PKG DIR -- a Debian package from the cache (downloaded once).
unpack() {
	local deb
	deb=$(SUITE=sid "$TOP/scripts/debfetch.sh" get "$1") ||
		die "cannot fetch $1 from Debian sid; check the network"
	mkdir -p "$2"
	dpkg-deb -x "$deb" "$2"
}

# kernel_source NAME -- the directory whose zImage is the kernel NAME of
# SD_KERNELS (empty: not on this image).
kernel_source() {
	case $1 in
	patched) printf '%s\n' "$KERNEL_DIR" ;;
	base) printf '%s\n' "$BASE_KERNEL_DIR" ;;
	*) die "boards/rpi.sh: SD_KERNELS names '$1'; sdcard.sh knows patched and base" ;;
	esac
}

boot_files() {
	local k dir b=$WORK/boot fw=$WORK/pkg/fw/usr/lib/raspi-firmware ub=$WORK/pkg/ub/usr/lib/u-boot f u
	rm -rf "$b" "$WORK/pkg"
	mkdir -p "$b"
	unpack raspi-firmware "$WORK/pkg/fw"
	unpack u-boot-rpi:armhf "$WORK/pkg/ub"
	# Firmware of the Pi 0-3 (start4*/fixup4* are the Pi 4's).
	for f in bootcode.bin start.elf start_x.elf start_cd.elf start_db.elf \
		fixup.dat fixup_x.dat fixup_cd.dat fixup_db.dat; do
		cp "$fw/$f" "$b/"
	done
	for u in $UBOOTS; do
		f=${u#*:}
		cp "$ub/${u%%:*}/u-boot.bin" "$b/${f%%:*}"
	done
	cp "$TOP/boot/rpi/config.txt" "$TOP/boot/rpi/boot.cmd" "$b/"
	cp "${SDCARD_UENV:-$TOP/boot/rpi/uEnv.txt}" "$b/uEnv.txt"
	SOURCE_DATE_EPOCH=$EPOCH mkimage -q -A arm -O linux -T script -C none -n "drm-nomap boot" \
		-d "$TOP/boot/rpi/boot.cmd" "$b/boot.scr" >/dev/null
	for k in $SD_KERNELS; do
		dir=$(kernel_source "${k%%:*}")
		[ -z "$dir" ] || cp "$dir/zImage" "$b/${k#*:}"
	done
	for f in $PI_DTBS; do
		cp "$KERNEL_DIR/${f##*/}" "$b/"
	done
}

root_files() {
	local r=$WORK/rootfs
	rm -rf "$r"
	cp -a "$TOP/build/rootfs-armhf" "$r"
}

stamp() {
	find "$1" -exec touch -h -d "@$EPOCH" {} +
}

# fat_image DIR IMG -- FAT32 with DIR's files, fixed volume id and times.
fat_image() {
	rm -f "$2"
	mkfs.vfat -C -F 32 -i "$DISK_ID" "$2" $((BOOT_MB * 1024)) >/dev/null
	# The label via mtools, which, unlike mkfs.vfat, dates it SOURCE_DATE_EPOCH.
	export SOURCE_DATE_EPOCH=$EPOCH
	mlabel -i "$2" "::$PROTO_FAT_LABEL"
	(cd "$1" && mcopy -i "$2" -s -m -p -Q ./* ::/)
}

# ext4_image DIR IMG -- ext4 with DIR's files, fixed UUID, seed and times.
ext4_image() {
	local mb
	mb=$(($(du -sm "$1" | cut -f1) + 64))
	rm -f "$2"
	E2FSPROGS_FAKE_TIME=$EPOCH mke2fs -q -t ext4 -L rootfs -d "$1" \
		-U "$DISK_ID-0000-4000-8000-000000000002" \
		-E "root_owner=0:0,hash_seed=$DISK_ID-0000-4000-8000-000000000003" \
		"$2" "${mb}M" >/dev/null
}

# assemble BOOT ROOT -- MBR with both partitions, 1 MiB aligned.
assemble() {
	local boot_sectors root_sectors
	boot_sectors=$(($(stat -c %s "$1") / 512))
	root_sectors=$(($(stat -c %s "$2") / 512))
	rm -f "$IMAGE"
	truncate -s $(((2048 + boot_sectors + root_sectors) * 512)) "$IMAGE"
	sfdisk -q "$IMAGE" <<-EOF
	label: dos
	label-id: 0x$DISK_ID
	start=2048, size=$boot_sectors, type=c, bootable
	start=$((2048 + boot_sectors)), size=$root_sectors, type=83
	EOF
	dd if="$1" of="$IMAGE" bs=512 seek=2048 conv=notrunc status=none
	dd if="$2" of="$IMAGE" bs=512 seek=$((2048 + boot_sectors)) conv=notrunc status=none
}

main() {
	need mkfs.vfat mcopy mke2fs sfdisk mkimage dpkg-deb
	[ -f "$KERNEL_DIR/zImage" ] || die "no kernel in $KERNEL_DIR; run 'make build BOARD=rpi' first"
	[ -z "$BASE_KERNEL_DIR" ] || [ -f "$BASE_KERNEL_DIR/zImage" ] ||
		die "no base kernel in $BASE_KERNEL_DIR; run 'scripts/build-base.sh rpi' first (make sdcard does)"
	[ -d "$TOP/build/rootfs-armhf" ] || die "no rootfs; run 'make rootfs' first"
	mkdir -p "$WORK" "$(dirname "$IMAGE")"
	boot_files
	root_files
	stamp "$WORK/boot"
	stamp "$WORK/rootfs"
	fat_image "$WORK/boot" "$WORK/boot.img"
	ext4_image "$WORK/rootfs" "$WORK/root.img"
	assemble "$WORK/boot.img" "$WORK/root.img"
	timed "compressing, mapping and summing the image" "$TOP/scripts/publish-image.sh" "$IMAGE"
	log "SD card image: ${IMAGE#"$TOP"/} ($(du -h --apparent-size "$IMAGE" | cut -f1), $(du -h "$IMAGE" | cut -f1) mapped); flash with 'make flash BOARD=rpi DEV=/dev/sdX'"
}

main "$@"
