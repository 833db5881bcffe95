# shellcheck shell=bash
# scripts/kunit.sh: judging kunit.py's --json results (KernelCI format).

# kunit_json STATUS... -- a results.json as kunit.py writes it, one case per STATUS.
kunit_json() {
	local i=0 s cases=''
	for s in "$@"; do
		i=$((i + 1))
		cases+="${cases:+,}{\"name\": \"drm_gem_dma_test_c$i\", \"status\": \"$s\"}"
	done
	printf '{"name": "KUnit Test Group", "test_cases": [], "sub_groups": [{"name": "drm_gem_dma", "sub_groups": [], "test_cases": [%s]}]}\n' "$cases" >results.json
}

test_passing_cases_pass() {
	kunit_json PASS PASS
	local out
	out=$("$TOP/scripts/kunit.sh" parse results.json 2)
	assert_eq "$out" "$(printf 'PASS kunit@drm_gem_dma_test_c1\nPASS kunit@drm_gem_dma_test_c2')"
}

test_failed_skipped_and_missing_cases_fail() {
	kunit_json PASS FAIL SKIP ERROR
	local out rc=0
	out=$("$TOP/scripts/kunit.sh" parse results.json 4) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL kunit@drm_gem_dma_test_c2 \(fail\)'
	assert_match "$out" '^FAIL kunit@drm_gem_dma_test_c3 \(skip\)'
	assert_match "$out" '^FAIL kunit@drm_gem_dma_test_c4 \(error\)'
	kunit_json PASS
	assert_match "$("$TOP/scripts/kunit.sh" parse results.json 12 || true)" \
		'^FAIL kunit@case-count \(1 cases ran, the suites have 12\)'
	assert_fails "$TOP/scripts/kunit.sh" parse nothing.json 12
}

# A parameterised case is a sub-group of its suite: one case, one result
# per parameter, and a failing parameter fails it.
test_parameterised_case_counts_once() {
	printf '%s\n' '{"name": "KUnit Test Group", "test_cases": [], "sub_groups": [{"name": "drm_gem_dma", "test_cases": [{"name": "drm_gem_dma_test_c1", "status": "PASS"}], "sub_groups": [{"name": "drm_gem_dma_test_table", "sub_groups": [], "test_cases": [{"name": "coherent", "status": "PASS"}, {"name": "IOMMU", "status": "FAIL"}]}]}, {"name": "vc4-bo", "sub_groups": [], "test_cases": [{"name": "vc4_test_bo_c1", "status": "PASS"}]}]}' >results.json
	local out rc=0
	out=$("$TOP/scripts/kunit.sh" parse results.json 3) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^PASS kunit@drm_gem_dma_test_table@coherent$'
	assert_match "$out" '^FAIL kunit@drm_gem_dma_test_table@IOMMU \(fail\)$'
	assert_match "$out" '^PASS kunit@vc4_test_bo_c1$'
	if grep -q case-count <<<"$out"; then fail "3 cases ran: $out"; fi
}

# configs/kunit-ARCH.skips: a listed case that skips is expected, one that
# passes fails (the run was meant to show that nothing changes there), and an
# unlisted skip still fails.
test_expected_skips() {
	kunit_json SKIP PASS SKIP
	printf '# comment\ndrm_gem_dma_test_c1$\ndrm_gem_dma_test_c2$\n' >skips
	local out rc=0
	out=$(PREFIX=kunit-arm64 "$TOP/scripts/kunit.sh" parse results.json 3 skips) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^SKIP kunit-arm64@drm_gem_dma_test_c1 \(expected: skips\)$'
	assert_match "$out" '^FAIL kunit-arm64@drm_gem_dma_test_c2 \(pass, but expected to skip'
	assert_match "$out" '^FAIL kunit-arm64@drm_gem_dma_test_c3 \(skip\)$'
	kunit_json SKIP PASS
	printf 'drm_gem_dma_test_c1$\n' >skips
	assert_eq "$("$TOP/scripts/kunit.sh" parse results.json 2 skips; echo "rc=$?")" \
		"$(printf 'SKIP kunit@drm_gem_dma_test_c1 (expected: skips)\nPASS kunit@drm_gem_dma_test_c2\nrc=0')"
}

# panic_source -- a suite file as drm_gem_dma_helper_test.c declares its
# parameterised panic case.
panic_source() {
	cat >suite.c <<-'C'
	static const struct drm_gem_dma_test_panic drm_gem_dma_test_panics[] = {
		{ "mapped", DRM_MODE_DUMB_KERNEL_MAP, false },
		{ "unmapped, highmem", 0, true },
		{ "unmapped, lowmem", 0, false },
	};
	KUNIT_ARRAY_PARAM(drm_gem_dma_test_panic, drm_gem_dma_test_panics,
			  drm_gem_dma_test_panic_desc);
		KUNIT_CASE_PARAM(drm_gem_dma_test_panic, drm_gem_dma_test_panic_gen_params),
	C
}

# The audit's H7: K1, the arm-lowmem run with only its expected skip and
# the one parameter it exists for absent (zero passes), and K2, a WARN in
# the KUnit kernel's log under passing cases.
test_h7_parameters_and_kernel_log_are_checked() {
	panic_source
	printf '%s\n' '{"name": "KUnit Test Group", "test_cases": [], "sub_groups": [{"name": "drm_gem_dma", "test_cases": [], "sub_groups": [{"name": "drm_gem_dma_test_panic", "sub_groups": [], "test_cases": [{"name": "unmapped, highmem", "status": "SKIP"}]}]}]}' >lowmem.json
	local out rc=0
	out=$(PREFIX=kunit-arm-lowmem "$TOP/scripts/kunit.sh" parse lowmem.json 1 "$TOP/configs/kunit-arm-lowmem.skips" '' suite.c) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL kunit-arm-lowmem@drm_gem_dma_test_panic@unmapped, lowmem \(the parameter did not run\)$'
	kunit_json PASS
	printf '%s\n' '[    1.0] ok 1 drm_gem_dma_test_c1' '[    1.1] WARNING: CPU: 0 PID: 9 at drivers/gpu/drm/drm_gem_dma_helper.c:9 x' >test.log
	rc=0
	out=$("$TOP/scripts/kunit.sh" parse results.json 1 /dev/null test.log) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL kunit@kernel-log:no-oops-bug-warn \(1 lines, first: .*WARNING:'
}
