#!/usr/bin/env bash
# results.sh [-l LIST [-t REGEX]] [-e REGEX]... [-w REGEX] [-j JUNIT] [-o DIR] [-c CAPTURES] LOG
# -- judge a guest log.
# Prints one line per result: "PASS|FAIL|SKIP name [detail]", then a summary.
#   - every "igt-result:" line of the guest runner is one result; a line that
#     names igt-result: but does not parse fails the run
#   - -l LIST: the test list the guest ran (entries matching -t REGEX, the
#     TESTS= of the run): every entry must have exactly one result, no other
#     result may appear, and an empty selection fails
#   - the runner must have finished ("igt-done: N subtests", once) with N
#     equal to the number of entries (of results without -l)
#   - a skip at run time fails unless the fails file expected it; a test
#     not run because the skips file lists it is a SKIP
#   - the kernel log must be free of oopses, BUGs, WARNs, panics and stalls
#   - each -e REGEX must match somewhere in the log (e.g. the driver bound)
# -w REGEX: a WARN splat whose "WARNING:" line matches REGEX is reported as
# a known warning and does not fail the run (the debug run's core-code
# WARN_ON_ONCE()s on injected allocation failures).
# -j saves the runner's JUnit XML from the log to JUNIT; -o DIR saves the
# runner's junit.xml, results.csv and failures.csv (deqp-runner format) to
# DIR, and a missing one fails.
# -c adds the host's screen-capture verdicts (scripts/capture.sh) from
# CAPTURES; every "capture-request" of the guest and every nomap_kms_capture
# subtest that passed must have a PASS verdict there.
# results.sh -r LOG prints the raw "NAME RESULT" of each result line instead
# (scripts/compare.sh), with this script's parser.
# Exit 0 when nothing failed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

KERNEL_BAD='Oops|BUG:|WARNING:|Kernel panic|Unable to handle kernel|Internal error:|------------\[ cut here \]|rcu: INFO:|INFO: task .* blocked|UBSAN:'


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

# parsed LOG -- "NAME RESULT VERDICT" for each result line (protocol.sh).
parsed() {
	proto_results "$1" | awk '{ name = $1; res = $2; $1 = $2 = $3 = ""; sub(/^ +/, ""); print name, res, $0 }'
}

# judge NAME RESULT VERDICT -- one PASS|FAIL|SKIP line.
judge() {
	local name=$1 result=$2 verdict=$3
	case $verdict in
	xfail) echo "PASS $name (expected $result)" ;;
	flake*) echo "PASS $name (${verdict/#flake/flake: $result})" ;;
	unexpected-pass) echo "FAIL $name (unexpected pass: remove it from the fails file)" ;;
	expected-*) echo "FAIL $name ($result, expected ${verdict#expected-})" ;;
	'listed in skips') echo "SKIP $name (listed in skips)" ;;
	*)
		case $result in
		pass) echo "PASS $name" ;;
		skip) echo "FAIL $name (skipped at run time: fix the precondition, or expect it with $name,Skip in the fails file; see its log)" ;;
		*) echo "FAIL $name ($result${verdict:+: $verdict})" ;;
		esac
		;;
	esac
}

subtests() {
	local name result verdict
	parsed "$1" | while read -r name result verdict; do
		judge "$name" "$result" "$verdict"
	done
}

# list_entries LIST REGEX -- the entries of LIST the guest selects with REGEX.
list_entries() {
	grep -Ev '^[[:space:]]*(#.*)?$' "$1" | grep -E -- "${2:-.}" || true
}

# completeness LOG LIST REGEX -- every entry has exactly one result line,
# every line is a result, and igt-done counts them.
completeness() {
	local log=$1 list=$2 re=$3 entries want garbled ndone
	garbled=$(proto_garbled "$log" | grep -c . || true)
	[ "$garbled" = 0 ] || echo "FAIL guest@result-lines ($garbled garbled line(s), first: $(proto_garbled "$log" | head -n1))"
	if [ -n "$list" ]; then
		entries=$(list_entries "$list" "$re")
		if [ -z "$entries" ]; then
			echo "FAIL guest@test-list (no tests selected: ${re:+TESTS=$re matches nothing in }$list; fix TESTS or the list)"
		fi
		want=$(grep -c . <<<"$entries" || true)
		join -a1 -a2 -e 0 -o 0,1.2,2.2 <(sort <<<"$entries" | uniq -c | awk '{print $2, $1}') \
			<(parsed "$log" | awk '{print $1}' | sort | uniq -c | awk '{print $2, $1}') |
			awk '$2 == 0 { printf "FAIL %s (result for a test not in the list)\n", $1 }
			     $2 > 0 && $3 == 0 { printf "FAIL %s (no result line: the runner died, or the line was lost on the console)\n", $1 }
			     $2 > 0 && $3 > $2 { printf "FAIL %s (%d result lines)\n", $1, $3 }'
	else
		want=$(parsed "$log" | grep -c . || true)
		[ "$want" != 0 ] || echo "FAIL guest@test-list (no test ran)"
	fi
	ndone=$(proto_done_counts "$log")
	if [ -n "$ndone" ] && [ "$(grep -c . <<<"$ndone")" = 1 ] && [ "$ndone" = "$want" ]; then
		echo "PASS guest@runner-finished ($ndone subtests)"
	elif [ -n "$ndone" ]; then
		echo "FAIL guest@runner-finished ($PROTO_DONE $(paste -sd, <<<"$ndone"), expected $want)"
	else
		echo "FAIL guest@runner-finished (no igt-done line: the guest died or hung)"
	fi
}

# without_known_warns LOG REGEX -- the log minus the WARN splats (from "cut
# here" to "end trace") whose WARNING line matches REGEX.
without_known_warns() {
	tr -d '\r' <"$1" | awk -v re="$2" '
		function flush() { if (!known) printf "%s", buf; buf = ""; inside = 0; known = 0 }
		/------------\[ cut here \]/ { if (inside) flush(); inside = 1 }
		inside { buf = buf $0 "\n"; if (/WARNING:/ && re != "" && $0 ~ re) known = 1
			 if (/---\[ end trace/) flush(); next }
		{ print }
		END { if (inside) flush() }'
}

log_checks() {
	local log=$1 known=$2 re n k bad
	shift 2
	bad=$(without_known_warns "$log" "$known" | grep -E "$KERNEL_BAD" || true)
	if [ -z "$bad" ]; then
		echo "PASS kernel@no-oops-bug-warn"
	else
		n=$(wc -l <<<"$bad")
		echo "FAIL kernel@no-oops-bug-warn ($n lines, first: $(head -n1 <<<"$bad"))"
	fi
	if [ -n "$known" ]; then
		k=$(grep -E 'WARNING:' "$log" | grep -cE "$known" || true)
		# A count, not a verdict: it must not add to the passes.
		log "known warnings, counted apart: $k ($known)"
	fi
	for re in "$@"; do
		if grep -qE "$re" "$log"; then
			echo "PASS kernel@log-has:$re"
		else
			echo "FAIL kernel@log-has:$re"
		fi
	done
}

# capture_checks LOG CAPTURES -- the host's verdicts: every line of
# CAPTURES counts, and every request and every nomap_kms_capture subtest that
# passed in the guest (it only holds the pattern; the host judges the
# screen) needs a PASS.
capture_checks() {
	local log=$1 captures=$2 name
	[ -n "$captures" ] || return 0
	if [ ! -r "$captures" ]; then
		echo "FAIL capture@host (no $captures: scripts/capture.sh did not run)"
		return
	fi
	grep -E '^(PASS|FAIL) ' "$captures" || true
	while read -r name; do
		grep -qE "^PASS capture@$name( |$)" "$captures" ||
			grep -qE "^FAIL capture@$name( |$)" "$captures" ||
			echo "FAIL capture@$name (no screendump verdict for this run)"
	done < <({ sed -n "s/^$PROTO_CAPTURE \\([^ ]*\\) .*/\\1/p" "$log"
		parsed "$log" | awk '$1 ~ /^nomap_kms_capture@/ && $2 == "pass" { print $1 }'; } | sort -u)
}

usage() {
	die "usage: $PROG [-r | [-l LIST [-t REGEX]] [-e REGEX]... [-w REGEX] [-j JUNIT] [-o DIR] [-c CAPTURES]] LOG"
}

main() {
	local expects=() opt junit='' captures='' known='' list='' tests='' outdir='' raw=''
	while getopts rl:t:e:w:j:o:c: opt; do
		case $opt in
		r) raw=1 ;;
		o) outdir=$OPTARG ;;
		l) list=$OPTARG ;;
		t) tests=$OPTARG ;;
		e) expects+=("$OPTARG") ;;
		w) known=$OPTARG ;;
		j) junit=$OPTARG ;;
		c) captures=$OPTARG ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# = 1 ] || usage
	[ -r "$1" ] || die "log $1 not found; boot the board first (make qemu)"
	[ -z "$list" ] || [ -r "$list" ] || die "test list $list not found"
	local log
	log=$(mktemp)
	# shellcheck disable=SC2064 # expand now
	trap "rm -f '$log'" EXIT
	tr -d '\r' <"$1" >"$log"   # serial consoles end lines with CRLF
	if [ -n "$raw" ]; then
		parsed "$log" | awk '{ print $1, $2 }'
		return
	fi
	if [ -n "$junit" ]; then
		proto_file_from "$log" junit.xml >"$junit" || true
	fi
	local out
	out=$( { subtests "$log"; completeness "$log" "$list" "$tests"; save_result_files "$log" "$outdir"
		log_checks "$log" "$known" "${expects[@]}"; capture_checks "$log" "$captures"; })
	printf '%s\n' "$out"
	summarize - <<<"$out"
}

export LC_ALL=C
main "$@"
