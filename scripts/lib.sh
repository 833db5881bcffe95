# shellcheck shell=bash disable=SC2034
# Shared helpers for the scripts in this directory.  Source it; do not run it.

PROJECT=drm-nomap
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${DRM_NOMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/$PROJECT}
PROG=$(basename "$0")
# The console protocol of the guest (PROTO_*, proto_results ...) and the SD
# card's layout, defined once for guest and host.
# shellcheck source=igt-tests/protocol.sh
. "$TOP/igt-tests/protocol.sh"
# Where the guest keeps the tests (rootfs path, no leading slash); the test
# module of each kernel goes to its kmod/ (scripts/build-kernel.sh).
GUEST_DIR=${PROTO_GUEST_DIR#/}
# That module as out/BOARD/kmod.cpio.gz, the initramfs fragment run-qemu.sh
# appends, and as KMOD_TAR, the same files for the LAVA qemu job's tar
# overlay (LAVA unpacks only the first archive of a concatenated initrd).
KMOD_TAR=kmod.tar.gz

# nomap_dumb_fuzz's size and seed in a QEMU guest (run-qemu.sh's FUZZ_OPS
# and FUZZ_SEED defaults, and the LAVA qemu job's); a Pi runs the test's own
# default (100000 operations, a random seed).
QEMU_FUZZ_OPS=20000
QEMU_FUZZ_SEED=0x5eed

# The kernel release suffixes (uname -r) of the patched build and of the
# base build (build-kernel.sh, build-base.sh): a board's uname.txt says
# which of the two ran (board-results.sh).
LOCALVERSION_PATCHED=-$PROJECT
LOCALVERSION_BASE=-$PROJECT-base

die() {
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

warn() {
	printf '%s: warning: %s\n' "$PROG" "$*" >&2
}

log() {
	printf '%s: %s\n' "$PROG" "$*" >&2
}

# need CMD... -- fail with the package hint when a host tool is missing.
need() {
	local cmd
	for cmd in "$@"; do
		command -v "$cmd" >/dev/null 2>&1 ||
			die "'$cmd' not found; run 'make deps' (installs the Debian host packages)"
	done
}

# timed LABEL CMD... -- run CMD, then report how long it took.  CMD runs as
# a background job so that errexit stays in force inside shell functions.
timed() {
	local label=$1 start rc=0
	shift
	start=$(date +%s)
	log "$label ..."
	"$@" &
	wait $! || rc=$?
	local status="done"
	[ "$rc" = 0 ] || status="FAILED (exit $rc)"
	log "$label: $status in $(($(date +%s) - start)) s"
	return "$rc"
}

# BASE selects the kernel base: unset for kernel.pin (the release users
# flash), "next" for kernel-next.pin (the newest mainline Debian has).
# BASES are the bases of the series; the stable bases (stable-<SERIES>.pin,
# the Debian stable kernels that get the DMA fix backported, `make
# check-stable`) are not: they carry patches/stable/<SERIES>/ instead.
BASES=("" next)
pin_file() {
	case ${BASE:-} in
	'') printf '%s\n' "$TOP/kernel.pin" ;;
	next) printf '%s\n' "$TOP/kernel-next.pin" ;;
	stable-*) [ -f "$TOP/$BASE.pin" ] || die "unknown BASE '$BASE'; stable bases: $(stable_bases | paste -sd' ' -)"
		printf '%s\n' "$TOP/$BASE.pin" ;;
	*) die "unknown BASE '$BASE'; use BASE=next (kernel-next.pin), BASE=stable-<SERIES> (stable-*.pin) or leave BASE unset (kernel.pin)" ;;
	esac
}

# stable_bases -- the BASE names of the stable pins, oldest series first.
stable_bases() {
	local f
	for f in "$TOP"/stable-*.pin; do
		[ -f "$f" ] && basename "$f" .pin
	done | sort -V
}
pin_file >/dev/null   # an unknown BASE stops the script here, not in a $(...)

# The project's placeholder identity that patches/ carries in From: and
# Signed-off-by:; `make series` replaces it by the sender's.
PLACEHOLDER_IDENT="Seed a9f7966d maintainers <maintainers@users.noreply.h-seed-a9f7966d.example>"

# sender -- "Name <email>" as git resolves it in this repository, never
# guessed from the host; dies with how to set it.
sender() {
	local ident
	if ! ident=$(git -C "$TOP" -c user.useConfigOnly=true var GIT_COMMITTER_IDENT 2>/dev/null); then
		die "no sender identity: git config user.name and user.email are not both set (the From: and Signed-off-by: of the series); set them with 'git config --global user.name \"Your Name\"' and 'git config --global user.email you@example.org', then rerun"
	fi
	ident=${ident% * *}
	[ "$ident" != "$PLACEHOLDER_IDENT" ] ||
		die "git's identity is the project's placeholder ($ident), not a person who can sign off; set yours with 'git config --global user.name \"Your Name\"' and 'git config --global user.email you@example.org', then rerun"
	printf '%s\n' "$ident"
}

# pin_get KEY -- value of KEY from the pin file of BASE (environment
# overrides: PIN_KEY); a key that pin file does not set is kernel.pin's.
# VERSION is the one deps.lock pins for the pin's PACKAGE and SUITE.
pin_get() {
	local key=$1 override="PIN_$1" pin
	pin=$(pin_file)
	if [ -n "${!override:-}" ]; then
		printf '%s\n' "${!override}"
		return
	fi
	if [ "$key" = VERSION ]; then
		lock_version "$(pin_get SUITE)" "$(pin_get PACKAGE)"
		return
	fi
	grep -q "^$key=" "$pin" || pin=$TOP/kernel.pin
	sed -n "s/^$key=//p" "$pin"
}

# base_tree -- the kernel work tree of BASE: build/linux for kernel.pin,
# build/linux-<SERIES> for kernel-next.pin, build/stable-<SERIES>/linux for
# a stable pin.
base_tree() {
	case ${BASE:-} in
	'') printf '%s\n' "$TOP/build/linux" ;;
	stable-*) printf '%s\n' "$TOP/build/$BASE/linux" ;;
	*) printf '%s\n' "$TOP/build/linux-$(pin_get SERIES)" ;;
	esac
}

# base_suffix -- '' for kernel.pin, -<SERIES> for another BASE: what the
# build and output directories of that base's runs carry (check-series,
# kunit).
base_suffix() {
	[ -z "${BASE:-}" ] || printf -- '-%s\n' "$(pin_get SERIES)"
}

# upstream_release -- the mainline release the pinned Debian package is:
# 7.2.13-1 -> v7.2.13, 7.3~rc7-1~exp1 -> v7.3-rc7.
upstream_release() {
	local ver
	ver=$(pin_get VERSION)
	ver=${ver#*:}
	ver=${ver%-*}
	printf 'v%s\n' "${ver//\~/-}"
}

# series_files DIR -- the patches of the series in DIR, in the order git am
# applies them.  With BASE=next, DIR/next/NAME replaces DIR/NAME: the same
# patch rebased by hand onto kernel-next.pin, where NAME does not apply.
series_files() {
	local f next
	for next in "$1"/next/[0-9][0-9][0-9][0-9]-*.patch; do
		[ ! -e "$next" ] || [ -f "$1/${next##*/}" ] ||
			die "$next replaces no patch of $1 (its name must be that of the patch it rebases)"
	done
	find "$1" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' | LC_ALL=C sort |
		while read -r f; do
			next=$1/next/${f##*/}
			[ "${BASE:-}" = next ] && [ -f "$next" ] && f=$next
			printf '%s\n' "$f"
		done
}

# scratch_at_base TREE SCRATCH -- SCRATCH is a worktree of TREE at base,
# clean (an unfinished git am aborted), made or reused (check-apply,
# range-diff).
scratch_at_base() {
	local tree=$1 scratch=$2
	if git -C "$tree" worktree list --porcelain | grep -qxF "worktree $scratch"; then
		git -C "$scratch" am --abort >/dev/null 2>&1 || true
		git -C "$scratch" checkout -q -f --detach base
		git -C "$scratch" clean -q -fd
		return
	fi
	rm -rf "$scratch"
	git -C "$tree" worktree prune
	mkdir -p "$(dirname "$scratch")"
	git -C "$tree" worktree add -q --detach "$scratch" base
}

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

# Identity of the commits that git am makes in our trees.
GIT_ID=(-c user.name="${GIT_AUTHOR_NAME:-$PROJECT}" -c user.email="${GIT_AUTHOR_EMAIL:-$PROJECT@localhost}")

# am_conflicts DIR AM_OUTPUT -- the files a failed 'git am -3' in DIR left
# unmerged or could not patch, on one line.
am_conflicts() {
	{ git -C "$1" diff --name-only --diff-filter=U
		sed -n 's/^error: patch failed: \(.*\):[0-9]*$/\1/p; s/^CONFLICT ([^)]*): .* in \(.*\)$/\1/p; s/^error: sha1 information is lacking or useless (\(.*\))\.$/\1/p' <<<"$2"; } |
		sort -u | paste -sd' '
}

# captures_dir LOG -- where run-qemu.sh keeps the screen captures of the
# run whose serial log is LOG (results.txt holds capture.sh's verdicts).
captures_dir() {
	printf '%s\n' "${1%.log}-captures"
}

# judge_guest LOG LIST [OPTION]... -- scripts/results.sh on a QEMU run of
# the loaded board (board_load: DRIVER, XFAILS) of igt-tests/LIST (entries
# matching $TESTS), judged by the board's expectation files (an OPTION -x
# PREFIX replaces them): every entry has one result, the board's DRM driver
# bound, the screen captures judged.
judge_guest() {
	local log=$1 list=$2
	shift 2
	[ -n "${DRIVER:-}" ] || die "judge_guest: no board loaded (board_load BOARD first)"
	"$TOP/scripts/results.sh" -l "$TOP/igt-tests/$list" -t "${TESTS:-}" -e "Initialized $DRIVER " \
		-x "$TOP/igt-tests/xfails/$XFAILS" -c "$(captures_dir "$log")/results.txt" "$@" "$log"
}

# results_page KIND HTML ARG... -- write a run's results page with
# scripts/results-page.py and print where it is; a page that cannot be
# written is a warning, never a silent gap.
results_page() {
	local page=$1 html=$2
	shift 2
	if python3 -B "$TOP/scripts/results-page.py" "$page" -o "$html" "$@" >/dev/null; then
		log "results page: ${html#"$TOP"/}"
	else
		warn "no results page ${html#"$TOP"/} (results-page.py failed above)"
	fi
}

# judged_page LOG DIR JUDGED -- the results page DIR/index.html of a QEMU
# run from its serial LOG and the judge's lines in JUDGED.
judged_page() {
	results_page run "$2/index.html" --judged "$3" --log "$1" --junit "$2/junit.xml" \
		--captures "$(captures_dir "$1")" --title "${BOARD:-qemu-vexpress}: $(basename "$1")"
}

# rootfs_then_each FUNC ITEM... -- build the rootfs once, run FUNC ITEM for
# every item (each prints PASS|FAIL lines), print those lines and the
# closing "N passed, N failed" line; non-zero when any failed.
rootfs_then_each() {
	local fn=$1 item results=''
	shift
	timed "building the rootfs" "$TOP/scripts/mkrootfs.sh" >&2
	for item in "$@"; do
		results+=$("$fn" "$item")$'\n'
	done
	printf '%s' "$results"
	summarize - <<<"${results%$'\n'}"
}

# summarize -- read "PASS|FAIL|SKIP name" lines, print the summary line;
# fails when any line is FAIL, and when there is no result at all (H15).
summarize() {
	awk '{ n[$1]++ } END {
		printf "%d passed, %d failed, %d skipped\n", n["PASS"], n["FAIL"], n["SKIP"]
		exit n["FAIL"] > 0 || n["PASS"] + n["FAIL"] + n["SKIP"] == 0 }' "$@"
}

# Runs never write tracked files: a measuring target keeps the section it
# proposes for RESULTS.md in RECORD_DIR/NAME.md, and `make record`
# (scripts/record.sh) shows RESULTS.md with those sections replaced.
RECORD_DIR=${RECORD_DIR:-$TOP/out/record}

# propose_results NAME FILE -- keep FILE, under a line saying when and with
# which kernel it was measured, as the proposed section NAME of RESULTS.md.
propose_results() {
	local name=$1 file=$2
	mkdir -p "$RECORD_DIR"
	{
		printf '%s\n\n' "${RESULTS_STAMP:-$(results_stamp)}"
		cat "$file"
	} >"$RECORD_DIR/$name.md"
	log "proposed for RESULTS.md: ${RECORD_DIR#"$TOP"/}/$name.md (make record shows the update)"
}

# The stamp of published figures: the date and the series they measured.
results_stamp() {
	local version
	version=$(sed -n 's/^Version: //p;/^$/q' "$TOP/patches/cover-letter.txt")
	printf 'Measured %s, series v%s on %s (make %s).\n' "$(date -u +%Y-%m-%d)" "$version" \
		"$(BASE='' pin_get VERSION)" "${PROG%.sh}"
}

# ccache_env -- the compiler cache of every kernel build (build-kernel.sh,
# kunit.sh): one cache, hit across trees laid out like build/linux +
# build/BOARD.
ccache_env() {
	export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache} CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
	mkdir -p "$CCACHE_DIR"
}

# build_capture_check OUT -- the host's pixel checker of the screen
# captures (igt-tests/tools/capture_check.c) as OUT.
build_capture_check() {
	mkdir -p "$(dirname "$1")"
	gcc -O2 -Wall -Wextra -Werror -o "$1" "$TOP/igt-tests/tools/capture_check.c" "$TOP/igt-tests/lib/pattern.c"
}

# run_judge COMMAND ARG... -- the project's judge (scripts/judge: deqp-runner
# semantics, expectation files, kernel-log scan, KUnit, bench); every
# verdict goes through it.
run_judge() {
	python3 -B "$TOP/scripts/judge" "$@"
}

# The Debian mirror (the host's apt sources) and deps.lock.
# shellcheck source=scripts/debian.sh
. "$TOP/scripts/debian.sh"
