#!/usr/bin/env bash
# igt.sh -- `make igt`: build upstream igt-gpu-tools for armhf at the commit
# drm-ci pins, with drm-ci's meson options for arm (build-igt.sh), and
# install it under IGT_TREE (default build/igt/armhf) as the /igt prefix
# that the rootfs, the SD card and the LAVA overlay take.
#   IGT_VERSION  the commit (default: IGT_VERSION in the kernel tree's
#                drivers/gpu/drm/ci/gitlab-ci.yml, so that our results and
#                drm-ci's expectation files speak of the same igt)
#   IGT_SRC      where the source comes from: a git URL (default: upstream),
#                a local clone, or a tarball of that commit, checked against
#                IGT_SHA256 or the SHA256SUMS file next to it
#   TREE         the kernel tree to read IGT_VERSION from (default: BASE's)
#   igt.sh version        only print the commit
#   igt.sh source DIR     only put its checked source in DIR
# It builds in a Debian chroot of the rootfs suite (ROOTFS_SUITE) made by
# mmdebstrap from the host's mirror into IGT_CHROOT (default
# ~/.cache/drm-nomap/igt-chroot, built once): the host's architecture with
# the armhf cross compiler and igt's armhf -dev packages, so the host needs
# none of them.  ccache in ~/.cache/drm-nomap/ccache-igt.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

IGT_UPSTREAM=https://gitlab.freedesktop.org/drm/igt-gpu-tools.git
IGT_SRC=${IGT_SRC:-$IGT_UPSTREAM}
IGT_TREE=${IGT_TREE:-$TOP/build/igt/armhf}
IGT_CHROOT=${IGT_CHROOT:-$CACHE/igt-chroot}
IGT_BUILD=$TOP/build/igt/build
IGT_CCACHE=$CACHE/ccache-igt
CROSS=arm-linux-gnueabihf
# drm-ci's options for arm (drivers/gpu/drm/ci/build-igt.sh), except: no
# man pages (they need docutils and nobody reads them on a board), and a
# runpath, so that the binaries find libigt.so without LD_LIBRARY_PATH.
MESON_OPTIONS=(-Doverlay=disabled -Dchamelium=disabled -Dvalgrind=disabled
	-Dman=disabled -Dtests=enabled -Drunner=enabled -Dlibunwind=enabled
	-Dxe_driver=disabled -Ddocs=disabled -Dtestplan=disabled
	-Duse_rpath=true -Dprefix=/igt)
# What the chroot needs: the cross toolchain and build tools, and igt's
# armhf -dev packages (igt-tests/igt-libs.txt lists their runtime halves,
# which the rootfs carries).
HOST_PACKAGES=(crossbuild-essential-armhf meson ninja-build pkg-config ccache
	python3 flex bison git xz-utils ca-certificates)
ARMHF_PACKAGES=(libdrm-dev libpciaccess-dev libpci-dev libkmod-dev
	libproc2-dev libdw-dev libpixman-1-dev libcairo2-dev libudev-dev
	libglib2.0-dev zlib1g-dev libjson-c-dev libunwind-dev)

# igt_version -- the commit to build.
igt_version() {
	local yml v=${IGT_VERSION:-}
	if [ -z "$v" ]; then
		yml=${TREE:-$(base_tree)}/drivers/gpu/drm/ci/gitlab-ci.yml
		[ -f "$yml" ] || die "$yml not found: run 'make tree' first, or set IGT_VERSION=COMMIT"
		v=$(sed -n 's/^[[:space:]]*IGT_VERSION:[[:space:]]*\([0-9a-f]*\).*/\1/p' "$yml" | head -n1)
		[ -n "$v" ] || die "no IGT_VERSION in $yml; set IGT_VERSION=COMMIT"
	fi
	[[ $v =~ ^[0-9a-f]{40}$ ]] || die "IGT_VERSION=$v is not a full 40-digit commit id"
	printf '%s\n' "$v"
}

# tarball_sha256 TARBALL -- the sha256 it must have: IGT_SHA256, or its
# line in the SHA256SUMS next to it.
tarball_sha256() {
	local sums
	sums=$(dirname "$1")/SHA256SUMS
	if [ -n "${IGT_SHA256:-}" ]; then
		printf '%s\n' "$IGT_SHA256"
	elif [ -f "$sums" ]; then
		awk -v f="$(basename "$1")" '$2 == f || $2 == "*" f { print $1; exit }' "$sums"
	fi
}

# unpack_tarball TARBALL VERSION DEST -- the checked tarball's single top
# directory, which must name VERSION, as DEST.
unpack_tarball() {
	local want got tmp top
	want=$(tarball_sha256 "$1")
	[ -n "$want" ] || die "no sha256 for $1: put its line in $(dirname "$1")/SHA256SUMS or set IGT_SHA256"
	got=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$got" = "$want" ] || die "$1 has sha256 $got, expected $want: not the pinned igt source"
	tmp=$(mktemp -d "$(dirname "$3")/unpack.XXXXXX")
	tar -xf "$1" -C "$tmp"
	top=$(find "$tmp" -mindepth 1 -maxdepth 1)
	if [ "$(wc -l <<<"$top")" != 1 ] || [ ! -d "$top" ]; then
		rm -rf "$tmp"
		die "$1 must hold one top directory"
	fi
	if [[ $(basename "$top") != *"$2"* ]]; then
		rm -rf "$tmp"
		die "$1 unpacks to $(basename "$top"), which does not name commit $2 (IGT_VERSION)"
	fi
	mv "$top" "$3"
	rmdir "$tmp"
}

# export_git REPO VERSION DEST -- commit VERSION of the git repository REPO
# (a clone, or a URL mirrored into the cache) as DEST.
export_git() {
	local repo=$1
	if [ ! -d "$repo" ]; then
		repo=$CACHE/igt.git
		[ -d "$repo" ] || git clone -q --bare "$1" "$repo" ||
			die "cannot clone $1; without network, set IGT_SRC to a local clone or a tarball of commit $2"
		git -C "$repo" cat-file -e "$2^{commit}" 2>/dev/null || git -C "$repo" fetch -q "$1" "$2" ||
			die "cannot fetch commit $2 from $1"
	fi
	git -C "$repo" cat-file -e "$2^{commit}" 2>/dev/null || die "$repo has no commit $2 (IGT_VERSION)"
	mkdir -p "$3"
	git -C "$repo" archive "$2" | tar -x -C "$3"
}

# igt_source VERSION DEST -- the source of VERSION from IGT_SRC as DEST.
igt_source() {
	rm -rf "$2"
	mkdir -p "$(dirname "$2")"
	case $IGT_SRC in
	*.tar | *.tar.gz | *.tgz | *.tar.xz | *.tar.bz2)
		[ -f "$IGT_SRC" ] || die "IGT_SRC=$IGT_SRC: no such tarball"
		unpack_tarball "$IGT_SRC" "$1" "$2" ;;
	*) export_git "$IGT_SRC" "$1" "$2" ;;
	esac
}

# chroot_stamp -- what the chroot was made from; a change rebuilds it.
chroot_stamp() {
	printf '%s %s armhf:%s\n' "$ROOTFS_SUITE" "${HOST_PACKAGES[*]}" "${ARMHF_PACKAGES[*]}"
}

ensure_chroot() {
	local sources include
	if [ "$(cat "$IGT_CHROOT/.drm-nomap-stamp" 2>/dev/null)" = "$(chroot_stamp)" ]; then
		log "reusing the igt build chroot in $IGT_CHROOT (remove it to rebuild)"
		return
	fi
	need mmdebstrap
	sources=$(mktemp)
	chroot_sources "$ROOTFS_SUITE" "$sources"
	include=$(printf '%s\n' "${HOST_PACKAGES[@]}" "${ARMHF_PACKAGES[@]/%/:armhf}" | paste -sd, -)
	rm -rf "$IGT_CHROOT.new" "$IGT_CHROOT"
	mkdir -p "$(dirname "$IGT_CHROOT")"
	timed "building the igt build chroot in $IGT_CHROOT (Debian $ROOTFS_SUITE, armhf cross toolchain and -dev packages; a few minutes, once)" \
		mmdebstrap --variant=apt --architectures="$(dpkg --print-architecture),armhf" \
		--include="$include" "$ROOTFS_SUITE" "$IGT_CHROOT.new" "$sources" ||
		die "mmdebstrap failed (messages above); check the mirror in $sources, then run 'make igt' again"
	rm -f "$sources"
	chroot_stamp >"$IGT_CHROOT.new/.drm-nomap-stamp"
	mv "$IGT_CHROOT.new" "$IGT_CHROOT"
}

# cross_file FILE -- meson's cross file for armhf in the chroot.
cross_file() {
	cat >"$1" <<EOF
[binaries]
c = ['ccache', '$CROSS-gcc']
ar = '$CROSS-ar'
strip = '$CROSS-strip'
# Meson 1.0's key (bookworm); Debian's wrapper searches the armhf .pc files.
pkgconfig = '$CROSS-pkg-config'

[host_machine]
system = 'linux'
cpu_family = 'arm'
cpu = 'armv7'
endian = 'little'
EOF
}

# build_in_chroot SRC VERSION -- configure, build and install SRC into
# IGT_TREE, inside a private mount namespace (nothing stays mounted).
build_in_chroot() {
	local script
	mkdir -p "$IGT_BUILD" "$IGT_CCACHE"
	rm -rf "$IGT_TREE.new"
	mkdir -p "$IGT_TREE.new"
	cross_file "$IGT_BUILD/cross-armhf.txt"
	script="set -e
mount -t proc proc '$IGT_CHROOT/proc'
mount --rbind /dev '$IGT_CHROOT/dev'
for d in src build ccache out; do mkdir -p '$IGT_CHROOT'/\$d; done
mount --bind '$1' '$IGT_CHROOT/src'
mount --bind '$IGT_BUILD' '$IGT_CHROOT/build'
mount --bind '$IGT_CCACHE' '$IGT_CHROOT/ccache'
mount --bind '$IGT_TREE.new' '$IGT_CHROOT/out'
exec chroot '$IGT_CHROOT' env CCACHE_DIR=/ccache LC_ALL=C.UTF-8 sh -ec '
[ -f /build/obj/build.ninja ] || meson setup /build/obj /src --cross-file /build/cross-armhf.txt ${MESON_OPTIONS[*]} -Dversion_hash=${2:0:12}
ninja -C /build/obj
DESTDIR=/out ninja -C /build/obj install >/dev/null'"
	timed "building igt $2 for armhf (ninja prints [n/N]; ~5 min cold on 2 cores)" \
		unshare --mount --propagation private sh -c "$script" ||
		die "the igt build failed (messages above); build/igt/build/obj/meson-logs/meson-log.txt has meson's log"
}

main() {
	local version src
	version=$(igt_version)
	case ${1:-build} in
	build) ;;
	version) printf '%s\n' "$version"; return ;;
	source) [ -n "${2:-}" ] || die "usage: igt.sh source DIR"
		igt_source "$version" "$2"; return ;;
	*) die "unknown command '$1'; use build (the default), version or source DIR" ;;
	esac
	src=$TOP/build/igt/src
	if [ "$(cat "$src/.drm-nomap-version" 2>/dev/null)" != "$version" ]; then
		timed "getting igt $version from $IGT_SRC" igt_source "$version" "$src"
		echo "$version" >"$src/.drm-nomap-version"
		rm -rf "$IGT_BUILD/obj"
	fi
	ensure_chroot
	build_in_chroot "$src" "$version"
	echo "$version" >"$IGT_TREE.new/igt/VERSION"
	rm -rf "$IGT_TREE"
	mv "$IGT_TREE.new" "$IGT_TREE"
	log "igt $version for armhf in ${IGT_TREE#"$TOP"/}/igt: $(find "$IGT_TREE/igt/libexec" -type f -perm -u+x | wc -l) executables, $(du -sh "$IGT_TREE" | cut -f1)"
}

main "$@"
