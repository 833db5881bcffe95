# shellcheck shell=bash
# The audit's reproductions (v5-test-audit.md, H1-H12): each input made a
# verdict pass although what it checks was broken.  The judge
# (scripts/judge, through results.sh and judge_guest) must fail every one.

# audit_log -- good.log: a clean QEMU serial log of every entry of
# igt-tests/testlist.txt, and caps.txt, the host's capture verdicts.
audit_log() {
	local e n=0 f
	{
		echo '[    1.234567] [drm] Initialized pl111 1.0.0 for 10020000.clcd on minor 0'
		echo "$PROTO_INIT (7.2.13-drm-nomap)"
		while read -r e; do
			case $e in nomap_kms_capture@*) echo "$PROTO_CAPTURE $e 1 XR24" ;; esac
			proto_result "$e" pass 1
			n=$((n + 1))
		done < <(grep -Ev '^[[:space:]]*(#.*)?$' "$TOP/igt-tests/testlist.txt")
		proto_done "$n"
		for f in $PROTO_FILES; do printf -- '--- %s ---\nx\n--- end %s ---\n' "$f" "$f"; done
		echo "${PROTO_TAINTED}4096"
		echo "$PROTO_FINISHED (exit 0)"
	} >good.log
	mkdir -p good-captures
	grep '^nomap_kms_capture@' "$TOP/igt-tests/testlist.txt" | sed 's/^/PASS capture@/' >good-captures/results.txt
}

# judged LOG [OPTION]... -- judge_guest on a qemu-vexpress run of the list.
judged() {
	local log=$1
	shift
	if [ "$log" != good.log ]; then
		rm -rf "${log%.log}-captures"
		cp -r good-captures "${log%.log}-captures"
	fi
	# shellcheck disable=SC2016 # expanded by the inner bash
	TESTS=${TESTS:-} bash -c '. "$1/scripts/lib.sh"; . "$1/scripts/board.sh"; board_load qemu-vexpress
		shift; judge_guest "$@"' _ "$TOP" "$log" testlist.txt "$@"
}

test_audit_good_log_passes() {
	audit_log
	local out
	out=$(judged good.log)
	assert_match "$(tail -n1 <<<"$out")" ' 0 failed, 0 skipped$'
}

# H1: a retry whose result differs is a flake only when one of them passed;
# fail then crash, skip then fail, timeout then fail are failures.
test_h1_two_bad_results_are_not_a_flake() {
	audit_log
	sed -e 's/^\(igt-result: nomap_prime@vmap-by-importer\): pass (1 s)$/\1: fail (1 s) [flake, retry: crash]/' \
		-e 's/^\(igt-result: nomap_security@flags-never-map\): pass (1 s)$/\1: skip (0 s) [flake, retry: fail]/' \
		-e 's/^\(igt-result: nomap_dumb_buffer@create-clear\): pass (1 s)$/\1: timeout (2 s) [flake, retry: fail]/' \
		-e 's/^\(igt-result: nomap_kms_smoke@open-by-driver\): pass (1 s)$/\1: fail (1 s) [flake, retry: pass]/' \
		good.log >h1.log
	local out rc=0
	out=$(judged h1.log) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL nomap_prime@vmap-by-importer \(fail, retry: crash\)'
	assert_match "$out" '^FAIL nomap_security@flags-never-map \(skip, retry: fail\)'
	assert_match "$out" '^FAIL nomap_dumb_buffer@create-clear \(timeout, retry: fail\)'
	assert_match "$out" '^PASS nomap_kms_smoke@open-by-driver \(flake: fail, retry: pass\)'
}

# H1 on the guest: the runner prints a changed bad result as a retry, not
# as a flake, and the judge takes the worse one.
test_h1_runner_does_not_call_two_bad_results_a_flake() {
	mkdir bin
	# shellcheck disable=SC2016 # expanded by the fake test
	printf '#!/bin/sh\n[ -e ran ] && kill -SEGV $$\ntouch ran\nexit 98\n' >bin/t
	chmod +x bin/t
	echo t@failcrash >list
	local out
	out=$("$TOP/igt-tests/run-tests.sh" -d bin list)
	assert_match "$out" '^igt-result: t@failcrash: fail \([0-9]+ s\) \[retry: crash\]$'
	printf '%s\n' "$out" >log
	assert_match "$("$TOP/scripts/results.sh" -l list log || true)" '^FAIL t@failcrash \(fail, retry: crash\)'
}

# xfails DIR NAME -- empty expectation files DIR/NAME-*.txt.
xfails() {
	mkdir -p "$1"
	: >"$1/$2-fails.txt"
	: >"$1/$2-flakes.txt"
	: >"$1/$2-skips.txt"
}

# H2: a skips line that matches every test ('.') or the empty string (a
# trailing '|') or no test at all is an error naming the file and line.
test_h2_over_broad_skips_lines_are_errors() {
	audit_log
	xfails x b
	local out rc=0 line
	for line in '.' '.*' 'nomap_prime@import-vgem|' 'nomap_' 'nomap_no_such_test'; do
		printf '# why\n%s\n' "$line" >x/b-skips.txt
		rc=0
		out=$(judged good.log -x x/b) || rc=$?
		assert_eq "$rc" 1 "skips line '$line'"
		assert_match "$out" "^FAIL expectations@x/b-skips.txt:2: '"
	done
	printf 'nomap_prime@x,Fail\nnomap_prime@vmap-by-importer,Failed\n' >x/b-skips.txt
	: >x/b-skips.txt
	printf 'nomap_prime@x,Fail\nnomap_prime@vmap-by-importer,Failed\n' >x/b-fails.txt
	out=$(judged good.log -x x/b || true)
	assert_match "$out" "^FAIL expectations@x/b-fails.txt:1: 'nomap_prime@x' names no test of the list"
	assert_match "$out" "^FAIL expectations@x/b-fails.txt:2: .* is not test,Status"
}

# H2 end to end (the audit's S1): the guest runner skips everything with
# '.'; the judge fails the run.
test_h2_runner_with_dot_skips_fails() {
	mkdir bin
	printf '#!/bin/sh\nexit 0\n' >bin/t
	chmod +x bin/t
	printf 't@a\nt@b\n' >list
	xfails x b
	echo . >x/b-skips.txt
	"$TOP/igt-tests/run-tests.sh" -d bin -x x/b list >log
	local out rc=0
	out=$("$TOP/scripts/results.sh" -l list -x x/b log) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "^FAIL expectations@x/b-skips.txt:1: '\\.' matches every test"
}

# H3 (the audit's F1): the guest says "listed in skips" for tests that the
# board's skips file does not list (APPEND=drmnomap.xfails=vc4-rpi3).
test_h3_guest_verdicts_are_not_trusted() {
	audit_log
	sed -E 's/^(igt-result: (nomap_dumb_buffer@create-clear|nomap_security@zero-after-other-process|nomap_dma_alloc@[a-z-]+)): pass \(1 s\)$/\1: skip (0 s) [listed in skips]/' \
		good.log >f1.log
	local out rc=0
	out=$(judged f1.log) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL nomap_dumb_buffer@create-clear \(not run: the guest.s skips list it'
	assert_match "$out" '^FAIL nomap_dma_alloc@fresh-zero-highmem \(not run'
	# And a guest [xfail] is no excuse for a failure the fails file does not list.
	sed 's/^\(igt-result: nomap_prime@vmap-by-importer\): pass (1 s)$/\1: fail (1 s) [xfail]/' good.log >f2.log
	assert_match "$(judged f2.log || true)" '^FAIL nomap_prime@vmap-by-importer \(fail\)'
}

# H4 (G1, G2): a WARN taint without a WARN on the console, lost kernel
# messages.  H12 (W1): a known WARN whose end-trace line is missing does not
# hide the KASAN report and the oops after it.
test_h4_h12_kernel_log_cannot_be_blinded() {
	audit_log
	sed 's/^drm-nomap: tainted=4096$/drm-nomap: tainted=4608/' good.log >g1.log
	assert_match "$(judged g1.log || true)" '^FAIL kernel@taint \(drm-nomap: tainted=4608'
	sed 's/^\(drm-nomap: tests finished.*\)$/[   40.1] ** 37 printk messages dropped **\n\1/' good.log >g2.log
	assert_match "$(judged g2.log || true)" '^FAIL kernel@no-oops-bug-warn \(1 lines, first: .*messages dropped'
	{ cat good.log
	  printf '%s\n' '[   41.0] ------------[ cut here ]------------' \
		'[   41.0] WARNING: ../drivers/dma-buf/dma-buf.c:1673 at dma_buf_vmap+0x5/0x6, CPU#0: t/1' \
		'[   41.1] BUG: KASAN: use-after-free in foo+0x1/0x2' \
		'[   41.2] Unable to handle kernel paging request at virtual address 0000dead'; } >w1.log
	local out
	out=$(judged w1.log -w 'dma-buf\.c:[0-9]+ at dma_buf_vmap' || true)
	assert_match "$out" '^FAIL kernel@no-oops-bug-warn \(2 lines, first: .*BUG: KASAN'
}

# H4: APPEND=quiet (or loglevel=) keeps WARN splats off the console the
# judge scans; a test run refuses it before booting.
test_h4_test_run_refuses_a_blinding_append() {
	local a out rc
	for a in quiet 'drmnomap.tests=x loglevel=3'; do
		rc=0
		out=$(APPEND=$a "$TOP/scripts/run-qemu.sh" qemu-vexpress test 2>&1) || rc=$?
		assert_eq "$rc" 1
		assert_match "$out" "APPEND has '(quiet|loglevel=3)', which hides kernel reports"
	done
}

# H15 (B1): a run that selected no test has exactly the verdicts of that,
# and no spurious "result for a test not in the list" line.
test_h15_empty_selection_has_no_spurious_line() {
	printf 'drm-nomap: init reached (Linux)\ndrm-nomap: error: drmnomap.tests=nomatch matches nothing in testlist.txt\ndrm-nomap: tests finished (exit 1)\n' >b1.log
	local out
	out=$("$TOP/scripts/results.sh" -l "$TOP/tests/host/data/qemu-vexpress/testlist.txt" -t nomatch b1.log 2>&1) &&
		fail "a run without tests passed"
	assert_match "$out" '^FAIL guest@test-list \(no tests selected: TESTS=nomatch matches nothing'
	assert_match "$out" '^FAIL guest@runner-finished'
	if grep -q 'not in the list' <<<"$out"; then fail "spurious line: $out"; fi
	assert_eq "$(grep -c '^FAIL' <<<"$out")" 2
}
