#!/usr/bin/env bash
# run-qemu.sh BOARD test|shell -- boot the board's kernel with the test rootfs.
#   test   serial log to out/BOARD/boot.log; fails when init is not reached
#          within BOOT_TIMEOUT or the tests do not finish within TEST_TIMEOUT
#   shell  interactive console (quit: 'poweroff -f' or Ctrl-A x)
# TESTS=REGEX limits the run to matching test list entries; FUZZ_OPS and
# FUZZ_SEED size and seed nomap_dumb_fuzz (default: lib.sh's QEMU_FUZZ_OPS,
# QEMU_FUZZ_SEED).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"
# shellcheck source=scripts/lib-qemu.sh
. "$TOP/scripts/lib-qemu.sh"

BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}
# Seconds the guest keeps a pattern on screen for a host screendump.
CAPTURE_WAIT=${CAPTURE_WAIT:-6}
TEST_TIMEOUT=${TEST_TIMEOUT:-900}
ROOTFS=${ROOTFS:-$TOP/out/armhf/rootfs.cpio.gz}
KERNEL_DIR=${KERNEL_DIR:-}

# initrd_for KDIR -- the rootfs, followed by the test module built for the
# kernel in KDIR (an initramfs may be several concatenated archives).
initrd_for() {
	[ -f "$ROOTFS" ] || die "no rootfs at $ROOTFS; run 'make rootfs' first"
	[ -f "$1/kmod.cpio.gz" ] || { printf '%s\n' "$ROOTFS"; return; }
	cat "$ROOTFS" "$1/kmod.cpio.gz" >"$1/initrd.cpio.gz"
	printf '%s\n' "$1/initrd.cpio.gz"
}

# qemu_cmd MODE -- QEMU: the board's QEMU_ARGS (boards/BOARD.sh) plus the
# kernel, DTB, rootfs and command line.
qemu_cmd() {
	local mode=$1 kdir=${KERNEL_DIR:-$OUT} machine initrd
	[ -n "$QEMU_ARGS" ] ||
		die "BOARD=$BOARD cannot be booted in QEMU here; boards that boot: $(boards_where QEMU_ARGS | paste -sd' ' -)"
	[ -f "$kdir/zImage" ] || die "no kernel in $kdir; run 'make build BOARD=$BOARD' first"
	initrd=$(initrd_for "$kdir")
	read -r -a machine <<<"$QEMU_ARGS"
	QEMU=(qemu-system-arm "${machine[@]}" -m "${QEMU_MEM:-1G}"
		-kernel "$kdir/zImage" -dtb "$kdir/${DTB:-$QEMU_DTB}" -initrd "$initrd" -no-reboot
		-append "console=$CONSOLE panic=-1 log_buf_len=1M ${QEMU_APPEND:-} drmnomap.driver=$DRIVER drmnomap.xfails=$XFAILS drmnomap.fuzz_ops=${FUZZ_OPS:-$QEMU_FUZZ_OPS} drmnomap.fuzz_seed=${FUZZ_SEED:-$QEMU_FUZZ_SEED} drmnomap.mode=$mode drmnomap.capture=$CAPTURE_WAIT ${TESTS:+drmnomap.tests=$TESTS} ${APPEND:-}")
}

fail_with_tail() {
	tail -n 40 "$LOG" >&2
	die "$1; full log: $LOG"
}

# start_qemu QMP REFRESH CAPTURES -- QEMU in the background (QPID, killed on
# exit) with its serial log in LOG, the display refresher the board needs,
# capture.sh (CPID) and the "[n/N] test@subtest: result (t s)" lines.
start_qemu() {
	local qmp=$1 refresh=$2 captures=$3 extra=() line
	[ -z "$QEMU_REFRESH_HZ" ] || extra=(-qmp "unix:$refresh,server=on,wait=off")
	# shellcheck disable=SC2086 # QEMU_EXTRA is a word list
	"${QEMU[@]}" -display none -monitor none -serial "file:$LOG" \
		-qmp "unix:$qmp,server=on,wait=off" "${extra[@]}" ${QEMU_EXTRA:-} &
	QPID=$!
	trap 'kill "$QPID" 2>/dev/null || true' EXIT
	# The board's display model raises vblank only when QEMU redraws.
	[ -z "$QEMU_REFRESH_HZ" ] || "$TOP/scripts/qmp-screendump.py" --refresh "$QEMU_REFRESH_HZ" "$refresh" &
	"$TOP/scripts/capture.sh" "$LOG" "$qmp" "$captures" "$QPID" &
	CPID=$!
	tail -n +1 -F --pid="$QPID" "$LOG" 2>/dev/null | proto_progress |
		while IFS= read -r line; do log "$line"; done &
}

# stop_qemu CAPTURES -- let the guest power off (QEMU exits: -no-reboot) or
# stop it, then wait for capture.sh; its failure is a verdict in CAPTURES.
stop_qemu() {
	local crc=0 deadline=$((SECONDS + 15))
	while kill -0 "$QPID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
		sleep 1
	done
	kill "$QPID" 2>/dev/null || true
	wait "$QPID" 2>/dev/null || true   # capture.sh stops when QEMU is gone
	wait "$CPID" || crc=$?
	[ "$crc" = 0 ] || echo "FAIL capture@host (scripts/capture.sh exited $crc; its messages are above)" \
		>>"$1/results.txt"
	wait
	trap - EXIT
}

run_test() {
	LOG=${LOG:-$OUT/boot.log}
	local qmp=${LOG%.log}.qmp refresh=${LOG%.log}.refresh captures
	captures=$(captures_dir "$LOG")
	: >"$LOG"
	# Verdicts of an earlier run must not count for this one.
	rm -rf "$qmp" "$refresh" "$captures"
	mkdir -p "$captures"
	start_qemu "$qmp" "$refresh" "$captures"
	local start=$SECONDS
	qemu_until "$LOG" "$QPID" "$BOOT_TIMEOUT" "$PROTO_INIT" ||
		fail_with_tail "the guest did not reach init within ${BOOT_TIMEOUT}s"
	log "init reached after $((SECONDS - start)) s; running tests"
	qemu_until "$LOG" "$QPID" "$TEST_TIMEOUT" "$PROTO_FINISHED" ||
		fail_with_tail "the tests did not finish within ${TEST_TIMEOUT}s"
	stop_qemu "$captures"
	log "guest done in $((SECONDS - start)) s; log: ${LOG#"$TOP"/}"
}

# refuse_blinding -- quiet and loglevel= keep WARN splats and oopses off the
# serial console, the log the judge scans.
refuse_blinding() {
	if [[ " ${APPEND:-} " =~ \ (quiet|loglevel=[^ ]*)\  ]]; then
		die "APPEND has '${BASH_REMATCH[1]}', which hides kernel reports from the log the tests are judged by; drop it"
	fi
}

main() {
	[ $# = 2 ] || die "usage: $PROG BOARD test|shell"
	board_load "$1"
	[ "$2" != test ] || refuse_blinding
	need qemu-system-arm
	qemu_cmd "$2"
	case $2 in
	test) run_test ;;
	# The console is the board's first -serial after its QEMU_ARGS.
	shell) exec "${QEMU[@]}" -display none -monitor none -serial mon:stdio ;;
	*) die "unknown mode '$2'; use test or shell" ;;
	esac
}

main "$@"
