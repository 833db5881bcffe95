# shellcheck shell=bash
# scripts/results.sh: judging a guest serial log.

RESULTS_SH="$TOP/scripts/results.sh"

good_log() {
	cat <<-'LOG'
	[    1.0] [drm] Initialized pl111 1.0.0 for 10020000.clcd on minor 1
	drm-nomap: init reached (7.2.13)
	igt-result: nomap_kms_smoke@open-by-driver: pass (0 s)
	igt-result: nomap_kms_smoke@modeset-flip-rmfb: skip (0 s) [listed in skips]
	igt-done: 2 subtests
	drm-nomap: tests finished (exit 0)
	LOG
}

test_passing_log() {
	good_log | sed 's/$/\r/' >log   # serial consoles end lines with CRLF
	smoke_xfails
	local out
	out=$("$RESULTS_SH" -x x/s -e 'Initialized pl111' log)
	assert_match "$out" '^PASS nomap_kms_smoke@open-by-driver$'
	assert_match "$out" '^SKIP nomap_kms_smoke@modeset-flip-rmfb \(listed in skips\)$'
	assert_eq "$(tail -n1 <<<"$out")" "4 passed, 0 failed, 1 skipped"
}

# smoke_xfails -- expectation files x/s-*.txt that skip modeset-flip-rmfb,
# as the guest of good_log did; the judge takes the verdict from them.
smoke_xfails() {
	mkdir -p x
	: >x/s-fails.txt
	: >x/s-flakes.txt
	echo 'nomap_kms_smoke@modeset-flip-rmfb' >x/s-skips.txt
}

printf_list() {
	printf 'nomap_kms_smoke@open-by-driver\nnomap_kms_smoke@modeset-flip-rmfb\n' >list
}

test_unexpected_runtime_skip_fails() {
	good_log | sed 's/ \[listed in skips\]//' >log
	local out rc=0
	out=$("$RESULTS_SH" log) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL nomap_kms_smoke@modeset-flip-rmfb \(skipped at run time'
	good_log | sed 's/\[listed in skips\]/[unexpected-skip]/' >log
	assert_fails "$RESULTS_SH" log
	good_log | sed 's/\[listed in skips\]/[xfail]/' >log
	smoke_xfails
	: >x/s-skips.txt
	echo 'nomap_kms_smoke@modeset-flip-rmfb,Skip' >x/s-fails.txt
	assert_match "$("$RESULTS_SH" -x x/s log)" '^PASS nomap_kms_smoke@modeset-flip-rmfb \(expected skip\)'
	# The guest's own [listed in skips] is no excuse: the project's files are.
	good_log >log
	assert_match "$("$RESULTS_SH" log || true)" '^FAIL nomap_kms_smoke@modeset-flip-rmfb \(not run: the guest.s skips list it'
}

test_complete_log_passes_against_the_list() {
	good_log >log
	printf_list
	smoke_xfails
	assert_match "$("$RESULTS_SH" -l list -x x/s log)" '0 failed'
	assert_match "$("$RESULTS_SH" -l list -t smoke -x x/s log)" '0 failed'
}

# The audit's reproduction: a result line split by a kernel message, one
# with a trailing space, and a missing one.
test_lost_and_garbled_result_lines_fail() {
	cat >log <<-'LOG'
	igt-result: nomap_kms_smoke@open-by-driver: pass (0 s)
	igt-res[   12.345678] random: crng init done
	ult: nomap_dumb_vmalloc@no-vmalloc-per-buffer: fail (1 s)
	igt-result: nomap_security@flags-never-map: fail (1 s) 
	igt-done: 3 subtests
	LOG
	printf 'nomap_kms_smoke@open-by-driver\nnomap_dumb_vmalloc@no-vmalloc-per-buffer\nnomap_security@flags-never-map\n' >list
	local out rc=0
	out=$("$RESULTS_SH" -l list log) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL nomap_dumb_vmalloc@no-vmalloc-per-buffer \(no result line'
	assert_match "$out" '^FAIL nomap_security@flags-never-map \(no result line'
	assert_match "$out" '^FAIL guest@result-lines \(1 garbled'
	assert_match "$out" '^FAIL guest@runner-finished \(igt-done: 3, expected 3\)|^PASS guest@runner-finished'
}

test_duplicated_and_unlisted_results_fail() {
	{ good_log; echo 'igt-result: nomap_kms_smoke@open-by-driver: pass (0 s)'
	  echo 'igt-result: other@x: pass (0 s)'; } >log
	printf_list
	local out
	out=$("$RESULTS_SH" -l list log || true)
	assert_match "$out" '^FAIL nomap_kms_smoke@open-by-driver \(2 result lines'
	assert_match "$out" '^FAIL other@x \(result for a test not in the list\)'
}

test_igt_done_count_must_match() {
	good_log | sed 's/igt-done: 2/igt-done: 3/' >log
	printf_list
	assert_match "$("$RESULTS_SH" -l list log || true)" '^FAIL guest@runner-finished \(igt-done: 3, expected 2\)'
	good_log | sed 's/igt-done: 2/igt-done: 3/' >log
	assert_fails "$RESULTS_SH" log
	{ good_log; echo 'igt-done: 2 subtests'; } >log
	assert_fails "$RESULTS_SH" -l list log
}

test_no_tests_is_a_failure() {
	printf '[drm] Initialized pl111\nigt-done: 0 subtests\n' >log
	assert_match "$("$RESULTS_SH" -e 'Initialized pl111' log || true)" '^FAIL guest@test-list \(no test ran\)'
	printf_list
	local out
	out=$("$RESULTS_SH" -l list -t 'no_such_test' log || true)
	assert_match "$out" '^FAIL guest@test-list \(no tests selected: TESTS=no_such_test matches nothing in list'
}

test_failing_subtest_fails_the_run() {
	good_log | sed 's/open-by-driver: pass/open-by-driver: crash/' >log
	local out rc=0
	out=$("$RESULTS_SH" log) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL nomap_kms_smoke@open-by-driver \(crash\)'
}

test_kernel_warning_fails_the_run() {
	{ good_log; echo '[    3.0] WARNING: CPU: 0 PID: 1 at mm/vmalloc.c:1 foo'; } >log
	assert_fails "$RESULTS_SH" log
	assert_match "$("$RESULTS_SH" log || true)" 'FAIL kernel@no-oops-bug-warn'
}

test_unfinished_runner_fails() {
	good_log | grep -v igt-done >log
	assert_match "$("$RESULTS_SH" log || true)" 'FAIL guest@runner-finished'
}

test_missing_expected_line_fails() {
	good_log | grep -v Initialized >log
	assert_match "$("$RESULTS_SH" -e 'Initialized pl111' log || true)" 'FAIL kernel@log-has:Initialized pl111'
}

test_missing_log_is_a_clear_error() {
	local out
	out=$("$RESULTS_SH" nolog 2>&1 || true)
	assert_match "$out" 'not found; boot the board first'
}

test_junit_is_extracted() {
	{ good_log; printf -- '--- junit.xml ---\r\n<testsuites>\r\n</testsuites>\r\n--- end junit.xml ---\r\n'; } >log
	smoke_xfails
	"$RESULTS_SH" -x x/s -j junit.xml log >/dev/null
	assert_eq "$(cat junit.xml)" "$(printf '<testsuites>\n</testsuites>')"
}

# A WARN splat as the kernel prints it, WARNING line $1.
warn_splat() {
	printf '%s\n' '[    3.0] ------------[ cut here ]------------' "[    3.0] WARNING: $1" \
		'[    3.0] Call trace:' '[    3.0] ---[ end trace 0000000000000000 ]---'
}

test_known_warning_is_counted_apart() {
	{ good_log; warn_splat '../drivers/dma-buf/dma-buf.c:1673 at dma_buf_vmap+0x5/0x6'; } |
		sed 's/$/\r/' >log
	local out
	smoke_xfails
	out=$("$RESULTS_SH" -x x/s -w 'dma-buf\.c:[0-9]+ at dma_buf_vmap' log 2>err)
	assert_match "$out" '^PASS kernel@no-oops-bug-warn$'
	assert_match "$(cat err)" 'known warnings, counted apart: 1 \('
	if grep -q known-warnings <<<"$out"; then fail "the count is not a result: $out"; fi
	assert_fails "$RESULTS_SH" log
}

test_other_warning_fails_despite_known_ones() {
	{ good_log; warn_splat '../drivers/dma-buf/dma-buf.c:1673 at dma_buf_vmap+0x5/0x6'
	  warn_splat '../drivers/gpu/drm/drm_gem_dma_helper.c:9 at drm_gem_dma_free+0x1/0x2'; } >log
	local out rc=0
	out=$("$RESULTS_SH" -w 'dma-buf\.c:[0-9]+ at dma_buf_vmap' log) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'FAIL kernel@no-oops-bug-warn \(2 lines, first: .*cut here'
}

test_result_files_are_saved() {
	{ good_log; printf -- '--- %s ---\r\nx\r\n--- end %s ---\r\n' junit.xml junit.xml results.csv results.csv; } >log
	smoke_xfails
	local out
	out=$("$RESULTS_SH" -x x/s -o res log || true)
	assert_eq "$(cat res/junit.xml)" x
	assert_match "$out" '^FAIL guest@result-files \(no failures.csv in the log'
	printf -- '--- failures.csv ---\n--- end failures.csv ---\n' >>log
	assert_match "$("$RESULTS_SH" -x x/s -o res log)" '0 failed'
	# results.csv and failures.csv are the judge's, not the guest's.
	assert_eq "$(cat res/results.csv)" "$(printf 'nomap_kms_smoke@open-by-driver,Pass,0\nnomap_kms_smoke@modeset-flip-rmfb,Skip,0')"
	assert_eq "$(cat res/failures.csv)" ""
	# The audit's H15: an unexpected skip is no Skip (deqp-runner tools count
	# a Skip as a success).
	good_log | sed 's/ \[listed in skips\]//' >log
	: >x/s-skips.txt
	"$RESULTS_SH" -x x/s -o res log >/dev/null || true
	assert_eq "$(cat res/failures.csv)" 'nomap_kms_smoke@modeset-flip-rmfb,Fail,0'
}

test_raw_results_use_the_same_parser() {
	{ good_log; echo 'igt-result: broken line'; } | sed 's/$/\r/' >log
	assert_eq "$("$RESULTS_SH" -r log)" "$(printf 'nomap_kms_smoke@open-by-driver pass\nnomap_kms_smoke@modeset-flip-rmfb skip')"
}
