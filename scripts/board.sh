# shellcheck shell=bash disable=SC2034
# Board definitions: one file per board, boards/<name>.sh, plus its
# configs/<name>.config.  Source this after lib.sh, then call board_load
# BOARD.  A board file sets (assignments only; $DRM_OBJS may be used):
#
#   KARCH       kernel ARCH=
#   CROSS       cross-compiler prefix
#   DEFCONFIG   upstream defconfig the fragments are merged onto
#   KIND        boot (build image + DTBs, can be booted) or compile (objects only)
#   TARGETS     kbuild targets
#   DTBS        upstream DTBs copied to out/<board>/
#   OUR_DTS     dts/<file>.dts compiled on top of the upstream sources
#   QEMU_ARGS   QEMU machine and devices, when run-qemu.sh can boot it;
#   QEMU_DTB    the DTB it boots there; CONSOLE its serial console (the
#               first -serial after QEMU_ARGS); QEMU_APPEND its own command line;
#               QEMU_REFRESH_HZ: redraws per second a display model needs for
#               its vblank interrupt with -display none (qmp-screendump.py --refresh)
#   DRIVER      the DRM driver the guest tests open (its drm_driver name)
#   XFAILS      igt-tests/xfails/XFAILS-*.txt; the base kernel's: XFAILS-base-*
#   BASE_KNOWN_WARNS  WARNs the base kernel is expected to print (make compare)
#   DISK_ID, SD_KERNELS, UBOOTS, LAVA_DEVICES   SD card and LAVA facts (see
#               boards/rpi.sh; the FAT label is PROTO_FAT_LABEL of
#               igt-tests/protocol.sh, which the guest reads too)
# board_load also sets FRAGMENTS (configs/<name>.config, FRAGMENTS_EXTRA
# appends) and OBJ, OUT, the build and output directories (BUILD_ROOT,
# OUT_ROOT override).

# In byte order, as make's $(sort) lists them.
BOARDS=$(cd "$TOP/boards" && LC_ALL=C && for f in *.sh; do printf '%s ' "${f%.sh}"; done)
BOARDS=${BOARDS% }

# Objects of the drivers the series touches, built by the compile-only boards.
DRM_OBJS="drivers/gpu/drm/drm_gem_dma_helper.o drivers/gpu/drm/drm_fb_dma_helper.o"
# The DMA layer the DMA series changes, with its KUnit suite.
DMA_OBJS="kernel/dma/"

# board_load BOARD -- the facts of boards/BOARD.sh, nothing left from another.
board_load() {
	[[ $1 != */* && -f $TOP/boards/$1.sh ]] || die "unknown BOARD '$1'; choose one of: $BOARDS"
	BOARD=$1
	local v
	for v in KARCH CROSS DEFCONFIG KIND TARGETS DTBS OUR_DTS QEMU_ARGS QEMU_DTB QEMU_APPEND QEMU_REFRESH_HZ CONSOLE BASE_KNOWN_WARNS \
		DISK_ID SD_KERNELS UBOOTS DRIVER XFAILS LAVA_DEVICES; do
		printf -v "$v" ''
	done
	# shellcheck source=/dev/null
	. "$TOP/boards/$BOARD.sh"
	FRAGMENTS="configs/$BOARD.config${FRAGMENTS_EXTRA:+ $FRAGMENTS_EXTRA}"
	OBJ="${BUILD_ROOT:-$TOP/build}/$BOARD"
	OUT="${OUT_ROOT:-$TOP/out}/$BOARD"
}

# boards_where VAR -- the boards whose file sets VAR.
boards_where() {
	local name
	for name in $BOARDS; do
		grep -q "^$1=" "$TOP/boards/$name.sh" && printf '%s\n' "$name"
	done
	return 0
}
