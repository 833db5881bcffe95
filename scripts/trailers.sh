#!/usr/bin/env bash
# trailers.sh FILE -- add the review trailers (Reviewed-by:, Acked-by:,
# Tested-by:) that the replies in the mbox FILE give to build/linux's
# commits; then `make export` writes them to patches/.
#
# A reply to a patch ("Re: [PATCH v5 3/8] <subject>") gives its trailers to
# the commit of that subject; a reply to a cover letter ("[PATCH v5 0/8]
# <cover letter subject>") to every patch of that cover letter's series, as
# b4 does.  Quoted lines ("> Reviewed-by: ...") do not count, and a trailer
# already in a commit is not added again.  The commits are rewritten with
# the same trees, authors and dates (git interpret-trailers, git
# commit-tree) and the branch moves only when every trailer has found its
# commit: no file, no trailer, or a trailer for a subject that is not in the
# series stops the run with nothing changed.
#
# b4 trailers -u is not used: b4 0.12 needs a b4 prep branch, or else finds
# the series by committer address and date and skips a reply it cannot
# match without a word (docs/sending.md).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SRC=${TREE:-$(base_tree)}
PATCHES=${PATCHES:-$TOP/patches}

# commits_of RANGE -- "HASH<TAB>SUBJECT" of the commits of RANGE, oldest first.
commits_of() {
	git -C "$SRC" log --reverse --format='%H%x09%s' "$1"
}

# cover_commits SUBJECT -- the commits of the series whose cover letter has
# SUBJECT; fails when no cover letter has it.
cover_commits() {
	local c range all covers
	mapfile -t all < <(git -C "$SRC" rev-list --reverse base..HEAD)
	mapfile -t covers < <(cover_letters "$PATCHES")
	for c in "${covers[@]}"; do
		[ "$(cover_header "$c" Subject)" = "$1" ] || continue
		range=$(cover_header "$c" Patches)
		[ -n "$range" ] || range=1-${#all[@]}
		printf '%s\n' "${all[@]:${range%-*}-1:${range#*-}-${range%-*}+1}"
		return
	done
	return 1
}

# targets KIND SUBJECT -- the commits a trailer of that reply goes to.
targets() {
	if [ "$1" = cover ]; then
		cover_commits "$2"
	else
		commits_of base..HEAD | awk -F'\t' -v s="$2" '$2 == s { print $1; found = 1 } END { exit !found }'
	fi
}

# plan FILE -- "HASH<TAB>TRAILER" for every trailer of FILE not yet in its
# commit; dies when a reply's subject is not in the series.
plan() {
	local file=$1 kind subject trailer found hashes hash what
	found=$(python3 -B "$TOP/scripts/mbox-trailers.py" "$file") || die "cannot read $file as an mbox (above)"
	[ -n "$found" ] ||
		die "no Reviewed-by:, Acked-by: or Tested-by: in the replies of $file (a reply's subject starts with 'Re:'); nothing changed"
	while IFS=$'\t' read -r kind subject trailer; do
		what="commit subject of ${SRC#"$TOP"/} (base..HEAD)"
		[ "$kind" = patch ] || what="Subject: of the cover letters (patches/cover-letter*.txt)"
		hashes=$(targets "$kind" "$subject") ||
			die "$file: '$trailer' replies to '$subject', which is no $what; is it a reply to another series or version? Nothing changed"
		for hash in $hashes; do
			git -C "$SRC" log -1 --format=%B "$hash" | grep -qixF "$trailer" ||
				printf '%s\t%s\n' "$hash" "$trailer"
		done
	done <<<"$found"
}

# rewrite PLAN -- base..HEAD again with PLAN's trailers added; prints the
# new HEAD.  Trees, authors and committers (with their dates) are kept.
rewrite() {
	local plan=$1 parent hash msg new args t
	parent=$(git -C "$SRC" rev-parse base)
	for hash in $(git -C "$SRC" rev-list --reverse base..HEAD); do
		args=()
		while IFS= read -r t; do
			args+=(--trailer "$t")
		done < <(awk -F'\t' -v h="$hash" '$1 == h { print $2 }' <<<"$plan")
		msg=$(git -C "$SRC" log -1 --format=%B "$hash")
		[ ${#args[@]} = 0 ] ||
			msg=$(git -C "$SRC" interpret-trailers --if-exists addIfDifferent "${args[@]}" <<<"$msg")
		new=$(commit_like "$hash" "$parent" "$msg")
		parent=$new
	done
	printf '%s\n' "$parent"
}

# commit_like COMMIT PARENT MESSAGE -- COMMIT's tree, author and committer
# on PARENT with MESSAGE.
commit_like() {
	local an ae ad cn ce cd
	IFS=$'\t' read -r an ae ad cn ce cd < <(git -C "$SRC" log -1 --format='%an%x09%ae%x09%ad%x09%cn%x09%ce%x09%cd' --date=raw "$1")
	GIT_AUTHOR_NAME=$an GIT_AUTHOR_EMAIL=$ae GIT_AUTHOR_DATE=$ad \
		GIT_COMMITTER_NAME=$cn GIT_COMMITTER_EMAIL=$ce GIT_COMMITTER_DATE=$cd \
		git -C "$SRC" commit-tree "$1^{tree}" -p "$2" <<<"$3"
}

# check_tree -- build/linux exists, with base, and no git am or rebase
# under way.
check_tree() {
	[ -e "$SRC/.git" ] || die "no kernel tree at $SRC; run 'make tree' first"
	git -C "$SRC" rev-parse -q --verify base >/dev/null || die "$SRC has no tag 'base'; run 'make tree' first"
	local gd
	gd=$(git -C "$SRC" rev-parse --git-dir)
	[[ $gd == /* ]] || gd=$SRC/$gd
	if [ -d "$gd/rebase-apply" ] || [ -d "$gd/rebase-merge" ]; then
		die "a git am or rebase is under way in $SRC; finish or abort it first"
	fi
}

main() {
	local file=${1:-} plan old new n hash t
	{ [ $# -le 1 ] && [ -n "$file" ]; } || die "usage: make trailers FILE=reply.mbox (a reply thread saved as an mbox)"
	{ [ -f "$file" ] && [ -r "$file" ]; } || die "FILE=$file: no such file"
	check_tree
	plan=$(plan "$file") || exit 1
	if [ -z "$plan" ]; then
		log "every trailer of $file is already in the commits of ${SRC#"$TOP"/}; nothing changed"
		return
	fi
	old=$(git -C "$SRC" rev-parse HEAD)
	new=$(rewrite "$plan")
	git -C "$SRC" update-ref -m "make trailers $file" HEAD "$new" "$old"
	n=0
	while IFS=$'\t' read -r hash t; do
		log "$(git -C "$SRC" log -1 --format=%s "$hash"): + $t"
		n=$((n + 1))
	done <<<"$plan"
	log "$n trailers added to ${SRC#"$TOP"/} (HEAD was ${old:0:12}); now run 'make export' to write them to patches/"
}

main "$@"
