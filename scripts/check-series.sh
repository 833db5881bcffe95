#!/usr/bin/env bash
# check-series.sh -- what every patch must pass before it goes to dri-devel:
#   checkpatch  scripts/checkpatch.pl --strict on each patch in patches/
#   kernel-doc  scripts/kernel-doc -none on each touched file: no new warning
#   build       each patch, applied in turn, builds qemu-vexpress (zImage)
#               and the touched drivers for multi_v7, arm64 and x86_64
#               (COMPILE_TEST), in a scratch worktree
#   sparse      C=2 on the touched objects (x86_64) adds no warning over base
# Runs on both kernel bases (kernel.pin, then kernel-next.pin: BASE=next),
# or only on the next one with BASE=next (CHECK_SERIES_ONE=1: only on
# kernel.pin); results of the next base are named @<release>.
# Prints PASS/FAIL lines and "N passed, N failed"; CHECK_BOARDS overrides
# the boards of the build step, CHECK_FROM=N starts it at patch N,
# CHECK_TO=N ends it there, and
# CHECK_STEPS (default "checkpatch kernel-doc builds sparse") picks steps.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SRC=$(base_tree)
SUFFIX=$(base_suffix)
ROOT=$TOP/build/check-series$SUFFIX
WT=$ROOT/linux
OUTD=$TOP/out/check-series$SUFFIX
RESULTS=$OUTD/results.txt
BOARDS_TO_BUILD=${CHECK_BOARDS:-qemu-vexpress multi_v7 arm64 x86_64}

result() {
	local name=$2
	[ -z "${BASE:-}" ] || name="${2%% *}@$(upstream_release)${2#"${2%% *}"}"
	echo "$1 $name" | tee -a "$RESULTS"
}

touched_files() {
	git -C "$SRC" diff --name-only --diff-filter=AM base..HEAD -- '*.c' '*.h'
}

check_checkpatch() {
	local p out
	for p in $(series_files "$TOP/patches"); do
		# FILE_PATH_CHANGES asks whether MAINTAINERS needs an update for
		# any new file; drivers/gpu/drm/ is covered by the drm-misc entry.
		# UNKNOWN_COMMIT_ID: the base is one synthetic commit without
		# upstream history, so no Fixes: id can be found in it.
		# The system python3 runs spdxcheck.py (Debian's python3-ply).
		if out=$(cd "$SRC" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --quiet \
			--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID "$p" 2>&1) && [ -z "$out" ]; then
			result PASS "checkpatch@$(basename "$p" .patch)"
		else
			printf '%s\n' "$out" >&2
			result FAIL "checkpatch@$(basename "$p" .patch)"
		fi
	done
}

# kernel-doc warnings of FILE at REV (none for a file the revision lacks),
# with the file name and line numbers dropped so that the two compare.
kernel_doc_warnings() {
	local rev=$1 f=$2 tmp
	git -C "$SRC" cat-file -e "$rev:$f" 2>/dev/null || return 0
	tmp=$(mktemp --suffix=".${f##*.}")
	git -C "$SRC" show "$rev:$f" >"$tmp"
	{ (cd "$SRC" && ./scripts/kernel-doc -none "$tmp") 2>&1 || true; } |
		sed "s|$tmp:[0-9]*||" | sort
	rm -f "$tmp"
}

# A touched file passes when the series adds no kernel-doc warning to it
# (some touched files, vc4_drv.h and ARM's dma-mapping.c, have old ones).
check_kernel_doc() {
	local f new
	while read -r f; do
		new=$(comm -13 <(kernel_doc_warnings base "$f") <(kernel_doc_warnings HEAD "$f"))
		if [ -z "$new" ]; then
			result PASS "kernel-doc@$f"
		else
			printf '%s: new kernel-doc warnings:\n%s\n' "$f" "$new" >&2
			result FAIL "kernel-doc@$f"
		fi
	done < <(touched_files)
}

worktree_at() {
	if [ ! -d "$WT" ]; then
		mkdir -p "$ROOT"
		git -C "$SRC" worktree add -q --detach "$WT" base
	fi
	git -C "$WT" checkout -q --detach "$1"
}

# CHECK_FROM=N starts the per-patch builds at patch N (after fixing it),
# CHECK_TO=N ends them at patch N (the DMA series: CHECK_TO=8).
check_builds() {
	local n=0 c subject b
	for c in $(git -C "$SRC" rev-list --reverse base..HEAD); do
		n=$((n + 1))
		[ "$n" -ge "${CHECK_FROM:-1}" ] || continue
		[ "$n" -le "${CHECK_TO:-$n}" ] || break
		subject=$(git -C "$SRC" log -1 --format=%s "$c")
		worktree_at "$c"
		for b in $BOARDS_TO_BUILD; do
			# Options a later patch adds (the KUnit suite) are not there yet.
			if TREE=$WT BUILD_ROOT=$ROOT OUT_ROOT=$OUTD ALLOW_UNKNOWN=1 \
				"$TOP/scripts/build-kernel.sh" "$b" >"$OUTD/build-$n-$b.log" 2>&1; then
				result PASS "build@$n-$b"
			else
				tail -n 20 "$OUTD/build-$n-$b.log" >&2
				result FAIL "build@$n-$b ($subject)"
			fi
		done
	done
}

# sparse_warnings REV -- sparse warnings of the touched objects at REV, for
# every compile-only board that builds them (x86_64, arm64 for adp,
# multi_v7 for sti), without line numbers so that moved code does not count.
sparse_warnings() {
	local b f objs
	worktree_at "$1"
	for b in x86_64 arm64 multi_v7; do
		TREE=$WT BUILD_ROOT=$ROOT OUT_ROOT=$OUTD ALLOW_UNKNOWN=1 \
			"$TOP/scripts/build-kernel.sh" "$b" >/dev/null 2>&1 || true
		. "$TOP/scripts/board.sh"
		board_load "$b"
		objs=()
		while read -r f; do
			[[ $f == *.c && -f $WT/$f && -f $ROOT/$b/${f%.c}.o ]] && objs+=("${f%.c}.o")
		done < <(touched_files)
		[ ${#objs[@]} = 0 ] && continue
		{ make -C "$WT" O="$ROOT/$b" ARCH="$KARCH" CROSS_COMPILE="$CROSS" C=2 CHECK="$SPARSE" \
			"${objs[@]}" 2>&1 || true; } | tee -a "$OUTD/sparse-$b.log" |
			sed -n "s|^$WT/||; s/^\([^:]*\):[0-9]*:[0-9]*: \(warning\|error\): /$b: \1: \2: /p"
	done | sort
}

# SPARSE: a sparse this kernel accepts (scripts/checker-valid.sh).  Debian
# 12's 0.6.4 lacks __typeof_unqual__; sid's 0.6.5 needs glibc 2.38, so it
# runs with sid's libc through that libc's own loader.
sparse_tool() {
	local dir=$TOP/build/host-tools/sparse-sid pkg
	SPARSE=sparse
	[ "$(sh "$SRC/scripts/checker-valid.sh" sparse)" = 1 ] && return
	if [ ! -x "$dir/sparse" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		for pkg in sparse libc6; do
			dpkg-deb -x "$(SUITE=sid "$TOP/scripts/debfetch.sh" get "$pkg")" "$dir/root" ||
				die "cannot fetch $pkg from sid for a newer sparse"
		done
		# shellcheck disable=SC2016 # $l and $@ belong to the wrapper
		printf '#!/bin/sh\nl=%s/usr/lib/x86_64-linux-gnu\nexec "$l/ld-linux-x86-64.so.2" --library-path "$l" %s/usr/bin/sparse "$@"\n' \
			"$dir/root" "$dir/root" >"$dir/sparse"
		chmod +x "$dir/sparse"
	fi
	SPARSE=$dir/sparse
	[ "$(sh "$SRC/scripts/checker-valid.sh" "$SPARSE")" = 1 ] ||
		die "no sparse that this kernel accepts (tried Debian 12's and sid's)"
	log "using sid's sparse: $("$SPARSE" --version)"
}

check_sparse() {
	local before after new
	need sparse
	sparse_tool
	rm -f "$OUTD"/sparse-*.log
	before=$(sparse_warnings base)
	after=$(sparse_warnings "$(git -C "$SRC" rev-parse HEAD)")
	new=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed '/^$/d')
	if grep -q 'sparse is not available' "$OUTD"/sparse-*.log; then
		result FAIL "sparse@no-new-warnings (the kernel did not accept $SPARSE)"
	elif [ -z "$new" ]; then
		result PASS "sparse@no-new-warnings ($(printf '%s' "$after" | grep -c . || true) warnings, all present on base; $(grep -hc '  CHECK ' "$OUTD"/sparse-*.log | paste -sd+ | bc) files checked)"
	else
		printf '%s\n' "$new" >&2
		result FAIL "sparse@no-new-warnings"
	fi
}

# both_bases -- this script once per base; one summary of all results.
both_bases() {
	local b all=$TOP/out/check-series/all-results.txt rc=0
	mkdir -p "$TOP/out/check-series"
	: >"$all"
	for b in "${BASES[@]}"; do
		BASE=$b CHECK_SERIES_ONE=1 "$0" || rc=1
		cat "$TOP/out/check-series$(BASE=$b base_suffix)/results.txt" >>"$all"
	done
	summarize "$all" || rc=1
	return "$rc"
}

main() {
	if [ -z "${CHECK_SERIES_ONE:-}" ] && [ -z "${BASE:-}" ]; then
		both_bases
		return
	fi
	mkdir -p "$OUTD"
	: >"$RESULTS"
	"$TOP/scripts/tree.sh" ensure
	local steps=" ${CHECK_STEPS:-checkpatch kernel-doc builds sparse} "
	[[ $steps != *" checkpatch "* ]] || timed "checkpatch --strict" check_checkpatch
	[[ $steps != *" kernel-doc "* ]] || timed "kernel-doc, new warnings" check_kernel_doc
	[[ $steps != *" builds "* ]] || timed "per-patch builds ($BOARDS_TO_BUILD)" check_builds
	[[ $steps != *" sparse "* ]] || timed "sparse" check_sparse
	summarize "$RESULTS"
}

main "$@"
