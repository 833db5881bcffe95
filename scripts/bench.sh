#!/usr/bin/env bash
# bench.sh -- vmalloc benchmark: boots the base and the patched qemu-vexpress
# kernels (1 GiB, 3G/1G split + HIGHMEM, CMA 128 MiB) in one run and prints
# a table: vmalloc bytes per 1080p dumb buffer (sum of /proc/vmallocinfo),
# buffers that fit before ENOMEM and what ran out, CMA free, and the time of
# a dumb create+destroy under QEMU -icount (guest time counts instructions,
# so the figure does not depend on host load), with and without the board's
# PL310 outer cache (dts/qemu-vexpress-nol2.dts: the Pi 2/3 have none).
# A second table takes the Pi 2/3 layout (dts/qemu-vexpress-pi.dts: no
# outer cache and no NOR flash or PSRAM mapped into vmalloc; cma=256M as on
# our Pi image) for 1080p and 4K buffers, with the vmalloc area left when
# the buffers are full.  Each run also times page flips between two
# framebuffers on the plane and counts the on-demand mappings they make
# (nomap_kms_scanout --bench-flip).  A third boots both kernels with CMA in lowmem
# (boards up to ~760 MiB on a HIGHMEM kernel), where ARM maps buffers in
# place: the series must use no more vmalloc there than the base.  A fourth
# boots both kernels built without DRM_PANIC (configs/no-drm-panic.config,
# build/nopanic, out/nopanic) for the flip figures without panic mappings.  A
# fifth boots the series without the ARM RFT (patches/cover-letter-arm.txt's
# Patches: reverted; build/norft, out/norft), for what the DMA series costs
# on its own.  Every run but the Pi and lowmem ones also times alloc+free
# through the plain DMA API (nomap_dma_alloc --bench): the cost to existing
# users of DMA_ATTR_NO_KERNEL_MAPPING.  Saved
# to out/bench/results.md (and out/record/bench.md).  Every figure is one
# the guest measured: a missing or non-numeric value is an error, never a cell.
#   bench.sh          build, boot the runs, print the table (make record)
#   bench.sh table    the table again from the runs in out/bench (BENCH_DIR)
#   bench.sh board-table TITLE BASE_LOG PATCHED_LOG
#                     the Pi table's rows, plus the create+destroy time, from
#                     the bench output of a real board's base and patched
#                     kernels (scripts/board-results.sh bench)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

BENCH=${BENCH_DIR:-$TOP/out/bench}
ICOUNT=${ICOUNT:-shift=2,align=off,sleep=off}

# The Pi-like runs: their DTB and command line.
PI_DTB=qemu-vexpress-pi.dtb
PI_APPEND="cma=256M"
PI_RUNS="base-pi-1080p patched-pi-1080p base-pi-4k patched-pi-4k"

# The lowmem-CMA runs: vexpress's RAM starts at 0x60000000 and its lowmem
# ends above 0x88000000 with 3G/1G.
LOWCMA_APPEND="cma=128M@0x60000000-0x88000000"

# run_bench NAME KERNEL_DIR [DTB [APPEND]] -- boot in bench mode, keep the
# key=value lines.
run_bench() {
	LOG=$BENCH/$1.log KERNEL_DIR=$2 DTB=${3:-} APPEND="drmnomap.mode=bench ${4:-}" \
		QEMU_EXTRA="-icount $ICOUNT" "$TOP/scripts/run-qemu.sh" qemu-vexpress test
	release_is "$BENCH/$1.log" "$(run_kernel "$1")"
	bench_figures "$BENCH/$1.log" >"$BENCH/$1.txt"
	[ -s "$BENCH/$1.txt" ] || die "no benchmark output from the $1 kernel; see $BENCH/$1.log"
}

# The figures and tables of the runs.
# shellcheck source=scripts/bench-tables.sh
. "$TOP/scripts/bench-tables.sh"

# pi_runs -- the Pi-like runs, 1080p and 4K, on both kernels.
pi_runs() {
	local k size
	for k in base patched; do
		for size in 1080p:1920x1080 4k:3840x2160; do
			timed "benchmark on the $k kernel, Pi layout, ${size#*:}" \
				run_bench "$k-pi-${size%%:*}" "$(kernel_dir "$k")" "$PI_DTB" \
				"$PI_APPEND drmnomap.bench_size=${size#*:}"
		done
	done
}

kernel_dir() {
	case $1 in
	base) echo "$TOP/out/base/qemu-vexpress" ;;
	base-nopanic) echo "$NOPANIC_OUT/base/qemu-vexpress" ;;
	patched-nopanic) echo "$NOPANIC_OUT/qemu-vexpress" ;;
	norft) echo "$NORFT_OUT/qemu-vexpress" ;;
	*) echo "$TOP/out/qemu-vexpress" ;;
	esac
}

# run_kernel RUN -- base or patched: whose release RUN's log must carry (the
# variant without the RFT is built as a patched kernel).
run_kernel() {
	case $1 in
	base*) echo base ;;
	*) echo patched ;;
	esac
}

# The series without the ARM RFT: its worktree, build and output.
NORFT_SRC=$TOP/build/norft/linux
NORFT_OUT=$TOP/out/norft

# norft_runs -- the series with the RFT's patches reverted, built and booted
# with and without the outer cache.
norft_runs() {
	local tree first last n commits
	tree=$(base_tree)
	mapfile -t commits < <(git -C "$tree" rev-list --reverse base..HEAD)
	IFS=- read -r first last < <(sed -n 's/^Patches: //p' "$TOP/patches/cover-letter-arm.txt")
	[[ $first =~ ^[0-9]+$ && $last =~ ^[0-9]+$ ]] ||
		die "patches/cover-letter-arm.txt has no 'Patches: FIRST-LAST' line"
	((last <= ${#commits[@]})) ||
		die "patches/cover-letter-arm.txt names patch $last, but $tree has ${#commits[@]} patches; run 'make tree'"
	scratch_at_base "$tree" "$NORFT_SRC" "$(git -C "$tree" rev-parse HEAD)"
	for ((n = last; n >= first; n--)); do
		git -C "$NORFT_SRC" "${GIT_ID[@]}" revert --no-edit "${commits[n - 1]}" >/dev/null ||
			die "reverting patch $n of the series in $NORFT_SRC failed; the RFT is no longer separable"
	done
	log "$NORFT_SRC: the series without patches $first-$last (the ARM RFT)"
	timed "building the series without the ARM RFT" env TREE="$NORFT_SRC" \
		BUILD_ROOT="$TOP/build/norft" OUT_ROOT="$NORFT_OUT" "$TOP/scripts/build-kernel.sh" qemu-vexpress
	timed "benchmark on the series without the ARM RFT" run_bench norft "$(kernel_dir norft)"
	timed "benchmark on the series without the ARM RFT, no outer cache" \
		run_bench norft-nol2 "$(kernel_dir norft)" qemu-vexpress-nol2.dtb
}

# The DRM_PANIC=n variant: its fragment after the board's, its own trees.
NOPANIC_FRAGMENT=configs/no-drm-panic.config
NOPANIC_OUT=$TOP/out/nopanic

# nopanic_runs -- both kernels built and booted without DRM_PANIC.
nopanic_runs() {
	local k
	export FRAGMENTS_EXTRA=$NOPANIC_FRAGMENT BUILD_ROOT=$TOP/build/nopanic OUT_ROOT=$NOPANIC_OUT
	timed "building the base kernel without DRM_PANIC" "$TOP/scripts/build-base.sh" qemu-vexpress
	timed "building the patched kernel without DRM_PANIC" "$TOP/scripts/build-kernel.sh" qemu-vexpress
	unset FRAGMENTS_EXTRA BUILD_ROOT OUT_ROOT
	for k in base patched; do
		timed "benchmark on the $k kernel without DRM_PANIC" \
			run_bench "$k-nopanic" "$(kernel_dir "$k-nopanic")"
	done
}

main() {
	case ${1:-} in
	table)
		table_checked
		return
		;;
	board-table)
		shift
		board_table "$@"
		return
		;;
	esac
	[ $# = 0 ] || die "usage: $PROG [table]"
	local k
	mkdir -p "$BENCH"
	timed "building the base kernel" "$TOP/scripts/build-base.sh" qemu-vexpress
	timed "building the patched kernel" "$TOP/scripts/build-kernel.sh" qemu-vexpress
	timed "building the rootfs" "$TOP/scripts/mkrootfs.sh"
	timed "benchmark on the base kernel" run_bench base "$(kernel_dir base)"
	timed "benchmark on the patched kernel" run_bench patched "$(kernel_dir patched)"
	timed "benchmark on the base kernel, no outer cache" \
		run_bench base-nol2 "$(kernel_dir base)" qemu-vexpress-nol2.dtb
	timed "benchmark on the patched kernel, no outer cache" \
		run_bench patched-nol2 "$(kernel_dir patched)" qemu-vexpress-nol2.dtb
	pi_runs
	for k in base patched; do
		timed "benchmark on the $k kernel, CMA in lowmem" \
			run_bench "$k-lowcma" "$(kernel_dir "$k")" "" "$LOWCMA_APPEND"
	done
	nopanic_runs
	norft_runs
	table_checked >"$BENCH/results.md"
	cat "$BENCH/results.md"
	propose_results bench "$BENCH/results.md"
	results_page bench "$BENCH/index.html" "$BENCH" --title "vmalloc bench: base vs patched"
}

main "$@"
