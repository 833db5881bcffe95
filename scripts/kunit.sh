#!/usr/bin/env bash
# kunit.sh -- run the GEM DMA helper KUnit suite with kunit.py on arm
# (QEMU virt) against the work tree; prints one "PASS|FAIL kunit@case" line
# per case of kunit.py's --json results (out/kunit/results.json) and
# "KUNIT: N passed, N failed" for the test command.  A skipped case fails,
# and so does a case count that differs from the suite's KUNIT_CASE()s.
#   kunit.sh parse JSON [CASES]   only judge a saved results.json
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SRC=${TREE:-$TOP/build/linux}
BUILD_DIR=$TOP/build/kunit-arm
LOG=$TOP/out/kunit/kunit.log
JSON=$TOP/out/kunit/results.json
SUITE_SRC=drivers/gpu/drm/tests/drm_gem_dma_helper_test.c

run_kunit() {
	(cd "$SRC" && ./tools/testing/kunit/kunit.py run \
		--arch=arm --cross_compile=arm-linux-gnueabihf- \
		--make_options="CC=ccache arm-linux-gnueabihf-gcc" \
		--build_dir="$BUILD_DIR" --kunitconfig="$TOP/configs/kunit.config" \
		--jobs="${JOBS:-$(nproc)}" --timeout=600 --json="$JSON") >"$LOG" 2>&1
}

# parse JSON [CASES] -- PASS|FAIL lines for the drm_gem_dma cases of
# kunit.py's KernelCI-style JSON; CASES is the number the suite defines.
parse() {
	[ -r "$1" ] || { echo "FAIL kunit@results (no $1: kunit.py did not write its JSON)"; return 1; }
	python3 - "$1" "${2:-}" <<-'PY'
	import json, sys
	def cases(group):
	    for g in group.get("sub_groups", []):
	        yield from cases(g)
	    if group.get("name", "").startswith("drm_gem_dma"):
	        yield from group.get("test_cases", [])
	found = list(cases(json.load(open(sys.argv[1]))))
	bad = 0
	for c in found:
	    ok = c["status"] == "PASS"
	    bad += not ok
	    print(("PASS kunit@%s" if ok else "FAIL kunit@%s (" + c["status"].lower() + ")") % c["name"])
	want = sys.argv[2]
	if not found or (want and int(want) != len(found)):
	    print("FAIL kunit@case-count (%d cases ran, the suite has %s)" % (len(found), want or "some"))
	    bad += 1
	sys.exit(1 if bad else 0)
	PY
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
	want=$(grep -c 'KUNIT_CASE(drm_gem_dma_test_' "$SRC/$SUITE_SRC" || true)
	out=$(parse "$JSON" "$want") || { [ "$rc" != 0 ] || rc=1; }
	printf '%s\n' "$out"
	log "KUNIT: $(grep -c '^PASS' <<<"$out") passed, $(grep -c '^FAIL' <<<"$out") failed (log: ${LOG#"$TOP"/})"
	if [ "$rc" != 0 ]; then
		tail -n 30 "$LOG" >&2
		die "KUnit run failed; see $LOG"
	fi
}

main "$@"
