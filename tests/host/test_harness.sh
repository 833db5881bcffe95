# shellcheck shell=bash
# tests/host/run.sh itself: a broken test file must fail the run.

# harness FILE_TEXT -- a copy of run.sh with one test file holding FILE_TEXT.
harness() {
	mkdir -p h/tests/host h/scripts
	cp "$TOP/tests/host/run.sh" h/tests/host/
	cp "$TOP/scripts/lib.sh" "$TOP/scripts/lib-series.sh" "$TOP/scripts/lib-results.sh" "$TOP/scripts/debian.sh" h/scripts/
	mkdir -p h/igt-tests && cp "$TOP/igt-tests/protocol.sh" h/igt-tests/
	printf '%s\n' "$1" >h/tests/host/test_a.sh
}

# The audit's reproduction: a syntax error before a failing case.
test_syntax_error_fails_the_run() {
	harness 'test_one() { :; }
test_two() { :; }
if then
test_three() { false; }'
	local out rc=0
	out=$(h/tests/host/run.sh 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'FAIL host@test_a@load'
}

test_failing_case_fails_the_run() {
	harness 'test_one() { :; }
test_two() { false; }'
	local out rc=0
	out=$(h/tests/host/run.sh 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'FAIL host@test_a@test_two'
	assert_match "$out" '1 passed, 1 failed'
}

test_pattern_selects_cases() {
	harness 'test_one() { :; }
test_two() { false; }'
	assert_match "$(h/tests/host/run.sh one 2>&1)" '1 passed, 0 failed'
	assert_fails h/tests/host/run.sh no_such_case
}

# H15 (zero lines): a summary of no result at all is no success.
test_h15_summarize_fails_on_zero_results() {
	local out rc=0
	out=$(summarize - <<<"") || rc=$?
	assert_eq "$out" "0 passed, 0 failed, 0 skipped"
	assert_eq "$rc" 1
	rc=0
	summarize - <<<"PASS a@b" >/dev/null || rc=$?
	assert_eq "$rc" 0
	rc=0
	summarize - <<<"FAIL a@b" >/dev/null || rc=$?
	assert_eq "$rc" 1
}
