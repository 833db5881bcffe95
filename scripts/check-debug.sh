#!/usr/bin/env bash
# check-debug.sh -- the KMS suite, fault injection and 100,000 fuzz operations
# on a debug build of qemu-vexpress (configs/debug.config: KASAN, UBSAN,
# lockdep, kmemleak, DEBUG_VM, DEBUG_OBJECTS, fault injection).  Fails on
# any failing test and on any sanitizer report, lockdep splat or lockdep
# switching itself off, WARN, BUG, kmemleak leak or taint, and prints a
# table of the counts (zeros included) to out/debug/results.md; a clean
# run proposes it for RESULTS.md (out/record/check-debug.md, make record).
# FUZZ_OPS and FAULT_ITERATIONS shorten the run (then lower MIN_FUZZ,
# default 100000, and MIN_FAULTS, default 1000).
#   check-debug.sh judge LOG   only judge the serial log of a debug run
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"
board_load qemu-vexpress

OUT_DEBUG=$TOP/out/debug/qemu-vexpress
LOG=$OUT_DEBUG/boot.log

build() {
	FRAGMENTS_EXTRA=configs/debug.config BUILD_ROOT=$TOP/build/debug OUT_ROOT=$TOP/out/debug \
		"$TOP/scripts/build-kernel.sh" qemu-vexpress
}

boot() {
	LOG=$LOG KERNEL_DIR=$OUT_DEBUG FUZZ_OPS=${FUZZ_OPS:-100000} BOOT_TIMEOUT=600 \
		TEST_TIMEOUT=${TEST_TIMEOUT:-2400} \
		APPEND="drmnomap.list=debug-testlist.txt drmnomap.noreboot=1 ${FAULT_ITERATIONS:+drmnomap.fault_iterations=$FAULT_ITERATIONS} ${APPEND:-}" \
		"$TOP/scripts/run-qemu.sh" qemu-vexpress test
}

# WARN_ON_ONCE()s outside the series that fire on injected allocation
# failures: dma-buf warns whenever an exporter's vmap fails (the on-demand
# mapping returns -ENOMEM when vmap() does), and vmalloc warns when both of
# its vmap_area allocations fail. Counted apart; any other WARN fails the run.
# dma-buf's is also the proof that an injected failure reached the on-demand
# vmap (vkms vmaps our buffer through dma_buf_vmap() to show it): the
# fault_inject test's SETCRTC failures may all be atomic-state allocations.
VMAP_WARN='drivers/dma-buf/dma-buf\.c:[0-9]+ at dma_buf_vmap'
KNOWN_WARNS="($VMAP_WARN|mm/vmalloc\.c:[0-9]+ at alloc_vmap_area)"
SUITE=$OUT_DEBUG/suite.txt

# count REGEX -- matching lines in the serial log.
count() {
	tr -d '\r' <"$LOG" | grep -cE "$1" || true
}

# value MARKER -- the number of the run's last MARKER line (PROTO_*).
value() {
	proto_value "$LOG" "$1"
}

# warns -- WARN splats other than the known ones.
warns() {
	echo $(($(count 'cut here') - $(count "WARNING: .*$KNOWN_WARNS")))
}

# The kernel's taint mask, less TAINT_OOT_MODULE (4096: the guest's own test
# module, igt-tests/kmod) and less TAINT_WARN (512) if every WARN was a
# known one.
taint() {
	local t
	t=$(value "$PROTO_TAINTED")
	[ -z "$t" ] || t=$((t & ~4096))
	if [ -n "$t" ] && [ "$(warns)" = 0 ]; then
		t=$((t & ~512))
	fi
	echo "$t"
}

table() {
	cat <<-TABLE
	| debug run (qemu-vexpress + configs/debug.config) | count |
	|---|---|
	| KMS suite | $(tail -n1 "$SUITE") |
	| KASAN reports | $(count 'BUG: KASAN') |
	| UBSAN reports | $(count 'UBSAN:') |
	| lockdep splats | $(count 'WARNING: (possible circular|inconsistent lock|possible recursive|suspicious RCU)|BUG: (sleeping function|scheduling while atomic)') |
	| "lockdep turned itself off" / debug_locks off | $(count 'turning off the locking correctness validator|debug_locks_off|lockdep is turned off') |
	| WARN | $(warns) |
	| known core WARN_ON_ONCE on injected failures (dma_buf_vmap, alloc_vmap_area) | $(count "WARNING: .*$KNOWN_WARNS") |
	| BUG / Oops | $(count 'BUG:|Oops|Kernel panic') |
	| kmemleak leaks (after the suite) | $(value "$PROTO_KMEMLEAK") |
	| taint (W from the known WARNs only, O from our test module: 0) | $(taint) |
	| fault injection: failures that reached dumb/PRIME/SETCRTC | $(value "$PROTO_FAULTS") |
	| injected failures that reached the on-demand vmap (dma_buf_vmap WARN, once per boot) | $(count "WARNING: .*$VMAP_WARN") |
	| fuzz operations | $(value "$PROTO_FUZZ_OPS") |
	TABLE
}

# verdict -- the debug run's own facts; the KMS suite, the kernel log
# (KASAN, UBSAN, lockdep and other splats, BUG, WARN: PROTO_KERNEL_BAD) and
# the taint are the judge's (judge_guest, suite.txt).
verdict() {
	local bad=0
	[ "$(value "$PROTO_KMEMLEAK")" = 0 ] || { warn "kmemleak leaks, or no kmemleak report"; bad=1; }
	[ "$(count 'turning off the locking correctness validator|debug_locks_off')" = 0 ] ||
		{ warn "lockdep turned itself off"; bad=1; }
	[ "$(value "$PROTO_FAULTS")" -ge "${MIN_FAULTS:-1000}" ] 2>/dev/null ||
		{ warn "fewer injected failures than ${MIN_FAULTS:-1000}"; bad=1; }
	[ "$(count "WARNING: .*$VMAP_WARN")" -ge 1 ] ||
		{ warn "no injected failure reached the on-demand vmap (no dma_buf_vmap WARN); raise FAULT_ITERATIONS"; bad=1; }
	[ "$(value "$PROTO_FUZZ_OPS")" -ge "${MIN_FUZZ:-100000}" ] 2>/dev/null || { warn "fewer fuzz operations than ${MIN_FUZZ:-100000}"; bad=1; }
	return "$bad"
}

# judge_debug -- the table of the run in LOG; fails when the judge's
# verdict on the suite (SUITE) or the run's own facts fail.
judge_debug() {
	judge_guest "$LOG" debug-testlist.txt -w "$KNOWN_WARNS" >"$SUITE" || true
	table
	grep -v '^PASS' "$SUITE" >&2 || true
	verdict && tail -n1 "$SUITE" | grep -q ' 0 failed'
}

main() {
	if [ "${1:-}" = judge ]; then
		if [ $# != 2 ] || [ ! -r "$2" ]; then die "usage: $PROG judge LOG (the serial log of a debug run)"; fi
		LOG=$2 SUITE=$(mktemp)
		judge_debug || die "the debug run found problems (table and reasons above, log: $LOG)"
		return
	fi
	mkdir -p "$OUT_DEBUG"
	timed "building the debug kernel" build
	timed "building the rootfs" "$TOP/scripts/mkrootfs.sh"
	timed "debug run" boot || true
	local rc=0
	judge_debug | tee "$TOP/out/debug/results.md" || rc=$?
	judged_page "$LOG" "$OUT_DEBUG" "$SUITE"
	[ "$rc" = 0 ] || die "the debug run found problems (table and reasons above, log: ${LOG#"$TOP"/})"
	propose_results check-debug "$TOP/out/debug/results.md"
	log "debug run clean"
}

main "$@"
