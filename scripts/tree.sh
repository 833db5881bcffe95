#!/usr/bin/env bash
# The kernel work tree build/linux: pinned base + patches/ applied with git am
# (BASE=next: build/linux-<SERIES> on kernel-next.pin; see base_tree in lib.sh).
#
#   tree.sh ensure        create the tree if missing; re-apply when patches/
#                         changed and the tree holds no work of its own
#   tree.sh reset         (re)create base + series (make tree)
#   tree.sh export        write base..HEAD back to patches/ (make export)
#   tree.sh check-export  apply patches/ on a scratch worktree, export it and
#                         fail if patches/ would change (CI)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

TREE=${TREE:-$(base_tree)}
PATCHES=${PATCHES:-$TOP/patches}
APPLIED="$TREE/.git/drm-nomap-applied"   # "<patches hash> <HEAD after am>"
SCRATCH="$(dirname "$TREE")/check-export"
FETCH_BASE=${FETCH_BASE:-1}   # 0: TREE is given and already has a base tag

# Identity of what the tree should hold: the pinned base and the series.
series_hash() {
	{ cat "$(pin_file)"; series_files "$PATCHES" | xargs -r cat; } | sha256sum | cut -c1-16
}

# apply_series DIR -- git am every patch on DIR; one-line error on failure.
apply_series() {
	local dir=$1 patch out
	while read -r patch; do
		if ! out=$(git -C "$dir" "${GIT_ID[@]}" am -3 --quiet "$patch" 2>&1); then
			local files
			files=$(am_conflicts "$dir" "$out")
			printf '%s\n' "$out" >&2
			die "patch $(basename "$patch") does not apply to $dir (conflicts: ${files:-see above}); fix it there and 'git am --continue' then 'make export', or 'git -C $dir am --abort'"
		fi
	done < <(series_files "$PATCHES")
}

record_applied() {
	printf '%s %s\n' "$(series_hash)" "$(git -C "$TREE" rev-parse HEAD)" >"$APPLIED"
}

# Refuse to throw away work: dirty files, or commits made since the last apply.
assert_no_local_work() {
	if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
		die "$TREE has uncommitted changes; commit them and 'make export', or discard them, then retry"
	fi
	local head
	head=$(git -C "$TREE" rev-parse HEAD)
	if [ -f "$APPLIED" ] && [ "$(cut -d' ' -f2 "$APPLIED")" != "$head" ] && [ "${FORCE:-}" != 1 ]; then
		die "$TREE has commits that are not in patches/; run 'make export' first (or FORCE=1 to drop them; they stay on branch backup/before-tree)"
	fi
}

fetch_base() {
	[ "$FETCH_BASE" = 0 ] || TREE=$TREE "$TOP/scripts/fetch-base.sh"
}

reset_tree() {
	fetch_base
	if git -C "$TREE" rev-parse -q --verify HEAD >/dev/null; then
		assert_no_local_work
		git -C "$TREE" am --abort >/dev/null 2>&1 || true
		git -C "$TREE" branch -f backup/before-tree HEAD >/dev/null
	fi
	git -C "$TREE" checkout -q -B master base
	git -C "$TREE" reset -q --hard base
	log "applying $(series_files "$PATCHES" | wc -l) patches from patches/"
	apply_series "$TREE"
	record_applied
}

ensure_tree() {
	if [ -f "$APPLIED" ] && [ "$(cut -d' ' -f1 "$APPLIED")" = "$(series_hash)" ]; then
		return
	fi
	if [ -f "$APPLIED" ]; then
		log "patches/ changed since the tree was made; re-applying"
	fi
	reset_tree
}

# export_to DIR SRC -- format-patch base..HEAD of SRC into DIR, stably.
export_to() {
	local dir=$1 src=$2
	find "$dir" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' -delete
	git -C "$src" -c core.abbrev=12 -c diff.noprefix=false format-patch \
		--quiet --no-numbered --zero-commit --no-signature --no-thread \
		--no-cover-letter --output-directory "$dir" base..HEAD
}

export_series() {
	[ "${BASE:-}" != next ] ||
		die "patches/ is exported from build/linux; rebase a patch that does not apply on kernel-next.pin by hand into patches/next/ under its own name (see docs/kernel-tree.md)"
	[ -d "$TREE/.git" ] || die "no work tree at $TREE; run 'make tree' first"
	if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
		warn "$TREE has uncommitted changes; they are not exported (commit them first)"
	fi
	mkdir -p "$PATCHES"
	export_to "$PATCHES" "$TREE"
	record_applied
	log "exported $(series_files "$PATCHES" | wc -l) patches to patches/"
}

check_export() {
	local scratch=$SCRATCH out
	fetch_base
	git -C "$TREE" worktree remove --force "$scratch" >/dev/null 2>&1 || rm -rf "$scratch"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$scratch" base
	apply_series "$scratch"
	out=$(mktemp -d)
	export_to "$out" "$scratch"
	git -C "$TREE" worktree remove --force "$scratch"
	local rc=0
	diff -ru -x '[!0-9]*' "$PATCHES" "$out" >&2 || rc=$?
	rm -rf "$out"
	[ "$rc" = 0 ] || die "exporting a freshly applied tree changes patches/ (diff above); run 'make tree && make export' and commit patches/"
	log "export is a no-op: patches/ is canonical"
}

main() {
	need git
	case ${1:-} in
	ensure) ensure_tree ;;
	reset) reset_tree ;;
	export) export_series ;;
	check-export) check_export ;;
	*) die "usage: $PROG ensure|reset|export|check-export" ;;
	esac
}

main "$@"
