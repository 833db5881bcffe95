# shellcheck shell=bash
# series-mail.sh -- series.sh's edits of the mails git format-patch writes
# (the changelog below '---', the cover letter's subject and blurb, the
# sender instead of the placeholder identity, Cc: without repeats, the
# reflect/ copies) and the check that b4 am reads the mbox back.  Sourced
# by series.sh, after its COVER, CHANGELOG and SRC.

# changelog_for SUBJECT -- the changelog lines of one patch.
changelog_for() {
	awk -v want="[$1]" '
		/^\[.*\]$/ { on = ($0 == want); next }
		on { print }' "$CHANGELOG"
}

# mail_subject MAIL -- the Subject: of a mail without its [PATCH ...] tag,
# unfolded: format-patch folds long subjects onto continuation lines.
mail_subject() {
	awk '/^Subject: / { s = $0; on = 1; next }
		on && /^[ \t]/ { s = s $0; next }
		on { print s; exit }' "$1" | sed 's/^Subject: \[PATCH[^]]*\] //'
}

# Insert the changelog below the first '---' of a patch file.
add_changelog() {
	local patch=$1 subject log
	subject=$(mail_subject "$patch")
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

# as_sender MAIL SENDER -- replace the placeholder identity by SENDER: drop
# the in-body From: that format-patch --from adds for a placeholder author,
# rewrite trailers that name the placeholder and the cover letter's shortlog
# heading, keep only the last of the sender's Signed-off-by lines.
as_sender() {
	local mail=$1 sender=$2
	awk -v ph="$PLACEHOLDER_IDENT" -v me="$sender" '
		BEGIN { sob = "Signed-off-by: " me; phname = ph; sub(/ <.*/, "", phname)
			myname = me; sub(/ <.*/, "", myname) }
		function trailer_value(line) { return substr(line, index(line, ": ") + 2) }
		FNR == NR { if ($0 == sob || $0 == "Signed-off-by: " ph) last = FNR; next }
		!body && /^$/ { body = 1; print; next }
		body == 1 { body = 2; if ($0 == "From: " ph) { skip = 1; next } }
		skip { skip = 0; if ($0 == "") next }
		/^[A-Za-z-]+: / && trailer_value($0) == ph { $0 = substr($0, 1, index($0, ": ") + 1) me }
		index($0, phname " (") == 1 && $0 ~ / \([0-9]+\):$/ { sub(/.* \(/, myname " (") }
		$0 == sob && FNR != last { next }
		{ print }' "$mail" "$mail" >"$mail.tmp"
	mv "$mail.tmp" "$mail"
}

# check_mail MAIL SENDER -- no placeholder left; a patch carries the sender's
# Signed-off-by (the cover letter does not need one).
check_mail() {
	local mail=$1 sender=$2 name
	name=$(basename "$mail")
	if grep -qF "${PLACEHOLDER_IDENT#*<}" "$mail" || grep -qF "${PLACEHOLDER_IDENT% <*}" "$mail"; then
		die "$name still names the placeholder identity ($PLACEHOLDER_IDENT); replace it in the commit (build/linux, then 'make export') and rerun"
	fi
	[[ $name == *-0000-cover-letter.patch ]] && return
	grep -qxF "Signed-off-by: $sender" "$mail" ||
		die "$name has no 'Signed-off-by: $sender'; if you can certify it (Documentation/process/submitting-patches.rst), add it with 'git commit --amend -s' in $SRC, 'make export', then rerun"
}

# without_repeats TO CC -- CC without the addresses of TO and without
# repeats (compared by address, case-insensitively).
without_repeats() {
	awk -v to="$1" -v cc="$2" '
		function key(a) { if (match(a, /<[^>]*>/)) a = substr(a, RSTART + 1, RLENGTH - 2); return tolower(a) }
		BEGIN { n = split(to, t, ", "); for (i = 1; i <= n; i++) seen[key(t[i])] = 1
			m = split(cc, c, ", "); out = ""
			for (i = 1; i <= m; i++) { k = key(c[i]); if (k in seen) continue
				seen[k] = 1; out = out (out == "" ? "" : ", ") c[i] }
			print out }'
}

# b4_reads DIR RANGE -- the maintainer's view of DIR/series.mbox: b4 am
# (offline) reads it as the patches of RANGE, none missing, in order, each
# the same change as its commit (git patch-id).  b4 runs in this
# repository, for the identity it wants, on a copy with unfolded headers:
# b4 0.12 keeps a folded header's line feed and Debian's Python then
# refuses the header (a long Subject: stops it).
b4_reads() {
	local dir=$1 range=$2 got want tmp mbox
	mbox=$(header Series)
	mbox=${mbox:+$mbox/}series.mbox
	tmp=$(mktemp -d)
	unfold_headers "$dir/series.mbox" >"$tmp/in.mbox"
	(cd "$TOP" && run_b4 --offline-mode am -m "$tmp/in.mbox" -o -) >"$tmp/am.mbox" 2>"$tmp/log" ||
		die "b4 am cannot read $mbox: $(tail -n3 "$tmp/log" | paste -sd' ')"
	got=$(git patch-id --stable <"$tmp/am.mbox" | cut -d' ' -f1)
	want=$(git -C "$SRC" log --reverse -p --format='commit %H' "$range" | git patch-id --stable | cut -d' ' -f1)
	[ "$got" = "$want" ] ||
		die "b4 am reads $mbox as $(grep -c . <<<"$got") patches that are not the $(grep -c . <<<"$want") commits $range: $(grep -E 'ERROR|WARNING' "$tmp/log" | paste -sd' ')"
	log "b4 am reads $mbox as its $(grep -c . <<<"$want") commits (patch-id), none missing"
	rm -rf "$tmp"
}

# unfold_headers MBOX -- MBOX with every folded header line joined.
unfold_headers() {
	awk '/^From / { head = 1 }
		head && /^$/ { if (held != "") print held; held = ""; head = 0; print; next }
		head && /^[ \t]/ { held = held $0; next }
		head { if (held != "") print held; held = $0; next }
		{ print }
		END { if (held != "") print held }' "$1"
}

# reflect_copies DIR -- DIR/reflect/: the mails without To: and Cc:, to
# send to oneself first (git send-email takes To: from the mails; make send).
reflect_copies() {
	local dir=$1 p
	mkdir -p "$dir/reflect"
	for p in "$dir"/v*-0*.patch; do
		awk '!body && /^$/ { body = 1 }
			!body && /^(To|Cc): / { skip = 1; next }
			!body && skip && /^[ \t]/ { next }
			{ skip = 0; print }' "$p" >"$dir/reflect/${p##*/}"
	done
}
