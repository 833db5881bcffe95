# shellcheck shell=bash
# lava/: the job templates render into jobs LAVA's schema accepts, and
# lava-results.sh reports what scripts/results.sh would judge.

lava_jobs() {
	LAVA_URL=https://lab.example/drm-nomap LAVA_OUT=$PWD/jobs "$TOP/scripts/lava-jobs.sh" "$@" 2>&1
}

test_lava_jobs_render_and_pass_the_schema() {
	local out
	out=$(lava_jobs)
	assert_match "$out" 'PASS lava@bcm2836-rpi-2-b.yaml'
	assert_match "$out" 'PASS lava@bcm2837-rpi-3-b-32.yaml'
	assert_match "$out" 'PASS lava@qemu-vexpress.yaml'
	! grep -n '@[A-Z_]*@' jobs/*.yaml || fail "placeholders left in the jobs"
}

test_lava_jobs_carry_the_board_facts() {
	lava_jobs >/dev/null
	grep -q '^device_type: bcm2836-rpi-2-b$' jobs/bcm2836-rpi-2-b.yaml || fail "Pi 2 device type"
	grep -q 'url: https://lab.example/drm-nomap/rpi/bcm2836-rpi-2-b.dtb$' jobs/bcm2836-rpi-2-b.yaml || fail "Pi 2 DTB"
	grep -q 'url: https://lab.example/drm-nomap/rpi/bcm2837-rpi-3-b.dtb$' jobs/bcm2837-rpi-3-b-32.yaml || fail "Pi 3 DTB"
	grep -q '^  console_device: ttyS1$' jobs/bcm2837-rpi-3-b-32.yaml || fail "Pi 3 console"
	grep -q 'drmnomap.xfails=vc4-rpi3 video=HDMI-A-1:1920x1080@60e"$' jobs/bcm2837-rpi-3-b-32.yaml || fail "Pi kernel args"
	grep -q 'url: https://lab.example/drm-nomap/armhf/rootfs.cpio.gz$' jobs/qemu-vexpress.yaml || fail "initramfs URL"
	grep -q '^  machine: vexpress-a9$' jobs/qemu-vexpress.yaml || fail "qemu machine"
	grep -qx "    - '-global pl041.audiodev=n'" jobs/qemu-vexpress.yaml || fail "qemu options from QEMU_ARGS"
	grep -q '^          - lava_kms pl111-vexpress pl111 /tmp/lava-skips.txt$' jobs/qemu-vexpress.yaml || fail "qemu expectations"
}

test_lava_schema_rejects_a_bad_job() {
	lava_jobs >/dev/null
	sed '/^visibility:/d' jobs/qemu-vexpress.yaml >jobs/bad.yaml
	local out rc=0
	out=$(lava_jobs validate jobs/bad.yaml) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "FAIL lava@bad.yaml: required key not provided .*visibility"
}

test_lava_jobs_needs_a_url() {
	local out
	out=$(LAVA_URL='' "$TOP/scripts/lava-jobs.sh" 2>&1 || true)
	assert_match "$out" "no LAVA_URL; publish out/ somewhere the lab can fetch and run 'make lava-jobs LAVA_URL="
}

# fake_lava_tools -- lava-test-case and dmesg fakes; cases go to ./cases.
fake_lava_tools() {
	mkdir -p bin
	printf '#!/bin/sh\necho "$*" >>"%s/cases"\n' "$PWD" >bin/lava-test-case
	printf '#!/bin/sh\ncat "%s/dmesg"\n' "$PWD" >bin/dmesg
	chmod +x bin/*
	: >cases
}

# The verdicts of results.sh's subtests() for the same lines, as cases.
test_lava_results_judge_like_results_sh() {
	fake_lava_tools
	cat >results.txt <<-'EOF'
	raw output of a test
	igt-result: kms_smoke@scanout-pattern: pass (3 s)
	igt-result: dumb_buffer@create-clear: fail (1 s) [xfail]
	igt-result: prime@vmap: crash (2 s) [flake]
	igt-result: kms_scanout@rmfb-active: pass (1 s) [unexpected-pass]
	igt-result: security@flags-never-map: timeout (120 s) [expected-fail]
	igt-result: kms_capture@pattern: skip (0 s) [listed in skips]
	igt-result: fault_inject@dumb: fail (4 s)
	EOF
	PROTOCOL=$TOP/igt-tests/protocol.sh PATH=$PWD/bin:$PATH sh -c '. "$1"; lava_subtests results.txt' sh "$TOP/lava/lava-results.sh"
	assert_eq "$(cat cases)" "$(printf '%s\n' \
		'kms_smoke.scanout-pattern --result pass --measurement 3 --units seconds' \
		'dumb_buffer.create-clear --result pass --measurement 1 --units seconds' \
		'prime.vmap --result pass --measurement 2 --units seconds' \
		'kms_scanout.rmfb-active --result fail --measurement 1 --units seconds' \
		'security.flags-never-map --result fail --measurement 120 --units seconds' \
		'kms_capture.pattern --result skip --measurement 0 --units seconds' \
		'fault_inject.dumb --result fail --measurement 4 --units seconds')"
	# The same lines through results.sh, judged by expectation files that say
	# what the guest's verdicts claim: the same PASS/FAIL/SKIP per name.
	mkdir -p x
	printf '%s\n' dumb_buffer@create-clear,Fail kms_scanout@rmfb-active,Fail security@flags-never-map,Fail >x/l-fails.txt
	echo prime@vmap >x/l-flakes.txt
	echo kms_capture@pattern >x/l-skips.txt
	local ours lava
	ours=$(sed -n 's/^.*igt-result: \([^:]*\):.*/\1/p' results.txt | while read -r n; do
		"$TOP/scripts/results.sh" -x x/l <(grep "igt-result: $n:" results.txt; echo 'igt-done: 1 subtests') 2>/dev/null |
			awk -v n="$n" '$2 == n { print tolower($1) }' || true
	done)
	lava=$(awk '{ print $3 }' cases)
	assert_eq "$lava" "$ours" "LAVA results vs results.sh"
}

# guest_stub -- a rootfs stand-in in ./guest: pl111-vexpress's expectation
# files and a run-board.sh that records the name it was given.
guest_stub() {
	mkdir -p guest/xfails
	cp "$TOP"/igt-tests/xfails/pl111-vexpress-*.txt guest/xfails/
	cat >guest/run-board.sh <<-'EOF'
	#!/bin/sh
	echo "$1" >"${0%/*}/board-name"
	mkdir -p "$2"
	echo "igt-result: a@b: pass (1 s)" | tee "$2/results.txt"
	echo "igt-done: 1 subtests" | tee -a "$2/results.txt"
	EOF
	chmod +x guest/run-board.sh
	echo a@b >guest/testlist.txt
	printf '# why\nnomap_kms_capture@.*\n' >lava-skips.txt
}

lava_kms_stub() {
	LAVA_GUEST=$PWD/guest PROTOCOL=$TOP/igt-tests/protocol.sh PATH=$PWD/bin:$PATH \
		sh -c '. "$1"; lava_kms pl111-vexpress pl111 lava-skips.txt' sh "$TOP/lava/lava-results.sh"
}

test_lava_kms_adds_the_log_checks() {
	fake_lava_tools
	guest_stub
	printf 'pl111 Initialized pl111 1.0.0 for 10020000.clcd\n' >dmesg
	lava_kms_stub >/dev/null
	assert_eq "$(awk '{ print $1, $3 }' cases)" "$(printf '%s\n' 'a.b pass' 'runner-finished pass' 'kernel-log pass' 'driver-bound pass')"
	: >cases
	printf 'WARNING: CPU: 0 PID: 1 at drivers/gpu/drm/drm_gem.c:1 x\n' >dmesg
	lava_kms_stub >/dev/null
	assert_eq "$(awk '{ print $1, $3 }' cases | tail -n2)" "$(printf '%s\n' 'kernel-log fail' 'driver-bound fail')"
}

# The LAVA run's expectations: the board's files, its skips plus the LAVA
# skips, under BOARD-lava (drm-ci files, so run-tests.sh reads them as ever).
test_lava_kms_adds_the_lava_skips_to_the_boards() {
	fake_lava_tools
	guest_stub
	: >dmesg
	lava_kms_stub >/dev/null
	assert_eq "$(cat guest/board-name)" pl111-vexpress-lava
	local kind
	for kind in fails flakes; do
		cmp -s guest/xfails/pl111-vexpress-$kind.txt guest/xfails/pl111-vexpress-lava-$kind.txt ||
			fail "pl111-vexpress-lava-$kind.txt is not the board's"
	done
	assert_eq "$(cat guest/xfails/pl111-vexpress-lava-skips.txt)" \
		"$(cat "$TOP/igt-tests/xfails/pl111-vexpress-skips.txt"; echo; cat lava-skips.txt)"
	# A missing board file is a failing case, not a run without expectations.
	rm guest/xfails/pl111-vexpress-flakes.txt
	: >cases
	lava_kms_stub >/dev/null 2>&1 || true
	assert_eq "$(cat cases)" "expectations --result fail"
}

# Both jobs write lava/skips.txt to the device and pass it to lava_kms; the
# qemu job ships the kernel's test module as a tar overlay.
test_lava_jobs_carry_the_lava_skips_and_the_module() {
	lava_jobs >/dev/null
	local job
	for job in jobs/*.yaml; do
		grep -q '^          - lava_kms [a-z0-9-]* [a-z0-9]* /tmp/lava-skips.txt$' "$job" || fail "$job: lava_kms without the LAVA skips"
		assert_eq "$(sed -n "/cat >\/tmp\/lava-skips.txt <<'EOF'$/,/^            EOF$/p" "$job" | sed '1d;$d;s/^            //')" \
			"$(cat "$TOP/lava/skips.txt")" "$job: lava/skips.txt step"
	done
	grep -q '^            url: https://lab.example/drm-nomap/qemu-vexpress/kmod.tar.gz$' jobs/qemu-vexpress.yaml ||
		fail "qemu job without the test module overlay"
	grep -q '^            format: tar$' jobs/qemu-vexpress.yaml || fail "module overlay format"
}

# The qemu job's guest runs what run-qemu.sh's does: driver, fuzz size and seed.
test_lava_qemu_job_has_run_qemu_s_guest_arguments() {
	lava_jobs >/dev/null
	grep -q "drmnomap.driver=pl111 drmnomap.fuzz_ops=$QEMU_FUZZ_OPS drmnomap.fuzz_seed=$QEMU_FUZZ_SEED drmnomap.mode=shell\"\$" jobs/qemu-vexpress.yaml ||
		fail "the qemu job's -append lacks run-qemu.sh's driver/fuzz arguments"
	# shellcheck disable=SC2016 # run-qemu.sh's text
	grep -q 'drmnomap.fuzz_ops=${FUZZ_OPS:-$QEMU_FUZZ_OPS} drmnomap.fuzz_seed=${FUZZ_SEED:-$QEMU_FUZZ_SEED}' "$TOP/scripts/run-qemu.sh" ||
		fail "run-qemu.sh does not take lib.sh's fuzz defaults"
}

# The LAVA jobs scan the kernel log with the protocol's regex, the judge's.
test_lava_kernel_bad_is_the_protocol_s() {
	# shellcheck disable=SC2016 # the text of lava-results.sh
	grep -q 'grep -Eq "$PROTO_KERNEL_BAD"' "$TOP/lava/lava-results.sh" || fail "lava-results.sh does not use PROTO_KERNEL_BAD"
	if grep -rn 'KERNEL_BAD=' "$TOP/scripts" "$TOP/lava" "$TOP/rootfs"; then fail "a second KERNEL_BAD"; fi
}

# boot.cmd picks the serial console per DTB; the LAVA jobs must agree.
test_lava_consoles_agree_with_boot_cmd() {
	# shellcheck source=scripts/board.sh
	. "$TOP/scripts/board.sh"
	board_load rpi
	local dev type dtb tty
	for dev in $LAVA_DEVICES; do
		IFS=: read -r type dtb tty <<<"$dev"
		if grep -q "test \"\${fdtfile}\" = $dtb" "$TOP/boot/rpi/boot.cmd"; then
			assert_eq "$tty" ttyS1 "$type"
		else
			assert_eq "$tty" ttyAMA0 "$type"
		fi
	done
}

# The audit's H6 (L1): the runner dropped t@b (its log could not be
# written) and still printed igt-done: 3; LAVA reported t.a and t.c pass
# and runner-finished pass.  Each entry of the list the job ran needs a
# result, and igt-done must count the results.
test_h6_lava_fails_an_entry_without_a_result() {
	fake_lava_tools
	printf 't@a\nt@b\nt@c\n' >list
	printf '%s\n' 'igt-result: t@a: pass (0 s)' 'igt-result: t@c: pass (0 s)' 'igt-done: 3 subtests' >results.txt
	PROTOCOL=$TOP/igt-tests/protocol.sh PATH=$PWD/bin:$PATH \
		sh -c '. "$1"; lava_subtests results.txt; lava_complete list results.txt' sh "$TOP/lava/lava-results.sh"
	assert_eq "$(awk '{ print $1, $3 }' cases)" "$(printf '%s\n' 't.a pass' 't.c pass' 't.b fail' 'runner-finished fail')"
}
