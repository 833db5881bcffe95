# shellcheck shell=bash disable=SC2034
# Raspberry Pi 2 and 3 in 32-bit mode (vc4): the SD card image (make sdcard)
# and the LAVA jobs (make lava-jobs).
KARCH=arm
CROSS=arm-linux-gnueabihf-
DEFCONFIG=bcm2835_defconfig
KIND=boot
# Each DTB is a name Debian's U-Boot for that Pi puts in fdtfile.
DTBS="broadcom/bcm2836-rpi-2-b.dtb broadcom/bcm2837-rpi-3-b.dtb broadcom/bcm2837-rpi-3-b-plus.dtb"
TARGETS="zImage $DTBS"
# SD card image: MBR disk id, also the FAT volume id; the partitions are
# PARTUUID=$DISK_ID-01 (FAT) and -02 (ext4, root= in boot/rpi/boot.cmd).
DISK_ID=44524d4e  # "DRMN"
# The kernels on the FAT as NAME:FILE: the patched one (out/rpi) and the
# base one (out/base/rpi, scripts/build-base.sh); kernel=NAME in uEnv.txt
# picks one (boot/rpi/boot.cmd), the first is the default.
SD_KERNELS="patched:zImage base:zImage-base"
# U-Boot builds from Debian's u-boot-rpi, as DIR:FILE-ON-FAT:DTB,... (the
# DTBs whose fdtfile it sets; config.txt starts FILE on that Pi).
UBOOTS="rpi_2:u-boot-rpi2.bin:bcm2836-rpi-2-b.dtb rpi_3_32b:u-boot-rpi3.bin:bcm2837-rpi-3-b.dtb,bcm2837-rpi-3-b-plus.dtb"
# Guest side: the DRM driver the tests open and the expectation files.
DRIVER=vc4
XFAILS=vc4-rpi3
# LAVA device types (lava/rpi.yaml) as TYPE:DTB:CONSOLE (the serial console
# boot.cmd picks for that DTB).
LAVA_DEVICES="bcm2836-rpi-2-b:bcm2836-rpi-2-b.dtb:ttyAMA0 bcm2837-rpi-3-b-32:bcm2837-rpi-3-b.dtb:ttyS1"
