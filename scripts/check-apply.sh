#!/usr/bin/env bash
# check-apply.sh -- does patches/ apply with 'git am -3' on every kernel base?
# The bases are kernel.pin (the release users flash) and kernel-next.pin (the
# newest mainline Debian has, BASE=next); each is fetched like 'make source'
# and the series is applied in a scratch worktree build/check-apply/<tree>,
# left there for a look.  A patch that fails is left out and the next ones
# are still tried, so one conflict does not hide another.  On kernel-next.pin
# a patch of patches/next/ replaces the one of the same name (series_files).
#
# stdout: "PASS|FAIL apply@<upstream release>@<patch>" per patch and base;
# stderr: what conflicts where, then "N passed, N failed, N skipped".
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

PATCHES=${PATCHES:-$TOP/patches}
FETCH_BASE=${FETCH_BASE:-1}   # 0: the trees exist and have a base tag
SCRATCH_DIR=$TOP/build/check-apply

# apply_one SCRATCH RELEASE PATCH -- one result line; details on stderr.
apply_one() {
	local scratch=$1 rel=$2 patch=$3 name out files
	name=$(basename "$patch" .patch)
	if out=$(git -C "$scratch" "${GIT_ID[@]}" am -3 --quiet "$patch" 2>&1); then
		echo "PASS apply@$rel@$name"
		return
	fi
	files=$(am_conflicts "$scratch" "$out")
	git -C "$scratch" am --abort >/dev/null 2>&1 || true
	echo "FAIL apply@$rel@$name"
	log "$name does not apply on $rel (${files:-see below}); left out, the next patches are tried without it:"
	# Without -3, git apply names the hunk and the context it did not find.
	git -C "$scratch" apply --check -v "$patch" 2>&1 | grep -v '^Checking patch ' |
		sed "s/^/$PROG:   /" >&2 || true
}

# check_base BASE -- fetch BASE's tree and apply the series on a scratch copy.
check_base() {
	local tree rel scratch patch
	tree=$(BASE=$1 base_tree)
	rel=$(BASE=$1 upstream_release)
	if [ "$FETCH_BASE" != 0 ]; then
		BASE=$1 TREE=$tree "$TOP/scripts/fetch-base.sh" || die "cannot fetch the ${1:-default} base; see above"
	fi
	scratch=$SCRATCH_DIR/$(basename "$tree")
	scratch_at_base "$tree" "$scratch"
	log "applying $(BASE=$1 series_files "$PATCHES" | wc -l) patches on $rel in ${scratch#"$TOP"/}"
	while read -r patch; do
		apply_one "$scratch" "$rel" "$patch"
	done < <(BASE=$1 series_files "$PATCHES")
}

main() {
	need git
	[ -n "$(series_files "$PATCHES")" ] || die "no patches in $PATCHES; run 'make export' first"
	local base results
	results=$(for base in "${BASES[@]}"; do check_base "$base"; done)
	printf '%s\n' "$results"
	if ! summarize - <<<"$results" >&2; then
		die "some patches do not apply on every base (above); each must apply on both: see the conflict with 'make tree BASE=next' (build/linux-<SERIES>); rework the patch in build/linux and 'make export' if it can apply to both, else rebase it there and save it as patches/next/<its name> (git format-patch as 'make export' does); rerun"
	fi
}

main "$@"
