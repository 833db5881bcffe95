# shellcheck shell=bash
# scripts/check-debug.sh judge LOG: the debug run's verdict on a saved log.

# debug_log -- run.log: a clean debug run of igt-tests/debug-testlist.txt
# with its own lines (leaks, fault injection, fuzzing) and one known WARN
# of an injected vmap failure, and the host's capture verdicts.
debug_log() {
	local e n=0
	{
		echo '[    1.0] [drm] Initialized pl111 1.0.0 for 10020000.clcd on minor 0'
		while read -r e; do
			proto_result "$e" pass 1
			n=$((n + 1))
		done < <(grep -Ev '^[[:space:]]*(#.*)?$' "$TOP/igt-tests/debug-testlist.txt")
		echo 'fault-injected-failures: 1529 of 90000 operations'
		echo 'fuzz-ops: 100002'
		printf '%s\n' '[   50.0] ------------[ cut here ]------------' \
			'[   50.0] WARNING: drivers/dma-buf/dma-buf.c:1673 at dma_buf_vmap+0x5/0x6, CPU#0: t/1' \
			'[   50.0] ---[ end trace 0000000000000000 ]---'
		proto_done "$n"
		echo 'drm-nomap: kmemleak-leaks=0'
		echo "${PROTO_TAINTED}4608"
	} >run.log
	mkdir -p run-captures
	grep '^nomap_kms_capture@' "$TOP/igt-tests/debug-testlist.txt" | sed 's/^/PASS capture@/' >run-captures/results.txt
}

test_clean_debug_run_passes() {
	debug_log
	local out
	out=$("$TOP/scripts/check-debug.sh" judge run.log 2>&1)
	assert_match "$out" '\| KMS suite \| [0-9]+ passed, 0 failed, 0 skipped \|'
}

# The audit's D13: nomap_fault_inject counts every SETCRTC failure as a
# "vmap" failure, whatever allocation failed.  The proof that an injected
# failure reached the on-demand vmap is dma-buf's WARN when an exporter's
# vmap fails; a run without it does not show that path failing cleanly.
test_d13_no_failure_reached_the_on_demand_vmap() {
	debug_log
	sed -i '/cut here/d; /WARNING: /d; /end trace/d; s/tainted=4608/tainted=4096/' run.log
	local out rc=0
	out=$("$TOP/scripts/check-debug.sh" judge run.log 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'no injected failure reached the on-demand vmap'
}
