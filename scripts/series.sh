#!/usr/bin/env bash
# series.sh -- write the mailing-list-ready mbox series to out/series/:
# a cover letter + its patches of patches/, numbered and versioned, each
# patch's changelog (patches/changelog.txt) below its '---', and To:/Cc:
# from the tree's scripts/get_maintainer.pl; b4 am (Debian's, pinned in
# deps.lock) must read each series.mbox back as its commits, and reflect/
# holds each mail without To:/Cc: for a test send to oneself (make send).
#
# patches/cover-letter*.txt: "Subject: ..." and "Version: N" header lines,
# optionally "Patches: A-B" (the part of patches/ this cover letter sends,
# as its own series into out/series/NAME/, NAME from "Series: NAME"),
# "Prefix: WORD" (after PATCH in the subject tag: "Prefix: RFT" gives
# [PATCH RFT v1 1/3]) and "Cc: ..." (added to every mail of that series),
# a blank line, then the
# body, which names the upstream release of the base ("Based on v7.2.13",
# or kernel-next.pin's, "Based on v7.3-rc7": then the series is formatted
# from build/linux-<SERIES>, patches/ with patches/next/ applied):
# the series carries no base-commit trailer, since the base commit is a
# Debian import that exists nowhere upstream.  Several cover letters split
# the stack (the DMA series first, the DRM series that depends on it
# second); together their ranges must cover every patch exactly once.
# patches/changelog.txt: "[<patch subject>]" followed by that patch's
# changelog lines.
#
# The sender is git's identity in this repository (user.name, user.email):
# it becomes the From: of every mail, and the project's placeholder identity
# (PLACEHOLDER_IDENT in lib.sh) is replaced by it wherever patches/ carry it.
# Other people's From:, Signed-off-by: and other trailers are kept as they
# are; every patch must end up with the sender's Signed-off-by.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SRC=''   # the tree of the base the cover letters name (main)
PATCHES=${PATCHES:-$TOP/patches}
COVER=''
CHANGELOG=$PATCHES/changelog.txt
OUTDIR=$SERIES_OUT

header() {
	cover_header "$COVER" "$1"
}

cover_body() {
	sed '1,/^$/d' "$COVER"
}

addresses() {
	local dir=$1 patches
	shift
	mapfile -t patches < <(find "$dir" -name 'v*-0*.patch' ! -name '*-0000-cover-letter.patch' | sort)
	# --no-keywords: a commit message that names riscv or rockchip must not
	# make their maintainers recipients; the touched files decide.
	(cd "$SRC" && ./scripts/get_maintainer.pl --no-rolestats --no-git --no-git-fallback \
		--no-keywords "$@" "${patches[@]}" 2>/dev/null) | sort -u | paste -sd, | sed 's/,/, /g'
}

# cover_base -- the base the cover letter names with "Based on <release>",
# as lib.sh's BASE: '' (kernel.pin) or next (kernel-next.pin, with the
# rebased patches of patches/next/).  The series is formatted from that
# base's tree.
cover_base() {
	local b rels=()
	for b in "${BASES[@]}"; do
		if cover_body | grep -qF "Based on $(BASE=$b upstream_release)"; then
			printf '%s\n' "$b"
			return
		fi
		rels+=("'Based on $(BASE=$b upstream_release)'")
	done
	die "$COVER does not say ${rels[*]} (the upstream releases of kernel.pin and kernel-next.pin); add the line of the base the series is sent on, reviewers get no base-commit trailer"
}

# cover_range -- the commits the current cover letter sends, as a
# format-patch range: its "Patches: A-B" of base..HEAD, or all of them.
cover_range() {
	local range first last n commits=()
	range=$(header Patches)
	[ -n "$range" ] || { echo base..HEAD; return; }
	mapfile -t commits < <(git -C "$SRC" rev-list --reverse base..HEAD)
	n=${#commits[@]}
	first=${range%-*} last=${range#*-}
	if ! [[ $first =~ ^[0-9]+$ && $last =~ ^[0-9]+$ ]] || [ "$first" -lt 1 ] ||
		[ "$first" -gt "$last" ] || [ "$last" -gt "$n" ]; then
		die "$COVER: 'Patches: $range' is not a range within the $n patches of the series"
	fi
	echo "${commits[first - 1]}^..${commits[last - 1]}"
}

# check_ranges COVER... -- the cover letters' ranges cover every patch once.
check_ranges() {
	local c r want=1 n
	n=$(git -C "$SRC" rev-list --count base..HEAD)
	for c in "$@"; do
		r=$(COVER=$c header Patches)
		[ "${r%-*}" = "$want" ] ||
			die "$c: 'Patches: $r' should start at patch $want (the ranges of ${*##*/} must follow each other)"
		want=$((${r#*-} + 1))
	done
	[ "$want" = $((n + 1)) ] || die "the cover letters send patches 1-$((want - 1)) of $n; give every patch a series"
}

# write_series DIR SENDER -- the current cover letter's series into DIR.
write_series() {
	local dir=$1 sender=$2 p prefix
	local name=${sender% <*} email=${sender##*<}
	prefix=$(header Prefix)
	mkdir -p "$dir"
	git -C "$SRC" -c core.abbrev=12 -c user.name="$name" -c user.email="${email%>}" \
		format-patch --quiet --cover-letter --thread=shallow \
		--subject-prefix="PATCH${prefix:+ $prefix}" \
		-v "$(header Version)" --from="$sender" --output-directory "$dir" "$(cover_range)"
	fill_cover "$dir"/v*-0000-cover-letter.patch
	for p in "$dir"/v*-0*.patch; do
		add_changelog "$p"
		as_sender "$p" "$sender"
		check_mail "$p" "$sender"
	done
	local to cc
	to=$(addresses "$dir" --no-l --no-r)
	cc=$(addresses "$dir" --no-m --l --r)
	[ -z "$(header Cc)" ] || cc=$(without_repeats "$to" "$cc, $(header Cc)")
	for p in "$dir"/v*-0*.patch; do
		sed -i "0,/^Subject: /s//To: $to\nCc: $cc\nSubject: /" "$p"
	done
	cat "$dir"/v*-0*.patch >"$dir/series.mbox"
	b4_reads "$dir" "$(cover_range)"
	reflect_copies "$dir"
	log "To: $to"
	log "Cc: $cc"
}

# The mails: edits of format-patch's output, b4's read-back.
# shellcheck source=scripts/series-mail.sh
. "$TOP/scripts/series-mail.sh"

check_cover() {
	if [ -z "$(header Subject)" ] || [ -z "$(header Version)" ]; then
		die "$COVER needs 'Subject:' and 'Version:' header lines"
	fi
	[ -z "$(header Patches)" ] || [ -n "$(header Series)" ] ||
		die "$COVER has 'Patches:' but no 'Series: NAME' (its directory under out/series/)"
}

main() {
	local me c list
	mapfile -t list < <(cover_letters "$PATCHES")
	[ ${#list[@]} -gt 0 ] || die "no $PATCHES/cover-letter*.txt; write the cover letter first (see the top of $PROG)"
	local base='' b
	for c in "${list[@]}"; do
		COVER=$c check_cover
		b=$(COVER=$c cover_base) || exit 1
		[ "$c" = "${list[0]}" ] || [ "$b" = "$base" ] ||
			die "${list[0]##*/} and ${c##*/} name different bases ('Based on ...'); one tree sends both series"
		base=$b
	done
	export BASE=$base
	SRC=${TREE:-$(base_tree)}
	if [ ${#list[@]} -gt 1 ] || [ -n "$(COVER=${list[0]} header Patches)" ]; then
		check_ranges "${list[@]}"
	fi
	me=$(sender)
	"$TOP/scripts/tree.sh" ensure
	# Written aside and moved in whole: a failed run leaves no half series.
	mkdir -p "$(dirname "$OUTDIR")"
	STAGING=$(mktemp -d "$OUTDIR.tmp.XXXXXX")
	trap 'rm -rf "$STAGING"' EXIT
	for c in "${list[@]}"; do
		COVER=$c write_series "$STAGING/$(COVER=$c header Series)" "$me"
	done
	chmod 755 "$STAGING"
	rm -rf "$OUTDIR"
	mv "$STAGING" "$OUTDIR"
	log "wrote $(find "$OUTDIR" -name 'v*.patch' ! -path '*/reflect/*' | wc -l) mails from $me to ${OUTDIR#"$TOP"/}/ (a series.mbox per series)"
}

main "$@"
