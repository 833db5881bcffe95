# shellcheck shell=bash
# scripts/check-stable.sh: the stable pins and their trees, the verdict on
# a run's serial log (unpatched: every nomap_dma_alloc subtest failed on
# stale memory; patched: every one passed; a missing result or an unsound
# run fails either), and bad arguments stop it before any build.
# (Nothing here fetches, builds or boots a kernel: make check-stable does.)

STABLE="$TOP/scripts/check-stable.sh"

# The subtests check-stable runs, from the test list.
stable_tests() {
	grep -E "$(sed -n "s/^STABLE_TESTS='\(.*\)'$/\1/p" "$STABLE")" "$TOP/igt-tests/testlist.txt"
}

# guest_log RESULT [STALE] -- a serial log where every subtest has RESULT;
# with STALE, each failure's output reports stale bytes as the test does.
guest_log() {
	local t
	echo 'drm-nomap: init reached (6.1.176-drm-nomap-base)'
	while read -r t; do
		[ -z "${2:-}" ] || echo "(nomap_dma_alloc:99) CRITICAL: 20969472 stale bytes in fresh buffers"
		echo "igt-result: $t: $1 (1 s)"
	done < <(stable_tests)
	echo "igt-done: $(stable_tests | wc -l) subtests"
	echo 'drm-nomap: tests finished (exit 0)'
}

test_the_stable_pins_and_trees() {
	local pin base series
	[ -n "$(stable_bases)" ] || fail "no stable-*.pin"
	for base in $(stable_bases); do
		pin=$TOP/$base.pin
		series=$(BASE=$base pin_get SERIES)
		assert_eq "$base" "stable-$series" "$pin names its SERIES"
		assert_match "$(BASE=$base pin_get PACKAGE)" "^linux-source-$series\$"
		assert_match "$(BASE=$base pin_get VERSION)" "^$series\\.[0-9]+-"
		[ -n "$(BASE=$base pin_get SUITE)" ] || fail "$pin has no SUITE"
		# The version is deps.lock's, the mirror the host's: neither is in a pin.
		if grep -qE '^(MIRROR|VERSION)=' "$pin"; then fail "$pin sets MIRROR or VERSION"; fi
		assert_eq "$(BASE=$base base_tree)" "$TOP/build/stable-$series/linux"
		[ -n "$(series_files "$TOP/patches/stable/$series")" ] || fail "no backport in patches/stable/$series/"
	done
	assert_match "$(BASE=stable-0.1 bash -c ". '$TOP/scripts/lib.sh'" 2>&1 || true)" "unknown BASE 'stable-0.1'; stable bases: stable-"
}

test_the_stale_message_is_the_tests() {
	local msg
	msg=$(sed -n "s/^STALE_MESSAGE='\(.*\)'$/\1/p" "$STABLE")
	[ -n "$msg" ] || fail "no STALE_MESSAGE in check-stable.sh"
	grep -qF "$msg\"" "$TOP/igt-tests/nomap_dma_alloc.c" ||
		fail "nomap_dma_alloc.c no longer says '$msg'"
	assert_eq "$msg" "stale bytes in fresh buffers"
	[ "$(stable_tests | wc -l)" -ge 3 ] || fail "fewer than 3 nomap_dma_alloc subtests in testlist.txt"
}

test_unpatched_verdicts() {
	local j=("$STABLE" judge stable-6.1@unpatched-fails fail log)
	guest_log fail stale >log
	assert_match "$("${j[@]}")" '^PASS stable-6.1@unpatched-fails \(every subtest failed on stale memory\)$'
	# A subtest that passes on the unpatched base proves nothing there.
	sed -i 's/fresh-zero-coherent: fail/fresh-zero-coherent: pass/' log
	assert_match "$("${j[@]}")" '^FAIL stable-6.1@unpatched-fails \(nomap_dma_alloc@fresh-zero-coherent: pass'
	# Failing for another reason (no module, no reuse) is not stale memory.
	guest_log fail >log
	assert_match "$("${j[@]}")" "nomap_dma_alloc@fresh-zero-highmem failed, but not on stale memory"
	# A missing result.
	guest_log fail stale | sed '/fresh-zero-lowmem: /d' >log
	assert_match "$("${j[@]}")" '^FAIL .*no result for nomap_dma_alloc@fresh-zero-lowmem'
	# No log at all.
	assert_match "$("$STABLE" judge x@unpatched-fails fail no-such.log)" '^FAIL x@unpatched-fails \(no serial log no-such.log\)$'
}

test_patched_verdicts() {
	local j=("$STABLE" judge stable-6.12@patched-passes pass log)
	guest_log pass >log
	assert_eq "$("${j[@]}")" 'PASS stable-6.12@patched-passes (every subtest passed)'
	guest_log pass | sed 's/fresh-zero-lowmem: pass/fresh-zero-lowmem: fail/' >log
	assert_match "$("${j[@]}")" '^FAIL stable-6.12@patched-passes \(nomap_dma_alloc@fresh-zero-lowmem: fail; '
	# A run that did not finish, or an oops, fails even with every result.
	guest_log pass | sed '/^igt-done/d' >log
	assert_match "$("${j[@]}")" '^FAIL .*guest@runner-finished \(no igt-done line'
	guest_log pass | sed '1a Unable to handle kernel NULL pointer dereference at virtual address 00000000' >log
	assert_match "$("${j[@]}")" '^FAIL .*kernel@no-oops-bug-warn'
	# A result for a test it did not select.
	guest_log pass | sed '1a igt-result: nomap_kms_smoke@x: pass (1 s)' >log
	assert_match "$("${j[@]}")" '^FAIL .*nomap_kms_smoke@x \(result for a test not in the list\)'
}

test_bad_arguments_stop_before_building() {
	local out rc=0
	out=$("$STABLE" next 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "'next' is not a stable base; known: stable-"
	if grep -q 'building' <<<"$out"; then fail "started building before checking every base"; fi
	assert_match "$("$STABLE" stable-0.1 2>&1 || true)" "unknown BASE 'stable-0.1'"
	assert_match "$("$STABLE" judge a maybe log 2>&1 || true)" "usage: check-stable.sh judge NAME fail\|pass LOG"
	assert_fails "$STABLE" judge a fail
}
