# shellcheck shell=bash
# The judge on real captured output, as kunit.py's test_data/ (the files
# and where they come from: tests/host/data/README), and on the real
# patches/: a clean run passes, and the audit's holes put into the real
# text (printk interleaving, carriage returns, real splats) fail.

DATA=$TOP/tests/host/data

# real_run NAME -- ./NAME.log, the real QEMU serial log, with the host's
# capture verdicts of that run next to it (judge_guest reads them there).
real_run() {
	tr -d '\r' <"$DATA/qemu-vexpress/boot.log" >"$1.log"
	mkdir -p "$1-captures"
	cp "$DATA/qemu-vexpress/captures.txt" "$1-captures/results.txt"
}

# judged_real LOG [OPTION]... -- judge_guest on a qemu-vexpress run of the
# list the captured run ran (tests/host/data/qemu-vexpress/testlist.txt).
judged_real() {
	local log=$1
	shift
	[ -d "${log%.log}-captures" ] || cp -r real-captures "${log%.log}-captures"
	# shellcheck disable=SC2016 # expanded by the inner bash
	TESTS='' bash -c '. "$1/scripts/lib.sh"; . "$1/scripts/board.sh"; board_load qemu-vexpress
		shift; judge_guest "$@"' _ "$TOP" "$log" ../tests/host/data/qemu-vexpress/testlist.txt "$@"
}

test_real_qemu_run_passes() {
	local out n
	cp "$DATA/qemu-vexpress/boot.log" crlf.log
	mkdir -p crlf-captures && cp "$DATA/qemu-vexpress/captures.txt" crlf-captures/results.txt
	out=$(judged_real crlf.log)
	n=$(grep -c . "$DATA/qemu-vexpress/testlist.txt")
	assert_match "$out" "^PASS guest@runner-finished"
	assert_match "$out" '^PASS kernel@taint'
	assert_eq "$(grep -c '^PASS nomap_' <<<"$out")" "$n"
	assert_match "$(tail -n1 <<<"$out")" ' 0 failed, 0 skipped$'
}

# The audit's holes, put into the real log.
test_real_qemu_run_with_a_hole_fails() {
	real_run real
	local bad
	# H1: a retry that crashed after a failure is no flake.
	sed 's/^\(igt-result: nomap_security@zero-after-other-process\): pass (\([0-9]*\) s)$/\1: fail (\2 s) [flake, retry: crash]/' real.log >h1.log
	# H3: the guest says the board's skips list the stale-memory test.
	sed 's/^\(igt-result: nomap_dumb_buffer@create-clear\): pass (\([0-9]*\) s)$/\1: skip (0 s) [listed in skips]/' real.log >h3.log
	# H4: the taint line has W (512), the console no WARN.
	sed "s/^$PROTO_TAINTED"'4096$/'"${PROTO_TAINTED}4608/" real.log >h4.log
	# A result line lost (D1), and a real-looking WARN splat among the tests.
	grep -v '^igt-result: nomap_prime@vmap-by-importer:' real.log >d1.log
	sed '/^igt-result: nomap_kms_smoke@open-by-driver:/a\
[    5.100000] ------------[ cut here ]------------\
[    5.100001] WARNING: CPU: 0 PID: 91 at drivers/gpu/drm/drm_gem_dma_helper.c:321 drm_gem_dma_vmap+0x40/0x60\
[    5.100300] ---[ end trace 0000000000000000 ]---' real.log >warn.log
	for bad in h1 h3 h4 d1 warn; do
		cp -r real-captures "$bad-captures"
		assert_match "$(judged_real "$bad.log" || true)" ' [1-9][0-9]* failed' "$bad.log passed"
	done
	assert_match "$(judged_real h1.log || true)" '^FAIL nomap_security@zero-after-other-process \(fail, retry: crash\)'
	assert_match "$(judged_real h3.log || true)" '^FAIL nomap_dumb_buffer@create-clear'
	assert_match "$(judged_real h4.log || true)" '^FAIL kernel@taint'
	assert_match "$(judged_real d1.log || true)" '^FAIL nomap_prime@vmap-by-importer \(no result line'
	assert_match "$(judged_real warn.log || true)" '^FAIL kernel@no-oops-bug-warn \(2 lines, first: .*cut here'
}

# patch_source PATH -- the file PATH as the patch of patches/ that adds it
# writes it (the real series, read in place).
patch_source() {
	local p
	p=$(grep -l "^+++ b/$1\$" "$TOP"/patches/[0-9]*.patch | head -n1)
	[ -n "$p" ] || fail "no patch in patches/ adds $1"
	awk -v f="+++ b/$1" '$0 == f { on = 1; next } on && /^(diff --git|-- $)/ { exit }
		on && /^\+/ { print substr($0, 2) } on && /^ / { print substr($0, 2) }' "$p"
}

# suite_sources -- the series' KUnit suites, from patches/, in ./src; prints
# their paths.
suite_sources() {
	local f
	for f in kernel/dma/vmap_kunit.c drivers/gpu/drm/tests/drm_gem_dma_helper_test.c \
		drivers/gpu/drm/vc4/tests/vc4_test_bo.c; do
		mkdir -p "src/${f%/*}"
		patch_source "$f" >"src/$f"
		[ -s "src/$f" ] || fail "empty $f from patches/"
		printf '%s\n' "src/$f"
	done
}

test_real_kunit_arm64_run_passes() {
	local srcs cases out
	mapfile -t srcs < <(suite_sources)
	cases=$(cat "${srcs[@]}" | grep -cE 'KUNIT_CASE(_PARAM)?\(')
	out=$(PREFIX=kunit-arm64 "$TOP/scripts/kunit.sh" parse "$DATA/kunit-arm64/results.json" "$cases" \
		"$TOP/configs/kunit-arm64.skips" "$DATA/kunit-arm64/test.log" "${srcs[@]}")
	assert_match "$out" '^PASS kunit-arm64@drm_gem_dma_test_panic@mapped$'
	assert_match "$out" '^SKIP kunit-arm64@drm_gem_dma_test_unmapped_is_zeroed \(expected: kunit-arm64.skips\)$'
	if grep -q '^FAIL' <<<"$out"; then fail "the real arm64 run failed: $out"; fi
}

# kunit_edit IN OUT CASE STATUS -- IN with the case (or parameter) CASE
# set to STATUS, or dropped when STATUS is "drop".
kunit_edit() {
	python3 - "$@" <<-'PY'
	import json, sys
	src, dst, name, status = sys.argv[1:]
	data = json.load(open(src))
	hits = []
	def walk(g):
	    for c in list(g.get("test_cases", [])):
	        if c["name"] == name:
	            hits.append(c)
	            if status == "drop":
	                g["test_cases"].remove(c)
	            else:
	                c["status"] = status
	    for s in g.get("sub_groups", []):
	        walk(s)
	walk(data)
	assert len(hits) == 1, "%d cases named %s in %s" % (len(hits), name, src)
	json.dump(data, open(dst, "w"))
	PY
}

# H7 on the real arm64 run: a case that fails, a parameter that did not
# run, a WARN in the KUnit kernel's log.
test_real_kunit_arm64_run_with_a_hole_fails() {
	local srcs cases json=$DATA/kunit-arm64/results.json log=$DATA/kunit-arm64/test.log
	mapfile -t srcs < <(suite_sources)
	cases=$(cat "${srcs[@]}" | grep -cE 'KUNIT_CASE(_PARAM)?\(')
	judge_kunit() {
		PREFIX=kunit-arm64 "$TOP/scripts/kunit.sh" parse "$1" "$cases" "$TOP/configs/kunit-arm64.skips" "$2" "${srcs[@]}"
	}
	kunit_edit "$json" failed.json drm_gem_dma_test_mapped_has_vaddr FAIL
	assert_match "$(judge_kunit failed.json "$log" || true)" '^FAIL kunit-arm64@drm_gem_dma_test_mapped_has_vaddr \(fail\)'
	kunit_edit "$json" dropped.json mapped drop
	assert_match "$(judge_kunit dropped.json "$log" || true)" \
		'^FAIL kunit-arm64@drm_gem_dma_test_panic@mapped \(the parameter did not run\)'
	sed '/^    ok 1 drm_gem_dma_test_mapped_has_vaddr$/a\
[    1.500000] WARNING: CPU: 0 PID: 70 at drivers/gpu/drm/drm_gem_dma_helper.c:321 drm_gem_dma_vmap+0x40/0x60' \
		"$log" >warn.log
	if cmp -s warn.log "$log"; then fail "no WARN put into the kernel log"; fi
	assert_match "$(judge_kunit "$json" warn.log || true)" '^FAIL kunit-arm64@kernel-log:no-oops-bug-warn'
}

# K1 on the real arm-lowmem run: it passes, and without the parameter it
# exists for (the decision for a non-coherent device: lowmem stays mapped)
# it fails.
test_real_kunit_arm_lowmem_run() {
	local srcs out
	mapfile -t srcs < <(suite_sources)
	# The run is the drm_gem_dma suite: its cases, counted as kunit.sh does.
	judge_lowmem() {
		PREFIX=kunit-arm-lowmem "$TOP/scripts/kunit.sh" parse "$1" \
			"$(grep -cE 'KUNIT_CASE(_PARAM)?\(' src/drivers/gpu/drm/tests/drm_gem_dma_helper_test.c)" \
			"$TOP/configs/kunit-arm-lowmem.skips" '' "${srcs[@]}"
	}
	out=$(judge_lowmem "$DATA/kunit-arm-lowmem/results.json")
	assert_match "$out" '^PASS kunit-arm-lowmem@drm_gem_dma_test_mapping_decision@non-coherent$'
	kunit_edit "$DATA/kunit-arm-lowmem/results.json" k1.json 'non-coherent' drop
	assert_match "$(judge_lowmem k1.json || true)" \
		'^FAIL kunit-arm-lowmem@drm_gem_dma_test_mapping_decision@non-coherent \(the parameter did not run\)$'
}
