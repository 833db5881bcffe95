#!/usr/bin/env bash
# range-diff.sh FROM -- what changed in the series since version FROM (v5,
# or 5): `git range-diff` between that version and build/linux's HEAD.
# patches/ is the series, and its git history keeps every version: FROM is
# the newest commit of this repository whose patches/cover-letter.txt says
# "Version: N".  Its patches are applied with git am on the base tag of the
# kernel tree, in a scratch worktree (build/range-diff/linux, left for a
# look).  Prints the range-diff and saves it to out/range-diff-vN.txt.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SRC=${TREE:-$(base_tree)}
SCRATCH=$TOP/build/range-diff/linux

# version_commit N -- the newest commit of this repository whose cover
# letter is version N.
version_commit() {
	local c
	for c in $(git -C "$TOP" rev-list HEAD -- patches/cover-letter.txt); do
		if git -C "$TOP" show "$c:patches/cover-letter.txt" 2>/dev/null | grep -qx "Version: $1"; then
			printf '%s\n' "$c"
			return
		fi
	done
	die "no commit of this repository has 'Version: $1' in patches/cover-letter.txt; the versions it has: $(versions)"
}

versions() {
	git -C "$TOP" log --format=%H -- patches/cover-letter.txt | while read -r c; do
		git -C "$TOP" show "$c:patches/cover-letter.txt" | sed -n 's/^Version: /v/p'
	done | sort -uV | paste -sd' ' -
}

# apply_version COMMIT -- that commit's patches/ on base in the scratch
# worktree; prints the resulting HEAD.
apply_version() {
	local c=$1 dir p
	dir=$(mktemp -d)
	git -C "$TOP" archive "$c" patches | tar -x -C "$dir"
	scratch_at_base "$SRC" "$SCRATCH"
	for p in $(series_files "$dir/patches"); do
		git -C "$SCRATCH" "${GIT_ID[@]}" am -3 --quiet "$p" >/dev/null 2>&1 ||
			die "$(basename "$p") of ${c:0:12} does not apply on today's base ($(upstream_release)); compare by hand in $SCRATCH"
	done
	rm -rf "$dir"
	git -C "$SCRATCH" rev-parse HEAD
}

main() {
	local from=${1:-} n c old out
	[ -n "$from" ] || die "usage: make range-diff FROM=vN (the versions patches/ has been: $(versions))"
	n=${from#v}
	[[ $n =~ ^[0-9]+$ ]] || die "FROM=$from is not a version; use FROM=v5 or FROM=5"
	[ -d "$SRC/.git" ] || [ -f "$SRC/.git" ] || die "no kernel tree at $SRC; run 'make tree' first"
	c=$(version_commit "$n")
	log "v$n is patches/ at ${c:0:12} ($(git -C "$TOP" log -1 --format=%cs "$c"))"
	old=$(apply_version "$c")
	mkdir -p "$TOP/out"
	out=$TOP/out/range-diff-v$n.txt
	git -C "$SRC" range-diff --no-color "base..$old" base..HEAD | tee "$out"
	log "saved to ${out#"$TOP"/}"
}

main "$@"
