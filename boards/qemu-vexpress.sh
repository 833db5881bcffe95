# shellcheck shell=bash disable=SC2034
# QEMU vexpress-a9 (V2P-CA9), 1 GiB so that CMA lands in highmem: PL111 +
# SiI9022.  The default board: `make` builds it and runs the KMS tests on it.
KARCH=arm
CROSS=arm-linux-gnueabihf-
DEFCONFIG=vexpress_defconfig
KIND=boot
TARGETS="zImage"
OUR_DTS="qemu-vexpress.dts qemu-vexpress-nol2.dts qemu-vexpress-pi.dts"
# QEMU: machine and devices (run-qemu.sh adds -m, kernel, DTB, initrd,
# command line), the DTB it boots and the serial console.
QEMU_ARGS="-M vexpress-a9 -smp 1 -audiodev none,id=n -global pl041.audiodev=n"
QEMU_DTB=qemu-vexpress.dtb
CONSOLE=ttyAMA0
# Guest side: the DRM driver the tests open and the expectation files (the
# defaults of rootfs/init); the LAVA qemu job (lava/qemu.yaml).
DRIVER=pl111
XFAILS=pl111-vexpress
