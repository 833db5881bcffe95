# shellcheck shell=bash disable=SC2034
# Compile only (x86_64, COMPILE_TEST): the DMA layer, the drivers and the
# KUnit suites.
KARCH=x86
CROSS=''
DEFCONFIG=x86_64_defconfig
KIND=compile
TARGETS="$DMA_OBJS $DRM_OBJS drivers/gpu/drm/vc4/ drivers/gpu/drm/renesas/rcar-du/ drivers/gpu/drm/sti/ drivers/gpu/drm/pl111/ drivers/gpu/drm/tests/"
