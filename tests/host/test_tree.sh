# shellcheck shell=bash
# scripts/tree.sh on a small fake kernel tree: apply, export, check-export.

tree_env() {
	export TREE=$PWD/build/linux PATCHES=$PWD/patches FETCH_BASE=0
	export GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.org
	export GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.org
	mkdir -p "$TREE" "$PATCHES"
	git -C "$TREE" init -q -b master
	printf 'int a;\nint b;\n' >"$TREE/a.c"
	git -C "$TREE" add a.c
	git -C "$TREE" commit -q -m base
	git -C "$TREE" tag base
}

commit_change() {
	printf '%s\n' "$2" >>"$TREE/a.c"
	git -C "$TREE" commit -q -am "$1" -m "Why: because the test says so."
}

TREE_SH="$TOP/scripts/tree.sh"

test_export_is_stable() {
	tree_env
	commit_change "drm: First change" "int c;"
	commit_change "drm: Second change" "int d;"
	"$TREE_SH" export 2>/dev/null
	assert_eq "$(ls patches)" "$(printf '0001-drm-First-change.patch\n0002-drm-Second-change.patch')"
	local before
	before=$(cat patches/*)
	assert_match "$before" '^From 0000000000000000000000000000000000000000'
	assert_match "$before" '^Subject: \[PATCH\] drm: First change'
	"$TREE_SH" export 2>/dev/null
	assert_eq "$(cat patches/*)" "$before" "second export changed patches/"
	"$TREE_SH" check-export 2>/dev/null
}

test_reset_applies_series() {
	tree_env
	commit_change "drm: First change" "int c;"
	"$TREE_SH" export 2>/dev/null
	"$TREE_SH" reset 2>/dev/null
	assert_eq "$(git -C "$TREE" log --format=%s base..HEAD)" "drm: First change"
	assert_match "$(cat "$TREE/a.c")" 'int c;'
}

test_check_export_catches_hand_edits() {
	tree_env
	commit_change "drm: First change" "int c;"
	"$TREE_SH" export 2>/dev/null
	printf -- '-- \n2.39.5\n\n' >>patches/0001-drm-First-change.patch
	local out
	out=$("$TREE_SH" check-export 2>&1 || true)
	assert_match "$out" 'would change|changes patches/'
	assert_fails "$TREE_SH" check-export
}

test_patch_that_does_not_apply_names_patch_and_file() {
	tree_env
	commit_change "drm: First change" "int c;"
	"$TREE_SH" export 2>/dev/null
	sed -i 's/^ int b;$/ int zz;/' patches/0001-drm-First-change.patch
	git -C "$TREE" reset -q --hard base
	rm -f "$TREE/.git/drm-nomap-applied"
	local out rc=0
	out=$("$TREE_SH" reset 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$(tail -n1 <<<"$out")" 'patch 0001-drm-First-change.patch does not apply.*a\.c'
}

test_reset_refuses_to_drop_local_commits() {
	tree_env
	commit_change "drm: First change" "int c;"
	"$TREE_SH" export 2>/dev/null
	commit_change "drm: Unexported work" "int e;"
	local out
	out=$("$TREE_SH" reset 2>&1 || true)
	assert_match "$out" "not in patches/; run 'make export'"
	assert_eq "$(git -C "$TREE" log -1 --format=%s)" "drm: Unexported work"
	assert_match "$(FORCE=0 "$TREE_SH" reset 2>&1 || true)" "not in patches/"
	FORCE=1 "$TREE_SH" reset 2>/dev/null
	assert_eq "$(git -C "$TREE" log -1 --format=%s backup/before-tree)" "drm: Unexported work"
}

test_ensure_reapplies_changed_series() {
	tree_env
	commit_change "drm: First change" "int c;"
	"$TREE_SH" export 2>/dev/null
	git -C "$TREE" reset -q --hard HEAD~1
	commit_change "drm: Other change" "int f;"
	git -C "$TREE" format-patch -q --zero-commit -o "$PWD/new" base..HEAD
	git -C "$TREE" reset -q --hard "$(cut -d' ' -f2 "$TREE/.git/drm-nomap-applied")"
	rm patches/*.patch && mv new/*.patch patches/
	"$TREE_SH" ensure 2>/dev/null
	assert_eq "$(git -C "$TREE" log -1 --format=%s)" "drm: Other change"
}
