# shellcheck shell=bash
# scripts/range-diff.sh on a fake project repo whose patches/ history holds
# two versions of a one-patch series, and a tiny fake kernel tree.

# rd_env -- $PWD/repo (scripts, pins, patches/ committed as v1 then v2) and
# its build/linux, whose HEAD is v2.
rd_env() {
	export GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.org
	export GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.org
	R=$PWD/repo K=$PWD/repo/build/linux
	mkdir -p "$R/patches" "$K"
	cp -r "$TOP/scripts" "$TOP/kernel.pin" "$TOP/kernel-next.pin" "$R/"
	mkdir -p "$R/igt-tests" && cp "$TOP/igt-tests/protocol.sh" "$R/igt-tests/"
	git -C "$R" init -q
	printf 'build/\nout/\n' >"$R/.gitignore"
	git -C "$K" init -q -b master
	printf 'int a;\n' >"$K/a.c"
	git -C "$K" add -A && git -C "$K" commit -q -m base && git -C "$K" tag base
	rd_version 1 'int b;'
	rd_version 2 'int b = 2;'
}

# rd_version N LINE -- the series' one patch adds LINE; patches/ of version
# N exported and committed in the project repo.
rd_version() {
	git -C "$K" reset -q --hard base
	# A patch mostly the same in both versions, so that range-diff pairs them.
	printf 'int c%s;\n' 1 2 3 4 5 6 7 8 >>"$K/a.c"
	printf '%s\n' "$2" >>"$K/a.c"
	git -C "$K" commit -q -am "drm: Add b"
	rm -f "$R"/patches/0*.patch
	git -C "$K" format-patch -q --zero-commit -1 -o "$R/patches"
	printf 'Subject: Fake\nVersion: %s\n\nBased on v0.\n' "$1" >"$R/patches/cover-letter.txt"
	git -C "$R" add -A && git -C "$R" commit -q -m "v$1"
}

test_range_diff_shows_the_change_since_a_version() {
	rd_env
	local out
	out=$("$R/scripts/range-diff.sh" v1 2>/dev/null)
	assert_match "$out" '1: +[0-9a-f]+ ! +1: +[0-9a-f]+ drm: Add b'
	assert_match "$out" '^ *@@ a\.c'
	assert_match "$out" 'int b = 2;'
	assert_eq "$(cat "$R/out/range-diff-v1.txt")" "$out"
	# The same version: nothing changed.
	out=$("$R/scripts/range-diff.sh" 2 2>/dev/null)
	assert_match "$out" '1: +[0-9a-f]+ = +1: +[0-9a-f]+ drm: Add b'
}

test_range_diff_bad_input_says_what_exists() {
	rd_env
	local out
	out=$("$R/scripts/range-diff.sh" v9 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" "no commit of this repository has 'Version: 9'.*: v1 v2$"
	out=$("$R/scripts/range-diff.sh" 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" 'usage: make range-diff FROM=vN .*v1 v2\)$'
	out=$("$R/scripts/range-diff.sh" vx 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" 'FROM=vx is not a version'
	[ ! -e "$R/out/range-diff-v9.txt" ] || fail "a failed run wrote a range-diff"
}
