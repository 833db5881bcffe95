# shellcheck shell=bash
# igt-tests/run-tests.sh (the guest runner) with fake test binaries.

# fake_test NAME CASES -- a test binary whose subtests are shell case arms.
# shellcheck disable=SC2016 # $2 is expanded by the fake test
fake_test() {
	printf '#!/bin/sh\ncase "$2" in\n%s\nesac\n' "$2" >"bin/$1"
	chmod +x "bin/$1"
}

RUN_TESTS="$TOP/igt-tests/run-tests.sh"

test_verdicts() {
	mkdir bin
	fake_test t 'ok) exit 0 ;; skipme) exit 77 ;; nosuch) exit 79 ;; bad) exit 98 ;; boom) kill -SEGV $$ ;; *) exit 3 ;;'
	printf 't@ok\nt@skipme\n# comment\n\nt@nosuch\nt@bad\nt@boom\nt@other\nmissing@x\n' >list
	local out
	out=$("$RUN_TESTS" -d bin list)
	assert_match "$out" '^igt-result: t@ok: pass \([0-9]+ s\)$'
	assert_match "$out" '^igt-result: t@skipme: skip .*\[unexpected-skip\]'
	assert_match "$out" '^igt-result: t@nosuch: skip .*\[unexpected-skip\]'
	assert_match "$out" '^igt-result: t@bad: fail'
	assert_match "$out" '^igt-result: t@boom: crash'
	assert_match "$out" '^igt-result: t@other: crash'
	assert_match "$out" '^igt-result: missing@x: fail .*not found'
	assert_match "$out" '^igt-done: 7 subtests'
	# The plan comes first and counts the entries, not the comments.
	assert_eq "$(head -n1 <<<"$out")" "igt-plan: 7 entries"
}

# The subtest's forked child hangs: the whole process group must die at the
# per-test timeout (busybox timeout would kill the parent only).
test_timeout_kills_the_whole_subtest() {
	mkdir bin
	# shellcheck disable=SC2016
	fake_test slow '*) sleep 30 & echo $! >>child.pids; wait ;;'
	echo slow@x >list
	local out start=$SECONDS pid
	out=$(IGT_TIMEOUT=1 "$RUN_TESTS" -d bin list)
	assert_match "$out" 'igt-result: slow@x: timeout'
	[ $((SECONDS - start)) -lt 8 ] || fail "the runner waited for the hung child"
	sleep 0.5
	while read -r pid; do
		if ps -o stat= -p "$pid" | grep -qv Z; then fail "child $pid of the subtest still runs"; fi
	done <child.pids
}

test_empty_or_filtered_list_is_an_error() {
	local out rc=0
	printf '# only a comment\n\n' >list
	out=$("$RUN_TESTS" list 2>&1) || rc=$?
	assert_eq "$rc" 2
	assert_match "$out" 'test list list has no tests; check drmnomap.tests= / TESTS='
}

test_test_reading_stdin_does_not_eat_the_list() {
	mkdir bin
	fake_test t '*) cat >/dev/null; exit 0 ;;'
	printf 't@a\nt@b\nt@c' >list   # no newline after the last entry
	assert_match "$("$RUN_TESTS" -d bin list)" 'igt-done: 3 subtests'
}

test_failing_test_is_run_again_and_a_changed_result_is_a_flake() {
	mkdir bin
	# shellcheck disable=SC2016
	fake_test t 'once) [ -e ran ] && exit 0; touch ran; exit 98 ;; bad) exit 98 ;;'
	printf 't@once\nt@bad\n' >list
	local out
	out=$("$RUN_TESTS" -d bin -r res list)
	assert_match "$out" '^igt-result: t@once: fail \([0-9]+ s\) \[flake, retry: pass\]$'
	assert_match "$out" '^igt-result: t@bad: fail \([0-9]+ s\)$'
	assert_match "$(cat res/logs/t@bad.log)" 'running it once more'
	assert_match "$(cat res/failures.csv)" '^t@once,Flake,[0-9]+$'
	printf '%s\n' "$out" >log
	assert_match "$("$TOP/scripts/results.sh" log || true)" '^PASS t@once \(flake: fail, retry: pass\)'
}

test_results_csv_and_failures_csv_in_deqp_runner_format() {
	mkdir bin x
	fake_test t 'ok) exit 0 ;; bad|xf) exit 98 ;; boom) kill -SEGV $$ ;;'
	printf 't@ok\nt@bad\nt@xf\nt@boom\nt@sk\n' >list
	printf 't@xf,Fail\nt@boom,Crash\n' >x/c-fails.txt
	: >x/c-flakes.txt
	echo 't@s' >x/c-skips.txt
	"$RUN_TESTS" -d bin -x x/c -r res list >/dev/null
	assert_eq "$(cut -d, -f1,2 res/results.csv)" "$(printf 't@ok,Pass\nt@bad,Fail\nt@xf,ExpectedFail\nt@boom,ExpectedFail\nt@sk,Skip')"
	assert_eq "$(cut -d, -f1,2 res/failures.csv)" "$(printf 't@bad,Fail\nt@xf,ExpectedFail\nt@boom,ExpectedFail')"
	assert_match "$(cat res/junit.xml)" 'name="t@bad" time="[0-9]+"><failure type="Fail"'
	assert_match "$(cat res/junit.xml)" '<system-out>'
}

# H15 (CSV status): a skip nothing expects fails the run, so the card's
# results.csv must not call it Skip (deqp-runner tools count a Skip as a
# success); it is a Fail, as the host's judge writes it.
test_h15_unexpected_skip_is_no_skip_in_results_csv() {
	mkdir bin x
	fake_test t 'ok) exit 0 ;; sk|listed) exit 77 ;;'
	printf 't@ok\nt@sk\nt@listed\n' >list
	: >x/c-fails.txt
	: >x/c-flakes.txt
	echo 't@listed' >x/c-skips.txt
	"$RUN_TESTS" -d bin -x x/c -r res list >/dev/null || true
	assert_eq "$(cut -d, -f1,2 res/results.csv)" "$(printf 't@ok,Pass\nt@sk,Fail\nt@listed,Skip')"
	assert_eq "$(cut -d, -f1,2 res/failures.csv)" 't@sk,Fail'
	assert_match "$(cat res/junit.xml)" 'name="t@sk" time="[0-9]+"><failure type="Fail"'
}

# Lines as they are in drivers/gpu/drm/ci/xfails/ (i915-jsl, i915-*, vkms-none,
# msm-*): drm-ci's files work unchanged.
test_drm_ci_expectation_lines_apply_unchanged() {
	mkdir bin x
	fake_test kms_flip_scaled_crc '*) exit 77 ;;'
	fake_test i915_pm_rpm '*) sleep 5 ;;'
	fake_test kms_async_flips '*-formats) kill -SEGV $$ ;; crc) exit 98 ;;'
	fake_test kms_cursor_crc '*) exit 98 ;;'
	fake_test kms_pm_suspend '*) exit 98 ;;'
	printf '%s\n' kms_flip_scaled_crc@flip-32bpp-xtile-to-64bpp-xtile-downscaling \
		i915_pm_rpm@gem-execbuf-stress kms_async_flips@basic-modeset-with-all-modifiers-formats \
		kms_async_flips@crc kms_cursor_crc@cursor-onscreen-64x64 kms_pm_suspend@basic >list
	cat >x/d-fails.txt <<-'EOF'
	kms_flip_scaled_crc@flip-32bpp-xtile-to-64bpp-xtile-downscaling,UnexpectedImprovement(Skip)
	i915_pm_rpm@gem-execbuf-stress,Timeout
	kms_async_flips@basic-modeset-with-all-modifiers-formats,Crash
	EOF
	printf '# Board Name: x\nkms_async_flips@crc\n' >x/d-flakes.txt
	printf '.*suspend.*\nkms_cursor_crc\n^vc4.*\n' >x/d-skips.txt
	local out
	out=$(IGT_TIMEOUT=1 "$RUN_TESTS" -d bin -x x/d list)
	assert_match "$out" 'downscaling: skip .*\[xfail\]'
	assert_match "$out" 'gem-execbuf-stress: timeout .*\[xfail\]'
	assert_match "$out" 'all-modifiers-formats: crash .*\[xfail\]'
	assert_match "$out" 'kms_async_flips@crc: fail .*\[flake\]'
	assert_match "$out" 'cursor-onscreen-64x64: skip .*\[listed in skips\]'
	assert_match "$out" 'kms_pm_suspend@basic: skip .*\[listed in skips\]'
	printf '%s\n' "$out" >log
	# The host judges the raw results with the same files (^vc4.* matches
	# no entry of this list: the judge's load-time check says so).
	sed -i '/^\^vc4/d' x/d-skips.txt
	assert_match "$("$TOP/scripts/results.sh" -l list -x x/d log)" '0 failed'
}

test_bad_expectation_lines_are_errors() {
	mkdir -p bin x
	echo t@a >list
	: >x/e-flakes.txt
	: >x/e-skips.txt
	echo 't@a,Failed' >x/e-fails.txt
	local out rc=0
	out=$("$RUN_TESTS" -d bin -x x/e list 2>&1) || rc=$?
	assert_eq "$rc" 2
	assert_match "$out" "bad line in x/e-fails.txt: 't@a,Failed'"
	: >x/e-fails.txt
	echo 't@(a' >x/e-skips.txt
	rc=0
	out=$("$RUN_TESTS" -d bin -x x/e list 2>&1) || rc=$?
	assert_eq "$rc" 2
	assert_match "$out" 'bad regex in x/e-skips.txt'
}

test_missing_list_is_an_error() {
	local out rc=0
	out=$("$TOP/igt-tests/run-tests.sh" nolist 2>&1) || rc=$?
	assert_eq "$rc" 2
	assert_match "$out" 'test list nolist not found'
}

test_testlist_entries_are_well_formed() {
	local bad
	bad=$(grep -vE '^([a-z0-9_]+@[a-z0-9_-]+)?$' "$TOP/igt-tests/testlist.txt" || true)
	assert_eq "$bad" ""
}

expectations() {
	mkdir -p x
	printf '# reason: hangs\nt@sk\n' >x/b-skips.txt
	printf 't@bad,Fail\nt@boom,Crash\nt@ok2,Fail\nt@bad2,Crash\n' >x/b-fails.txt
	printf '# Board Name: test\nt@flaky\n' >x/b-flakes.txt
}

test_expectations_judge_results() {
	mkdir bin
	fake_test t 'ok|ok2) exit 0 ;; bad|bad2|flaky) exit 98 ;; boom) kill -SEGV $$ ;; skipme) exit 1 ;;'
	printf 't@ok\nt@ok2\nt@bad\nt@bad2\nt@boom\nt@flaky\nt@skipme\n' >list
	expectations
	local out judged
	out=$("$TOP/igt-tests/run-tests.sh" -d bin -x x/b -r res list)
	assert_match "$out" 't@ok: pass \([0-9]+ s\)$'
	assert_match "$out" 't@ok2: pass .*\[unexpected-pass\]'
	assert_match "$out" 't@bad: fail .*\[xfail\]'
	assert_match "$out" 't@bad2: fail .*\[expected-crash\]'
	assert_match "$out" 't@boom: crash .*\[xfail\]'
	assert_match "$out" 't@flaky: fail .*\[flake\]'
	assert_match "$out" 't@skipme: skip .*\[listed in skips\]'
	printf '%s\n' "$out" >log
	judged=$("$TOP/scripts/results.sh" -l list -x x/b log || true)
	assert_match "$judged" '^PASS t@bad \(expected fail\)'
	assert_match "$judged" '^FAIL t@ok2 \(unexpected pass'
	assert_match "$judged" '^FAIL t@bad2 \(fail, expected crash\)'
	assert_match "$judged" '^PASS t@flaky \(flake: fail\)'
	assert_match "$judged" '^SKIP t@skipme \(listed in skips\)'
	assert_eq "$(grep -c '<testcase' res/junit.xml)" 7
	assert_match "$(cat res/junit.xml)" 'tests="7" failures="2" skipped="1"'
	[ -s "res/logs/t@boom.log" ] || fail "no per-subtest log"
}

test_missing_expectation_file_is_an_error() {
	mkdir -p bin x
	echo t@a >list
	local out rc=0
	out=$("$TOP/igt-tests/run-tests.sh" -d bin -x x/none list 2>&1) || rc=$?
	assert_eq "$rc" 2
	assert_match "$out" 'expectation file x/none-fails.txt not found'
}

test_entry_without_subtest_runs_whole_binary() {
	mkdir bin
	printf '#!/bin/sh\n[ $# = 0 ] || exit 98\nexit 0\n' >bin/core_getversion
	chmod +x bin/core_getversion
	echo core_getversion >list
	assert_match "$("$TOP/igt-tests/run-tests.sh" -d bin list)" '^igt-result: core_getversion: pass'
}

test_board_runner_uses_installed_igt() {
	local igt=$PWD/igt
	mkdir -p "$igt/libexec/igt-gpu-tools" x
	grep -v '^#' "$TOP/igt-tests/igt-testlist.txt" | while read -r t; do
		mkdir -p "$(dirname "$igt/libexec/igt-gpu-tools/$t")"
		printf '#!/bin/sh\nexit 0\n' >"$igt/libexec/igt-gpu-tools/$t"
		chmod +x "$igt/libexec/igt-gpu-tools/$t"
	done
	cp -r "$TOP/igt-tests/run-board.sh" "$TOP"/igt-tests/run-tests*.sh "$TOP/igt-tests/protocol.sh" \
		"$TOP/igt-tests/igt-testlist.txt" .
	mkdir -p xfails
	printf '' >xfails/b-fails.txt; printf '' >xfails/b-flakes.txt; printf '' >xfails/b-skips.txt
	local out
	# shellcheck disable=SC2016
	printf '#!/bin/sh\n[ "$1" = --list-subtests ] && printf "a\\nb\\n"\nexit 0\n' \
		>"$igt/libexec/igt-gpu-tools/kms_setmode"
	out=$(IGT_DIR=$igt ./run-board.sh b res)
	assert_match "$out" '^igt-result: core_getversion: pass'
	assert_match "$out" '^igt-result: kms_setmode@a: pass'
	assert_match "$out" '^igt-result: kms_setmode@b: pass'
	# igt installs the vc4 tests in libexec/igt-gpu-tools/vc4/.
	assert_match "$out" '^igt-result: vc4/vc4_purgeable_bo: pass'
	[ -f res/logs/vc4/vc4_purgeable_bo.log ] || fail "no log of vc4/vc4_purgeable_bo"
	assert_match "$out" "^igt-done: $(($(grep -vc '^#' igt-testlist.txt) + 1)) subtests"
	[ -s res/junit.xml ] || fail "no junit.xml"
}

test_board_runner_rejects_missing_igt() {
	cp "$TOP/igt-tests/run-board.sh" "$TOP/igt-tests/protocol.sh" .
	local out rc=0
	out=$(IGT_DIR=/nonexistent ./run-board.sh b 2>&1) || rc=$?
	assert_eq "$rc" 2
	assert_match "$out" 'is IGT_DIR=/nonexistent an installed igt-gpu-tools'
}

# A correct run of the real list with the real expectation files is green,
# with one result per entry (a QEMU run has the same shape).
test_real_list_with_passing_tests_is_green() {
	mkdir bin
	local t out judged n
	while read -r t; do
		printf '#!/bin/sh\nexit 0\n' >"bin/$t"
		chmod +x "bin/$t"
	done < <(cut -d@ -f1 "$TOP/igt-tests/testlist.txt" | sort -u)
	n=$(grep -c . "$TOP/igt-tests/testlist.txt")
	out=$("$RUN_TESTS" -d bin -x "$TOP/igt-tests/xfails/pl111-vexpress" -r res "$TOP/igt-tests/testlist.txt")
	printf '[drm] Initialized pl111\n%s\n' "$out" >log
	for t in junit.xml results.csv failures.csv; do
		printf -- '--- %s ---\n%s\n--- end %s ---\n' "$t" "$(cat "res/$t")" "$t" >>log
	done
	judged=$("$TOP/scripts/results.sh" -l "$TOP/igt-tests/testlist.txt" -e 'Initialized pl111' -o out log)
	assert_eq "$(grep '^PASS ' <<<"$judged" | grep -cvE '^PASS (kernel|guest|capture)@')" "$n"
	assert_match "$judged" "^PASS guest@runner-finished \\($n subtests\\)"
	assert_match "$(tail -n1 <<<"$judged")" ' 0 failed, 0 skipped$'
	assert_eq "$(grep -c ',Pass,' out/results.csv)" "$n"
	assert_eq "$(cat out/failures.csv)" ""
}

# Every expectation line names an entry of a list (a renamed test must not
# leave a stale line behind); test_testlists.sh checks the lists against
# the C tests' tables.
test_expectations_match_the_lists() {
	local f
	# The judge's load-time check of every expectation file: lines well
	# formed, each naming an entry, no regex matching every entry or none.
	for f in "$TOP"/igt-tests/xfails/*-fails.txt; do
		run_judge expectations "${f%-fails.txt}" "$TOP/igt-tests/testlist.txt" "$TOP/igt-tests/debug-testlist.txt" >/dev/null ||
			fail "$(run_judge expectations "${f%-fails.txt}" "$TOP/igt-tests/testlist.txt" "$TOP/igt-tests/debug-testlist.txt")"
	done
}

# stub_kernel_log -- dmesg prints ./kmsg (the fake tests append to it), sync
# records how many result lines res/results.txt had when it ran.
stub_kernel_log() {
	mkdir -p stubs
	echo '[    0.5] Booting Linux' >kmsg
	printf '#!/bin/sh\ncat "%s"\n' "$PWD/kmsg" >stubs/dmesg
	printf '#!/bin/sh\ngrep -c "^igt-result:" "%s" >>"%s" || true\n' "$PWD/res/results.txt" "$PWD/sync.log" >stubs/sync
	chmod +x stubs/dmesg stubs/sync
}

# -s: each entry's result, log and kernel log slice are on the disk (synced)
# before the next entry starts.
test_sync_saves_kernel_log_slices_after_each_entry() {
	mkdir bin
	stub_kernel_log
	fake_test t "a) echo '[    1.0] a ran' >>'$PWD/kmsg'; exit 0 ;; b) echo '[    2.0] b ran' >>'$PWD/kmsg'; exit 0 ;;"
	printf 't@a\nt@b\n' >list
	PATH=$PWD/stubs:$PATH "$RUN_TESTS" -d bin -r res -s list >/dev/null
	assert_eq "$(cat res/logs/boot.dmesg)" '[    0.5] Booting Linux'
	assert_eq "$(cat res/logs/t@a.dmesg)" '[    1.0] a ran'
	assert_eq "$(cat res/logs/t@b.dmesg)" '[    2.0] b ran'
	assert_eq "$(cat res/dmesg.txt)" "$(cat kmsg)"
	# Synced at the start, after each entry and at the end (igt-done).
	assert_eq "$(paste -sd' ' sync.log)" "0 1 2 2"
	assert_match "$(tail -n1 res/results.txt)" '^igt-done: 2 subtests$'
}

test_sync_without_results_dir_is_an_error() {
	echo t@a >list
	local out rc=0
	out=$("$RUN_TESTS" -s list 2>&1) || rc=$?
	assert_eq "$rc" 2
	assert_match "$out" '-s saves into RESULTS_DIR: give -r RESULTS_DIR'
}
