#!/usr/bin/env bash
# series.sh -- write the dri-devel-ready mbox series to out/series/:
# cover letter (patches/cover-letter.txt) + patches/, numbered and versioned,
# each patch's changelog (patches/changelog.txt) below its '---', and To:/Cc:
# from the tree's scripts/get_maintainer.pl.
#
# patches/cover-letter.txt: "Subject: ..." and "Version: N" header lines, a
# blank line, then the body.  patches/changelog.txt: "[<patch subject>]"
# followed by that patch's changelog lines.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SRC=${TREE:-$TOP/build/linux}
COVER=$TOP/patches/cover-letter.txt
CHANGELOG=$TOP/patches/changelog.txt
OUTDIR=$TOP/out/series

header() {
	sed -n "s/^$1: //p;/^\$/q" "$COVER"
}

cover_body() {
	sed '1,/^$/d' "$COVER"
}

# changelog_for SUBJECT -- the changelog lines of one patch.
changelog_for() {
	awk -v want="[$1]" '
		/^\[.*\]$/ { on = ($0 == want); next }
		on { print }' "$CHANGELOG"
}

# Insert the changelog below the first '---' of a patch file.
add_changelog() {
	local patch=$1 subject log
	subject=$(sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$patch" | head -n1)
	log=$(changelog_for "$subject")
	[ -n "$log" ] || return 0
	awk -v cl="$log" '!done && /^---$/ { print; print cl; print ""; done = 1; next } { print }' \
		"$patch" >"$patch.tmp"
	mv "$patch.tmp" "$patch"
}

fill_cover() {
	local cover=$1 subject body
	subject=$(header Subject)
	body=$(cover_body)
	awk -v subject="$subject" -v body="$body" '
		/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
		/\*\*\* BLURB HERE \*\*\*/ { print body; next }
		{ print }' "$cover" >"$cover.tmp"
	mv "$cover.tmp" "$cover"
}

addresses() {
	local patches
	mapfile -t patches < <(find "$OUTDIR" -name 'v*-0*.patch' ! -name '*-0000-cover-letter.patch' | sort)
	(cd "$SRC" && ./scripts/get_maintainer.pl --no-rolestats --no-git --no-git-fallback \
		"$@" "${patches[@]}") | sort -u | paste -sd, | sed 's/,/, /g'
}

main() {
	[ -r "$COVER" ] || die "no $COVER; write the cover letter first (see the top of $PROG)"
	if [ -z "$(header Subject)" ] || [ -z "$(header Version)" ]; then
		die "$COVER needs 'Subject:' and 'Version:' header lines"
	fi
	"$TOP/scripts/tree.sh" ensure
	rm -rf "$OUTDIR"
	mkdir -p "$OUTDIR"
	git -C "$SRC" -c core.abbrev=12 format-patch --quiet --cover-letter --thread=shallow \
		-v "$(header Version)" --base=base --output-directory "$OUTDIR" base..HEAD
	fill_cover "$OUTDIR"/v*-0000-cover-letter.patch
	local p
	for p in "$OUTDIR"/v*-0*.patch; do
		add_changelog "$p"
	done
	local to cc
	to=$(addresses --no-l --no-r)
	cc=$(addresses --no-m --l --r)
	for p in "$OUTDIR"/v*-0*.patch; do
		sed -i "0,/^Subject: /s//To: $to\nCc: $cc\nSubject: /" "$p"
	done
	cat "$OUTDIR"/v*-0*.patch >"$OUTDIR/series.mbox"
	log "wrote $(find "$OUTDIR" -name 'v*.patch' | wc -l) mails to ${OUTDIR#"$TOP"/}/ (and series.mbox)"
	log "To: $to"
	log "Cc: $cc"
}

main "$@"
