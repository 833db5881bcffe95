# shellcheck shell=bash disable=SC2034
# Where Debian packages come from, and which ones (lib.sh sources this file).
#
# The mirror is the host's: the first Debian archive (a URI whose path ends
# in /debian; /debian-security for the security archive) among the enabled
# "deb" entries of the host's apt sources, in the order apt reads them
# (Dir::Etc::sourcelist, then Dir::Etc::sourceparts: *.list one-line and
# *.sources deb822 files).  DEBIAN_MIRROR= (DEBIAN_SECURITY_MIRROR=)
# overrides it; APT_CONFIG= points apt-config at another configuration.
#
# DEPS_LOCK (deps.lock) pins every package the build downloads by version
# and sha256: lines "GROUP SUITE PACKAGE:ARCH VERSION SHA256".
# scripts/debfetch.sh checks every .deb against it; scripts/deps-lock.sh
# writes it.

DEPS_LOCK=${DEPS_LOCK:-$TOP/deps.lock}
# The Debian suite of the guests' rootfs (scripts/mkrootfs.sh), and of the
# chroot igt is built in (scripts/igt.sh), so that igt runs on the rootfs.
ROOTFS_SUITE=bookworm

# apt_source_files -- the host's apt source files, in apt's order.
apt_source_files() {
	local sl=/etc/apt/sources.list sp=/etc/apt/sources.list.d/ f
	if command -v apt-config >/dev/null; then
		eval "$(apt-config shell sl Dir::Etc::sourcelist/f sp Dir::Etc::sourceparts/d 2>/dev/null)"
	fi
	[ ! -f "$sl" ] || printf '%s\n' "$sl"
	for f in "${sp%/}"/*.list "${sp%/}"/*.sources; do
		[ -f "$f" ] && printf '%s\n' "$f"
	done | LC_ALL=C sort
}

# apt_deb_uris FILE... -- "URI SUITE" of every enabled "deb" entry.
apt_deb_uris() {
	[ $# -gt 0 ] || return 0
	awk '
	function flush(   i, j, nu, ns, u, s) {
		if (types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no") {
			nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
			for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++)
				if (u[i] != "" && s[j] != "") print u[i], s[j]
		}
		types = uris = suites = enabled = field = ""
	}
	FNR == 1 { flush() }
	FILENAME ~ /\.sources$/ {
		if ($0 ~ /^[ \t]*#/) next
		if ($0 ~ /^[ \t]*$/) { flush(); next }
		if ($0 ~ /^[ \t]/) { value = $0 }
		else { field = tolower($0); sub(/:.*/, "", field); value = $0; sub(/^[^:]*:/, "", value) }
		if (field == "types") types = types " " value
		else if (field == "uris") uris = uris " " value
		else if (field == "suites") suites = suites " " value
		else if (field == "enabled") { enabled = value; gsub(/[ \t]/, "", enabled) }
		next
	}
	{
		flush(); line = $0
		sub(/#.*/, "", line); gsub(/\[[^]]*\]/, " ", line)
		if (split(line, f, /[ \t]+/) >= 3 && f[1] == "deb") print f[2], f[3]
		else if (f[1] == "" && split(line, f, /[ \t]+/) >= 4 && f[2] == "deb") print f[3], f[4]
	}
	END { flush() }' "$@"
}

# host_archive PATH_SUFFIX -- the first URI of the host's apt sources whose
# path ends in PATH_SUFFIX (trailing slash dropped); empty when none.
host_archive() {
	local files
	mapfile -t files < <(apt_source_files)
	apt_deb_uris "${files[@]}" | awk -v want="$1" '
		{ u = $1; sub(/\/+$/, "", u) }
		u ~ /^[a-z+]+:\/\// && substr(u, length(u) - length(want) + 1) == want && !found { print u; found = 1 }'
}

# debian_mirror -- the Debian archive to download from (DEBIAN_MIRROR, or
# the host's apt sources).
debian_mirror() {
	local m=${DEBIAN_MIRROR:-}
	[ -n "$m" ] || m=$(host_archive /debian)
	[ -n "$m" ] || die "no Debian archive (a URI ending in /debian) in the host's apt sources ($(apt_source_files | paste -sd' ' -)); set DEBIAN_MIRROR=URL of a Debian mirror"
	printf '%s\n' "${m%/}"
}

# debian_security_mirror -- the Debian security archive (DEBIAN_SECURITY_MIRROR,
# or the host's apt sources); empty when the host has none.
debian_security_mirror() {
	local m=${DEBIAN_SECURITY_MIRROR:-}
	[ -n "$m" ] || m=$(host_archive /debian-security)
	printf '%s\n' "${m%/}"
}

# chroot_sources SUITE FILE -- the apt sources of a chroot (LAVA, igt):
# the host's Debian mirror, and its security archive when the host has one.
chroot_sources() {
	local mirror security
	mirror=$(debian_mirror)
	security=$(debian_security_mirror)
	{
		printf 'deb %s %s main\n' "$mirror" "$1" "$mirror" "$1-updates"
		[ -z "$security" ] || printf 'deb %s %s-security main\n' "$security" "$1"
	} >"$2"
}

# lock_lines [GROUP] -- the lock's entries (of GROUP), comments dropped.
lock_lines() {
	[ -r "$DEPS_LOCK" ] || die "$DEPS_LOCK missing; restore it from git"
	awk -v g="${1:-}" '!/^[[:space:]]*(#|$)/ && (g == "" || $1 == g)' "$DEPS_LOCK"
}

# lock_find SUITE PKG ARCH -- "VERSION SHA256 ARCH" that the lock pins for
# PKG:ARCH (or PKG:all) of Debian SUITE; fails when it pins none.  (Reads
# the file itself: an awk that exits early on a pipe would kill the writer.)
lock_find() {
	lock_lines '' >/dev/null
	awk -v s="$1" -v p="$2" -v a="$3" '
		!/^[[:space:]]*#/ && $2 == s && ($3 == p ":" a || $3 == p ":all") && !found {
			n = split($3, x, ":"); print $4, $5, x[n]; found = 1 }
		END { exit !found }' "$DEPS_LOCK"
}

# lock_version SUITE PKG -- the version the lock pins for PKG (any arch).
lock_version() {
	lock_lines '' >/dev/null
	awk -v s="$1" -v p="$2" '!/^[[:space:]]*#/ && $2 == s && index($3, p ":") == 1 && !found { print $4; found = 1 }' "$DEPS_LOCK"
}

# lock_verify FILE SHA256 WHAT -- FILE has the pinned sha256; otherwise
# remove it and stop with what to do.
lock_verify() {
	local got
	got=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$got" = "$2" ] && return
	rm -f "$1"
	die "sha256 mismatch for $3: $(basename "$1") has $got, ${DEPS_LOCK##*/} pins $2; the file is removed, run again to download it afresh; if the mirror ($(debian_mirror)) serves the same file again it is not Debian's: use another mirror (DEBIAN_MIRROR=URL), or when Debian really rebuilt it, record it with 'scripts/deps-lock.sh set'"
}
