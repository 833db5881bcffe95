# shellcheck shell=bash
# The documentation (README.md, docs/) names only what exists, and says
# what the tools really do.

# shellcheck disable=SC2016 # sed patterns, not expansions
test_make_md_help_matches_make_help() {
	local block
	block=$(sed -n '/^## make help$/,/^## /{/^```$/,/^```$/p}' "$TOP/docs/make.md" | sed '1d;$d')
	if ! diff <(printf '%s\n' "$block") <(make -s -C "$TOP" help) >&2; then
		fail "docs/make.md's make help block is stale (diff above: docs vs make help); paste 'make -s help' there"
	fi
}

test_readme_names_the_two_commands() {
	grep -q '^| `make` | the main job' "$TOP/README.md" || fail "README does not give the main job 'make'"
	grep -q '^| `make test` | the test command' "$TOP/README.md" || fail "README does not give 'make test'"
	grep -q 'make test' "$TOP/.ci/run" || fail ".ci/run does not run 'make test'"
}

# The README is a guide; everything else is in docs/.
test_readme_is_a_guide() {
	local n
	n=$(wc -l <"$TOP/README.md")
	[ "$n" -le 200 ] || fail "README.md has $n lines; move details to a page of docs/"
}

test_every_doc_page_is_in_the_index() {
	local page
	for page in "$TOP"/docs/*.md; do
		page=$(basename "$page")
		[ "$page" = index.md ] && continue
		grep -q "(${page})" "$TOP/docs/index.md" || fail "docs/index.md does not link $page"
		grep -q "(docs/${page})" "$TOP/README.md" || fail "README.md does not link docs/$page"
	done
}

# Every target has its "## verb: [group, time] text" line, in a group that
# make help knows.
test_every_make_verb_has_help() {
	local verbs documented groups bad
	verbs=$(sed -n 's/^\([a-z][a-z-]*\):.*/\1/p' "$TOP/Makefile" | sort -u)
	documented=$(sed -n 's/^## \([a-z-]*\): \[[a-z]*, [0-9][^]]*\] .*/\1/p' "$TOP/Makefile" | sort -u)
	assert_eq "$verbs" "$documented" "a Makefile target lacks a '## verb: [group, time] text' line"
	groups=$(sed -n 's/^\t"\([a-z]*\):.*/\1/p' "$TOP/scripts/help.sh")
	bad=$(sed -n 's/^## [a-z-]*: \[\([a-z]*\),.*/\1/p' "$TOP/Makefile" | grep -vxF "$groups" || true)
	assert_eq "$bad" "" "groups that scripts/help.sh does not know"
}

test_docs_name_what_exists() {
	python3 "$TOP/scripts/check-docs.py" "$TOP" >&2 ||
		fail "the documentation names what does not exist (scripts/check-docs.py, above)"
}

# docs_copy -- the files check-docs.py reads, in proj/, to break on purpose.
docs_copy() {
	mkdir proj
	(cd "$TOP" && cp -r Makefile README.md RESULTS.md MAINTAINERS docs boards scripts igt-tests configs \
		patches lava boot rootfs dts tests "$OLDPWD/proj/")
}

test_docs_check_fails_on_wrong_names() {
	local out n vc4 gd k
	docs_copy
	n=$(find proj/patches -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' | wc -l)
	vc4=$(cd proj/patches && grep -l '^Subject: .*drm/vc4: Allocate dumb buffers' [0-9]*.patch | cut -c1-4)
	vc4=$((10#$vc4))
	gd=$(cd proj/patches && grep -l '^Subject: .*drm/gem-dma: Use the dma_' [0-9]*.patch | cut -c1-4)
	gd=$((10#$gd))
	printf '%s\n' '' 'Run `make no-such-verb BOARD=pi NO_SUCH_VAR=1`, see `scripts/gone.sh`' \
		"and [a page](docs/gone.md); patch $((n + 1)) and patches 3-$((n + 2)) do not exist," \
		"patch $vc4, drm/sti: is not vc4, patch $gd (\`no_such_function()\`) neither." \
		'The series "drm/gem-dma: Renamed subject" is gone.' >>proj/README.md
	k=$(sed -n 's/^Numbers below are those of this series (1-\([0-9]*\))\./\1/p' proj/patches/cover-letter.txt)
	sed -i "s/^Numbers below are those of this series (1-$k)\\./& See patch $((k + 1))./" proj/patches/cover-letter.txt
	printf '[drm/vc4: Renamed subject]\nv6: - x\n' >>proj/patches/changelog.txt
	out=$(python3 proj/scripts/check-docs.py proj) && fail "check-docs.py passed wrong names"
	assert_match "$out" '^README.md:[0-9]+: make no-such-verb: no such verb in the Makefile$'
	assert_match "$out" '^README.md:[0-9]+: BOARD=pi: no boards/pi.sh$'
	assert_match "$out" '^README.md:[0-9]+: NO_SUCH_VAR=: no such variable'
	assert_match "$out" '^README.md:[0-9]+: scripts/gone.sh: no such file$'
	assert_match "$out" '^README.md:[0-9]+: link to docs/gone.md: no such file$'
	assert_match "$out" "^README.md:[0-9]+: patch $((n + 1)): the series has patches 1-$n\$"
	assert_match "$out" "^README.md:[0-9]+: patch 3-$((n + 2)): the series has patches 1-$n\$"
	assert_match "$out" "^README.md:[0-9]+: patch $vc4 is 'drm/vc4: Allocate dumb buffers without a kernel mapping', not drm/sti\$"
	assert_match "$out" "^README.md:[0-9]+: patch $gd \\('drm/gem-dma: .*'\\) does not contain no_such_function\\(\\)$"
	assert_match "$out" '^README.md:[0-9]+: "drm/gem-dma: Renamed subject": no patch or series has that subject$'
	assert_match "$out" "^patches/cover-letter.txt:[0-9]+: patch $((k + 1)): the series has patches 1-$k\$"
	assert_match "$out" '^patches/changelog.txt:[0-9]+: \[drm/vc4: Renamed subject\]: no patch has that subject$'
	assert_eq "$(grep -c . <<<"$out")" 12 "findings (exactly the planted ones)"
}

# The drift this check was written for: a test list comment naming the
# patch of the kernel-internal flag by a number that moved.
test_docs_check_catches_a_moved_patch_number() {
	local out n
	docs_copy
	# The list names the patch that adds the flag; two patches before it is
	# drm/fb-dma's sync fix.
	n=$(sed -n 's/.*(patch \([0-9]*\), DRM_MODE_DUMB_KERNEL_MAP).*/\1/p' proj/igt-tests/igt-testlist.txt | head -n1)
	[ -n "$n" ] || fail "igt-testlist.txt no longer names the DRM_MODE_DUMB_KERNEL_MAP patch"
	sed -i "s/(patch $n, DRM_MODE_DUMB_KERNEL_MAP)/(patch $((n - 2)), DRM_MODE_DUMB_KERNEL_MAP)/" proj/igt-tests/igt-testlist.txt
	out=$(python3 proj/scripts/check-docs.py proj) && fail "check-docs.py passed a moved patch number"
	assert_match "$out" "^igt-tests/igt-testlist.txt:[0-9]+: patch $((n - 2)) \\('drm/fb-dma: .*'\\) does not contain DRM_MODE_DUMB_KERNEL_MAP$"
}
