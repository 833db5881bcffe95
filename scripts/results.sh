#!/usr/bin/env bash
# results.sh [-e REGEX]... [-w REGEX] [-j JUNIT] [-c CAPTURES] LOG -- judge a guest log.
# Prints one line per result: "PASS|FAIL|SKIP name [detail]", then a summary.
#   - every "igt-result:" line of the guest runner is one result
#   - the runner must have finished ("igt-done:")
#   - the kernel log must be free of oopses, BUGs, WARNs and panics
#   - each -e REGEX must match somewhere in the log (e.g. the driver bound)
# -w REGEX: a WARN splat whose "WARNING:" line matches REGEX is reported as
# a known warning and does not fail the run (the debug run's core-code
# WARN_ON_ONCE()s on injected allocation failures).
# -j saves the runner's JUnit XML from the log to JUNIT.
# -c adds the host's screen-capture verdicts (scripts/capture.sh) from
# CAPTURES; every "capture-request" of the guest must have one.
# Exit 0 when nothing failed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

KERNEL_BAD='Oops|BUG:|WARNING:|Kernel panic|Unable to handle kernel|------------\[ cut here \]'

# igt-result: NAME: RESULT (N s) [VERDICT] -> PASS|FAIL|SKIP lines.
subtests() {
	tr -d '\r' <"$1" | sed -n 's/^.*igt-result: \([^:]*\): \([a-z]*\) ([0-9]* s)\( \[\(.*\)\]\)\{0,1\}$/\1 \2 \4/p' |
		while read -r name result verdict; do
			case $verdict in
			xfail) echo "PASS $name (expected $result)" ;;
			flake) echo "PASS $name (flake: $result)" ;;
			unexpected-pass) echo "FAIL $name (unexpected pass: remove it from the fails file)" ;;
			expected-*) echo "FAIL $name ($result, expected ${verdict#expected-})" ;;
			*)
				case $result in
				pass) echo "PASS $name" ;;
				skip) echo "SKIP $name${verdict:+ ($verdict)}" ;;
				*) echo "FAIL $name ($result)" ;;
				esac
				;;
			esac
		done
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
	if grep -q 'igt-done:' "$log"; then
		echo "PASS guest@runner-finished"
	else
		echo "FAIL guest@runner-finished (no igt-done line: the guest died or hung)"
	fi
	bad=$(without_known_warns "$log" "$known" | grep -E "$KERNEL_BAD" || true)
	if [ -z "$bad" ]; then
		echo "PASS kernel@no-oops-bug-warn"
	else
		n=$(wc -l <<<"$bad")
		echo "FAIL kernel@no-oops-bug-warn ($n lines, first: $(head -n1 <<<"$bad"))"
	fi
	if [ -n "$known" ]; then
		k=$(tr -d '\r' <"$log" | grep -E 'WARNING:' | grep -cE "$known" || true)
		echo "PASS kernel@known-warnings ($k: $known)"
	fi
	for re in "$@"; do
		if grep -qE "$re" "$log"; then
			echo "PASS kernel@log-has:$re"
		else
			echo "FAIL kernel@log-has:$re"
		fi
	done
}

# capture_checks LOG CAPTURES -- the host's verdict for every request.
capture_checks() {
	local name
	[ -n "$2" ] || return 0
	while read -r name; do
		grep -E "^(PASS|FAIL) capture@$name( |$)" "$2" 2>/dev/null ||
			echo "FAIL capture@$name (requested, but no screendump was taken)"
	done < <(tr -d '\r' <"$1" | sed -n 's/^capture-request: \([^ ]*\) .*/\1/p')
}

main() {
	local expects=() opt junit='' captures='' known=''
	while getopts e:w:j:c: opt; do
		case $opt in
		e) expects+=("$OPTARG") ;;
		w) known=$OPTARG ;;
		j) junit=$OPTARG ;;
		c) captures=$OPTARG ;;
		*) die "usage: $PROG [-e REGEX]... [-w REGEX] [-j JUNIT] [-c CAPTURES] LOG" ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# = 1 ] || die "usage: $PROG [-e REGEX]... [-w REGEX] [-j JUNIT] [-c CAPTURES] LOG"
	[ -r "$1" ] || die "log $1 not found; boot the board first (make qemu)"
	if [ -n "$junit" ]; then
		tr -d '\r' <"$1" | sed -n '/^--- junit.xml ---$/,/^--- end junit.xml ---$/p' |
			sed '1d;$d' >"$junit"
	fi
	local out
	out=$( { subtests "$1"; log_checks "$1" "$known" "${expects[@]}"; capture_checks "$1" "$captures"; })
	printf '%s\n' "$out"
	summarize - <<<"$out"
}

main "$@"
