# shellcheck shell=bash
# A board's saved runs: igt-tests/run-board.sh -n (numbered run directories
# synced as they go, as on the Pi's FAT partition) and scripts/board-results.sh
# (make board-results, make board-bench), which judges them on the PC.

BOARD_RESULTS="$TOP/scripts/board-results.sh"

# guest -- a copy of the guest's /usr/libexec/drm-nomap with fake tests t@a,
# t@b, t@c (each appends to the kernel log ./kmsg; OOPS_IN=NAME makes that
# subtest log an oops, CRASH_IN=NAME kill the runner as a board crash would), the Pi's real
# expectation files, and stubs for dmesg (prints ./kmsg) and sync.
guest() {
	project
	mkdir -p guest/xfails stubs
	cp "$TOP/igt-tests/run-board.sh" "$TOP"/igt-tests/run-tests*.sh "$TOP/igt-tests/protocol.sh" guest/
	cp proj/igt-tests/xfails/vc4-rpi3-*.txt guest/xfails/
	cp proj/igt-tests/testlist.txt guest/list
	# shellcheck disable=SC2016 # expanded by the fake test
	printf '#!/bin/sh\necho "running $2"\necho "[    2.0] $2 ran" >>"%s"
[ "$2" != "${OOPS_IN:-}" ] || echo "[    2.5] Internal error: Oops: 17 [#1] SMP ARM" >>"%s"
[ "$2" != "${CRASH_IN:-}" ] || kill -KILL "-$(cat "%s")"\nexit 0\n' \
		"$PWD/kmsg" "$PWD/kmsg" "$PWD/runner.pgid" >guest/t
	chmod +x guest/t
	echo '[    1.0] [drm] Initialized vc4 0.0.0 for soc:gpu on minor 0' >kmsg
	printf '#!/bin/sh\ncat "%s"\n' "$PWD/kmsg" >stubs/dmesg
	printf '#!/bin/sh\nexit 0\n' >stubs/sync
	chmod +x stubs/dmesg stubs/sync
}

# project -- ./proj, a copy of the checkout whose test list is t@a, t@b,
# t@c with empty vc4-rpi3 expectation files (board-results.sh judges a run
# by its checkout's list and files); BOARD_RESULTS is its board-results.sh.
project() {
	mkdir -p proj/igt-tests/xfails
	cp -r "$TOP/scripts" "$TOP/boards" proj/
	cp "$TOP/igt-tests/protocol.sh" proj/igt-tests/
	printf 't@a\nt@b\nt@c\n' >proj/igt-tests/testlist.txt
	printf "# none\n" >proj/igt-tests/xfails/vc4-rpi3-fails.txt
	: >proj/igt-tests/xfails/vc4-rpi3-flakes.txt
	printf '# none\n' >proj/igt-tests/xfails/vc4-rpi3-skips.txt
	BOARD_RESULTS=$PWD/proj/scripts/board-results.sh
}

# board_run [ENV=VALUE]... -- one kmstest boot: run-board.sh -n into
# ./fat/kmstest-results, in a process group of its own (a crash kills it).
board_run() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	env PATH="$PWD/stubs:$PATH" IGT_TIMEOUT=5 "$@" setsid sh -c 'echo $$ >runner.pgid; exec guest/run-board.sh -n fat/kmstest-results -l guest/list vc4-rpi3' \
		>>console.log 2>&1 </dev/null || true
}

test_complete_board_run_passes() {
	guest
	board_run
	local out
	out=$("$BOARD_RESULTS" fat/kmstest-results 2>err)
	assert_match "$out" '^PASS t@a$'
	assert_match "$out" '^PASS t@c$'
	assert_match "$out" '^PASS guest@runner-finished \(3 subtests\)$'
	assert_match "$out" '^PASS kernel@no-oops-bug-warn$'
	assert_match "$out" '^PASS kernel@log-has:Initialized vc4$'
	assert_match "$out" '^PASS board@expectations \(vc4-rpi3'
	assert_match "$out" '^PASS board@test-list '
	assert_eq "$(tail -n1 <<<"$out")" "9 passed, 0 failed, 0 skipped"
	assert_match "$(cat err)" 'judging run-001, the newest test run'
	assert_eq "$(cat fat/kmstest-results/run-001/logs/t@b.dmesg)" '[    2.0] b ran'
}

# The board dies during t@b: what ran before it is on the disk, and t@b and
# t@c are missing, not passed.
test_run_cut_by_a_crash_fails_naming_the_missing_tests() {
	guest
	board_run CRASH_IN=b
	local run=fat/kmstest-results/run-001 out rc=0
	assert_match "$(cat "$run/results.txt")" '^igt-result: t@a: pass'
	assert_match "$(cat "$run/logs/t@b.log")" 'running b'
	out=$("$BOARD_RESULTS" "$run" 2>err) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^PASS t@a$'
	assert_match "$out" '^FAIL t@b \(no result line'
	assert_match "$out" '^FAIL t@c \(no result line'
	assert_match "$out" '^FAIL guest@runner-finished \(no igt-done line'
	if grep -qE '^PASS t@(b|c)' <<<"$out"; then fail "a test that never finished passed"; fi
	assert_match "$(cat err)" 'run-001 stopped during t@b \(its output so far: logs/t@b.log'
	assert_match "$(tail -n1 <<<"$out")" ' 3 failed,'
}

test_oops_in_the_kernel_log_fails() {
	guest
	board_run OOPS_IN=b
	grep -q 'Internal error: Oops' fat/kmstest-results/run-001/logs/t@b.dmesg || fail "the oops is not in t@b's slice"
	local out rc=0
	out=$("$BOARD_RESULTS" fat/kmstest-results 2>/dev/null) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL kernel@no-oops-bug-warn \(1 lines, first: \[    2.5\] Internal error: Oops'
}

test_missing_kernel_log_or_driver_fails() {
	guest
	board_run
	local run=fat/kmstest-results/run-001
	sed -i '/Initialized vc4/d' "$run/dmesg.txt"
	assert_match "$("$BOARD_RESULTS" "$run" 2>/dev/null || true)" '^FAIL kernel@log-has:Initialized vc4$'
	rm "$run/dmesg.txt"
	assert_match "$("$BOARD_RESULTS" "$run" 2>/dev/null || true)" '^FAIL board@kernel-log \(no dmesg.txt'
}

test_expectation_files_other_than_the_checkouts_fail() {
	guest
	board_run
	local run=fat/kmstest-results/run-001
	echo 't@b,Fail' >>"$run/xfails/vc4-rpi3-fails.txt"
	assert_match "$("$BOARD_RESULTS" "$run" 2>/dev/null || true)" \
		'^FAIL board@expectations \(the card.s vc4-rpi3-fails.txt is not igt-tests/xfails/vc4-rpi3-fails.txt'
	rm "$run"/xfails/vc4-rpi3-*.txt
	printf '' >"$run/xfails/other-fails.txt"
	assert_match "$("$BOARD_RESULTS" "$run" 2>/dev/null || true)" \
		'^FAIL board@expectations \(the run judged with other-\*.txt, which no boards/\*.sh has as XFAILS\)'
}

# The next boot makes run-002 and leaves run-001 as it was.
test_next_boot_does_not_overwrite_the_last_run() {
	guest
	board_run CRASH_IN=b
	local before
	before=$(cd fat/kmstest-results/run-001 && find . -type f -exec sha256sum {} + | sort)
	board_run
	assert_eq "$(cd fat/kmstest-results/run-001 && find . -type f -exec sha256sum {} + | sort)" "$before"
	assert_match "$(cat fat/kmstest-results/run-002/results.txt)" '^igt-done: 3 subtests$'
	for f in uname.txt testlist.txt xfails/vc4-rpi3-fails.txt dmesg.txt results.csv junit.xml; do
		[ -s "fat/kmstest-results/run-002/$f" ] || fail "run-002 has no $f"
	done
	# The newest test run is judged: run-002 passes although run-001 was cut.
	assert_match "$("$BOARD_RESULTS" fat/kmstest-results 2>/dev/null)" ' 0 failed,'
	# Numbers sort as numbers: after run-009 comes run-010.
	mkdir fat/kmstest-results/run-009
	assert_eq "$(PATH=$PWD/stubs:$PATH guest/run-board.sh -N fat/kmstest-results)" fat/kmstest-results/run-010
}

# A crash that every reboot repeats: after 3 cut runs the board stops.
test_three_cut_runs_in_a_row_stop_the_reboot_loop() {
	guest
	board_run CRASH_IN=a
	board_run CRASH_IN=a
	board_run CRASH_IN=a
	local rc=0
	PATH=$PWD/stubs:$PATH guest/run-board.sh -n fat/kmstest-results -l guest/list vc4-rpi3 >out 2>&1 || rc=$?
	assert_eq "$rc" 3
	assert_match "$(cat out)" 'the last 3 test runs in fat/kmstest-results stopped before their end'
	[ ! -e fat/kmstest-results/run-004 ] || fail "a fourth run was started"
	# A bench run in between does not count; a finished run resets the count.
	rm -r fat/kmstest-results/run-003
	board_run
	board_run CRASH_IN=a
	board_run CRASH_IN=a
	[ -d fat/kmstest-results/run-005 ] || fail "the count did not restart after a finished run"
}

test_judging_a_directory_without_test_runs_is_an_error() {
	mkdir -p k/run-001
	local out rc=0
	out=$("$BOARD_RESULTS" k 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'no test run in k .*boot the card with extra=kmstest=1'
	assert_match "$("$BOARD_RESULTS" nodir 2>&1 || true)" 'no directory nodir; copy kmstest-results/'
}

# bench_run N RELEASE [SIZE] -- a saved bench run of a kernel.
bench_run() {
	local d
	d=k/$(printf 'run-%03d' "$1")
	mkdir -p "$d"
	echo "Linux pi $2 #1 SMP 2000-01-01 armv7l GNU/Linux" >"$d/uname.txt"
	echo 'Raspberry Pi 3 Model B Rev 1.2' >"$d/model.txt"
	echo 'console=tty1 cma=256M drmnomap.mode=bench' >"$d/cmdline.txt"
	printf 'bench.%s\n' "size=${3:-1920x1080}" vmalloc_total_kib=245760 vmalloc_start_kib=9000 \
		vmalloc_full_kib=200000 vmalloc_per_buffer=8298496 buffers=28 'error=Cannot allocate memory' \
		cma_free_start_kib=250000 cma_free_end_kib=20000 create_destroy_us=900.0 >"$d/bench.txt"
}

test_board_bench_table_from_the_base_and_patched_runs() {
	bench_run 1 "7.2.13$LOCALVERSION_PATCHED"
	bench_run 2 "7.2.13$LOCALVERSION_BASE"
	sed -i 's/vmalloc_per_buffer=.*/vmalloc_per_buffer=0/; s/create_destroy_us=.*/create_destroy_us=450.0/' k/run-001/bench.txt
	local out
	out=$("$BOARD_RESULTS" bench k 2>/dev/null)
	assert_match "$out" "^\\| Raspberry Pi 3 Model B Rev 1.2, 7.2.13$LOCALVERSION_BASE vs 7.2.13$LOCALVERSION_PATCHED, cma=256M \\| base \\| patched \\|$"
	assert_match "$out" '^\| vmalloc bytes per buffer \| 8298496 \| 0 \|$'
	assert_match "$out" '^\| create\+destroy patched/base \| \| 0.50 \|$'
}

test_board_bench_needs_both_kernels_and_every_figure() {
	bench_run 1 "7.2.13$LOCALVERSION_PATCHED"
	assert_match "$("$BOARD_RESULTS" bench k 2>&1 || true)" "no bench run of the base kernel \\(uname -r ending in $LOCALVERSION_BASE\\)"
	bench_run 2 "7.2.13$LOCALVERSION_BASE"
	sed -i '/buffers=/d' k/run-002/bench.txt
	assert_match "$("$BOARD_RESULTS" bench k 2>&1 || true)" 'the base run did not report buffers'
	bench_run 2 "7.2.13$LOCALVERSION_BASE" 3840x2160
	assert_match "$("$BOARD_RESULTS" bench k 2>&1 || true)" 'boot both with the same drmnomap.bench_size='
	rm -r k/run-002
	bench_run 3 "7.2.13"
	assert_match "$("$BOARD_RESULTS" bench k 2>&1 || true)" 'no bench run of the base kernel'
}

# The audit's H8 (R2): the card's testlist.txt holds only the 3 smoke
# entries; the run is judged against the checkout's list, not the card's.
test_h8_card_list_is_not_the_project_list() {
	local run=k/run-001 e
	mkdir -p "$run/xfails"
	cp "$TOP"/igt-tests/xfails/vc4-rpi3-*.txt "$run/xfails/"
	grep '^nomap_kms_smoke@' "$TOP/igt-tests/testlist.txt" >"$run/testlist.txt"
	while read -r e; do proto_result "$e" pass 1; done <"$run/testlist.txt" >"$run/results.txt"
	proto_done 3 >>"$run/results.txt"
	echo '[    1.0] [drm] Initialized vc4 0.0.0 for soc:gpu on minor 0' >"$run/dmesg.txt"
	echo 'Linux pi 7.2.13-drm-nomap #1 SMP armv7l GNU/Linux' >"$run/uname.txt"
	local out rc=0
	out=$("$BOARD_RESULTS" "$run" 2>/dev/null) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^FAIL nomap_dumb_buffer@create-clear \(no result line'
	assert_match "$out" '^FAIL board@test-list '
}

# H15 (R3): a run cut in its first test has output but no result line at
# all; it still says which test it stopped in.
test_h15_run_cut_in_its_first_test_names_it() {
	guest
	board_run CRASH_IN=a
	local run=fat/kmstest-results/run-001 rc=0
	if grep -q 'igt-result:' "$run/results.txt"; then fail "the fixture has a result line"; fi
	"$BOARD_RESULTS" "$run" >out 2>err || rc=$?
	assert_eq "$rc" 1
	assert_match "$(cat err)" 'run-001 stopped during t@a \(its output so far: logs/t@a.log'
}
