# shellcheck shell=bash
# lib-results.sh -- judging runs with the project's judge, summaries,
# results pages and RESULTS.md proposals; sourced by scripts/lib.sh.

# captures_dir LOG -- where run-qemu.sh keeps the screen captures of the
# run whose serial log is LOG (results.txt holds capture.sh's verdicts).
captures_dir() {
	printf '%s\n' "${1%.log}-captures"
}

# judge_guest LOG LIST [OPTION]... -- scripts/results.sh on a QEMU run of
# the loaded board (board_load: DRIVER, XFAILS) of igt-tests/LIST (entries
# matching $TESTS), judged by the board's expectation files (an OPTION -x
# PREFIX replaces them): every entry has one result, the board's DRM driver
# bound, the screen captures judged.
judge_guest() {
	local log=$1 list=$2
	shift 2
	[ -n "${DRIVER:-}" ] || die "judge_guest: no board loaded (board_load BOARD first)"
	"$TOP/scripts/results.sh" -l "$TOP/igt-tests/$list" -t "${TESTS:-}" -e "Initialized $DRIVER " \
		-x "$TOP/igt-tests/xfails/$XFAILS" -c "$(captures_dir "$log")/results.txt" "$@" "$log"
}

# results_page KIND HTML ARG... -- write a run's results page with
# scripts/results-page.py and print where it is; a page that cannot be
# written is a warning, never a silent gap.
results_page() {
	local page=$1 html=$2
	shift 2
	if python3 -B "$TOP/scripts/results-page.py" "$page" -o "$html" "$@" >/dev/null; then
		log "results page: ${html#"$TOP"/}"
	else
		warn "no results page ${html#"$TOP"/} (results-page.py failed above)"
	fi
}

# judged_page LOG DIR JUDGED -- the results page DIR/index.html of a QEMU
# run from its serial LOG and the judge's lines in JUDGED.
judged_page() {
	results_page run "$2/index.html" --judged "$3" --log "$1" --junit "$2/junit.xml" \
		--captures "$(captures_dir "$1")" --title "${BOARD:-qemu-vexpress}: $(basename "$1")"
}

# rootfs_then_each FUNC ITEM... -- build the rootfs once, run FUNC ITEM for
# every item (each prints PASS|FAIL lines), print those lines and the
# closing "N passed, N failed" line; non-zero when any failed.
rootfs_then_each() {
	local fn=$1 item results=''
	shift
	timed "building the rootfs" "$TOP/scripts/mkrootfs.sh" >&2
	for item in "$@"; do
		results+=$("$fn" "$item")$'\n'
	done
	printf '%s' "$results"
	summarize - <<<"${results%$'\n'}"
}

# summarize -- read "PASS|FAIL|SKIP name" lines, print the summary line;
# fails when any line is FAIL, and when there is no result at all (H15).
summarize() {
	awk '{ n[$1]++ } END {
		printf "%d passed, %d failed, %d skipped\n", n["PASS"], n["FAIL"], n["SKIP"]
		exit n["FAIL"] > 0 || n["PASS"] + n["FAIL"] + n["SKIP"] == 0 }' "$@"
}

# Runs never write tracked files: a measuring target keeps the section it
# proposes for RESULTS.md in RECORD_DIR/NAME.md, and `make record`
# (scripts/record.sh) shows RESULTS.md with those sections replaced.
RECORD_DIR=${RECORD_DIR:-$TOP/out/record}

# propose_results NAME FILE -- keep FILE, under a line saying when and with
# which kernel it was measured, as the proposed section NAME of RESULTS.md.
propose_results() {
	local name=$1 file=$2
	mkdir -p "$RECORD_DIR"
	{
		printf '%s\n\n' "${RESULTS_STAMP:-$(results_stamp)}"
		cat "$file"
	} >"$RECORD_DIR/$name.md"
	log "proposed for RESULTS.md: ${RECORD_DIR#"$TOP"/}/$name.md (make record shows the update)"
}

# The stamp of published figures: the date and the series they measured.
results_stamp() {
	local version
	version=$(sed -n 's/^Version: //p;/^$/q' "$TOP/patches/cover-letter.txt")
	printf 'Measured %s, series v%s on %s (make %s).\n' "$(date -u +%Y-%m-%d)" "$version" \
		"$(BASE='' pin_get VERSION)" "${PROG%.sh}"
}

# run_judge COMMAND ARG... -- the project's judge (scripts/judge: deqp-runner
# semantics, expectation files, kernel-log scan, KUnit, bench); every
# verdict goes through it.
run_judge() {
	python3 -B "$TOP/scripts/judge" "$@"
}
