#!/usr/bin/env bash
# kunit.sh -- run the series' KUnit suites (GEM DMA helpers, vc4 BOs) with
# kunit.py on arm (QEMU virt) against the work tree; prints one
# "PASS|FAIL kunit@case" line per case of kunit.py's --json results
# (out/kunit/results.json) and "KUNIT: N passed, N failed" for the test
# command.  A skipped case fails, and so does a case count that differs from
# the suites' KUNIT_CASE()s.
#   kunit.sh parse JSON [CASES]   only judge a saved results.json
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SRC=${TREE:-$TOP/build/linux}
BUILD_DIR=$TOP/build/kunit-arm
LOG=$TOP/out/kunit/kunit.log
JSON=$TOP/out/kunit/results.json
# suite name and the file that defines its cases
SUITES=(drm_gem_dma:drivers/gpu/drm/tests/drm_gem_dma_helper_test.c
	vc4-bo:drivers/gpu/drm/vc4/tests/vc4_test_bo.c)

run_kunit() {
	(cd "$SRC" && ./tools/testing/kunit/kunit.py run \
		--arch=arm --cross_compile=arm-linux-gnueabihf- \
		--make_options="CC=ccache arm-linux-gnueabihf-gcc" \
		--build_dir="$BUILD_DIR" --kunitconfig="$TOP/configs/kunit.config" \
		--jobs="${JOBS:-$(nproc)}" --timeout=600 --json="$JSON") >"$LOG" 2>&1
}

# parse JSON [CASES] -- PASS|FAIL lines for the cases of our suites in
# kunit.py's KernelCI-style JSON; CASES is the number the suites define.
parse() {
	[ -r "$1" ] || { echo "FAIL kunit@results (no $1: kunit.py did not write its JSON)"; return 1; }
	local s names=()
	for s in "${SUITES[@]}"; do
		names+=("${s%%:*}")
	done
	KUNIT_SUITES="${names[*]}" python3 - "$1" "${2:-}" <<-'PY'
	import json, os, sys
	suites = tuple(os.environ["KUNIT_SUITES"].split())
	# A suite's cases are its test_cases; a parameterised case is a
	# sub-group of the suite, one result per parameter ("case@param").
	def cases(group):
	    if not group.get("name", "").startswith(suites):
	        for g in group.get("sub_groups", []):
	            yield from cases(g)
	        return
	    for c in group.get("test_cases", []):
	        yield c["name"], [(c["name"], c["status"])]
	    for g in group.get("sub_groups", []):
	        yield g["name"], [(g["name"] + "@" + c["name"], c["status"])
	                          for c in g.get("test_cases", [])] or [(g["name"], "NO PARAMETERS")]
	found = list(cases(json.load(open(sys.argv[1]))))
	bad = 0
	for _, results in found:
	    for name, status in results:
	        ok = status == "PASS"
	        bad += not ok
	        print(("PASS kunit@%s" if ok else "FAIL kunit@%s (" + status.lower() + ")") % name)
	want = sys.argv[2]
	if not found or (want and int(want) != len(found)):
	    print("FAIL kunit@case-count (%d cases ran, the suites have %s)" % (len(found), want or "some"))
	    bad += 1
	sys.exit(1 if bad else 0)
	PY
}

# The number of KUNIT_CASE()s and KUNIT_CASE_PARAM()s of our suites.
suite_cases() {
	local s n=0
	for s in "${SUITES[@]}"; do
		n=$((n + $(grep -cE 'KUNIT_CASE(_PARAM)?\(' "$SRC/${s#*:}" || true)))
	done
	echo "$n"
}

main() {
	if [ "${1:-}" = parse ]; then
		shift
		parse "$@"
		return
	fi
	need python3 qemu-system-arm arm-linux-gnueabihf-gcc ccache
	export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache} CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
	mkdir -p "$(dirname "$LOG")"
	"$TOP/scripts/tree.sh" ensure
	local rc=0
	rm -f "$JSON"   # the results of an earlier run must not count
	timed "kunit.py run --arch=arm (configs/kunit.config)" run_kunit || rc=$?
	local out want
	want=$(suite_cases)
	out=$(parse "$JSON" "$want") || { [ "$rc" != 0 ] || rc=1; }
	printf '%s\n' "$out"
	log "KUNIT: $(grep -c '^PASS' <<<"$out") passed, $(grep -c '^FAIL' <<<"$out") failed (log: ${LOG#"$TOP"/})"
	if [ "$rc" != 0 ]; then
		tail -n 30 "$LOG" >&2
		die "KUnit run failed; see $LOG"
	fi
}

main "$@"
