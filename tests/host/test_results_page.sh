# shellcheck shell=bash
# The results pages (scripts/results-page.py) on real captured output
# (tests/host/data/qemu-vexpress): a failing test comes first with its
# evidence a click away, captures show with their reference and diff, the
# bench becomes charts, bad input is a clear error; and a real browser,
# Debian's headless Chromium, renders the page without errors.

PAGE=$TOP/scripts/results-page.py
RUN_DATA=$TOP/tests/host/data/qemu-vexpress

# failing_run -- ./run.log, the real serial log with create-clear turned
# into a failure, ./judged.txt the judge's lines on it, ./junit.xml the
# runner's, and a capture with its reference and diff next to the log.
failing_run() {
	tr -d '\r' <"$RUN_DATA/boot.log" |
		sed 's/igt-result: nomap_dumb_buffer@create-clear: pass /igt-result: nomap_dumb_buffer@create-clear: fail /' >run.log
	mkdir -p run-captures out
	cp "$RUN_DATA/captures.txt" run-captures/results.txt
	build_capture_check "$PWD/capture_check"
	./capture_check generate 8 8 0x1 p.ppm
	pnmtopng p.ppm >run-captures/nomap_kms_capture@scanout-pattern.png 2>/dev/null
	cp run-captures/nomap_kms_capture@scanout-pattern.png run-captures/nomap_kms_capture@scanout-pattern.ref.png
	# shellcheck disable=SC2016 # expanded by the inner bash
	TESTS='' bash -c '. "$1/scripts/lib.sh"; . "$1/scripts/board.sh"; board_load qemu-vexpress
		judge_guest run.log ../tests/host/data/qemu-vexpress/testlist.txt -o out' _ "$TOP" >judged.txt || true
	assert_match "$(cat judged.txt)" '^FAIL nomap_dumb_buffer@create-clear'
}

run_page() {
	python3 -B "$PAGE" run -o out/index.html --judged judged.txt --log run.log \
		--junit out/junit.xml --captures run-captures --title "qemu-vexpress: run.log"
}

# first_row HTML -- the test of the first result row.
first_row() {
	grep -o '<tr class="[A-Z]*"><td>[A-Z]*</td><td>[^<]*' "$1" | head -n1
}

test_failure_comes_first_with_its_evidence() {
	failing_run
	run_page >/dev/null
	assert_eq "$(first_row out/index.html)" '<tr class="FAIL"><td>FAIL</td><td>nomap_dumb_buffer@create-clear'
	assert_match "$(cat out/index.html)" '<p id="summary">[0-9]+ passed, 1 failed'
	# Its serial log slice ends with its own result line, and the runner's
	# output is there too.
	local row
	row=$(grep -A30 '<td>nomap_dumb_buffer@create-clear' out/index.html | tr '\n' ' ')
	assert_match "$row" 'serial log up to its result.*igt-result: nomap_dumb_buffer@create-clear: fail'
	assert_match "$row" 'runner output'
	# The capture, with its reference, linked relative to the page.
	assert_match "$(cat out/index.html)" 'src="../run-captures/nomap_kms_capture@scanout-pattern.ref.png"'
	assert_match "$(cat out/index.html)" 'href="../run.log"'
}

test_compare_page_puts_differences_first() {
	printf 'PASS a@1\nPASS b@2\nFAIL c@3 (stale)\n' >base.judged
	printf 'PASS a@1\nPASS b@2\nPASS c@3\n' >patched.judged
	python3 -B "$PAGE" compare -o cmp.html --base base.judged --patched patched.judged >/dev/null
	assert_match "$(grep -o '<tr><td>[^<]*' cmp.html | head -n1)" 'c@3'
	assert_match "$(cat cmp.html)" '1 verdicts differ'
}

test_bench_page_draws_base_and_patched() {
	mkdir bench
	local k
	for k in base patched base-nol2 patched-nol2 base-lonely; do
		printf 'size=1920x1080\nvmalloc_total_kib=245760\nvmalloc_full_kib=%s\nvmalloc_per_buffer=%s\nbuffers=%s\ncreate_destroy_us=%s\n' \
			178436 8298496 8 12775.4 >"bench/$k.txt"
	done
	python3 -B "$PAGE" bench -o bench/index.html bench >/dev/null
	assert_eq "$(grep -o '<svg' bench/index.html | wc -l)" 4
	# Only complete base/patched pairs: the lonely base run is left out.
	assert_match "$(cat bench/index.html)" '>patched-nol2<'
	if grep -q 'lonely' bench/index.html; then fail "a run without its pair was drawn"; fi
}

test_bad_input_is_a_clear_error() {
	: >empty.txt
	local out
	out=$(python3 -B "$PAGE" run -o x.html --judged empty.txt 2>&1) && fail "an empty judge file made a page"
	assert_match "$out" 'no PASS/FAIL/SKIP line in empty.txt'
	out=$(python3 -B "$PAGE" bench -o x.html . 2>&1) && fail "a directory without figures made a page"
	assert_match "$out" 'no base/patched figures'
	out=$(python3 -B "$PAGE" compare -o x.html --base empty.txt 2>&1) && fail "compare without --patched ran"
	assert_match "$out" 'compare needs patched'
	[ ! -e x.html ] || fail "a page was written for bad input"
}

test_capture_mismatch_writes_reference_and_diff() {
	build_capture_check "$PWD/capture_check"
	./capture_check generate 64 48 0x1 img.ppm
	printf '\x01' | dd of=img.ppm bs=1 seek=$(($(stat -c %s img.ppm) - 1)) conv=notrunc 2>/dev/null
	"$TOP/scripts/capture.sh" reference img.ppm 0x1 img 2>/dev/null
	assert_match "$(file img.ref.png img.diff.png | tr -s ' ' | tr '\n' ' ')" 'img.ref.png: PNG image data, 64 x 48.*img.diff.png: PNG image data, 64 x 48'
	# The one differing pixel is bright in the diff.
	assert_eq "$(pngtopnm img.diff.png | pamsumm -max -brief)" 255
}

# Debian's Chromium renders the page of a failing run: no console error,
# every image and link of the page names a file that is there, the failing
# test is the first row of the rendered DOM, and the screenshot is kept in
# out/.
test_chromium_renders_the_page() {
	command -v chromium >/dev/null || fail "Debian's chromium is not installed: run 'make deps'"
	failing_run
	run_page >/dev/null
	local url=file://$PWD/out/index.html shot=$TOP/out/results-page-chromium.png
	mkdir -p "$TOP/out"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$PWD/profile" \
		--enable-logging=stderr --v=0 --window-size=1200,900 --screenshot="$shot" "$url" \
		>/dev/null 2>console.txt || fail "chromium failed: $(tail -n3 console.txt)"
	if grep -Ei 'CONSOLE|Failed to load resource|Uncaught|Not allowed to load' console.txt; then
		fail "the page has errors in Chromium (above)"
	fi
	local ref
	while read -r ref; do
		[ -e "out/$ref" ] || fail "the page links to out/$ref, which is not there"
	done < <(grep -o '\(src\|href\)="[^"#]*"' out/index.html | sed 's/^[a-z]*="//;s/"$//')
	assert_match "$(file "$shot")" 'PNG image data, 1200 x 900'
	timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$PWD/profile" \
		--dump-dom "$url" 2>/dev/null >dom.html
	assert_eq "$(first_row dom.html)" '<tr class="FAIL"><td>FAIL</td><td>nomap_dumb_buffer@create-clear'
}
