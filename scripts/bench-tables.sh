# shellcheck shell=bash
# bench-tables.sh -- bench.sh's tables (bench.sh table, board-table): the
# figures each run printed (bench_figures, val), checked before any table
# is printed, and the Markdown tables of them.  Sourced by bench.sh, after
# its BENCH, ICOUNT and run names (PI_RUNS, PI_APPEND, LOWCMA_APPEND).

# The plain DMA API tables.
# shellcheck source=scripts/bench-dma-tables.sh
. "$TOP/scripts/bench-dma-tables.sh"

# release_is LOG base|patched -- the kernel release in LOG's init line is
# that kernel's (uname -r suffix); a log without one (a board's bench.txt,
# whose run board-results.sh picked by uname.txt) is not checked.
release_is() {
	local rel suffix=$LOCALVERSION_PATCHED
	[ "$2" = patched ] || suffix=$LOCALVERSION_BASE
	rel=$(proto_release "$1")
	[ -z "$rel" ] || [[ $rel == *"$suffix" ]] ||
		die "$1 is from kernel $rel, not the $2 kernel (uname -r ending in $suffix); give the base kernel's log first, then the patched one's"
}

# bench_figures LOG -- the KEY=VALUE figures the bench mode printed in LOG.
bench_figures() {
	tr -d '\r' <"$1" | sed -n "s/^${PROTO_BENCH//./\\.}\\([a-z0-9_]*\\)=\\(.*\\)\$/\\1=\\2/p"
}

# val RUN KEY -- the value the guest printed; dies when there is none.
val() {
	local v
	[ -r "$BENCH/$1.txt" ] || die "no figures of the $1 run ($BENCH/$1.txt); run 'make bench'"
	v=$(sed -n "s/^$2=//p" "$BENCH/$1.txt" | tail -n1)
	[ -n "$v" ] || die "the $1 run did not report $2; see $BENCH/$1.log"
	case $2 in
	error | size | flip_size) ;;
	*_delta_*) [[ $v =~ ^-?[0-9]+$ ]] || die "the $1 run reported $2=$v, not a measurement; see $BENCH/$1.log" ;;
	*) [[ $v =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "the $1 run reported $2=$v, not a measurement; see $BENCH/$1.log" ;;
	esac
	printf '%s\n' "$v"
}

# ratio BASE_RUN PATCHED_RUN [KEY] -- patched/base of KEY (create_destroy_us).
ratio() {
	awk -v p="$(val "$2" "${3:-create_destroy_us}")" -v b="$(val "$1" "${3:-create_destroy_us}")" \
		'BEGIN { printf "%.2f", p / b }'
}

table() {
	cat <<-TABLE
	| 1920x1080 XRGB8888 dumb buffers, qemu-vexpress 1 GiB, 3G/1G + HIGHMEM, CMA 128 MiB | base | patched |
	|---|---|---|
	| vmalloc bytes per buffer (sum of /proc/vmallocinfo) | $(val base vmalloc_per_buffer) | $(val patched vmalloc_per_buffer) |
	| buffers that fit | $(val base buffers) | $(val patched buffers) |
	| then CREATE_DUMB failed with | $(val base error) | $(val patched error) |
	| default CMA area free before / after filling (KiB) | $(val base cma_free_start_kib) / $(val base cma_free_end_kib) | $(val patched cma_free_start_kib) / $(val patched cma_free_end_kib) |
	| what ran out | $(ran_out base) | $(ran_out patched) |
	| create+destroy per buffer, no outer cache as on Pi 2/3 (guest us, -icount $ICOUNT) | $(val base-nol2 create_destroy_us) | $(val patched-nol2 create_destroy_us) |
	| create+destroy patched/base, no outer cache | | $(ratio base-nol2 patched-nol2) |
	| create+destroy per buffer, with the PL310 outer cache (guest us) | $(val base create_destroy_us) | $(val patched create_destroy_us) |
	| create+destroy patched/base, PL310 | | $(ratio base patched) |
	| create+destroy per buffer, series without the ARM RFT, no outer cache / PL310 (guest us) | | $(val norft-nol2 create_destroy_us) / $(val norft create_destroy_us) |
	| create+destroy without the RFT/base, no outer cache / PL310 | | $(ratio base-nol2 norft-nol2) / $(ratio base norft) |
	TABLE
}

# pi_row LABEL CMD... -- a row of the Pi table: CMD RUN for each Pi run.
pi_row() {
	local label=$1 r
	shift
	printf '| %s |' "$label"
	for r in $PI_RUNS; do printf ' %s |' "$("$@" "$r")"; done
	printf '\n'
}

# pi_val KEY RUN, pi_ran_out RUN, vmalloc_left RUN -- the cells.
pi_val() { val "$2" "$1"; }
pi_ran_out() { ran_out "$1" "$(val "$1" size)"; }
vmalloc_left() { echo $(($(val "$1" vmalloc_total_kib) - $(val "$1" vmalloc_full_kib))); }

# pi_table -- the figures of the Pi-like runs.
pi_table() {
	cat <<-TABLE

	| Pi 2/3 layout: qemu-vexpress-pi.dtb (no NOR flash/PSRAM in vmalloc, no outer cache), $PI_APPEND | base 1080p | patched 1080p | base 4K | patched 4K |
	|---|---|---|---|---|
	TABLE
	pi_rows
}

# pi_rows -- the rows of the Pi table, for the runs PI_RUNS.
pi_rows() {
	pi_row "buffer size" pi_val size
	pi_row "vmalloc area (KiB)" pi_val vmalloc_total_kib
	pi_row "vmalloc used at start, sum of /proc/vmallocinfo inside the area (KiB)" pi_val vmalloc_start_kib
	pi_row "vmalloc bytes per buffer" pi_val vmalloc_per_buffer
	pi_row "buffers that fit" pi_val buffers
	pi_row "what ran out" pi_ran_out
	pi_row "vmalloc left for the rest of the kernel when full (KiB)" vmalloc_left
}

# board_table TITLE BASE_LOG PATCHED_LOG -- the Pi table of a real board:
# its two runs' figures, which must exist and be of the same buffer size.
board_table() {
	local run key
	[ $# = 3 ] || die "usage: $PROG board-table TITLE BASE_LOG PATCHED_LOG"
	BENCH=$(mktemp -d)
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf '$BENCH'" EXIT
	release_is "$2" base
	release_is "$3" patched
	bench_figures "$2" >"$BENCH/base.txt"
	bench_figures "$3" >"$BENCH/patched.txt"
	for run in base patched; do
		for key in size vmalloc_total_kib vmalloc_start_kib vmalloc_full_kib vmalloc_per_buffer \
			buffers error cma_free_start_kib cma_free_end_kib create_destroy_us; do
			val "$run" "$key" >/dev/null
		done
	done
	[ "$(val base size)" = "$(val patched size)" ] ||
		die "the base run measured $(val base size) buffers, the patched one $(val patched size); boot both with the same drmnomap.bench_size="
	PI_RUNS="base patched"
	cat <<-TABLE
	| $1 | base | patched |
	|---|---|---|
	TABLE
	pi_rows
	pi_row "create+destroy per buffer (us)" pi_val create_destroy_us
	printf '| create+destroy patched/base | | %s |\n' "$(ratio base patched)"
}

# ran_out RUN [WxH] -- what ran out when RUN filled buffers of WxH (default
# 1080p): the judge's verdict (scripts/judge ran-out), which needs the run's
# vmalloc and CMA figures; dies without them.
ran_out() {
	local out
	out=$(run_judge ran-out "$BENCH/$1.txt" ${2:+"$2"}) || die "${out#FAIL }; see $BENCH/$1.log"
	printf '%s\n' "$out"
}

# table_checked -- the table, or an error when a figure is missing.  (The
# table's $(val ...) cannot stop the script from inside a here-document.)
table_checked() {
	local run key
	for run in base patched base-nol2 patched-nol2 $PI_RUNS base-lowcma patched-lowcma; do
		for key in vmalloc_per_buffer buffers error cma_free_start_kib cma_free_end_kib create_destroy_us; do
			val "$run" "$key" >/dev/null
		done
	done
	for run in $PI_RUNS base-lowcma patched-lowcma; do
		for key in size vmalloc_total_kib vmalloc_start_kib vmalloc_full_kib; do
			val "$run" "$key" >/dev/null
		done
		pi_ran_out "$run" >/dev/null
	done
	for run in base patched base-nol2 patched-nol2 base-nopanic patched-nopanic; do
		for key in $FLIP_KEYS; do
			val "$run" "$key" >/dev/null
		done
	done
	ran_out base >/dev/null
	ran_out patched >/dev/null
	dma_checked
	table
	flip_table
	pi_table
	lowcma_table
	dma_table
}

# FLIP_KEYS -- what nomap_kms_scanout --bench-flip prints.
FLIP_KEYS="flip_size flips flip_us flip_ioctl_us flip_first_scanout_vmaps flip_vmaps flip_vmalloc_delta_kib"

# flip_table -- page flips between two framebuffers on the plane (pl111),
# with CONFIG_DRM_PANIC=y on both kernels, with and without the outer cache,
# and with DRM_PANIC=n (PL310).
flip_table() {
	cat <<-TABLE

	| Page flips, $(val base flip_size) XRGB8888, qemu-vexpress 1 GiB, 3G/1G + HIGHMEM, DRM_PANIC=y | base | patched |
	|---|---|---|
	| on-demand mappings made by the first scanout of the two buffers | $(val base flip_first_scanout_vmaps) | $(val patched flip_first_scanout_vmaps) |
	| on-demand mappings made by the next $(val patched flips) flips | $(val base flip_vmaps) | $(val patched flip_vmaps) |
	| vmalloc change over those flips, sum of /proc/vmallocinfo (KiB) | $(val base flip_vmalloc_delta_kib) | $(val patched flip_vmalloc_delta_kib) |
	| PAGE_FLIP ioctl per flip, PL310 (guest us) | $(val base flip_ioctl_us) | $(val patched flip_ioctl_us) |
	| PAGE_FLIP ioctl patched/base, PL310 | | $(ratio base patched flip_ioctl_us) |
	| flip to its event per flip, PL310 (guest us) | $(val base flip_us) | $(val patched flip_us) |
	| flip to its event patched/base, PL310 | | $(ratio base patched flip_us) |
	| PAGE_FLIP ioctl per flip, no outer cache (guest us) | $(val base-nol2 flip_ioctl_us) | $(val patched-nol2 flip_ioctl_us) |
	| PAGE_FLIP ioctl patched/base, no outer cache | | $(ratio base-nol2 patched-nol2 flip_ioctl_us) |
	| DRM_PANIC=n: on-demand mappings, first scanout / flips | $(val base-nopanic flip_first_scanout_vmaps) / $(val base-nopanic flip_vmaps) | $(val patched-nopanic flip_first_scanout_vmaps) / $(val patched-nopanic flip_vmaps) |
	| DRM_PANIC=n: vmalloc change over the flips (KiB) | $(val base-nopanic flip_vmalloc_delta_kib) | $(val patched-nopanic flip_vmalloc_delta_kib) |
	| DRM_PANIC=n: PAGE_FLIP ioctl per flip, PL310 (guest us) | $(val base-nopanic flip_ioctl_us) | $(val patched-nopanic flip_ioctl_us) |
	| DRM_PANIC=n: PAGE_FLIP ioctl patched/base, PL310 | | $(ratio base-nopanic patched-nopanic flip_ioctl_us) |
	| DRM_PANIC=n: flip to its event patched/base, PL310 | | $(ratio base-nopanic patched-nopanic flip_us) |
	TABLE
}

# lowcma_table -- the figures of the lowmem-CMA runs.
lowcma_table() {
	cat <<-TABLE

	| CMA in lowmem ($LOWCMA_APPEND), qemu-vexpress 1 GiB, 3G/1G + HIGHMEM, 1080p | base | patched |
	|---|---|---|
	| vmalloc used at start, sum of /proc/vmallocinfo inside the area (KiB) | $(val base-lowcma vmalloc_start_kib) | $(val patched-lowcma vmalloc_start_kib) |
	| vmalloc bytes per buffer | $(val base-lowcma vmalloc_per_buffer) | $(val patched-lowcma vmalloc_per_buffer) |
	| buffers that fit | $(val base-lowcma buffers) | $(val patched-lowcma buffers) |
	| what ran out | $(ran_out base-lowcma) | $(ran_out patched-lowcma) |
	| create+destroy per buffer (guest us) | $(val base-lowcma create_destroy_us) | $(val patched-lowcma create_destroy_us) |
	| create+destroy patched/base | | $(ratio base-lowcma patched-lowcma) |
	TABLE
}
