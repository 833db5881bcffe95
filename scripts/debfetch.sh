#!/usr/bin/env bash
# Fetch Debian binary packages through a private apt root in the cache.
# The system's apt sources are never touched; the mirror is the host's
# (debian_mirror in scripts/debian.sh: DEBIAN_MIRROR= overrides it).
#
#   debfetch.sh versions PKG[:ARCH]        available versions, newest first
#   debfetch.sh get PKG[:ARCH][=VERSION]...
#       the path of each cached .deb: the version and sha256 that deps.lock
#       pins (a VERSION given must be that one), checked after download
#   debfetch.sh info PKG[:ARCH][=VERSION]...
#       "PKG:ARCH VERSION SHA256" from the archive's index (newest when no
#       VERSION), the fields of a deps.lock line (scripts/deps-lock.sh)
#   debfetch.sh closure ARCH PKG...
#       "PKG:ARCH=VERSION" of PKG... and their dependencies, no recommends,
#       as an empty ARCH system installs them (the rootfs: mkrootfs.sh)
#
# SUITE (default sid) selects the archive.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SUITE=${SUITE:-sid}
KEYRING=${KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
ROOT="$CACHE/apt/$SUITE"
DEBS="$CACHE/debs"
NATIVE=$(dpkg --print-architecture)

apt_opts() {
	APT=(-o "Dir=$ROOT" -o "Dir::State::status=$ROOT/status"
		-o "Dir::Etc::trusted=/etc/apt/trusted.gpg"
		-o "Dir::Etc::TrustedParts=/etc/apt/trusted.gpg.d"
		-o "APT::Architecture=$NATIVE"
		-o "APT::Architectures::=$NATIVE"
		-o "APT::Architectures::=armhf" -o "APT::Architectures::=arm64"
		-o "Debug::NoLocking=1" -o "Acquire::Retries=3"
		-o "APT::Sandbox::User=root")
}

# apt_ready -- the private root with fresh package lists (once per run).
APT_READY=''
apt_ready() {
	[ -z "$APT_READY" ] || return 0
	APT_READY=1
	need apt-get apt-cache
	MIRROR=$(debian_mirror)
	apt_opts
	setup_root
	update_lists
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
		die "apt-get update of $SUITE failed; check the network or the mirror $MIRROR (DEBIAN_MIRROR=URL sets another)"
}

versions() {
	apt_ready
	apt-cache "${APT[@]}" madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' |
		sort -Vru
}

# cached PKG VERSION ARCH -- the .deb in the cache (apt-get download writes
# an epoch's colon as %3a); empty when absent.
cached() {
	local v=$2
	find "$DEBS" -maxdepth 1 \( -name "${1}_${v//:/%3a}_$3.deb" -o -name "${1}_${v#*:}_$3.deb" \) 2>/dev/null |
		head -n1
}

# pinned SPEC -- "PKG ARCH VERSION SHA256" that deps.lock pins for SPEC.
pinned() {
	local spec=$1 name=${1%%=*} ver='' pkg arch lver sha larch
	[[ $spec == *=* ]] && ver=${spec#*=}
	pkg=${name%%:*} arch=${name#*:}
	[ "$arch" != "$name" ] || arch=$NATIVE
	read -r lver sha larch < <(lock_find "$SUITE" "$pkg" "$arch") ||
		die "${DEPS_LOCK##*/} pins no $pkg:$arch of Debian $SUITE; record it: scripts/deps-lock.sh set GROUP $SUITE $pkg:$arch"
	[ -z "$ver" ] || [ "$ver" = "$lver" ] ||
		die "$pkg $ver is not the version ${DEPS_LOCK##*/} pins ($lver); to move, record it: scripts/deps-lock.sh set GROUP $SUITE $pkg:$larch=$ver"
	printf '%s %s %s %s\n' "$pkg" "$larch" "$lver" "$sha"
}

# download PKG:ARCH=VERSION... -- into the cache, in one apt-get run.
download() {
	apt_ready
	log "downloading from $MIRROR ($SUITE): $*"
	(cd "$DEBS" && apt-get "${APT[@]}" -qq download "$@" >&2) ||
		die "cannot download all of $* from Debian $SUITE ($MIRROR); 'debfetch.sh versions PKG' lists what exists, scripts/deps-lock.sh set records another version"
}

# get SPEC... -- the cached .deb of each, downloaded when missing, checked.
get() {
	local spec pkg arch ver sha deb pins=() missing=()
	mkdir -p "$DEBS"
	for spec in "$@"; do
		pins+=("$(pinned "$spec")")
		read -r pkg arch ver sha <<<"${pins[-1]}"
		[ -n "$(cached "$pkg" "$ver" "$arch")" ] && continue
		[ "$arch" = all ] || pkg=$pkg:$arch
		missing+=("$pkg=$ver")
	done
	[ ${#missing[@]} = 0 ] || download "${missing[@]}"
	for spec in "${pins[@]}"; do
		read -r pkg arch ver sha <<<"$spec"
		deb=$(cached "$pkg" "$ver" "$arch")
		[ -n "$deb" ] || die "apt-get download of $pkg=$ver left no .deb in $DEBS"
		lock_verify "$deb" "$sha" "$pkg $ver ($arch, Debian $SUITE)"
		printf '%s\n' "$deb"
	done
}

# info SPEC -- one deps.lock line's fields from the index.
info() {
	local name=${1%%=*} ver=${1#*=}
	[ "$ver" != "$1" ] || ver=$(versions "$name" | head -n1)
	[ -n "$ver" ] || die "package $name not found in Debian $SUITE"
	apt_ready
	apt-cache "${APT[@]}" show "$name=$ver" 2>/dev/null | awk -v v="$ver" '
		/^Package:/ { p = $2 } /^Architecture:/ { a = $2 } /^Version:/ { ok = ($2 == v) }
		/^SHA256:/ && ok && !done { print p ":" a, v, $2; done = 1 }
		END { if (!ok) exit 1 }' || die "no $name $ver in Debian $SUITE"
}

closure() {
	local arch=$1 status
	shift
	apt_ready
	status=$(mktemp)
	apt-get "${APT[@]}" -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch" \
		-o "Dir::State::status=$status" -o APT::Install-Recommends=0 -s install "$@" 2>&1 |
		sed -nE 's/^Inst ([^ ]+) \(([^ ]+) .*\[([a-z0-9]+)\].*/\1:\3=\2/p'
	rm -f "$status"
}

main() {
	[ $# -ge 2 ] || die "usage: $PROG versions PKG | get SPEC... | info SPEC... | closure ARCH PKG..."
	need dpkg sha256sum
	local cmd=$1 spec
	shift
	case $cmd in
	versions) versions "$1" ;;
	get) get "$@" ;;
	info) for spec in "$@"; do info "$spec"; done ;;
	closure) closure "$@" ;;
	*) die "unknown command '$cmd'; use versions, get, info or closure" ;;
	esac
}

main "$@"
