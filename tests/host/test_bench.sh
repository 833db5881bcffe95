# shellcheck shell=bash
# scripts/bench.sh: the table holds only figures the guest measured.

bench_runs() {
	local run
	mkdir -p bench
	for run in base patched base-nol2 patched-nol2; do
		printf '%s\n' vmalloc_per_buffer=8298496 buffers=8 'error=Cannot allocate memory' \
			cma_free_start_kib=126000 cma_free_end_kib=59000 create_destroy_us=1500.0 >"bench/$run.txt"
	done
}

test_complete_figures_give_the_table() {
	bench_runs
	local out
	out=$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table)
	assert_match "$out" '\| what ran out \| not CMA \(59000 KiB still free\) \|'
	sed -i 's/cma_free_end_kib=.*/cma_free_end_kib=2000/' bench/patched.txt
	assert_match "$(BENCH_DIR=$PWD/bench "$TOP/scripts/bench.sh" table)" 'what ran out \| not CMA .* \| CMA \|'
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
