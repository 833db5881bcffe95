#!/usr/bin/env bash
# build-kernel.sh BOARD -- configure and build the work tree for BOARD,
# out of tree in build/BOARD, with ccache.  Boot boards copy the image and
# DTBs to out/BOARD/.  The full log goes to out/BOARD/build.log.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

SRC=${TREE:-$(base_tree)}
JOBS=${JOBS:-$(nproc)}

kmake() {
	make -C "$SRC" O="$OBJ" ARCH="$KARCH" CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" KBUILD_BUILD_TIMESTAMP="2000-01-01" \
		KBUILD_BUILD_USER="$PROJECT" KBUILD_BUILD_HOST="$PROJECT" \
		LOCALVERSION="${LOCALVERSION-$LOCALVERSION_PATCHED}" "$@"
}

# FRAG_FILES: absolute paths of the board's fragments, checked to exist.
load_fragments() {
	local f
	FRAG_FILES=()
	for f in $FRAGMENTS; do
		[ -r "$TOP/$f" ] || die "config fragment $f not found; see configs/"
		FRAG_FILES+=("$TOP/$f")
	done
}

# What the configuration depends on: fragments, defconfig and every Kconfig
# file (a patch may add the options a fragment asks for).
config_id() {
	cat "${FRAG_FILES[@]}" | sha256sum | cut -c1-16
	echo "$DEFCONFIG $(git -C "$SRC" rev-parse HEAD:arch/"$KARCH"/configs/"$DEFCONFIG" 2>/dev/null)"
	git -C "$SRC" ls-files -s -- '*Kconfig*' | sha256sum | cut -c1-16
}

configure() {
	local stamp="$OBJ/.drm-nomap-config" id
	id=$(config_id)
	if [ -f "$OBJ/.config" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$id" ]; then
		return
	fi
	mkdir -p "$OBJ"
	local merge=(-m -O "$OBJ" "arch/$KARCH/configs/$DEFCONFIG" "${FRAG_FILES[@]}")
	# allnoconfig boards: the fragments are the whole configuration.
	[ "$DEFCONFIG" != allnoconfig ] || merge=(-n -O "$OBJ" "${FRAG_FILES[@]}")
	(cd "$SRC" && ARCH=$KARCH CROSS_COMPILE=$CROSS CC="${CROSS}gcc" \
		scripts/kconfig/merge_config.sh "${merge[@]}") \
		>"$OUT/config.log" 2>&1 || { tail -n 20 "$OUT/config.log" >&2; die "merge_config.sh failed; see $OUT/config.log"; }
	kmake -s olddefconfig >>"$OUT/config.log" 2>&1 ||
		{ tail -n 20 "$OUT/config.log" >&2; die "olddefconfig failed; see $OUT/config.log"; }
	printf '%s\n' "$id" >"$stamp"
}

# Print a line every 250 build lines, and every error, instead of thousands.
progress() {
	local n=0 line start=$SECONDS
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$OUT/build.log"
		n=$((n + 1))
		case $line in
		*error:* | *Error\ [0-9]* | *warning:*) printf '%s\n' "$line" >&2 ;;
		esac
		if [ $((n % 250)) = 0 ]; then
			log "[$BOARD] $n steps, $((SECONDS - start)) s: ${line:0:90}"
		fi
	done
}

build() {
	: >"$OUT/build.log"
	# shellcheck disable=SC2086 # TARGETS is a word list
	if ! kmake -j"$JOBS" $TARGETS 2>&1 | progress; then
		grep -E 'error|Error' "$OUT/build.log" | tail -n 15 >&2
		die "kernel build for $BOARD failed; full log: $OUT/build.log"
	fi
}

# Our DTS include upstream ones as <vendor>/<file>.dts; trees before 6.5
# (the stable bases of `make check-stable`) keep 32-bit ARM's flat, in
# arch/arm/boot/dts/<file>.dts.  For such a tree, $OBJ/dts-flat/<vendor>
# points at the flat directory, for each vendor our DTS name.
flat_dts_links() {
	local dts=$SRC/arch/$KARCH/boot/dts dir=$OBJ/dts-flat vendor
	rm -rf "$dir"
	mkdir -p "$dir"
	sed -n 's|^#include "\([a-z0-9_-]*\)/.*|\1|p' "$TOP"/dts/*.dts | sort -u | while read -r vendor; do
		[ -d "$dts/$vendor" ] || ln -s "$dts" "$dir/$vendor"
	done
}

# Compile our DTS with the kernel's include paths (upstream dts + dt-bindings).
build_our_dts() {
	local dts=$1 dtb="$OUT/${1%.dts}.dtb"
	cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp -I "$TOP/dts" \
		-I "$SRC/arch/$KARCH/boot/dts" -I "$OBJ/dts-flat" -I "$SRC/scripts/dtc/include-prefixes" \
		"$TOP/dts/$dts" | dtc -q -I dts -O dtb -o "$dtb" - ||
		die "dts/$dts does not compile against this tree; fix dts/$dts"
}

install_boot_files() {
	local d
	cp "$OBJ/arch/$KARCH/boot/zImage" "$OUT/zImage"
	for d in $DTBS; do
		cp "$OBJ/arch/$KARCH/boot/dts/$d" "$OUT/"
	done
	flat_dts_links
	for d in $OUR_DTS; do
		build_our_dts "$d"
	done
	cp "$OBJ/.config" "$OUT/config"
}

# The guest's test module (igt-tests/kmod), built against this kernel, as
# an initramfs fragment run-qemu.sh appends to the rootfs: out/BOARD/kmod.cpio.gz,
# and the same files as out/BOARD/$KMOD_TAR for the LAVA qemu job (lib.sh).
# Module.symvers: the module needs only vmlinux's exports (no =m build).
# It is built from a copy in $OBJ: kernels before 6.13 (the stable bases)
# know no MO= and would write their objects into igt-tests/kmod/.
build_test_module() {
	local mo=$OBJ/nomap-kmod stage=$OBJ/nomap-kmod-stage
	grep -q '^CONFIG_MODULES=y' "$OBJ/.config" || { rm -f "$OUT/kmod.cpio.gz" "$OUT/$KMOD_TAR"; return 0; }
	mkdir -p "$mo"
	cp "$TOP"/igt-tests/kmod/Kbuild "$TOP"/igt-tests/kmod/*.c "$mo/"
	if ! { kmake -s modules_prepare && cp "$OBJ/vmlinux.symvers" "$OBJ/Module.symvers" &&
		kmake M="$mo" modules; } >>"$OUT/build.log" 2>&1; then
		tail -n 15 "$OUT/build.log" >&2
		die "igt-tests/kmod does not build against this kernel; full log: $OUT/build.log"
	fi
	rm -rf "$stage"
	mkdir -p "$stage/$GUEST_DIR/kmod"
	cp "$mo"/*.ko "$stage/$GUEST_DIR/kmod/"
	(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio -0 -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -6 >"$OUT/kmod.cpio.gz"
	tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - "$GUEST_DIR/kmod" |
		gzip -n -6 >"$OUT/$KMOD_TAR"
}

main() {
	[ $# = 1 ] || die "usage: $PROG BOARD"
	board_load "$1"
	load_fragments
	need make ccache "${CROSS}gcc" cpp dtc bison flex bc cpio gzip
	ccache_env
	mkdir -p "$OUT"
	# An explicit TREE (per-patch checks) is used as it is.
	[ -n "${TREE:-}" ] || "$TOP/scripts/tree.sh" ensure
	timed "configuring $BOARD ($DEFCONFIG + $FRAGMENTS)" configure
	KCONFIG_SRC=$SRC KARCH=$KARCH "$TOP/scripts/check-config.sh" "$OBJ/.config" "${FRAG_FILES[@]}"
	timed "building $BOARD: $TARGETS" build
	if [ "$KIND" = boot ]; then
		install_boot_files
		timed "building the guest's test module (igt-tests/kmod)" build_test_module
		log "$BOARD: kernel and DTBs in ${OUT#"$TOP"/}/"
	fi
}

main "$@"
