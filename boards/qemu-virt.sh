# shellcheck shell=bash disable=SC2034
# QEMU virt (cortex-a15): only the payload of check-sdcard's U-Boot boot-flow
# test.  allnoconfig: configs/qemu-virt.config is all there is.
KARCH=arm
CROSS=arm-linux-gnueabihf-
DEFCONFIG=allnoconfig
KIND=boot
TARGETS="zImage"
