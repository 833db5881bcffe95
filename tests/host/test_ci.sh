# shellcheck shell=bash
# scripts/test.sh (make test, .ci/run) in a copy of the tree whose heavy
# steps are stubs: the closing line always comes, and an inherited TESTS,
# APPEND or XFAILS cannot shrink the run (the audit's H5, H11).

# ci_tree -- ./ci: test.sh, the libraries, the judge and the lists; deps,
# tree, kunit, the builds and the host tests are stubs that pass; the stub
# run-qemu.sh records its environment and runs the guest runner on fake tests
# (RUN_QEMU_FAILS=1: it dies before writing a log).
ci_tree() {
	mkdir -p ci/scripts ci/tests/host ci/igt-tests ci/bin
	cp -r "$TOP/scripts/lib.sh" "$TOP/scripts/lib-series.sh" "$TOP/scripts/lib-results.sh" "$TOP/scripts/debian.sh" "$TOP/scripts/board.sh" "$TOP/scripts/results.sh" "$TOP/scripts/test.sh" \
		"$TOP/scripts/judge" ci/scripts/
	cp -r "$TOP/boards" "$TOP/Makefile" "$TOP/.ci" ci/
	cp -r "$TOP/igt-tests/protocol.sh" "$TOP"/igt-tests/run-tests*.sh "$TOP/igt-tests/testlist.txt" \
		"$TOP/igt-tests/xfails" ci/igt-tests/
	local s
	for s in deps.sh tree.sh kunit.sh build-kernel.sh mkrootfs.sh; do
		printf '#!/bin/sh\nexit 0\n' >"ci/scripts/$s"
	done
	printf '#!/bin/sh\necho "PASS host@stub"\n' >ci/tests/host/run.sh
	while read -r s; do
		printf '#!/bin/sh\nexit 0\n' >"ci/bin/$s"
	done < <(cut -d@ -f1 "$TOP/igt-tests/testlist.txt" | sort -u)
	cat >ci/scripts/run-qemu.sh <<-'EOF2'
	#!/bin/bash
	set -eu
	top=$(cd "$(dirname "$0")/.." && pwd)
	echo "TESTS=${TESTS:-} APPEND=${APPEND:-} XFAILS=${XFAILS:-}" >"$top/run-qemu.env"
	[ -z "${RUN_QEMU_FAILS:-}" ] || { echo "run-qemu.sh: error: need qemu-system-arm" >&2; exit 1; }
	mkdir -p "$top/out/$1/boot-captures"
	: >"$top/out/$1/boot-captures/results.txt"
	grep -E -- "${TESTS:-.}" "$top/igt-tests/testlist.txt" >"$top/list"
	{ echo '[drm] Initialized pl111 1.0.0'
	  "$top/igt-tests/run-tests.sh" -d "$top/bin" "$top/list"
	  for f in junit.xml results.csv failures.csv; do printf -- '--- %s ---\n--- end %s ---\n' $f $f; done
	} >"$top/out/$1/boot.log" 2>&1
	grep nomap_kms_capture@ "$top/list" | sed 's/^/PASS capture@/' >"$top/out/$1/boot-captures/results.txt"
	EOF2
	chmod +x ci/scripts/*.sh ci/tests/host/run.sh ci/bin/*
}

test_ci_tree_is_green() {
	ci_tree
	local out
	out=$(ci/scripts/test.sh 2>&1)
	assert_match "$(tail -n1 <<<"$out")" '^[0-9]+ passed, 0 failed, 0 skipped$'
}

# H5 (T6): TESTS=nomap_kms_smoke inherited by make test or .ci/run.
test_h5_inherited_tests_append_xfails_do_not_shrink_the_run() {
	ci_tree
	local out rc=0
	out=$(TESTS=nomap_kms_smoke APPEND=drmnomap.xfails=vc4-rpi3 XFAILS=vc4-rpi3 ci/.ci/run 2>&1) || rc=$?
	assert_eq "$(cat ci/run-qemu.env)" "TESTS= APPEND= XFAILS="
	assert_eq "$rc" 0
	assert_match "$out" 'ignoring TESTS=nomap_kms_smoke'
	assert_match "$(grep -c '^PASS nomap_' ci/out/test-results.txt)" "^$(grep -c . "$TOP/igt-tests/testlist.txt")\$"
}

# H11 (T2, T3): run-qemu.sh dies before writing a log, with an old log of a
# good run left in out/: the run ends with its closing line and a FAIL, and
# the stale results do not count.
test_h11_closing_line_when_the_guest_step_dies() {
	ci_tree
	ci/scripts/test.sh >/dev/null 2>&1
	local out rc=0
	out=$(RUN_QEMU_FAILS=1 ci/scripts/test.sh 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$(tail -n1 <<<"$out")" '^[0-9]+ passed, [1-9][0-9]* failed, [0-9]+ skipped$'
	assert_match "$(cat ci/out/test-results.txt)" '^FAIL qemu@'
	if grep -q '^PASS nomap_' ci/out/test-results.txt; then fail "stale results counted"; fi
}

# A step that dies outright (here deps.sh, before anything ran) still ends
# the run with its FAIL and the closing line.
test_closing_line_when_a_step_dies_outright() {
	ci_tree
	printf '#!/bin/sh\necho "deps.sh: error: no apt" >&2\nexit 1\n' >ci/scripts/deps.sh
	local out rc=0
	# As CI runs it: a top-level make, which prints no "Leaving directory"
	# after the closing line (make test runs these tests inside a make).
	out=$(env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS ci/.ci/run 2>/dev/null) || rc=$?
	[ "$rc" != 0 ] || fail ".ci/run passed although deps.sh died"
	assert_match "$(tail -n1 <<<"$out")" '^0 passed, 1 failed, 0 skipped$'
	assert_match "$(cat ci/out/test-results.txt)" '^FAIL test@steps \(a step died with exit 1'
}
