# U-Boot boot script of the drm-nomap test image (compiled to boot.scr with
# mkimage).  U-Boot's standard boot sets devtype/devnum/distro_bootpart; the
# Raspberry Pi U-Boot sets fdtfile for the board it runs on
# (bcm2836-rpi-2-b.dtb, bcm2837-rpi-3-b.dtb, ...).  Elsewhere (QEMU virt)
# there is no fdtfile and the device tree U-Boot got from QEMU is used.
#
# Kernel command line:
#   console=        HDMI (tty1) and the serial console chosen below
#   root=PARTUUID=  the image's ext4 partition, whatever the disk is called
#   cma=160M        vc4 scanout buffers, V3D and the 1080p tests come from CMA;
#                   it must fit in highmem for the series to leave buffers
#                   unmapped: of the ~960 MiB the firmware leaves a 1 GiB
#                   Pi 2/3, ~760 MiB are lowmem with the 3G/1G split, and
#                   an area that does not fit above them goes to lowmem
#   vmalloc is left at the kernel default (~240 MiB with the 3G/1G split),
#   the distribution setting whose exhaustion the series avoids; add
#   vmalloc=... to extra= in uEnv.txt to experiment
#   drmnomap.*      our init: interactive shell, vc4 expectations
#   panic=10        reboot 10 s after a panic (the bcm2835 watchdog resets
#                   the Pi): a kmstest run's results up to the crash are on
#                   the FAT already, and the next boot starts a new run
#   kmstest=1       run the KMS suite at boot and write the results to the
#                   FAT partition: set "extra=kmstest=1" in uEnv.txt there
#   video=HDMI-A-1:MODEe   with "force_hdmi=MODE" in uEnv.txt (e.g.
#                   1920x1080@60): the HDMI connector is forced on, for
#                   boards without a monitor (farms) or with a dummy plug
# kernel=base in uEnv.txt boots zImage-base, the kernel without the series
# (uname -r ends in -drm-nomap-base), kernel=patched (the default) zImage.
# The serial console (the last console= is /dev/console, where init writes):
# the PL011 on the Pi 2 (and QEMU virt), the mini-UART on the Pi 3, whose
# PL011 drives Bluetooth.
setenv serial ttyAMA0,115200
if test "${fdtfile}" = bcm2837-rpi-3-b.dtb || test "${fdtfile}" = bcm2837-rpi-3-b-plus.dtb; then
	setenv serial ttyS1,115200
fi
setenv bootargs "console=tty1 console=${serial} root=PARTUUID=44524d4e-02 rootwait ro cma=160M panic=10 drmnomap.mode=shell drmnomap.driver=vc4 drmnomap.xfails=vc4-rpi3"
setenv extra
setenv force_hdmi
setenv kernel patched
if load ${devtype} ${devnum}:${distro_bootpart} ${scriptaddr} uEnv.txt; then
	env import -t ${scriptaddr} ${filesize}
fi
if test -n "${force_hdmi}"; then
	setenv bootargs "${bootargs} video=HDMI-A-1:${force_hdmi}e"
fi
setenv bootargs "${bootargs} ${extra}"
setenv zimage zImage
if test "${kernel}" = base; then
	setenv zimage zImage-base
elif test "${kernel}" != patched; then
	echo "drm-nomap: kernel=${kernel} in uEnv.txt is neither base nor patched; booting the patched kernel"
fi
echo "drm-nomap: loading ${zimage} and ${fdtfile}"
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${zimage}
if test -n "${fdtfile}" && load ${devtype} ${devnum}:${distro_bootpart} ${fdt_addr_r} ${fdtfile}; then
	bootz ${kernel_addr_r} - ${fdt_addr_r}
else
	bootz ${kernel_addr_r} - ${fdtcontroladdr}
fi
