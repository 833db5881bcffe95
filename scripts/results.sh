#!/usr/bin/env bash
# results.sh [-l LIST [-t REGEX]] [-x XFAILS] [-e REGEX]... [-w REGEX] [-j JUNIT] [-o DIR] [-c CAPTURES] [-s] LOG
# -- judge a guest serial log (or a board's results.txt plus its kernel log)
# with the project's judge, scripts/judge (its "guest" command says how).
# Prints one "PASS|FAIL|SKIP name [detail]" line per result, then a summary.
# Only the raw results of the log count (result lines, exit-code results,
# the retry's result, the kernel log), never a verdict the guest printed:
#   -l LIST     the project's test list (entries matching -t REGEX, the
#               TESTS= of the run): every entry must have exactly one result,
#               no other result may appear, and an empty selection fails;
#               the runner's igt-done must count them
#   -x XFAILS   the project's expectation files XFAILS-{fails,flakes,skips}.txt
#               (deqp-runner semantics, checked against LIST when loaded);
#               without it nothing is expected: every test must pass
#   -e REGEX    must match somewhere in the log (e.g. the driver bound)
#   -w REGEX    a WARN splat whose "WARNING:" line matches REGEX is counted
#               apart and does not fail the run (the debug run's core-code
#               WARN_ON_ONCE()s on injected allocation failures)
#   -s          a flake fails (a mutation must be caught every time)
#   -c CAPTURES the host's screen-capture verdicts (scripts/capture.sh):
#               every capture request of the guest and every nomap_kms_capture
#               subtest that passed needs a verdict there
# -j saves the runner's JUnit XML from the log to JUNIT; -o DIR saves the
# runner's junit.xml, results.csv and failures.csv to DIR (a missing one
# fails), then the judge's own results.csv and failures.csv (deqp-runner's
# name,status,seconds) replace the runner's two.  results.sh -r LOG prints the raw "NAME RESULT" of each result line
# instead (scripts/compare.sh).  Exit 0 when nothing failed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# save_result_files LOG DIR -- the runner's result files into DIR.
save_result_files() {
	local f
	[ -n "$2" ] || return 0
	mkdir -p "$2"
	for f in $PROTO_FILES; do
		proto_file_from "$1" "$f" >"$2/$f" ||
			echo "FAIL guest@result-files (no $f in the log: the guest died before printing it)"
	done
}

# raw LOG DIR -- the raw facts of LOG for the judge, in DIR: its result
# lines, the lines that do not parse, the igt-done counts, the capture
# requests.
raw() {
	proto_results "$1" >"$2/results"
	proto_garbled "$1" >"$2/garbled"
	proto_done_counts "$1" >"$2/done"
	sed -n "s/^$PROTO_CAPTURE \\([^ ]*\\) .*/\\1/p" "$1" >"$2/requests"
}

usage() {
	die "usage: $PROG [-r | [-l LIST [-t REGEX]] [-x XFAILS] [-e REGEX]... [-w REGEX] [-j JUNIT] [-o DIR] [-c CAPTURES] [-s]] LOG"
}

main() {
	local args=() opt junit='' outdir='' raw='' list=''
	while getopts rl:t:x:e:w:j:o:c:s opt; do
		case $opt in
		r) raw=1 ;;
		o) outdir=$OPTARG ;;
		l) list=$OPTARG; args+=(--list "$OPTARG") ;;
		t) args+=(--tests "$OPTARG") ;;
		x) args+=(--xfails "$OPTARG") ;;
		e) args+=(--expect "$OPTARG") ;;
		w) args+=(--known-warns "$OPTARG") ;;
		j) junit=$OPTARG ;;
		c) args+=(--captures "$OPTARG") ;;
		s) args+=(--strict-flakes) ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# = 1 ] || usage
	[ -r "$1" ] || die "log $1 not found; boot the board first (make qemu)"
	[ -z "$list" ] || [ -r "$list" ] || die "test list $list not found"
	local tmp
	tmp=$(mktemp -d)
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf '$tmp'" EXIT
	tr -d '\r' <"$1" >"$tmp/log"   # serial consoles end lines with CRLF
	if [ -n "$raw" ]; then
		proto_results "$tmp/log" | awk '{ print $1, $2 }'
		return
	fi
	judge_log "$tmp" "$outdir" "$junit" "${args[@]}"
}

# judge_log DIR OUTDIR JUNIT ARG... -- the judge's lines on DIR/log (its raw
# facts extracted into DIR), the runner's files saved to OUTDIR with the
# judge's own results.csv and failures.csv, then the summary.
judge_log() {
	local dir=$1 outdir=$2 junit=$3 out
	shift 3
	[ -z "$junit" ] || proto_file_from "$dir/log" junit.xml >"$junit" || true
	raw "$dir/log" "$dir"
	out=$( { save_result_files "$dir/log" "$outdir"
		run_judge guest --results "$dir/results" --garbled "$dir/garbled" --done "$dir/done" \
			--capture-requests "$dir/requests" --log "$dir/log" ${outdir:+--csv "$outdir"} "$@" || true; })
	printf '%s\n' "$out"
	summarize - <<<"$out"
}

export LC_ALL=C
main "$@"
