# shellcheck shell=bash
# igt-tests/run-tests.sh (the guest runner) with fake test binaries.

# fake_test NAME CASES -- a test binary whose subtests are shell case arms.
# shellcheck disable=SC2016 # $2 is expanded by the fake test
fake_test() {
	printf '#!/bin/sh\ncase "$2" in\n%s\nesac\n' "$2" >"bin/$1"
	chmod +x "bin/$1"
}

test_verdicts() {
	mkdir bin
	fake_test t 'ok) exit 0 ;; skipme) exit 77 ;; bad) exit 98 ;; boom) kill -SEGV $$ ;; *) exit 3 ;;'
	printf 't@ok\nt@skipme\n# comment\n\nt@bad\nt@boom\nt@other\nmissing@x\n' >list
	local out
	out=$("$TOP/igt-tests/run-tests.sh" -d bin list)
	assert_match "$out" '^igt-result: t@ok: pass'
	assert_match "$out" '^igt-result: t@skipme: skip'
	assert_match "$out" '^igt-result: t@bad: fail'
	assert_match "$out" '^igt-result: t@boom: crash'
	assert_match "$out" '^igt-result: t@other: fail'
	assert_match "$out" '^igt-result: missing@x: fail .*not found'
	assert_match "$out" '^igt-done: 6 subtests'
}

test_timeout() {
	mkdir bin
	fake_test slow '*) sleep 10 ;;'
	echo slow@x >list
	assert_match "$(IGT_TIMEOUT=1 "$TOP/igt-tests/run-tests.sh" -d bin list)" 'slow@x: timeout'
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
	printf '# reason: hangs\nt@sk.*\n' >x/b-skips.txt
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
	judged=$("$TOP/scripts/results.sh" log || true)
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
		printf '#!/bin/sh\nexit 0\n' >"$igt/libexec/igt-gpu-tools/$t"
		chmod +x "$igt/libexec/igt-gpu-tools/$t"
	done
	cp -r "$TOP/igt-tests/run-board.sh" "$TOP/igt-tests/run-tests.sh" "$TOP/igt-tests/igt-testlist.txt" .
	mkdir -p xfails
	printf '' >xfails/b-fails.txt; printf '' >xfails/b-flakes.txt; printf '' >xfails/b-skips.txt
	local out
	out=$(IGT_DIR=$igt ./run-board.sh b res)
	assert_match "$out" '^igt-result: core_getversion: pass'
	assert_match "$out" "^igt-done: $(grep -vc '^#' igt-testlist.txt) subtests"
	[ -s res/junit.xml ] || fail "no junit.xml"
}

test_board_runner_rejects_missing_igt() {
	cp "$TOP/igt-tests/run-board.sh" .
	local out rc=0
	out=$(IGT_DIR=/nonexistent ./run-board.sh b 2>&1) || rc=$?
	assert_eq "$rc" 2
	assert_match "$out" 'is IGT_DIR=/nonexistent an installed igt-gpu-tools'
}
