#!/usr/bin/env bash
# kunit.sh [ARCH] -- run the series' KUnit suites (GEM DMA helpers, vc4
# BOs, the DMA layer's zeroing and dma_vmap_attrs()) with kunit.py on QEMU
# virt against the work tree, every run below without ARCH:
#   arm             configs/kunit.config, 3G/1G + HIGHMEM, CMA in highmem
#   arm-lowmem      the same kernel, cma= in lowmem, the GEM DMA suite:
#                   dumb buffers stay mapped where the memory is lowmem
#   arm-lowmem-dma  the same, only the DMA suite: DMA_ATTR_OPTIONAL_KERNEL_MAPPING
#                   and the mappings of lowmem
#   arm64           configs/kunit-arm64.config, no highmem: nothing changes
# on build/linux, or with BASE=next on kernel-next.pin's tree (results and
# builds then carry its -<SERIES>: out/kunit-7.3, kunit-7.3@case).
# Prints one "PASS|FAIL|SKIP kunit[-ARCH]@case" line per case of kunit.py's
# --json results (out/kunit*/results.json) and "KUNIT: N passed, N
# failed", judged by scripts/judge.  A skipped case fails unless
# configs/kunit-ARCH.skips expects it, a listed case that passes fails, and
# so do a case count that differs from the suites' KUNIT_CASE()s, a
# parameter of theirs that did not run, and a report in the run's kernel
# log (kunit.py's test.log).
#   kunit.sh parse JSON [CASES [SKIPS [LOG [SOURCE...]]]]   only judge a saved results.json
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

SRC=${TREE:-$(base_tree)}
# BASE=next: the tree, builds and results of kernel-next.pin, named -<SERIES>.
SUFFIX=$(base_suffix)
ARCHES=(arm arm-lowmem arm-lowmem-dma arm64)
# suite name and the file that defines its cases
SUITES=(drm_gem_dma:drivers/gpu/drm/tests/drm_gem_dma_helper_test.c
	vc4-bo:drivers/gpu/drm/vc4/tests/vc4_test_bo.c
	dma-vmap:kernel/dma/vmap_kunit.c)

# QEMU virt's 1 GiB starts at 1 GiB; with 3G/1G, lowmem ends at about
# 1.74 GiB: this puts the default CMA area in lowmem.
LOWMEM_CMA=cma=64M@0x48000000-0x60000000
# kunit.py gives QEMU virt 1 GiB at 1 GiB; the kernel takes 960 MiB of it,
# and the DMA suite's per-device pool case is told where the rest starts:
# RAM, but not the kernel's (dma_declare_coherent_memory() refuses that).
SPARE_RAM="mem=960M vmap_kunit.pool=0x7c000000"

# arch_vars ARCH -- the cross compiler, the fragment, the expected skips and
# the output paths of one architecture's run.
arch_vars() {
	KARCH=$1 KARGS='' FILTER=''
	case $1 in
	arm) CROSS=arm-linux-gnueabihf- CONFIG=$TOP/configs/kunit.config OUT=$TOP/out/kunit$SUFFIX
		KARGS=$SPARE_RAM ;;
	arm-lowmem)
		# Same build as arm.
		KARCH=arm CROSS=arm-linux-gnueabihf- CONFIG=$TOP/configs/kunit.config
		OUT=$TOP/out/kunit-arm-lowmem$SUFFIX KARGS=$LOWMEM_CMA
		FILTER='drm_gem_dma.*' ;;
	arm-lowmem-dma)
		# The DMA suite where ARM maps lowmem CMA in place.
		KARCH=arm CROSS=arm-linux-gnueabihf- CONFIG=$TOP/configs/kunit.config
		OUT=$TOP/out/kunit-arm-lowmem-dma$SUFFIX KARGS="$LOWMEM_CMA $SPARE_RAM" FILTER='dma-vmap.*' ;;
	arm64) CROSS=aarch64-linux-gnu- CONFIG=$TOP/configs/kunit-arm64.config OUT=$TOP/out/kunit-arm64$SUFFIX
		KARGS=$SPARE_RAM ;;
	*) die "no KUnit run for '$1'; choose one of: ${ARCHES[*]}" ;;
	esac
	SKIPS=$TOP/configs/kunit-$1.skips
	[ -r "$SKIPS" ] || SKIPS=/dev/null
	BUILD_DIR=$TOP/build/kunit-$KARCH$SUFFIX
	LOG=$OUT/kunit.log
	JSON=$OUT/results.json
}

run_kunit() {
	local extra=()
	[ -z "$KARGS" ] || extra+=(--kernel_args="$KARGS")
	[ -z "$FILTER" ] || extra+=("$FILTER")   # kunit.py's filter_glob: SUITE.CASE
	(cd "$SRC" && ./tools/testing/kunit/kunit.py run "${extra[@]}" \
		--arch="$KARCH" --cross_compile="$CROSS" \
		--make_options="CC=ccache ${CROSS}gcc" \
		--build_dir="$BUILD_DIR" --kunitconfig="$CONFIG" \
		--jobs="${JOBS:-$(nproc)}" --timeout=600 --json="$JSON") >"$LOG" 2>&1
}

# parse JSON [CASES [SKIPS [LOG [SOURCE...]]]] -- the judge's PASS|FAIL|SKIP
# lines (scripts/judge kunit) for the cases of our suites in kunit.py's
# KernelCI-style JSON: CASES is the number the suites define, SKIPS a file
# of the cases expected to skip (regexes), LOG the run's kernel log
# (scanned as a QEMU run's), the SOURCEs the suites' C files (every
# parameter they define must have run).
parse() {
	local json=$1 cases=${2:-} skips=${3:-/dev/null} log=${4:-} s names=() args=()
	shift $(($# < 4 ? $# : 4))
	for s in "${SUITES[@]}"; do
		names+=("${s%%:*}")
	done
	[ -z "$log" ] || args+=(--log "$log")
	for s in "$@"; do
		args+=(--source "$s")
	done
	run_judge kunit "$json" "$cases" "$skips" --prefix "${PREFIX:-kunit}" --suites "${names[*]}" "${args[@]}"
}

# The number of KUNIT_CASE()s and KUNIT_CASE_PARAM()s of our suites, or of
# the cases FILTER (SUITE.CASE, CASE a name or '*') selects.
suite_cases() {
	local s n=0 suite=${FILTER%%.*} case=${FILTER#*.}
	[ "$case" != '*' ] || case=''
	for s in "${SUITES[@]}"; do
		[ -z "$FILTER" ] || [ "${s%%:*}" = "$suite" ] || continue
		n=$((n + $(grep -cE "KUNIT_CASE(_PARAM)?\\(${case}" "$SRC/${s#*:}" || true)))
	done
	echo "$n"
}

# run_arch ARCH -- one architecture's run, judged; returns non-zero on failure.
run_arch() {
	local rc=0 out want
	ARCH=$1
	arch_vars "$ARCH"
	PREFIX=kunit
	[ "$ARCH" = arm ] || PREFIX=kunit-$ARCH
	PREFIX+=$SUFFIX
	need "qemu-system-${KARCH/arm64/aarch64}" "${CROSS}gcc"
	mkdir -p "$OUT"
	rm -f "$JSON"   # the results of an earlier run must not count
	timed "kunit.py run --arch=$KARCH ${KARGS:+--kernel_args=$KARGS }(${CONFIG#"$TOP"/})" run_kunit || rc=$?
	want=$(suite_cases)
	out=$(parse "$JSON" "$want" "$SKIPS" "$BUILD_DIR/test.log" "${SUITES[@]/#*:/$SRC/}") || { [ "$rc" != 0 ] || rc=1; }
	printf '%s\n' "$out"
	printf '%s\n' "$out" >"$OUT/judged.txt"
	results_page run "$OUT/index.html" --judged "$OUT/judged.txt" --log "$LOG" --title "KUnit: $ARCH"
	log "KUNIT ($ARCH): $(grep -c '^PASS' <<<"$out") passed, $(grep -c '^FAIL' <<<"$out") failed, $(grep -c '^SKIP' <<<"$out") skipped as expected (log: ${LOG#"$TOP"/})"
	if [ "$rc" != 0 ]; then
		tail -n 30 "$LOG" >&2
		warn "KUnit run on $ARCH failed; see $LOG"
	fi
	return "$rc"
}

main() {
	if [ "${1:-}" = parse ]; then
		shift
		parse "$@"
		return
	fi
	need python3 ccache
	ccache_env
	"$TOP/scripts/tree.sh" ensure
	local a failed=()
	for a in "${@:-${ARCHES[@]}}"; do
		run_arch "$a" || failed+=("$a")
	done
	[ ${#failed[@]} = 0 ] || die "KUnit failed on: ${failed[*]}; see out/kunit*/kunit.log"
}

main "$@"
