# shellcheck shell=bash
# scripts/series.sh on a fake project repo and a tiny fake kernel tree: the
# sender's identity from git config replaces the placeholder, nothing is
# written without one, and no base-commit names the Debian import.

# shellcheck source=tests/host/lib-series.sh
. "$TOP/tests/host/lib-series.sh"

test_series_without_identity_writes_nothing() {
	series_env
	kcommit "$PLACEHOLDER_IDENT" "drm: First change" "Signed-off-by: $PLACEHOLDER_IDENT"
	export_patches
	local out rc=0
	out=$(run_series 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$(tail -n1 <<<"$out")" "series.sh: error: no sender identity.*git config --global user.name"
	[ ! -e "$R/out" ] || fail "out/ written without an identity: $(find "$R/out")"
}

test_series_refuses_the_placeholder_as_sender() {
	series_env
	kcommit "$PLACEHOLDER_IDENT" "drm: First change" "Signed-off-by: $PLACEHOLDER_IDENT"
	export_patches
	set_sender "$PLACEHOLDER_IDENT"
	local out rc=0
	out=$(run_series 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$(tail -n1 <<<"$out")" "placeholder.*git config --global user.email"
	[ ! -e "$R/out" ] || fail "out/ written for the placeholder"
}

test_series_from_and_signoff_are_the_senders() {
	series_env
	kcommit "$PLACEHOLDER_IDENT" "drm: First change" "Signed-off-by: $PLACEHOLDER_IDENT"
	kcommit "$ORIG" "drm: Revived change" "Signed-off-by: $ORIG" \
		"Co-developed-by: $PLACEHOLDER_IDENT" "Signed-off-by: $PLACEHOLDER_IDENT"
	kcommit "$PLACEHOLDER_IDENT" "drm: Signed twice" "Signed-off-by: $SENDER" \
		"Signed-off-by: $PLACEHOLDER_IDENT"
	export_patches
	set_sender "$SENDER"
	run_series 2>/dev/null
	local s=$R/out/series p1 p2 p3
	p1=$(cat "$s"/v5-0001-*.patch) p2=$(cat "$s"/v5-0002-*.patch) p3=$(cat "$s"/v5-0003-*.patch)
	if grep -rlF -e "${PLACEHOLDER_IDENT% <*}" -e "${PLACEHOLDER_IDENT#*<}" "$s"; then
		fail "placeholder left in out/series"
	fi
	assert_eq "$(grep -c "^From: $SENDER$" "$s/series.mbox")" 4 "From: of 4 mails"
	assert_eq "$(grep -c "^Signed-off-by: $SENDER$" <<<"$p1")" 1
	assert_match "$p1" "^Subject: \[PATCH v5 1/3\] drm: First change"
	# Someone else's patch: their From: in the body, their trailers untouched.
	assert_eq "$(sed -n '/^$/{n;p;q}' <<<"$p2")" "From: $ORIG"
	assert_eq "$(grep -E '^(Signed-off-by|Co-developed-by):' <<<"$p2")" \
		"$(printf 'Signed-off-by: %s\nCo-developed-by: %s\nSigned-off-by: %s' "$ORIG" "$SENDER" "$SENDER")"
	assert_eq "$(grep -c "^Signed-off-by: $SENDER$" <<<"$p3")" 1 "duplicate sign-off"
	assert_match "$p1" '^- v5: new$'
	assert_match "$p1" '^To: Maint Ainer <maint@example.org>'
}

test_series_without_senders_signoff_fails() {
	series_env
	kcommit "$ORIG" "drm: Unsigned by the sender" "Signed-off-by: $ORIG"
	export_patches
	set_sender "$SENDER"
	series_refused "has no 'Signed-off-by: $SENDER'.*git commit --amend -s" "without the sender's sign-off"
	assert_eq "$(find "$R/out" -mindepth 1)" "" "staging left behind"
}

test_series_has_no_base_commit_of_the_debian_import() {
	series_env
	kcommit "$PLACEHOLDER_IDENT" "drm: First change" "Signed-off-by: $PLACEHOLDER_IDENT"
	export_patches
	set_sender "$SENDER"
	run_series 2>/dev/null
	local base
	base=$(git -C "$K" rev-parse base)
	if grep -rn -e '^base-commit:' -e "${base:0:12}" "$R/out/series"; then
		fail "out/series names the non-upstream base $base"
	fi
	assert_match "$(cat "$R"/out/series/v5-0000-cover-letter.patch)" "^Based on $(upstream_release) "
}

test_series_cover_must_name_the_upstream_release() {
	series_env
	kcommit "$PLACEHOLDER_IDENT" "drm: First change" "Signed-off-by: $PLACEHOLDER_IDENT"
	export_patches
	set_sender "$SENDER"
	sed -i 's/^Based on .*/Based on something./' "$R/patches/cover-letter.txt"
	local out
	out=$(run_series 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" "does not say 'Based on $(upstream_release)'"
}

test_series_cover_letters_split_the_stack() {
	two_series_env
	run_series 2>/dev/null
	local dma=$R/out/series/dma drm=$R/out/series/drm
	assert_eq "$(find "$dma" -maxdepth 1 -name 'v6-*.patch' | wc -l)" 3 "DMA: cover + 2 patches"
	assert_eq "$(find "$drm" -maxdepth 1 -name 'v6-*.patch' | wc -l)" 2 "DRM: cover + 1 patch"
	assert_match "$(cat "$dma"/v6-0000-cover-letter.patch)" "^Subject: \[PATCH v6 0/2\] Fake DMA"
	assert_match "$(cat "$drm"/v6-0001-*.patch)" "^Subject: \[PATCH v6 1/1\] drm: First change"
	assert_match "$(grep '^Cc: ' "$dma"/v6-0002-*.patch)" "Extra Person <extra@example.org>"
	# Once, and not again next to To:.
	assert_eq "$(grep -m1 '^Cc: ' "$dma"/v6-0002-*.patch | grep -oi 'extra@example.org' | wc -l)" 1
	if grep -m1 '^Cc: ' "$dma"/v6-0002-*.patch | grep -qi 'maint@example.org'; then
		fail "an address of To: repeated in Cc:"
	fi
	if grep -q 'Extra Person' "$drm"/v6-0001-*.patch; then
		fail "the DMA cover letter's Cc: reached the DRM series"
	fi
	if [ ! -s "$dma/series.mbox" ] || [ ! -s "$drm/series.mbox" ]; then
		fail "no series.mbox per series"
	fi
}

test_series_prefix_goes_into_the_subject_tag() {
	two_series_env
	sed -i '1a Prefix: RFT' "$R/patches/cover-letter.txt"
	run_series 2>/dev/null
	local dma=$R/out/series/dma drm=$R/out/series/drm
	assert_match "$(cat "$drm"/v6-0000-cover-letter.patch)" "^Subject: \[PATCH RFT v6 0/1\]"
	assert_match "$(cat "$drm"/v6-0001-*.patch)" "^Subject: \[PATCH RFT v6 1/1\] drm: First change"
	assert_match "$(cat "$dma"/v6-0001-*.patch)" "^Subject: \[PATCH v6 1/2\]"
}

test_series_changelog_of_a_folded_subject() {
	two_series_env
	run_series 2>/dev/null
	local p
	p=$(find "$R/out/series/dma" -maxdepth 1 -name 'v6-0001-*.patch')
	# format-patch folded the subject: the case tests the unfolding.
	assert_match "$(sed -n '/^Subject: /{n;p}' "$p")" "^ "
	assert_match "$(cat "$p")" "^- v6: folded subject, still found"
}

test_series_ranges_must_cover_every_patch() {
	two_series_env
	sed -i 's/^Patches: 3-3$/Patches: 3-2/' "$R/patches/cover-letter.txt"
	local out
	out=$(run_series 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" "'Patches: 3-2' is not a range|send patches 1-2 of 3"
	sed -i 's/^Patches: 3-2$/Patches: 2-3/' "$R/patches/cover-letter.txt"
	series_refused "should start at patch 3" "with overlapping ranges"
}

# A cover letter that names kernel-next.pin's release sends the series from
# that base's tree (build/linux-<SERIES>, with patches/next/ applied), and
# cover letters must agree.
test_series_on_the_next_base() {
	series_env
	kcommit "$PLACEHOLDER_IDENT" "drm: First change" "Signed-off-by: $PLACEHOLDER_IDENT"
	export_patches
	set_sender "$SENDER"
	local next
	next=$R/build/linux-$(BASE=next pin_get SERIES)
	git clone -q "$K" "$next"
	kgit "$PLACEHOLDER_IDENT" -C "$next" commit -q --amend -m "$(printf 'drm: First change\n\nRebased for next.\n\nSigned-off-by: %s' "$PLACEHOLDER_IDENT")"
	mkdir -p "$R/patches/next"
	git -C "$next" format-patch -q --zero-commit -1 -o "$R/patches/next"
	git -C "$next" reset -q --hard base
	sed -i "s/^Based on .*/Based on $(BASE=next upstream_release) (Debian)./" "$R/patches/cover-letter.txt"
	TREE=$next run_series 2>/dev/null
	assert_match "$(cat "$R"/out/series/v5-0001-*.patch)" '^Rebased for next\.$'
	printf 'Subject: Other\nVersion: 5\nSeries: other\nPatches: 1-1\n\nBased on %s.\n' \
		"$(upstream_release)" >"$R/patches/cover-letter-other.txt"
	sed -i '1a Series: main\nPatches: 1-1' "$R/patches/cover-letter.txt"
	local out
	out=$(TREE=$next run_series 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" 'name different bases'
}

# b4 am, the maintainer's tool, reads each series.mbox back as its commits;
# reflect/ holds the same mails without To:/Cc:.
test_series_b4_reads_each_mbox_back() {
	two_series_env
	local out p
	out=$(run_series 2>&1)
	assert_match "$out" 'b4 am reads dma/series\.mbox as its 2 commits \(patch-id\), none missing'
	assert_match "$out" 'b4 am reads drm/series\.mbox as its 1 commits'
	assert_eq "$(find "$R/out/series/dma/reflect" -name 'v6-0*.patch' | wc -l)" 3 "reflect copies"
	for p in "$R"/out/series/dma/v6-0*.patch; do
		assert_eq "$(grep -vE '^(To|Cc): ' "$p")" "$(cat "$R/out/series/dma/reflect/${p##*/}")" "${p##*/} without To:/Cc:"
	done
}

# A commit message that quotes a diff unindented: the mail no longer carries
# the commit's change (git am would take the quote for the patch); b4's
# reading of the mbox catches it and nothing is written.
test_series_b4_catches_a_mail_that_is_not_its_commit() {
	series_env
	kcommit "$PLACEHOLDER_IDENT" "drm: First change" "Signed-off-by: $PLACEHOLDER_IDENT"
	kcommit "$PLACEHOLDER_IDENT" "drm: Quotes a diff" \
		"$(printf 'diff --git a/b.c b/b.c\n--- a/b.c\n+++ b/b.c\n@@ -1 +1 @@\n-x\n+y\n')" \
		"Signed-off-by: $PLACEHOLDER_IDENT"
	export_patches
	set_sender "$SENDER"
	series_refused "b4 am reads series\.mbox as [0-9]+ patches that are not the 2 commits" "that b4 reads differently"
}

# Without the pinned b4 (not in the cache, not downloadable) make series
# stops and says so.
test_series_without_b4_fails_clearly() {
	two_series_env
	local out rc=0
	out=$(DRM_NOMAP_CACHE=$PWD/empty-cache DEBIAN_MIRROR=http://mirror.invalid/debian run_series 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$(tail -n1 <<<"$out")" "b4 0\.12[^ ]* is missing and could not be fetched from Debian bookworm"
	[ ! -e "$R/out/series" ] || fail "a series was written without b4's check"
}
