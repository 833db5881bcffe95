# shellcheck shell=bash
# scripts/compare.sh diff: base vs patched results of two guest logs.

COMPARE_SH="$TOP/scripts/compare.sh"

compare_log() {
	printf 'igt-result: t@a: %s (0 s)\nigt-result: t@b: pass (0 s)\n' "$1"
	[ -z "${2:-}" ] || printf 'igt-result: t@c: pass (0 s)\n'
	echo 'igt-done: 3 subtests'
}

test_differences_are_listed() {
	compare_log fail 1 >base.log
	compare_log pass 1 >patched.log
	local out
	out=$("$COMPARE_SH" diff base.log patched.log)
	assert_match "$out" '^  t@a +fail -> pass$'
	if grep -q "t@b" <<<"$out"; then fail "t@b did not change: $out"; fi
}

test_no_differences_say_none() {
	compare_log pass 1 >base.log
	cp base.log patched.log
	assert_match "$("$COMPARE_SH" diff base.log patched.log)" '^  none$'
}

test_result_in_one_run_only_fails() {
	compare_log pass 1 >base.log
	compare_log pass >patched.log
	local out rc=0
	out=$("$COMPARE_SH" diff base.log patched.log) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^  t@c +pass -> none$'
	assert_match "$out" '^FAIL compare@results'
	out=$("$COMPARE_SH" diff patched.log base.log) || rc=$?
	assert_match "$out" '^  t@c +none -> pass$'
}
