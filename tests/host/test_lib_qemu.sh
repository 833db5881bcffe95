# shellcheck shell=bash
# scripts/lib-qemu.sh, the one "boot QEMU until a marker or a count" wait,
# and scripts/run-qemu.sh on it with a fake QEMU.

# shellcheck source=scripts/lib-qemu.sh
. "$TOP/scripts/lib-qemu.sh"

# writer LOG LINE... -- a stand-in for QEMU: appends a line a second to
# LOG, then stays up 30 s (exec: killing $! kills it).
writer() {
	local log=$1
	shift
	( for l in "$@"; do sleep 1; printf '%s\r\n' "$l" >>"$log"; done; exec sleep 30 ) &
}

test_qemu_until_a_marker() {
	writer log boot "$PROTO_INIT (x)"
	local pid=$! start=$SECONDS
	qemu_until log "$pid" 20 "$PROTO_INIT" || fail "the marker was not seen"
	[ $((SECONDS - start)) -lt 10 ] || fail "waited past the marker"
	kill "$pid"
}

test_qemu_until_a_count() {
	writer log "$PROTO_RESULT a: pass (0 s)" x "$PROTO_RESULT b: pass (0 s)" "$PROTO_RESULT c: pass (0 s)"
	local pid=$!
	qemu_until log "$pid" 20 "$PROTO_RESULT" 3 || fail "three results not seen"
	assert_eq "$(log_count log "$PROTO_RESULT")" 3
	kill "$pid"
}

test_qemu_until_fails_on_timeout_and_on_exit() {
	writer log boot
	local pid=$! start=$SECONDS
	if qemu_until log "$pid" 3 "$PROTO_INIT"; then fail "passed without the marker"; fi
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	start=$SECONDS
	if qemu_until log "$pid" 20 "$PROTO_INIT"; then fail "passed after QEMU exited without the marker"; fi
	[ $((SECONDS - start)) -lt 5 ] || fail "waited for a QEMU that had exited"
	assert_eq "$(log_count no-such.log x)" 0
}

# fake_qemu MODE -- qemu-system-arm in ./bin: "ok" prints init's two
# markers on its -serial file and exits, "dies" exits at once, "hangs" never
# reaches init.
fake_qemu() {
	mkdir -p bin k
	: >k/zImage
	: >rootfs.cpio.gz
	cat >bin/qemu-system-arm <<-EOF2
	#!/bin/bash
	while [ \$# -gt 0 ]; do [ "\$1" != -serial ] || log=\${2#file:}; shift; done
	case $1 in
	ok) printf '%s (7.2.13)\r\n' '$PROTO_INIT' >>"\$log"; sleep 1; printf '%s (exit 0)\r\n' '$PROTO_FINISHED' >>"\$log" ;;
	dies) printf 'Kernel panic\r\n' >>"\$log" ;;
	hangs) exec sleep 30 ;;
	esac
	EOF2
	chmod +x bin/qemu-system-arm
}

# run_qemu -- run-qemu.sh qemu-vexpress test on the fake QEMU.
run_qemu() {
	PATH=$PWD/bin:$PATH KERNEL_DIR=$PWD/k ROOTFS=$PWD/rootfs.cpio.gz LOG=$PWD/boot.log \
		BOOT_TIMEOUT=3 TEST_TIMEOUT=10 "$TOP/scripts/run-qemu.sh" qemu-vexpress test 2>&1
}

test_run_qemu_waits_for_init_then_the_end_of_the_tests() {
	fake_qemu ok
	local out
	out=$(run_qemu) || fail "run-qemu.sh failed: $out"
	assert_match "$out" 'init reached after [0-9]+ s; running tests'
	assert_match "$out" 'guest done in [0-9]+ s'
	assert_match "$(cat boot.log)" "$PROTO_FINISHED"
}

test_run_qemu_fails_when_init_is_not_reached() {
	local m out rc
	for m in dies hangs; do
		fake_qemu "$m"
		rc=0
		out=$(run_qemu) || rc=$?
		assert_eq "$rc" 1 "$m"
		assert_match "$out" 'the guest did not reach init within 3s'
	done
}
