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
		'^FAIL kunit@case-count \(1 cases ran, the suite has 12\)'
	assert_fails "$TOP/scripts/kunit.sh" parse nothing.json 12
}
