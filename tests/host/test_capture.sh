# shellcheck shell=bash
# The screen-capture proof: the pixel checker and the verdict bookkeeping.

capture_tool() {
	build_capture_check "$PWD/capture_check"
}

test_pattern_capture_passes() {
	capture_tool
	./capture_check generate 1024 768 0xc0ffee good.ppm
	assert_match "$(./capture_check check good.ppm 0xc0ffee)" '0 of 786432 pixels differ'
}

test_wrong_pattern_fails() {
	capture_tool
	./capture_check generate 1024 768 0xc0ffef wrong.ppm
	local out rc=0
	out=$(./capture_check check wrong.ppm 0xc0ffee) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^pixel 0,0: got'
}

test_one_bad_pixel_fails() {
	capture_tool
	./capture_check generate 64 48 0x1 img.ppm
	# Flip one byte in the last pixel.
	printf '\x01' | dd of=img.ppm bs=1 seek=$(($(stat -c %s img.ppm) - 1)) conv=notrunc 2>/dev/null
	assert_fails ./capture_check check img.ppm 0x1
	assert_match "$(./capture_check check img.ppm 0x1 || true)" '1 of 3072 pixels differ'
}

test_bad_input_is_a_clear_error() {
	capture_tool
	printf 'P3\n1 1\n255\n0 0 0\n' >ascii.ppm
	head -c 20 /dev/zero >short.ppm
	local rc=0
	./capture_check check ascii.ppm 0 2>err || rc=$?
	assert_eq "$rc" 2
	assert_match "$(cat err)" 'not a binary PPM'
	rc=0
	./capture_check check missing.ppm 0 2>err || rc=$?
	assert_eq "$rc" 2
	assert_match "$(cat err)" 'No such file'
}

# Screens that are no pattern (the panic screen) are judged against a
# reference picture: the same picture passes, one pixel off or another size
# fails, bad input is a clear error.
test_reference_compare() {
	capture_tool
	./capture_check generate 64 48 0x7 ref.ppm
	cp ref.ppm shot.ppm
	assert_match "$(./capture_check compare shot.ppm ref.ppm)" '0 of 3072 pixels differ'
	printf '\x01' | dd of=shot.ppm bs=1 seek=$(($(stat -c %s shot.ppm) - 1)) conv=notrunc 2>/dev/null
	assert_fails ./capture_check compare shot.ppm ref.ppm
	assert_match "$(./capture_check compare shot.ppm ref.ppm || true)" '1 of 3072 pixels differ'
	./capture_check generate 32 48 0x7 small.ppm
	assert_fails ./capture_check compare small.ppm ref.ppm
	head -c 40 ref.ppm >short.ppm
	local rc=0
	./capture_check compare ref.ppm short.ppm 2>err || rc=$?
	assert_eq "$rc" 2
	assert_match "$(cat err)" 'short.ppm: truncated pixel data'
}

# capture.sh judges a ref: request against the committed picture, which
# pnmtopng stored as a bilevel PNG; a missing picture says what to do.
test_reference_picture_verdict() {
	pngtopnm "$TOP/igt-tests/references/panic-screen.png" | ppmtoppm >shot.ppm
	assert_match "$("$TOP/scripts/capture.sh" judge shot.ppm 0x0 ref:panic-screen)" \
		' 0 of 786432 pixels differ$'
	printf '\x01' | dd of=shot.ppm bs=1 seek=$(($(stat -c %s shot.ppm) - 1)) conv=notrunc 2>/dev/null
	assert_match "$("$TOP/scripts/capture.sh" judge shot.ppm 0x0 ref:panic-screen || true)" \
		' 1 of 786432 pixels differ$'
	assert_fails "$TOP/scripts/capture.sh" judge shot.ppm 0x0 ref:panic-screen
	assert_match "$("$TOP/scripts/capture.sh" judge shot.ppm 0x0 ref:no-such || true)" \
		'^no reference picture igt-tests/references/no-such.png; if shot.png shows'
	assert_fails "$TOP/scripts/capture.sh" judge shot.ppm 0x0 ref:no-such
	assert_eq "$(ls)" shot.ppm
}

capture_log() {
	printf 'capture-request: nomap_kms_capture@x 0x1 xrgb8888\r\nigt-result: nomap_kms_capture@x: pass (6 s)\r\nigt-done: 1 subtests\r\n'
}

test_request_without_screendump_fails() {
	capture_log >log
	: >captures.txt
	assert_match "$("$TOP/scripts/results.sh" -c captures.txt log || true)" \
		'FAIL capture@nomap_kms_capture@x \(no screendump verdict for this run\)'
	echo 'PASS capture@nomap_kms_capture@x (0 of 1 pixels differ)' >captures.txt
	assert_match "$("$TOP/scripts/results.sh" -c captures.txt log)" 'PASS capture@nomap_kms_capture@x'
}

# The request line was lost on the console: the subtest that passed in the
# guest still needs the host's verdict.
test_passed_capture_subtest_without_request_fails() {
	capture_log | grep -v capture-request >log
	: >captures.txt
	assert_match "$("$TOP/scripts/results.sh" -c captures.txt log || true)" \
		'FAIL capture@nomap_kms_capture@x \(no screendump verdict'
}

test_missing_captures_file_fails() {
	capture_log >log
	assert_match "$("$TOP/scripts/results.sh" -c nodir/results.txt log || true)" \
		'FAIL capture@host \(no nodir/results.txt: scripts/capture.sh did not run\)'
}

test_failing_capture_tool_fails_the_run() {
	capture_log >log
	echo 'FAIL capture@host (scripts/capture.sh exited 1; see boot-captures/capture.log)' >captures.txt
	assert_fails "$TOP/scripts/results.sh" -c captures.txt log
}

# capture.sh cannot build its checker: the verdicts of the previous run are
# gone, and the run fails.
test_stale_capture_verdicts_do_not_count() {
	mkdir -p fakebin caps
	printf '#!/bin/sh\nexit 1\n' >fakebin/gcc
	chmod +x fakebin/gcc
	echo 'PASS capture@nomap_kms_capture@x (0 of 1 pixels differ)' >caps/results.txt
	capture_log >log
	local rc=0
	PATH=$PWD/fakebin:$PATH "$TOP/scripts/capture.sh" log qmp caps 999999 2>/dev/null || rc=$?
	[ "$rc" != 0 ] || fail "capture.sh succeeded without its checker"
	assert_eq "$(cat caps/results.txt)" ""
	assert_match "$("$TOP/scripts/results.sh" -c caps/results.txt log || true)" \
		'FAIL capture@nomap_kms_capture@x \(no screendump verdict for this run\)'
}
