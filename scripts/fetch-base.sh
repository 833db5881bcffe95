#!/usr/bin/env bash
# Turn the pinned Debian linux-source package into the git work tree whose
# first commit is tagged "base": build/linux from kernel.pin, or with
# BASE=next build/linux-<SERIES> from kernel-next.pin, with
# BASE=stable-<SERIES> build/stable-<SERIES>/linux from stable-<SERIES>.pin
# (see base_tree in lib.sh).  Idempotent: when the tree already holds the resolved version
# nothing is downloaded or extracted.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

TREE=${TREE:-$(base_tree)}
PIN_NAME=$(basename "$(pin_file)")
DEBFETCH=${DEBFETCH:-$TOP/scripts/debfetch.sh}
STAMP_NAME=drm-nomap-base

# Pick the pinned version, or the newest of the same series (loudly; its
# download then stops: debfetch.sh fetches only what deps.lock pins).
resolve_version() {
	local pkg=$1 want=$2 series=$3 avail
	avail=$(SUITE=$(pin_get SUITE) "$DEBFETCH" versions "$pkg")
	if grep -qxF "$want" <<<"$avail"; then
		printf '%s\n' "$want"
		return
	fi
	local newest
	newest=$(grep -E "^${series//./\\.}\.[0-9]+" <<<"$avail" | head -n1 || true)
	[ -n "$newest" ] || die "no $pkg ($series.x) in Debian $(pin_get SUITE) any more; rebase: set PACKAGE/SERIES in $PIN_NAME to an available linux-source, record its VERSION in deps.lock (scripts/deps-lock.sh set ${PIN_NAME%.pin} SUITE PACKAGE=VERSION), run 'make tree', fix what git am reports, then 'make export'"
	cat >&2 <<-MSG
	$PROG: ************************************************************
	$PROG: WARNING: pinned $pkg $want is no longer in the archive.
	$PROG: WARNING: the newest $series.x is $newest, which deps.lock does not pin.
	$PROG: WARNING: once the series is checked on it, record it:
	$PROG: WARNING: scripts/deps-lock.sh set ${PIN_NAME%.pin} $(pin_get SUITE) $pkg=$newest
	$PROG: ************************************************************
	MSG
	printf '%s\n' "$newest"
}

# Is the tree already at this base?  Refuse to clobber a tree at another one.
tree_is_current() {
	local id=$1 stamp="$TREE/.git/$STAMP_NAME"
	[ -d "$TREE/.git" ] || return 1
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$id" ] &&
		git -C "$TREE" rev-parse -q --verify refs/tags/base >/dev/null; then
		return 0
	fi
	die "$TREE holds another base ($(cat "$stamp" 2>/dev/null || echo unknown), want $id); run 'make export' to save your work, then 'make clean-tree'"
}

extract() {
	local deb=$1 tmp="$TREE.tmp"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -xJ --strip-components=1 -C "$tmp"
	[ -f "$tmp/Makefile" ] || die "$deb holds no kernel tarball; check PACKAGE in $PIN_NAME"
	# Debian's packaging rule ignores the whole top level, which would hide
	# new files from 'git add'; the tree is a kernel tree, not a package.
	sed -i -e '/^\/\*$/d' -e '/^!\/debian\/$/d' "$tmp/.gitignore"
	mv "$tmp" "$TREE"
}

commit_base() {
	local id=$1 kver
	kver=$(make -s -C "$TREE" kernelversion)
	git -C "$TREE" init -q -b master
	git -C "$TREE" add -A -f
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		git -C "$TREE" -c user.name="$PROJECT" -c user.email="$PROJECT@localhost" \
		commit -q -m "Linux $kver (Debian $id)" -m "Unpacked from the Debian binary package; see $PIN_NAME. Debian's rule that ignores the top level in .gitignore is dropped."
	git -C "$TREE" tag base
	printf '%s\n' "$id" >"$TREE/.git/$STAMP_NAME"
}

# A tree of another base (BASE=next) also holds the objects of kernel.pin's
# base, as an upstream tree holds the history of earlier releases: patches/
# is exported on kernel.pin, and 'git am -3' needs the blobs its "index"
# lines name to merge a patch whose context the newer release changed.
# The stable bases do not need it: their backports are made on them.
PINNED_BASE_REF=refs/drm-nomap/pinned-base
link_pinned_base() {
	local pinned
	[ "${BASE:-}" = next ] || return 0
	pinned=$(BASE='' base_tree)
	BASE='' TREE=$pinned "$0" || die "cannot fetch the kernel.pin base that $TREE needs for git am -3"
	git -C "$TREE" fetch -q --no-tags "$pinned" "+refs/tags/base:$PINNED_BASE_REF" ||
		die "cannot fetch the kernel.pin base from $pinned into $TREE"
}

# fetch-base.sh [--resolve]: --resolve only prints the version that would be used.
main() {
	need dpkg-deb tar xz git make
	local pkg ver id deb
	pkg=$(pin_get PACKAGE)
	ver=$(resolve_version "$pkg" "$(pin_get VERSION)" "$(pin_get SERIES)")
	if [ "${1:-}" = --resolve ]; then
		printf '%s\n' "$ver"
		return
	fi
	id="$pkg $ver"
	if tree_is_current "$id"; then
		log "base up to date: $id"
		link_pinned_base
		return
	fi
	deb=$(SUITE=$(pin_get SUITE) "$DEBFETCH" get "$pkg=$ver")
	mkdir -p "$(dirname "$TREE")"
	timed "extracting $(basename "$deb")" extract "$deb"
	timed "committing the base tree" commit_base "$id"
	link_pinned_base
}

main "$@"
