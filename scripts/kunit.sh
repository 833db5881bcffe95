#!/usr/bin/env bash
# kunit.sh -- run the GEM DMA helper KUnit suite with kunit.py on arm
# (QEMU virt) against the work tree; prints KUnit's results and
# "KUNIT: N passed, N failed" for the test command.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SRC=${TREE:-$TOP/build/linux}
BUILD_DIR=$TOP/build/kunit-arm
LOG=$TOP/out/kunit/kunit.log

run_kunit() {
	(cd "$SRC" && ./tools/testing/kunit/kunit.py run \
		--arch=arm --cross_compile=arm-linux-gnueabihf- \
		--make_options="CC=ccache arm-linux-gnueabihf-gcc" \
		--build_dir="$BUILD_DIR" --kunitconfig="$TOP/configs/kunit.config" \
		--jobs="${JOBS:-$(nproc)}" --timeout=600) >"$LOG" 2>&1
}

main() {
	need python3 qemu-system-arm arm-linux-gnueabihf-gcc ccache
	export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache} CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
	mkdir -p "$(dirname "$LOG")"
	"$TOP/scripts/tree.sh" ensure
	local rc=0
	timed "kunit.py run --arch=arm (configs/kunit.config)" run_kunit || rc=$?
	# One "PASS|FAIL|SKIP kunit@case" line per case on stdout.
	sed -n -e 's/^.*\[PASSED\] \(drm_gem_dma_test_[a-z0-9_]*\).*/PASS kunit@\1/p' \
		-e 's/^.*\[\(FAILED\|CRASHED\)\] \(drm_gem_dma_test_[a-z0-9_]*\).*/FAIL kunit@\2/p' \
		-e 's/^.*\[SKIPPED\] \(drm_gem_dma_test_[a-z0-9_]*\).*/SKIP kunit@\1/p' "$LOG"
	local pass fail
	pass=$(grep -cE '\[PASSED\] drm_gem_dma_test_' "$LOG" || true)
	fail=$(grep -cE '\[(FAILED|CRASHED)\] drm_gem_dma_test_' "$LOG" || true)
	log "KUNIT: $pass passed, $fail failed (log: ${LOG#"$TOP"/})"
	if [ "$rc" != 0 ] || [ "$fail" != 0 ] || [ "$pass" = 0 ]; then
		tail -n 30 "$LOG" >&2
		die "KUnit run failed; see $LOG"
	fi
}

main "$@"
