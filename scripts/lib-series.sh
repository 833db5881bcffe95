# shellcheck shell=bash
# lib-series.sh -- the cover letters, make series' output paths and the
# pinned b4; sourced by scripts/lib.sh, which defines what it uses (TOP,
# die, lock_version...).

# The cover letters (patches/cover-letter*.txt) split the stack into the
# series that are sent: header lines ("Subject:", "Version:", "Series:",
# "Patches: A-B", "Prefix:", "Cc:"), a blank line, the body
# (scripts/series.sh).
# make series writes each series to SERIES_OUT/<Series>/ (SERIES_OUT itself
# when a cover letter has no "Patches:").
SERIES_OUT=$TOP/out/series

# cover_header FILE KEY -- the value of header line KEY of a cover letter.
cover_header() {
	sed -n "s/^$2: //p;/^\$/q" "$1"
}

# cover_letters [DIR] -- the cover letters of DIR (default patches/), in
# the order of their first patch: the order the series are sent in.
cover_letters() {
	local c
	for c in "${1:-$TOP/patches}"/cover-letter*.txt; do
		[ -r "$c" ] || continue
		printf '%s %s\n' "$(cover_header "$c" Patches | cut -d- -f1)" "$c"
	done | sort -n | cut -d' ' -f2-
}

# cover_dir FILE -- where make series writes that cover letter's series.
cover_dir() {
	local name
	name=$(cover_header "$1" Series)
	printf '%s\n' "$SERIES_OUT${name:+/$name}"
}

# b4, the kernel's mail tool, as Debian's B4_SUITE ships it: deps.lock
# pins the .deb (group b4); run_b4 unpacks it into the cache, once, and
# runs it with Debian's Python (B4_PYTHON), whose python3-requests, b4's
# one hard dependency, comes with 'make deps'.
B4_SUITE=bookworm
B4_PYTHON=/usr/bin/python3

# run_b4 ARG... -- the pinned b4.
run_b4() {
	local ver root deb
	ver=$(lock_version "$B4_SUITE" b4)
	[ -n "$ver" ] || die "${DEPS_LOCK##*/} pins no b4 of Debian $B4_SUITE; record it: scripts/deps-lock.sh set b4 $B4_SUITE b4:all"
	root=$CACHE/b4/$ver
	if [ ! -d "$root/usr" ]; then
		deb=$(SUITE=$B4_SUITE "$TOP/scripts/debfetch.sh" get "b4:all=$ver") ||
			die "b4 $ver is missing and could not be fetched from Debian $B4_SUITE (above)"
		rm -rf "$root.tmp"
		mkdir -p "$root.tmp"
		dpkg-deb -x "$deb" "$root.tmp"
		mv "$root.tmp" "$root"
	fi
	"$B4_PYTHON" -c 'import requests' 2>/dev/null ||
		die "b4 needs Debian's python3-requests for $B4_PYTHON; run 'make deps' (installs the Debian host packages)"
	PYTHONPATH=$root/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH} \
		"$B4_PYTHON" -B -c 'import sys; from b4.command import cmd; sys.argv[0] = "b4"; sys.exit(cmd())' "$@"
}
