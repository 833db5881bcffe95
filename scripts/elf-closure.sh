#!/usr/bin/env bash
# elf-closure.sh ROOT ELF... -- check that the dynamic loader of the target
# finds, inside the tree ROOT, every library the ELF files need (DT_NEEDED),
# and those libraries' own, and their program interpreter (PT_INTERP).
# The rootfs has no ld.so.cache, so the loader looks in its trusted
# directories only: lib/TRIPLET, usr/lib/TRIPLET, lib, usr/lib
# (TRIPLET=arm-linux-gnueabihf unless set); DT_RUNPATH is not followed.
# Prints "SONAME PATH" per library of the closure; exits 1 after naming
# every library that is missing and the file that needs it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

TRIPLET=${TRIPLET:-arm-linux-gnueabihf}

needed() {
	readelf -dW "$1" | sed -n 's/^.*(NEEDED).*\[\(.*\)\]$/\1/p'
}

interpreter() {
	readelf -lW "$1" | sed -n 's/^.*\[Requesting program interpreter: \(.*\)\]$/\1/p'
}

# in_root ROOT PATH -- PATH (absolute, of the target) exists in ROOT,
# following symlinks inside ROOT (an absolute link target is ROOT-relative).
in_root() {
	local root=$1 p=${2#/} hops target
	for hops in 1 2 3 4 5 6 7 8; do
		if [ -L "$root/$p" ]; then
			target=$(readlink "$root/$p")
			case $target in
			/*) p=${target#/} ;;
			*) p=$(dirname "$p")/$target ;;
			esac
		else
			[ -e "$root/$p" ] && printf '%s\n' "$root/$p"
			return
		fi
	done
	warn "more than $hops symbolic links at $2 in $root"
	return 1
}

# find_lib ROOT SONAME -- the file of SONAME in ROOT's loader directories.
find_lib() {
	local d
	for d in "lib/$TRIPLET" "usr/lib/$TRIPLET" lib usr/lib; do
		in_root "$1" "/$d/$2" && return 0
	done
	return 1
}

main() {
	[ $# -ge 2 ] || die "usage: $PROG ROOT ELF..."
	need readelf
	local root=$1 missing=0 elf interp f so path
	shift
	[ -d "$root" ] || die "$root is not a directory"
	local -A seen=()
	local queue=("$@")
	for elf in "$@"; do
		[ -r "$elf" ] || die "$elf not found"
		interp=$(interpreter "$elf")
		if [ -n "$interp" ] && ! in_root "$root" "$interp" >/dev/null; then
			printf '%s: %s needs the interpreter %s, not in %s\n' "$PROG" "${elf#"$root"/}" \
				"$interp" "$root" >&2
			missing=1
		fi
	done
	while [ ${#queue[@]} -gt 0 ]; do
		f=${queue[0]}
		queue=("${queue[@]:1}")
		for so in $(needed "$f"); do
			[ -z "${seen[$so]:-}" ] || continue
			seen[$so]=1
			if path=$(find_lib "$root" "$so"); then
				printf '%s %s\n' "$so" "${path#"$root"/}"
				queue+=("$path")
			else
				printf '%s: %s needs %s, not in %s (lib/%s, usr/lib/%s, lib, usr/lib)\n' "$PROG" \
					"${f#"$root"/}" "$so" "$root" "$TRIPLET" "$TRIPLET" >&2
				missing=1
			fi
		done
	done
	return "$missing"
}

main "$@"
