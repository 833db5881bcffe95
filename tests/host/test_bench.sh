# shellcheck shell=bash
# scripts/bench.sh: the table holds only figures the guest measured.

# dma_figures -- what nomap_dma_alloc --bench prints for every device and
# size (100 us each): buffers of more than a page in highmem except the
# lowmem device's.
dma_figures() {
	local d s
	for d in highmem lowmem coherent; do
		for s in page 1mib 4mib; do
			printf 'dma_%s_%s_us=100.0\n' "$d" "$s"
			if [ "$s" = page ] || [ "$d" = lowmem ]; then
				printf 'dma_%s_%s_highmem=0\n' "$d" "$s"
			else
				printf 'dma_%s_%s_highmem=17\n' "$d" "$s"
			fi
		done
	done
}

bench_runs() {
	local run
	mkdir -p bench
	for run in base patched base-nol2 patched-nol2 base-nopanic patched-nopanic norft norft-nol2; do
		printf '%s\n' vmalloc_per_buffer=8298496 buffers=8 'error=Cannot allocate memory' \
			cma_free_start_kib=126000 cma_free_end_kib=59000 create_destroy_us=1500.0 \
			vmalloc_total_kib=245760 vmalloc_full_kib=240000 flip_size=1024x768 flips=200 \
			flip_us=16000.0 flip_ioctl_us=400.0 flip_first_scanout_vmaps=0 flip_vmaps=0 \
			flip_vmalloc_delta_kib=0 >"bench/$run.txt"
		dma_figures >>"bench/$run.txt"
	done
	for run in base-pi-1080p patched-pi-1080p base-pi-4k patched-pi-4k base-lowcma patched-lowcma; do
		printf '%s\n' vmalloc_per_buffer=8298496 buffers=28 'error=Cannot allocate memory' \
			cma_free_start_kib=258000 cma_free_end_kib=30000 create_destroy_us=1500.0 \
			size=1920x1080 vmalloc_total_kib=245760 vmalloc_start_kib=15000 \
			vmalloc_full_kib=241000 >"bench/$run.txt"
	done
	# The patched kernel leaves the vmalloc area nearly empty.
	sed -i 's/vmalloc_full_kib=.*/vmalloc_full_kib=20000/' bench/patched*.txt
}

# table_fails PATTERN -- the table from bench/ exits 1 and says PATTERN.
table_fails() {
	local out rc=0
	out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table 2>&1) || rc=$?
	assert_eq "$rc" 1 "$1"
	assert_match "$out" "$1"
}

test_complete_figures_give_the_table() {
	bench_runs
	local out
	out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table)
	# Less than a buffer of vmalloc left: vmalloc ran out.  Enough of both:
	# CMA's free pages were in smaller pieces than a buffer.
	assert_match "$out" '\| what ran out \| vmalloc \(5760 KiB left\) \| CMA \(59000 KiB free, in smaller pieces\) \|'
	sed -i 's/cma_free_end_kib=.*/cma_free_end_kib=2000/' bench/patched.txt
	assert_match "$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table)" 'what ran out \| vmalloc .* \| CMA \|'
}

test_lowmem_cma_table() {
	bench_runs
	sed -i 's/vmalloc_per_buffer=.*/vmalloc_per_buffer=0/' bench/*-lowcma.txt
	sed -i 's/create_destroy_us=.*/create_destroy_us=1200.0/' bench/patched-lowcma.txt
	local out
	out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table)
	assert_match "$out" '^\| CMA in lowmem .*\| base \| patched \|'
	assert_match "$(grep -A9 '^| CMA in lowmem' <<<"$out")" '^\| vmalloc bytes per buffer \| 0 \| 0 \|'
	assert_match "$(grep -A9 '^| CMA in lowmem' <<<"$out")" '^\| create\+destroy patched/base \| \| 0.80 \|'
	rm bench/patched-lowcma.txt
	assert_fails env BENCH_DIR="$PWD/bench" "$TOP/scripts/bench.sh" table
}

test_missing_figure_is_an_error() {
	bench_runs
	sed -i '/cma_free_end_kib/d' bench/patched.txt
	local out rc=0
	out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'the patched run did not report cma_free_end_kib'
	if grep -q 'ran out' <<<"$out"; then fail "printed a verdict without data"; fi
}

test_unmeasured_figure_is_an_error() {
	bench_runs
	sed -i 's/cma_free_end_kib=.*/cma_free_end_kib=-1/' bench/base.txt
	assert_match "$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table 2>&1 || true)" \
		'reported cma_free_end_kib=-1, not a measurement'
	rm bench/base-nol2.txt
	assert_fails env BENCH_DIR="$PWD/bench" "$TOP/scripts/bench.sh" table
}

test_pi_layout_rows() {
	bench_runs
	sed -i 's/size=.*/size=3840x2160/; s/cma_free_end_kib=.*/cma_free_end_kib=20000/' bench/patched-pi-4k.txt
	local out
	out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table)
	assert_match "$out" '\| buffer size \| 1920x1080 \| 1920x1080 \| 1920x1080 \| 3840x2160 \|'
	# 20000 KiB free is less than one 4K buffer (32400 KiB): CMA ran out.
	assert_match "$out" '\| what ran out \| vmalloc \(4760 KiB left\) \| CMA \(30000 KiB free, in smaller pieces\) \| vmalloc .* \| CMA \|$'
	assert_match "$out" '\| vmalloc left for the rest of the kernel when full \(KiB\) \| 4760 \|'
	sed -i '/vmalloc_full_kib/d' bench/base-pi-4k.txt
	assert_fails env BENCH_DIR="$PWD/bench" "$TOP/scripts/bench.sh" table
}

# The audit's H10: "what ran out" without the vmalloc figures it needs
# (BN1a, BN1b) is an error, not a table.
test_h10_what_ran_out_needs_its_figures() {
	local key run rc out
	for key in base:vmalloc_total_kib patched:vmalloc_full_kib; do
		bench_runs
		run=${key%%:*}
		sed -i "/^${key#*:}=/d" "bench/$run.txt"
		rc=0
		out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table 2>&1) || rc=$?
		assert_eq "$rc" 1 "$key missing"
		assert_match "$out" "${key#*:}"
		if grep -q 'what ran out' <<<"$out"; then fail "printed a verdict without data: $out"; fi
	done
}

# BN2: the base and patched bench logs passed swapped: the kernel release
# each log names must be the column's.
test_h10_swapped_columns_are_an_error() {
	local k f
	for k in base:$LOCALVERSION_BASE patched:$LOCALVERSION_PATCHED; do
		f=${k%%:*}.log
		echo "$PROTO_INIT (7.2.13${k#*:})" >"$f"
		printf 'bench.%s\n' size=1920x1080 vmalloc_total_kib=245760 vmalloc_start_kib=9000 \
			vmalloc_full_kib=200000 vmalloc_per_buffer=8298496 buffers=28 'error=Cannot allocate memory' \
			cma_free_start_kib=250000 cma_free_end_kib=20000 create_destroy_us=900.0 >>"$f"
	done
	"$TOP/scripts/bench.sh" board-table "Pi 3" base.log patched.log >/dev/null
	local out rc=0
	out=$("$TOP/scripts/bench.sh" board-table "Pi 3" patched.log base.log 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "not the base kernel"
}

test_flip_figures_give_the_flip_table() {
	bench_runs
	sed -i 's/flip_first_scanout_vmaps=.*/flip_first_scanout_vmaps=2/; s/flip_ioctl_us=.*/flip_ioctl_us=410.0/; s/flip_vmalloc_delta_kib=.*/flip_vmalloc_delta_kib=-12/' \
		bench/patched.txt
	local out
	out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table)
	assert_match "$out" '\| on-demand mappings made by the first scanout of the two buffers \| 0 \| 2 \|'
	assert_match "$out" '\| on-demand mappings made by the next 200 flips \| 0 \| 0 \|'
	# Lazily freed areas can leave the sum lower: a negative change is a figure.
	assert_match "$out" '\| vmalloc change over those flips, .* \| 0 \| -12 \|'
	assert_match "$out" '\| PAGE_FLIP ioctl patched/base, PL310 \| \| 1.02 \|'
	# The DRM_PANIC=n runs have rows of their own.
	sed -i 's/flip_ioctl_us=.*/flip_ioctl_us=404.0/' bench/patched-nopanic.txt
	out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table)
	assert_match "$out" '\| DRM_PANIC=n: on-demand mappings, first scanout / flips \| 0 / 0 \| 0 / 0 \|'
	assert_match "$out" '\| DRM_PANIC=n: PAGE_FLIP ioctl patched/base, PL310 \| \| 1.01 \|'
}

test_missing_or_bad_flip_figure_fails() {
	bench_runs
	sed -i '/^flip_vmaps=/d' bench/patched-nol2.txt
	table_fails 'the patched-nol2 run did not report flip_vmaps'
	bench_runs
	rm bench/base-nopanic.txt
	table_fails 'base-nopanic'
	bench_runs
	sed -i 's/flip_vmaps=.*/flip_vmaps=-1/' bench/patched.txt
	table_fails 'reported flip_vmaps=-1, not a measurement'
}

test_dma_table_gives_each_ratio() {
	bench_runs
	sed -i 's/^dma_highmem_4mib_us=.*/dma_highmem_4mib_us=250.0/' bench/patched.txt
	sed -i 's/^dma_highmem_4mib_us=.*/dma_highmem_4mib_us=400.0/' bench/norft.txt
	local out
	out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table)
	assert_match "$out" '\| highmem device, 4mib \| 100\.0 \| 400\.0 \| 4\.00 \| 250\.0 \| 2\.50 \|'
	assert_match "$out" '\| coherent device, page \| 100\.0 \| 100\.0 \| 1\.00 \| 100\.0 \| 1\.00 \|'
}

test_dma_figure_missing_or_misplaced_fails() {
	bench_runs
	sed -i '/^dma_coherent_1mib_us=/d' bench/base-nol2.txt
	table_fails 'base-nol2 run did not report dma_coherent_1mib_us'
	bench_runs
	# The lowmem device's area in highmem: the row would measure other memory.
	sed -i 's/^dma_lowmem_1mib_highmem=.*/dma_lowmem_1mib_highmem=17/' bench/patched.txt
	table_fails "patched run's lowmem device had 17 buffers of 1mib in highmem"
}
