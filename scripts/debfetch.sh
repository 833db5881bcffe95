#!/usr/bin/env bash
# Fetch Debian binary packages through a private apt root in the cache.
# The system's apt sources are never touched.
#
#   debfetch.sh versions PKG[:ARCH]        list available versions, newest first
#   debfetch.sh get PKG[:ARCH][=VERSION]   print the path of the cached .deb
#
# SUITE (default sid) and MIRROR select the archive.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SUITE=${SUITE:-sid}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
KEYRING=${KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
ROOT="$CACHE/apt/$SUITE"
DEBS="$CACHE/debs"

apt_opts() {
	APT=(-o "Dir=$ROOT" -o "Dir::State::status=$ROOT/status"
		-o "Dir::Etc::trusted=/etc/apt/trusted.gpg"
		-o "Dir::Etc::TrustedParts=/etc/apt/trusted.gpg.d"
		-o "APT::Architecture=$(dpkg --print-architecture)"
		-o "APT::Architectures::=$(dpkg --print-architecture)"
		-o "APT::Architectures::=armhf" -o "APT::Architectures::=arm64"
		-o "Debug::NoLocking=1" -o "Acquire::Retries=3"
		-o "APT::Sandbox::User=root")
}

setup_root() {
	[ -r "$KEYRING" ] || die "$KEYRING missing; run 'make deps' (debian-archive-keyring)"
	mkdir -p "$ROOT/etc/apt/apt.conf.d" "$ROOT/etc/apt/preferences.d" \
		"$ROOT/var/lib/apt/lists/partial" "$ROOT/var/cache/apt/archives/partial"
	touch "$ROOT/status"
	printf 'deb [signed-by=%s] %s %s main non-free-firmware\n' \
		"$KEYRING" "$MIRROR" "$SUITE" >"$ROOT/etc/apt/sources.list"
}

# Refresh the package lists when they are missing or older than a day.
update_lists() {
	if [ -n "$(find "$ROOT/var/lib/apt/lists" -maxdepth 1 \
		-name '*_InRelease' -mmin -1440 -print -quit)" ]; then
		return
	fi
	log "updating package lists for $SUITE from $MIRROR"
	apt-get "${APT[@]}" -qq update >&2 ||
		die "apt-get update of $SUITE failed; check the network or MIRROR=$MIRROR"
}

versions() {
	apt-cache "${APT[@]}" madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' |
		sort -Vru
}

get() {
	local spec=$1 name=${1%%=*} ver=
	[[ $spec == *=* ]] && ver=${spec#*=}
	[ -n "$ver" ] || ver=$(versions "$name" | head -n1)
	[ -n "$ver" ] || die "package $name not found in Debian $SUITE"
	local pkg=${name%%:*} arch=${name#*:}
	[ "$arch" = "$name" ] && arch=$(dpkg --print-architecture)
	local cached
	mkdir -p "$DEBS"
	cached=$(find "$DEBS" -maxdepth 1 -name "${pkg}_${ver/*:/}_${arch}.deb" \
		-o -name "${pkg}_${ver/*:/}_all.deb" 2>/dev/null | head -n1)
	if [ -z "$cached" ]; then
		log "downloading $pkg $ver ($arch)"
		(cd "$DEBS" && apt-get "${APT[@]}" -qq download "$name=$ver" >&2) ||
			die "cannot download $name=$ver from $SUITE; 'debfetch.sh versions $name' lists what exists"
		cached=$(find "$DEBS" -maxdepth 1 -name "${pkg}_*${ver/*:/}_*.deb" | head -n1)
	fi
	printf '%s\n' "$cached"
}

main() {
	[ $# = 2 ] || die "usage: $PROG versions|get PKG[:ARCH][=VERSION]"
	need apt-get apt-cache dpkg
	apt_opts
	setup_root
	update_lists
	case $1 in
	versions) versions "$2" ;;
	get) get "$2" ;;
	*) die "unknown command '$1'; use 'versions' or 'get'" ;;
	esac
}

main "$@"
