# shellcheck shell=bash disable=SC2034
# QEMU nuri (Samsung Exynos4210, Universal C210 tree): FIMD + ld9040 panel,
# sysmmu off, 1 GiB with 3G/1G + HIGHMEM.  exynos-drm allocates userspace
# dumb buffers with DMA_ATTR_NO_KERNEL_MAPPING itself, so this board shows
# the series' DMA-layer fix on an unmodified in-tree driver.
KARCH=arm
CROSS=arm-linux-gnueabihf-
DEFCONFIG=exynos_defconfig
KIND=boot
TARGETS="zImage"
OUR_DTS="qemu-nuri.dts"
# nuri's console is the third UART (ttySAC2): run-qemu.sh's -serial is the
# third one after these two.  maxcpus=1: the second core's bring-up and
# cpuidle only slow the boot under TCG.
QEMU_ARGS="-M nuri -smp 2 -serial null -serial null"
QEMU_DTB=qemu-nuri.dtb
QEMU_APPEND="maxcpus=1 cpuidle.off=1"
# QEMU's FIMD sets its frame interrupt only when it redraws the display,
# which -display none never asks for: a QMP screendump 30 times a second.
QEMU_REFRESH_HZ=30
CONSOLE=ttySAC2
DRIVER=exynos
XFAILS=exynos-nuri
# The base kernel's WARNs that make compare expects (results.sh -w): with
# userspace flags passed through, flags 0xffffffff ask exynos for
# EXYNOS_BO_NONCONTIG memory, an allocation order the page allocator warns on.
BASE_KNOWN_WARNS='mm/page_alloc\.c:[0-9]+ at __alloc_frozen_pages_noprof'
