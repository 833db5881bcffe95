#!/usr/bin/env bash
# mkrootfs.sh -- armhf sysroot + test rootfs, without root loop mounts.
#   build/sysroot-armhf/       Debian armhf packages (deps.lock's rootfs group,
#                              fetched and checked by debfetch.sh, extracted),
#                              for cross-linking the tests and as the rootfs
#                              source
#   build/igt-tests/           our KMS tests, cross-built against the sysroot
#   build/rootfs-armhf/        the rootfs tree (the Pi's ext4 partition)
#   out/armhf/rootfs.cpio.gz   initramfs of the same tree: busybox, libc,
#                              libdrm, the libraries of upstream igt, tests, init
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# The Debian suite of the rootfs (debian.sh); deps.lock's rootfs group pins the
# packages below and their dependency closure (scripts/deps-lock.sh rootfs).
SUITE=$ROOTFS_SUITE
# Ours, plus the runtime libraries of upstream igt (igt-tests/igt-libs.txt).
BASE_PACKAGES=libc6,libc6-dev,libdrm-dev,busybox-static
IGT_LIBS=$TOP/igt-tests/igt-libs.txt
SYSROOT="$TOP/build/sysroot-armhf"
STAGE="$TOP/build/rootfs-armhf"
TESTBIN="$TOP/build/igt-tests"
OUT="$TOP/out/armhf"

# The packages of the first column of igt-libs.txt, comma-separated.
igt_packages() {
	awk '!/^[[:space:]]*(#|$)/ { print $1 }' "$IGT_LIBS" | paste -sd, -
}
PACKAGES=$BASE_PACKAGES,$(igt_packages)

# unlocked -- the packages of PACKAGES that deps.lock's rootfs group lacks.
unlocked() {
	local p
	for p in ${PACKAGES//,/ }; do
		lock_lines rootfs | awk -v p="$p" -v s="$SUITE" '$2 == s && ($3 == p ":armhf" || $3 == p ":all") { f = 1 } END { exit !f }' ||
			printf '%s\n' "$p"
	done
}

# The pinned Debian packages, each downloaded once per machine into the
# cache and checked against deps.lock, extracted as mmdebstrap's extract
# variant does (no maintainer scripts).
make_sysroot() {
	local stamp="$SYSROOT/.drm-nomap-sysroot" id missing deb debs specs
	missing=$(unlocked | paste -sd' ' -)
	[ -z "$missing" ] || die "deps.lock's rootfs group lacks $missing; run 'scripts/deps-lock.sh rootfs' (resolves the closure in Debian $SUITE)"
	id=$(lock_lines rootfs | sha256sum | cut -c1-12)
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$id" ] && return
	mapfile -t specs < <(lock_lines rootfs | awk '{ print $3 "=" $4 }')
	debs=$(SUITE=$SUITE "$TOP/scripts/debfetch.sh" get "${specs[@]}") ||
		die "cannot fetch the rootfs packages (above)"
	log "extracting ${#specs[@]} Debian $SUITE packages into ${SYSROOT#"$TOP"/}"
	rm -rf "$SYSROOT"
	mkdir -p "$SYSROOT"
	while IFS= read -r deb; do
		dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$SYSROOT"
	done <<<"$debs"
	relink_absolute "$SYSROOT"
	printf '%s\n' "$id" >"$stamp"
}

# Absolute symlinks point into the host; make them relative to the sysroot
# (otherwise ld falls back to static archives or host libraries).
relink_absolute() {
	local root=$1 link target
	while IFS= read -r link; do
		target=$(readlink "$link")
		ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$root$target")" "$link"
	done < <(find "$root" -type l -lname '/*')
}

build_tests() {
	make -s -C "$TOP/igt-tests" SYSROOT="$SYSROOT" O="$TESTBIN" ||
		die "building igt-tests/ failed (see the compiler output above)"
}

stage() {
	rm -rf "$STAGE"
	mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,mnt/boot,"$GUEST_DIR"}
	# /init for the initramfs, /sbin/init when the tree is a board's root fs.
	ln -s ../init "$STAGE/sbin/init"
	cp "$SYSROOT/bin/busybox" "$STAGE/bin/busybox"
	(cd "$SYSROOT" && find lib usr/lib -name '*.so*' \( -type f -o -type l \) \
		-not -path '*/gconv/*' -print0 | cpio -0 -pdm --quiet "$STAGE")
	cp "$TOP/rootfs/init" "$STAGE/init"
	cp "$TESTBIN"/* "$TOP"/igt-tests/run-tests*.sh "$TOP/igt-tests/run-board.sh" \
		"$TOP/igt-tests/protocol.sh" \
		"$TOP/igt-tests/testlist.txt" "$TOP/igt-tests/debug-testlist.txt" \
		"$TOP/igt-tests/igt-testlist.txt" "$STAGE/$GUEST_DIR/"
	cp -r "$TOP/igt-tests/xfails" "$STAGE/$GUEST_DIR/"
}

# Every ELF program we ship (busybox is static) finds its libraries, and
# theirs, in the tree: the closure of nomap_igt_libs is igt's.
check_closure() {
	local f elfs=()
	for f in "$TESTBIN"/*; do
		elfs+=("$STAGE/$GUEST_DIR/${f##*/}")
	done
	"$TOP/scripts/elf-closure.sh" "$STAGE" "${elfs[@]}" >/dev/null ||
		die "the rootfs lacks a library (above); igt-tests/igt-libs.txt lists igt's"
}

pack() {
	mkdir -p "$OUT"
	(cd "$STAGE" && find . -print0 | LC_ALL=C sort -z |
		cpio -0 -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -6 >"$OUT/rootfs.cpio.gz.tmp"
	mv "$OUT/rootfs.cpio.gz.tmp" "$OUT/rootfs.cpio.gz"
	log "rootfs: ${OUT#"$TOP"/}/rootfs.cpio.gz ($(du -h "$OUT/rootfs.cpio.gz" | cut -f1))"
}

main() {
	if [ "${1:-}" = packages ]; then
		printf '%s %s\n' "$SUITE" "$PACKAGES"
		return
	fi
	[ $# = 0 ] || die "usage: $PROG [packages]"
	need arm-linux-gnueabihf-gcc cpio gzip make dpkg-deb
	make_sysroot
	timed "building KMS tests" build_tests
	stage
	check_closure
	pack
}

main "$@"
