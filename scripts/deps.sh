#!/usr/bin/env bash
# deps.sh -- install the Debian host packages the project needs
# (only the missing ones; nothing happens when all are there).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# Kernel builds (arm, arm64), device trees, QEMU, rootfs, tests and checks;
# bmap-tools for the SD card image and make flash, lava-common for the LAVA
# job schema (make lava-jobs); python3-requests for the pinned b4 (run_b4 in
# lib.sh: make series), git-email for the commands make send prints;
# chromium, in which a host test renders the results page.
PKGS=(build-essential bc bison flex libssl-dev libelf-dev cpio kmod rsync xz-utils
	git ccache python3 perl gcc-arm-linux-gnueabihf gcc-aarch64-linux-gnu
	device-tree-compiler u-boot-tools qemu-system-arm mmdebstrap
	debian-archive-keyring e2fsprogs dosfstools mtools fdisk netpbm
	shellcheck sparse python3-ply python3-git
	bmap-tools lava-common python3-requests git-email chromium)

missing() {
	local p
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
			printf '%s\n' "$p"
	done
}

main() {
	command -v dpkg-query >/dev/null || die "not a Debian system; install the equivalents of: ${PKGS[*]}"
	local todo sudo=()
	mapfile -t todo < <(missing)
	if [ ${#todo[@]} = 0 ]; then
		log "host packages: all ${#PKGS[@]} installed"
		return
	fi
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null || die "missing packages (${todo[*]}) and no sudo; install them as root"
		sudo=(sudo)
	fi
	log "installing ${#todo[@]} Debian packages: ${todo[*]}"
	"${sudo[@]}" apt-get update -qq || warn "apt-get update reported errors; trying the install anyway"
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
		"${todo[@]}" >/dev/null || die "apt-get install failed for: ${todo[*]}"
}

main "$@"
