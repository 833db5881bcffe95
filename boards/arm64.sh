# shellcheck shell=bash disable=SC2034
# Compile only (arm64): the DMA layer, GEM DMA helpers, adp, vc4, rcar-du
# (with VSP).
KARCH=arm64
CROSS=aarch64-linux-gnu-
DEFCONFIG=defconfig
KIND=compile
TARGETS="$DMA_OBJS $DRM_OBJS drivers/gpu/drm/adp/ drivers/gpu/drm/vc4/ drivers/gpu/drm/renesas/rcar-du/ drivers/gpu/drm/tidss/"
