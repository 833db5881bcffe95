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
