#!/usr/bin/env bash
# deps-lock.sh -- write and check deps.lock, the version and sha256 of every
# Debian package the build downloads (scripts/debfetch.sh checks each .deb
# against it).  Versions and hashes come from the archive's signed index
# (debfetch.sh info), never from a downloaded file.
#
#   deps-lock.sh set GROUP SUITE PKG[:ARCH][=VERSION]...
#       record these packages (newest when no VERSION) in GROUP, replacing
#       the lines of the same SUITE and PKG:ARCH
#   deps-lock.sh group GROUP SUITE PKG[:ARCH][=VERSION]...
#       GROUP becomes exactly these packages
#   deps-lock.sh rootfs
#       the rootfs group: mkrootfs.sh's packages and their armhf closure
#   deps-lock.sh check
#       the lock is well formed, with one line per SUITE and PKG:ARCH, and
#       pins the package of every kernel pin (kernel.pin ...)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

DEBFETCH=${DEBFETCH:-$TOP/scripts/debfetch.sh}

# entries GROUP SUITE SPEC... -- the lock lines of SPEC... from the index.
entries() {
	local group=$1 suite=$2
	shift 2
	SUITE=$suite "$DEBFETCH" info "$@" | awk -v g="$group" -v s="$suite" 'NF == 3 { print g, s, $0 }'
}

# rewrite MODE NEW -- the lock with NEW's lines in; MODE "group" drops the
# old lines of NEW's group, "set" those of the same suite and PKG:ARCH.
rewrite() {
	local tmp
	tmp=$(mktemp)
	awk -v mode="$1" '
		FNR == NR { new[++n] = $0; key[$2 " " $3] = 1; grp = $1; next }
		/^[[:space:]]*(#|$)/ { print; next }
		(mode == "group" && $1 == grp) || (mode == "set" && ($2 " " $3) in key) {
			if (!done) for (i = 1; i <= n; i++) print new[i]
			done = 1; next }
		{ print }
		END { if (!done) for (i = 1; i <= n; i++) print new[i] }' "$2" "$DEPS_LOCK" >"$tmp"
	mv "$tmp" "$DEPS_LOCK"
	log "${DEPS_LOCK##*/}: $(wc -l <"$2") lines recorded"
}

record() {
	local mode=$1 new
	shift
	[ $# -ge 3 ] || die "usage: $PROG $mode GROUP SUITE PKG[:ARCH][=VERSION]..."
	new=$(mktemp)
	entries "$@" >"$new"
	[ "$(wc -l <"$new")" -eq $(($# - 2)) ] || die "the index lacks some of: ${*:3}"
	rewrite "$mode" "$new"
	rm -f "$new"
}

rootfs() {
	local suite pkgs list specs
	read -r suite pkgs < <("$TOP/scripts/mkrootfs.sh" packages)
	IFS=, read -ra list <<<"$pkgs"
	mapfile -t specs < <(SUITE=$suite "$DEBFETCH" closure armhf "${list[@]/%/:armhf}")
	[ ${#specs[@]} -gt 0 ] || die "no closure for $pkgs in Debian $suite"
	record group rootfs "$suite" "${specs[@]}"
}

check() {
	local base pkg
	lock_lines '' | awk -v f="${DEPS_LOCK##*/}" '
		NF != 5 || $3 !~ /^[a-z0-9][a-z0-9.+-]*:[a-z0-9]+$/ || length($5) != 64 || $5 ~ /[^0-9a-f]/ {
			printf "%s: line \"%s\" is not GROUP SUITE PKG:ARCH VERSION SHA256\n", f, $0; bad = 1 }
		seen[$2 " " $3]++ == 1 { printf "%s: %s %s pinned twice\n", f, $2, $3; bad = 1 }
		END { exit bad }' >&2 || die "${DEPS_LOCK##*/} is malformed (above)"
	for base in "" next $(stable_bases); do
		pkg=$(BASE=$base pin_get PACKAGE)
		[ -n "$(BASE=$base pin_get VERSION)" ] ||
			die "${DEPS_LOCK##*/} pins no $pkg of Debian $(BASE=$base pin_get SUITE) ($(basename "$(BASE=$base pin_file)"))"
	done
	log "${DEPS_LOCK##*/}: $(lock_lines '' | wc -l) packages, well formed"
}

main() {
	local cmd=${1:-}
	shift || true
	case $cmd in
	set | group) record "$cmd" "$@" ;;
	rootfs) rootfs ;;
	check) check ;;
	*) die "usage: $PROG set|group GROUP SUITE PKG[:ARCH][=VERSION]... | rootfs | check" ;;
	esac
}

main "$@"
