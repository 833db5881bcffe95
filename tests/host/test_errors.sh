# shellcheck shell=bash
# Bad input gets a one-line error that says what to do, and a non-zero exit.

# last_line_of_failure CMD... -- run CMD, expect failure, print its last line.
last_line_of_failure() {
	local out rc=0
	out=$("$@" 2>&1) || rc=$?
	[ "$rc" != 0 ] || fail "expected failure: $*"
	tail -n1 <<<"$out"
}

test_unknown_board() {
	local line
	line=$(last_line_of_failure make -s -C "$TOP" BOARD=nosuchboard build)
	assert_match "$line" "unknown BOARD 'nosuchboard'; choose one of: arm64 multi_v7 qemu-nuri qemu-vexpress qemu-virt rpi x86_64"
	line=$(last_line_of_failure "$TOP/scripts/build-kernel.sh" nosuchboard)
	assert_match "$line" "unknown BOARD 'nosuchboard'; choose one of"
}

test_missing_tool() {
	local line
	line=$(last_line_of_failure bash -c ". '$TOP/scripts/lib.sh'; need sh no-such-tool-xyz")
	assert_match "$line" "'no-such-tool-xyz' not found; run 'make deps'"
}

# stub_debfetch VERSION... -- a debfetch.sh that knows only these versions.
# shellcheck disable=SC2016 # the stub expands $1 itself
stub_debfetch() {
	printf '#!/bin/sh\n[ "$1" = versions ] && printf "%%s\\n" %s\n' "$*" >debfetch
	chmod +x debfetch
}

test_pinned_version_available() {
	stub_debfetch 7.2.14-1 7.2.13-1
	assert_eq "$(DEBFETCH=./debfetch PIN_VERSION=7.2.13-1 "$TOP/scripts/fetch-base.sh" --resolve 2>/dev/null)" 7.2.13-1
}

test_pinned_version_gone_takes_newest_loudly() {
	stub_debfetch 7.2.15-1 7.2.14-2 7.3.1-1
	local out
	out=$(DEBFETCH=./debfetch PIN_VERSION=7.2.13-1 "$TOP/scripts/fetch-base.sh" --resolve 2>err)
	assert_eq "$out" 7.2.15-1
	assert_match "$(cat err)" 'WARNING: pinned linux-source-7.2 7.2.13-1 is no longer in the archive'
}

test_no_series_left_says_how_to_rebase() {
	stub_debfetch 7.3.1-1
	local line
	line=$(last_line_of_failure env DEBFETCH=./debfetch "$TOP/scripts/fetch-base.sh" --resolve)
	assert_match "$line" 'no linux-source-7.2 \(7.2.x\).*rebase: set PACKAGE/SERIES in kernel.pin to an available linux-source, record its VERSION in deps.lock \(scripts/deps-lock.sh set kernel SUITE PACKAGE=VERSION\)'
}

test_qemu_refuses_compile_only_board() {
	local line
	line=$(last_line_of_failure "$TOP/scripts/run-qemu.sh" arm64 test)
	assert_match "$line" 'cannot be booted in QEMU here'
}
