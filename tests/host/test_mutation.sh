# shellcheck shell=bash
# scripts/check-mutation.sh: the mutations are well formed, bad ones stop
# it before any build, the worktree gets the series plus one mutation, and
# the verdict needs every Must-fail test failed and every control passed.
# (Nothing here builds or boots a kernel: make check-mutation does.)

MUTATE="$TOP/scripts/check-mutation.sh"

# mutation NAME BOARD MUST-FAIL MUST-PASS -- a mutation file in ./m that
# changes the line "zero" of file.c into "stale".
mutation() {
	mkdir -p m
	{
		echo "Mutation: $1 for the host test"
		[ -z "$2" ] || echo "Board: $2"
		[ -z "$3" ] || echo "Must-fail: $3"
		[ -z "$4" ] || echo "Must-pass: $4"
		echo
		printf -- '--- a/file.c\n+++ b/file.c\n@@ -1,3 +1,3 @@\n first\n-zero\n+stale\n last\n'
	} >"m/$1.patch"
}

# A stand-in for build/linux: a git tree whose HEAD is "the series".
series_tree() {
	git init -q tree
	printf 'first\nzero\nlast\n' >tree/file.c
	git -C tree add file.c
	git -C tree "${GIT_ID[@]}" commit -qm series
}

# log RESULT... -- a guest log with "NAME: RESULT" result lines.
guest_log() {
	local r
	echo 'drm-nomap: init reached (7.2.13)'
	for r in "$@"; do
		echo "igt-result: ${r%%=*}: ${r#*=} (1 s)"
	done
	echo "igt-done: $# subtests"
}

test_the_mutations_are_well_formed() {
	local out
	out=$("$MUTATE" list)
	assert_match "$out" '^zeroing-undone \(qemu-vexpress\): the DMA-layer fix undone'
	assert_match "$out" '^memset-removed \(qemu-vexpress\)'
	# The write-back can only be caught on hardware.
	assert_match "$out" '^write-back-removed \(rpi\): .*QEMU models no caches'
	assert_match "$out" 'must fail: nomap_dumb_buffer@create-clear nomap_security@zero-after-other-process'
}

test_bad_names_stop_before_building() {
	local out rc=0
	out=$("$MUTATE" zeroing-undone no-such 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "no mutation 'no-such' in .*; known: arm-zeroing-removed memset-removed write-back-removed zeroing-undone"
	if grep -q 'building' <<<"$out"; then fail "started building before checking every name"; fi
	assert_match "$("$MUTATE" '../x' 2>&1 || true)" "is not a mutation name"
	assert_match "$("$MUTATE" --all 2>&1 || true)" "usage: "
	assert_fails "$MUTATE" apply
	assert_fails "$MUTATE" judge zeroing-undone
}

test_bad_headers_are_errors() {
	mutation no-fail qemu-vexpress '' ''
	assert_match "$(MUTATIONS=$PWD/m "$MUTATE" no-fail 2>&1 || true)" "no 'Must-fail:' test"
	mutation not-listed qemu-vexpress nomap_dumb_buffer@no-such-subtest ''
	assert_match "$(MUTATIONS=$PWD/m "$MUTATE" not-listed 2>&1 || true)" \
		"'nomap_dumb_buffer@no-such-subtest' is not an entry of igt-tests/testlist.txt"
	mutation no-board '' nomap_dumb_buffer@create-clear ''
	assert_match "$(MUTATIONS=$PWD/m "$MUTATE" no-board 2>&1 || true)" "exactly one 'Board:' line"
	mutation bad-board pdp11 nomap_dumb_buffer@create-clear ''
	assert_match "$(MUTATIONS=$PWD/m "$MUTATE" bad-board 2>&1 || true)" "unknown board 'pdp11'"
	mutation bad-control qemu-vexpress nomap_dumb_buffer@create-clear nomap_x@y
	assert_match "$(MUTATIONS=$PWD/m "$MUTATE" bad-control 2>&1 || true)" "'nomap_x@y' is not an entry"
	printf 'Mutation: x\nBoard: qemu-vexpress\nMust-fail: nomap_dumb_buffer@create-clear\n' >m/no-diff.patch
	assert_match "$(MUTATIONS=$PWD/m "$MUTATE" no-diff 2>&1 || true)" "no diff after the header"
}

test_verdicts() {
	local j=("$MUTATE" judge zeroing-undone log)
	guest_log nomap_dumb_buffer@create-clear=fail nomap_security@zero-after-other-process=fail \
		nomap_dma_alloc@fresh-zero-highmem=fail nomap_dma_alloc@fresh-zero-lowmem=fail \
		nomap_dma_alloc@fresh-zero-coherent=fail nomap_security@flags-never-map=pass nomap_kms_smoke@dumb-1080p-create-map-destroy=pass >log
	assert_match "$("${j[@]}")" '^PASS mutation@zeroing-undone \(caught by nomap_dumb_buffer@create-clear '
	# A test that still passes with the kernel broken: the mutation survived.
	sed -i 's/zero-after-other-process: fail/zero-after-other-process: pass/' log
	assert_match "$("${j[@]}" || true)" '^FAIL mutation@zeroing-undone \(not caught: nomap_security@zero-after-other-process \(unexpected pass'
	# A crash or a flake is not the test catching it either.
	sed -i 's/zero-after-other-process: pass/zero-after-other-process: crash/' log
	assert_match "$("${j[@]}" || true)" 'not caught: nomap_security@zero-after-other-process \(crash, expected fail\)'
	sed -i 's/zero-after-other-process: crash/zero-after-other-process: fail/' log
	# A control that fails: the mutation broke more than it says.
	sed -i 's/flags-never-map: pass/flags-never-map: fail/' log
	assert_match "$("${j[@]}" || true)" '^FAIL mutation@zeroing-undone \(not caught: nomap_security@flags-never-map \(fail\)'
	# A missing result.
	sed -i '/fresh-zero-lowmem/d' log
	assert_match "$("${j[@]}" || true)" '^FAIL mutation@zeroing-undone \(not caught: nomap_dma_alloc@fresh-zero-lowmem \(no result line'
	assert_fails "$MUTATE" judge zeroing-undone no-such-log
}

test_apply_puts_one_mutation_on_the_series() {
	series_tree
	mutation stale qemu-vexpress nomap_dumb_buffer@create-clear ''
	local env=(env MUTATIONS="$PWD/m" SERIES_TREE="$PWD/tree" MUTATION_ROOT="$PWD/work")
	"${env[@]}" "$MUTATE" apply stale 2>/dev/null
	assert_eq "$(sed -n 2p work/linux/file.c)" stale
	# The series' own tree is untouched; applying again starts from the series.
	assert_eq "$(sed -n 2p tree/file.c)" zero
	"${env[@]}" "$MUTATE" apply stale 2>/dev/null
	assert_eq "$(git -C work/linux diff --numstat)" "$(printf '1\t1\tfile.c')"
	# A mutation that no longer applies says which and what to do.
	printf 'first\nchanged\nlast\n' >tree/file.c
	git -C tree "${GIT_ID[@]}" commit -qam 'series v6'
	local out rc=0
	out=$("${env[@]}" "$MUTATE" apply stale 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'mutation stale does not apply to the series \([0-9a-f]+ series v6\): .*; update .*/m/stale.patch'
}

test_orphaned_worktree_is_replaced() {
	series_tree
	mutation stale qemu-vexpress nomap_dumb_buffer@create-clear ''
	# What make clean-tree leaves: a directory whose gitdir is gone.
	mkdir -p work/linux
	echo 'gitdir: /nonexistent/.git/worktrees/linux' >work/linux/.git
	local out
	out=$(MUTATIONS=$PWD/m SERIES_TREE=$PWD/tree MUTATION_ROOT=$PWD/work "$MUTATE" apply stale 2>&1)
	assert_match "$out" 'removing .*work/linux: not a worktree of'
	assert_eq "$(sed -n 2p work/linux/file.c)" stale
}

test_no_series_tree_says_what_to_do() {
	mutation stale qemu-vexpress nomap_dumb_buffer@create-clear ''
	mkdir notgit
	assert_match "$(MUTATIONS=$PWD/m SERIES_TREE=$PWD/notgit MUTATION_ROOT=$PWD/work \
		"$MUTATE" apply stale 2>&1 || true)" "no kernel tree at .*notgit; run 'make tree'"
}

# The audit's H9: a Must-fail test "failing" because its binary is missing
# (M1), a run cut by an oops (M2), a flake (M4) are not a caught mutation,
# and judge's exit status says the verdict (M3).
test_h9_only_a_clean_complete_failure_is_caught() {
	local j=("$MUTATE" judge zeroing-undone log) out rc=0
	local fails=(nomap_dumb_buffer@create-clear nomap_security@zero-after-other-process
		nomap_dma_alloc@fresh-zero-highmem nomap_dma_alloc@fresh-zero-lowmem
		nomap_dma_alloc@fresh-zero-coherent)
	# shellcheck disable=SC2046 # one word per entry
	guest_log $(printf '%s=fail\n' "${fails[@]}") nomap_security@flags-never-map=pass \
		nomap_kms_smoke@dumb-1080p-create-map-destroy=pass >clean.log
	sed -E 's/^(igt-result: nomap_[a-z_]+@[a-z-]+: fail \(1 s\))$/\1 [\/usr\/libexec\/drm-nomap\/x not found]/' clean.log >log
	out=$("${j[@]}") || rc=$?
	assert_match "$out" '^FAIL mutation@zeroing-undone'
	assert_eq "$rc" 1 "judge's exit status on FAIL"
	{ grep -v igt-done clean.log; echo '[   9.0] Internal error: Oops: 17 [#1] SMP ARM'; } >log
	assert_match "$("${j[@]}" || true)" '^FAIL mutation@zeroing-undone'
	sed 's/^\(igt-result: nomap_dumb_buffer@create-clear: fail (1 s)\)$/\1 [flake, retry: pass]/' clean.log >log
	assert_match "$("${j[@]}" || true)" '^FAIL mutation@zeroing-undone'
	cp clean.log log
	assert_match "$("${j[@]}")" '^PASS mutation@zeroing-undone'
}
