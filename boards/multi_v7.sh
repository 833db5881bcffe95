# shellcheck shell=bash disable=SC2034
# Compile only (arm): the DMA layer and the drivers the series touches in a
# multi-platform build.
KARCH=arm
CROSS=arm-linux-gnueabihf-
DEFCONFIG=multi_v7_defconfig
KIND=compile
TARGETS="$DMA_OBJS arch/arm/mm/dma-mapping.o $DRM_OBJS drivers/gpu/drm/vc4/ drivers/gpu/drm/renesas/rcar-du/ drivers/gpu/drm/pl111/ drivers/gpu/drm/sti/ drivers/gpu/drm/exynos/ drivers/gpu/drm/imx/ipuv3/ drivers/gpu/drm/renesas/shmobile/"
