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

# scratch_at_base TREE SCRATCH [REV] -- SCRATCH is a worktree of TREE at
# base (or REV), clean (an unfinished git am or revert aborted), made or
# reused (check-apply, range-diff, the bench's variant without the RFT).
scratch_at_base() {
	local tree=$1 scratch=$2 rev=${3:-base}
	if git -C "$tree" worktree list --porcelain | grep -qxF "worktree $scratch"; then
		git -C "$scratch" am --abort >/dev/null 2>&1 || true
		git -C "$scratch" revert --abort >/dev/null 2>&1 || true
		git -C "$scratch" checkout -q -f --detach "$rev"
		git -C "$scratch" clean -q -fd
		return
	fi
	rm -rf "$scratch"
	git -C "$tree" worktree prune
	mkdir -p "$(dirname "$scratch")"
	git -C "$tree" worktree add -q --detach "$scratch" "$rev"
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

# The Debian mirror (the host's apt sources) and deps.lock.
# shellcheck source=scripts/debian.sh
. "$TOP/scripts/debian.sh"

# The cover letters, make series' paths and b4.
# shellcheck source=scripts/lib-series.sh
. "$TOP/scripts/lib-series.sh"
# Judging runs, their summaries and results pages.
# shellcheck source=scripts/lib-results.sh
. "$TOP/scripts/lib-results.sh"
