# shellcheck shell=bash disable=SC2034
# Board definitions.  Source after lib.sh, then call board_load BOARD.
#
#   KARCH       kernel ARCH=
#   CROSS       cross-compiler prefix
#   DEFCONFIG   upstream defconfig the fragments are merged onto
#   FRAGMENTS   configs/*.config merged in order (FRAGMENTS_EXTRA appends)
#   KIND        boot (build image + DTBs, can be booted) or compile (objects only)
#   TARGETS     kbuild targets
#   DTBS        upstream DTBs copied to out/<board>/
#   OUR_DTS     dts/<file>.dts compiled on top of the upstream sources
#   OBJ, OUT    build and output directories (BUILD_ROOT, OUT_ROOT override)

BOARDS="qemu-vexpress rpi multi_v7 arm64 x86_64 qemu-virt"

# Objects of the drivers the series touches, built by the compile-only boards.
DRM_OBJS="drivers/gpu/drm/drm_gem_dma_helper.o drivers/gpu/drm/drm_fb_dma_helper.o"

board_load() {
	BOARD=$1
	FRAGMENTS="configs/$BOARD.config"
	OUR_DTS=
	DTBS=
	case $BOARD in
	qemu-vexpress)
		KARCH=arm CROSS=arm-linux-gnueabihf- DEFCONFIG=vexpress_defconfig KIND=boot
		TARGETS="zImage"
		OUR_DTS="qemu-vexpress.dts qemu-vexpress-nol2.dts"
		;;
	rpi)
		KARCH=arm CROSS=arm-linux-gnueabihf- DEFCONFIG=bcm2835_defconfig KIND=boot
		DTBS="broadcom/bcm2836-rpi-2-b.dtb broadcom/bcm2837-rpi-3-b.dtb broadcom/bcm2837-rpi-3-b-plus.dtb"
		TARGETS="zImage $DTBS"
		;;
	qemu-virt)
		# allnoconfig: configs/qemu-virt.config is all there is.
		KARCH=arm CROSS=arm-linux-gnueabihf- DEFCONFIG=allnoconfig KIND=boot
		TARGETS="zImage"
		;;
	multi_v7)
		KARCH=arm CROSS=arm-linux-gnueabihf- DEFCONFIG=multi_v7_defconfig KIND=compile
		TARGETS="$DRM_OBJS drivers/gpu/drm/vc4/ drivers/gpu/drm/renesas/rcar-du/ drivers/gpu/drm/pl111/ drivers/gpu/drm/sti/"
		;;
	arm64)
		KARCH=arm64 CROSS=aarch64-linux-gnu- DEFCONFIG=defconfig KIND=compile
		TARGETS="$DRM_OBJS drivers/gpu/drm/adp/ drivers/gpu/drm/vc4/ drivers/gpu/drm/renesas/rcar-du/"
		;;
	x86_64)
		KARCH=x86 CROSS='' DEFCONFIG=x86_64_defconfig KIND=compile
		TARGETS="$DRM_OBJS drivers/gpu/drm/vc4/ drivers/gpu/drm/renesas/rcar-du/ drivers/gpu/drm/sti/ drivers/gpu/drm/pl111/ drivers/gpu/drm/tests/"
		;;
	*)
		die "unknown BOARD '$BOARD'; choose one of: $BOARDS"
		;;
	esac
	FRAGMENTS="$FRAGMENTS${FRAGMENTS_EXTRA:+ $FRAGMENTS_EXTRA}"
	OBJ="${BUILD_ROOT:-$TOP/build}/$BOARD"
	OUT="${OUT_ROOT:-$TOP/out}/$BOARD"
}
