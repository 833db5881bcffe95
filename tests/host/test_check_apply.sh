# shellcheck shell=bash
# scripts/check-apply.sh on two tiny fake bases (kernel.pin, kernel-next.pin):
# a result per patch and base, the conflicting file named, exit non-zero.

# apply_env -- $PWD/repo with the scripts and pins, build/linux and
# build/linux-<next SERIES> as fake bases that differ in b.c.
apply_env() {
	export GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.org
	export GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.org FETCH_BASE=0
	mkdir -p repo/patches
	cp -r "$TOP/scripts" "$TOP/kernel.pin" "$TOP/kernel-next.pin" "$TOP/deps.lock" repo/
	mkdir -p repo/igt-tests && cp "$TOP/igt-tests/protocol.sh" repo/igt-tests/
	R=$PWD/repo
	OLD=$R/build/linux NEXT=$(BASE=next TOP=$R base_tree)
	fake_base "$OLD" 'int b;'
	fake_base "$NEXT" 'int b; /* 7.3 */'
}

# fake_base DIR B_LINE -- a tree tagged base with a.c and b.c.
fake_base() {
	mkdir -p "$1"
	git -C "$1" init -q -b master
	printf 'int a;\n' >"$1/a.c"
	printf '%s\n' "$2" >"$1/b.c"
	git -C "$1" add -A
	git -C "$1" commit -q -m base
	git -C "$1" tag base
}

# patch_on_old SUBJECT FILE LINE N -- patch N, made on the old base.
patch_on_old() {
	printf '%s\n' "$3" >>"$OLD/$2"
	git -C "$OLD" commit -q -am "$1"
	git -C "$OLD" format-patch -q --zero-commit -1 --start-number "$4" -o "$R/patches"
}

test_check_apply_reports_each_patch_on_each_base() {
	apply_env
	patch_on_old "drm: Change a" a.c 'int c;' 1
	patch_on_old "drm: Change b" b.c 'int d;' 2
	patch_on_old "drm: Change a again" a.c 'int e;' 3
	local out rc=0
	out=$("$R/scripts/check-apply.sh" 2>err) || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "$(printf '%s\n' \
		"PASS apply@$(upstream_release)@0001-drm-Change-a" \
		"PASS apply@$(upstream_release)@0002-drm-Change-b" \
		"PASS apply@$(upstream_release)@0003-drm-Change-a-again" \
		"PASS apply@$(BASE=next upstream_release)@0001-drm-Change-a" \
		"FAIL apply@$(BASE=next upstream_release)@0002-drm-Change-b" \
		"PASS apply@$(BASE=next upstream_release)@0003-drm-Change-a-again")"
	assert_match "$(cat err)" "0002-drm-Change-b does not apply on $(BASE=next upstream_release) \(b\.c\)"
	assert_match "$(cat err)" 'patch failed: b\.c:1'
	assert_match "$(cat err)" '5 passed, 1 failed'
	assert_match "$(git -C "$R/build/check-apply/$(basename "$NEXT")" log -1 --format=%s)" 'Change a again'
	# A second run starts again from base in the same scratch worktrees.
	rc=0
	out=$("$R/scripts/check-apply.sh" 2>/dev/null) || rc=$?
	assert_eq "$(grep -c '^PASS' <<<"$out")" 5
}

test_check_apply_passes_when_all_apply() {
	apply_env
	patch_on_old "drm: Change a" a.c 'int c;' 1
	"$R/scripts/check-apply.sh" >/dev/null 2>&1
}

test_base_next_reads_kernel_next_pin() {
	# shellcheck disable=SC2016 # the stub expands $1 itself
	printf '#!/bin/sh\n[ "$1" = versions ] && printf "%%s\\n" 7.3~rc7-1~exp1 7.2.13-1\n' >debfetch
	chmod +x debfetch
	assert_eq "$(BASE=next DEBFETCH=./debfetch "$TOP/scripts/fetch-base.sh" --resolve 2>/dev/null)" \
		"$(BASE=next pin_get VERSION)"
	assert_eq "$(BASE=next base_tree)" "$TOP/build/linux-$(BASE=next pin_get SERIES)"
	assert_eq "$(BASE=next upstream_release)" "v$(BASE=next pin_get VERSION | sed 's/-[^-]*$//; s/~/-/')"
	local out
	out=$(BASE=nosuch "$TOP/scripts/fetch-base.sh" --resolve 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" "unknown BASE 'nosuch'; use BASE=next"
}

test_upstream_release_of_debian_versions() {
	assert_eq "$(PIN_VERSION=7.2.13-1 upstream_release)" v7.2.13
	assert_eq "$(PIN_VERSION='7.3~rc7-1~exp1' upstream_release)" v7.3-rc7
}

# A patch that conflicts on the next base passes there once patches/next/
# holds its rebased version under the same name; the old base keeps
# patches/'s version, and a patches/next/ file that replaces nothing stops.
test_check_apply_takes_rebased_patch_on_next() {
	apply_env
	patch_on_old "drm: Change b" b.c 'int d;' 1
	mkdir -p "$R/patches/next"
	printf 'int d;\n' >>"$NEXT/b.c"
	git -C "$NEXT" commit -q -am "drm: Change b"
	git -C "$NEXT" format-patch -q --zero-commit -1 -o "$R/patches/next"
	git -C "$NEXT" reset -q --hard base
	local out
	out=$("$R/scripts/check-apply.sh" 2>/dev/null)
	assert_eq "$out" "$(printf '%s\n' \
		"PASS apply@$(upstream_release)@0001-drm-Change-b" \
		"PASS apply@$(BASE=next upstream_release)@0001-drm-Change-b")"
	assert_eq "$(TOP=$R series_files "$R/patches")" "$R/patches/0001-drm-Change-b.patch"
	assert_eq "$(BASE=next TOP=$R series_files "$R/patches")" "$R/patches/next/0001-drm-Change-b.patch"
	mv "$R/patches/next/0001-drm-Change-b.patch" "$R/patches/next/0001-drm-Change-c.patch"
	out=$("$R/scripts/check-apply.sh" 2>&1 || true)
	assert_match "$out" '0001-drm-Change-c.patch replaces no patch of'
}
