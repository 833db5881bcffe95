#!/usr/bin/env bash
# results.sh [-e REGEX]... LOG -- judge a guest serial log.
# Prints one line per result: "PASS|FAIL|SKIP name [detail]", then a summary.
#   - every "igt-result:" line of the guest runner is one result
#   - the runner must have finished ("igt-done:")
#   - the kernel log must be free of oopses, BUGs, WARNs and panics
#   - each -e REGEX must match somewhere in the log (e.g. the driver bound)
# Exit 0 when nothing failed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

KERNEL_BAD='Oops|BUG:|WARNING:|Kernel panic|Unable to handle kernel|------------\[ cut here \]'

subtests() {
	sed -n 's/^.*igt-result: \([^:]*\): \([a-z]*\) .*$/\1 \2/p' "$1" |
		while read -r name verdict; do
			case $verdict in
			pass) echo "PASS $name" ;;
			skip) echo "SKIP $name" ;;
			*) echo "FAIL $name ($verdict)" ;;
			esac
		done
}

log_checks() {
	local log=$1 re n
	shift
	if grep -q 'igt-done:' "$log"; then
		echo "PASS guest@runner-finished"
	else
		echo "FAIL guest@runner-finished (no igt-done line: the guest died or hung)"
	fi
	n=$(grep -cE "$KERNEL_BAD" "$log" || true)
	if [ "$n" = 0 ]; then
		echo "PASS kernel@no-oops-bug-warn"
	else
		echo "FAIL kernel@no-oops-bug-warn ($n lines, first: $(grep -m1 -E "$KERNEL_BAD" "$log"))"
	fi
	for re in "$@"; do
		if grep -qE "$re" "$log"; then
			echo "PASS kernel@log-has:$re"
		else
			echo "FAIL kernel@log-has:$re"
		fi
	done
}

main() {
	local expects=() opt
	while getopts e: opt; do
		case $opt in
		e) expects+=("$OPTARG") ;;
		*) die "usage: $PROG [-e REGEX]... LOG" ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# = 1 ] || die "usage: $PROG [-e REGEX]... LOG"
	[ -r "$1" ] || die "log $1 not found; boot the board first (make qemu)"
	local out
	out=$( { subtests "$1"; log_checks "$1" "${expects[@]}"; })
	printf '%s\n' "$out"
	summarize - <<<"$out"
}

main "$@"
