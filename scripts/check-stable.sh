#!/usr/bin/env bash
# check-stable.sh [BASE...] -- the DMA fix backported to the stable kernels:
# for each stable base (stable-<SERIES>.pin: Debian bookworm's 6.1, trixie's
# 6.12; default all), fetch it into build/stable-<SERIES>/linux
# (fetch-base.sh, tag base), build qemu-vexpress from it twice and boot each
# kernel with only the plain DMA API tests (nomap_dma_alloc@):
#   unpatched  the base as Debian ships it: every subtest must fail, and on
#              stale memory; one that passes there proves nothing
#   patched    the base + patches/stable/<SERIES>/*.patch (git am, the
#              backport): every subtest must pass
# Objects in build/stable-<SERIES>/qemu-vexpress (shared: the second build
# recompiles what the backport touches), kernels in
# out/stable/<SERIES>/<run>/qemu-vexpress/, serial logs in
# out/stable/<SERIES>/<run>/boot.log.  Prints one PASS|FAIL line per check,
# stable-<SERIES>@unpatched-fails and stable-<SERIES>@patched-passes, then
# the summary; exits non-zero when one failed.
# The board's configs/qemu-vexpress.config applies to these bases unchanged:
# build-kernel.sh fails, naming the option, when a fragment asks for one
# that a base cannot set (check-config.sh), so nothing is dropped silently;
# options no Kconfig of the base defines (DRM_PANIC before 6.10) are named
# in a warning and skipped (ALLOW_UNKNOWN).
#   check-stable.sh judge NAME WANT LOG   only the verdict line of one run's
#                                         serial log (WANT: fail or pass)
set -euo pipefail
shopt -s inherit_errexit   # verdicts are taken with $(...)
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

STABLE_BOARD=qemu-vexpress
STABLE_TESTS='^nomap_dma_alloc@'
TESTLIST=$TOP/igt-tests/testlist.txt
# What nomap_dma_alloc's assertion says when a fresh buffer held old data
# (igt-tests/nomap_dma_alloc.c; the host test checks that it still does).
STALE_MESSAGE='stale bytes in fresh buffers'
# The two runs of a base: its name, the patches it adds, the result every
# subtest must have.
RUNS=("unpatched-fails unpatched fail" "patched-passes patched pass")

# stale_failures LOG -- the tests whose output before their result line
# reports stale memory.
stale_failures() {
	tr -d '\r' <"$1" | awk -v res="$PROTO_RESULT " -v msg="$STALE_MESSAGE" '
		index($0, msg) { stale = 1 }
		index($0, res) { if (stale) { sub(".*" res, ""); sub(/: .*/, ""); print } stale = 0 }'
}

# problems WANT LOG -- what keeps the run of LOG from being a clean WANT,
# one item a line: each selected test needs exactly one result, WANT (a
# failure: on stale memory), and the run itself must be sound (results.sh:
# the runner finished, no oops or WARN, no other result).
problems() {
	local want=$1 log=$2 raw stale t r
	raw=$("$TOP/scripts/results.sh" -r "$log")
	stale=$(stale_failures "$log")
	while read -r t; do
		r=$(awk -v t="$t" '$1 == t { print $2 }' <<<"$raw" | paste -sd, -)
		if [ -z "$r" ]; then
			echo "no result for $t"
		elif [ "$r" != "$want" ]; then
			echo "$t: $r"
		elif [ "$want" = fail ] && ! grep -qxF "$t" <<<"$stale"; then
			echo "$t failed, but not on stale memory (no '$STALE_MESSAGE')"
		fi
	done < <(grep -E -- "$STABLE_TESTS" "$TESTLIST")
	"$TOP/scripts/results.sh" -l "$TESTLIST" -t "$STABLE_TESTS" "$log" 2>/dev/null |
		grep -E '^FAIL ' | grep -vE "^FAIL ${STABLE_TESTS#^}[^ ]* \(" | sed 's/^FAIL //' || true
}

# judge NAME WANT LOG -- the verdict line of one run.
judge() {
	local name=$1 want=$2 log=$3 found
	if [ ! -r "$log" ]; then
		echo "FAIL $name (no serial log $log)"
		return
	fi
	found=$(problems "$want" "$log")
	if [ -n "$found" ]; then
		echo "FAIL $name ($(paste -sd';' - <<<"$found" | sed 's/;/; /g'); log: ${log#"$TOP"/})"
	elif [ "$want" = fail ]; then
		echo "PASS $name (every subtest failed on stale memory)"
	else
		echo "PASS $name (every subtest passed)"
	fi
}

# tree_for RUN TREE SERIES -- TREE at its base, plus the backport for the
# patched run; fails with the reason on stdout.  Commits on a branch of the
# tree stay there; uncommitted changes stop it.
tree_for() {
	local run=$1 tree=$2 series=$3 patches out
	git -C "$tree" am --abort >/dev/null 2>&1 || true
	if ! git -C "$tree" diff --quiet HEAD; then
		echo "uncommitted changes in ${tree#"$TOP"/}: commit them on a branch there, or 'git -C ${tree#"$TOP"/} stash'"
		return 1
	fi
	git -C "$tree" checkout -q --detach base
	[ "$run" = patched ] || return 0
	patches=$(series_files "$TOP/patches/stable/$series")
	if [ -z "$patches" ]; then
		echo "no backport in patches/stable/$series/"
		return 1
	fi
	# shellcheck disable=SC2086 # one path a word
	if ! out=$(git -C "$tree" "${GIT_ID[@]}" am -q $patches 2>&1); then
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		echo "patches/stable/$series does not apply (git am: $(am_conflicts "$tree" "$out"))"
		return 1
	fi
	log "$tree: base + $(wc -w <<<"$patches") patch(es) of patches/stable/$series"
}

# check BASE RUN-SPEC -- build and boot one run of BASE; its verdict line.
check() {
	local base=$1 name run want series tree dir why
	read -r name run want <<<"$2"
	name=$base@$name
	series=$(BASE=$base pin_get SERIES)
	tree=$(BASE=$base base_tree)
	dir=$TOP/out/stable/$series/$run
	if ! why=$(tree_for "$run" "$tree" "$series"); then
		echo "FAIL $name ($why)"
		return
	fi
	local localversion=$LOCALVERSION_PATCHED
	[ "$run" = patched ] || localversion=$LOCALVERSION_BASE
	local rc=0
	timed "building $STABLE_BOARD on $base, $run" env TREE="$tree" BUILD_ROOT="$TOP/build/$base" \
		OUT_ROOT="$dir" LOCALVERSION="$localversion" ALLOW_UNKNOWN=1 "$TOP/scripts/build-kernel.sh" "$STABLE_BOARD" >&2 || rc=$?
	if [ "$rc" -gt 128 ]; then
		echo "FAIL $name (the build was killed, signal $((rc - 128)); run again, the objects built so far stay)"
		return
	elif [ "$rc" != 0 ]; then
		echo "FAIL $name (the kernel does not build; see ${dir#"$TOP"/}/$STABLE_BOARD/build.log)"
		return
	fi
	if ! timed "booting $base, $run" env LOG="$dir/boot.log" KERNEL_DIR="$dir/$STABLE_BOARD" \
		TESTS="$STABLE_TESTS" "$TOP/scripts/run-qemu.sh" "$STABLE_BOARD" test >&2; then
		echo "FAIL $name (the run did not finish; log: ${dir#"$TOP"/}/boot.log)"
		return
	fi
	judge "$name" "$want" "$dir/boot.log"
}

# check_base BASE -- both runs of BASE, one run of check-stable at a time
# on its tree (another one on the same base is waited for).
check_base() {
	local base=$1 spec lock
	mkdir -p "$TOP/build"
	exec {lock}>"$TOP/build/$base.lock"
	if ! flock -n "$lock"; then
		log "another check-stable is on $base; waiting for it"
		flock "$lock"
	fi
	timed "fetching $base" env BASE="$base" "$TOP/scripts/fetch-base.sh" >&2
	for spec in "${RUNS[@]}"; do
		check "$base" "$spec"
	done
	exec {lock}>&-
}

main() {
	local bases=("$@") base
	if [ "${1:-}" = judge ]; then
		[[ $# = 4 && ($3 == fail || $3 == pass) ]] || die "usage: $PROG judge NAME fail|pass LOG"
		judge "$2" "$3" "$4"
		return
	fi
	need git flock
	[ $# -gt 0 ] || mapfile -t bases < <(stable_bases)
	[ "${#bases[@]}" -gt 0 ] || die "no stable-*.pin in $TOP; see kernel.pin for the keys"
	for base in "${bases[@]}"; do
		[[ $base == stable-* ]] || die "'$base' is not a stable base; known: $(stable_bases | paste -sd' ' -)"
		BASE=$base pin_file >/dev/null
	done
	rootfs_then_each check_base "${bases[@]}"
}

main "$@"
