# shellcheck shell=bash
# igt-tests/Makefile: `make qemu TESTS=regex` must still build every test
# program (make hands TESTS down to the sub-make, where a command-line
# variable overrides the Makefile's own assignment).

test_tests_variable_does_not_shrink_the_build() {
	local all some
	all=$(make -s -C "$TOP/igt-tests" list SYSROOT=/)
	some=$(make -s -C "$TOP/igt-tests" list SYSROOT=/ TESTS='create-clear')
	assert_match "$all" 'nomap_kms_smoke'
	assert_eq "$some" "$all" "TESTS= on the command line"
}
