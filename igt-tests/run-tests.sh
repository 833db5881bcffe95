#!/bin/sh
# run-tests.sh [-d BINDIR] TESTLIST
# Guest-side runner (POSIX sh, runs under busybox): runs every test@subtest
# of TESTLIST with a timeout and prints one machine-readable line per subtest:
#   igt-result: test@subtest: pass|fail|skip|crash|timeout (SECONDS s)
# The host parses those lines (scripts/results.sh).
set -eu

bindir=$(dirname "$0")
timeout_s=${IGT_TIMEOUT:-120}

while getopts d: opt; do
	case $opt in
	d) bindir=$OPTARG ;;
	*) echo "usage: $0 [-d BINDIR] TESTLIST" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || { echo "usage: $0 [-d BINDIR] TESTLIST" >&2; exit 2; }
[ -r "$1" ] || { echo "$0: test list $1 not found" >&2; exit 2; }

verdict() {
	rc=$1 secs=$2
	case $rc in
	0) echo pass ;;
	77) echo skip ;;
	98) echo fail ;;
	*)
		if [ "$rc" -gt 128 ] && [ "$secs" -ge "$timeout_s" ]; then
			echo timeout
		elif [ "$rc" -gt 128 ]; then
			echo crash
		else
			echo fail
		fi
		;;
	esac
}

run_one() {
	name=$1 test=${1%%@*} subtest=${1#*@}
	if [ ! -x "$bindir/$test" ]; then
		echo "igt-result: $name: fail (0 s) -- $bindir/$test not found"
		return
	fi
	start=$(date +%s)
	rc=0
	timeout -s KILL "$timeout_s" "$bindir/$test" --run-subtest "$subtest" 2>&1 || rc=$?
	secs=$(($(date +%s) - start))
	echo "igt-result: $name: $(verdict "$rc" "$secs") ($secs s)"
}

n=0
while read -r line; do
	case $line in
	'' | '#'*) continue ;;
	esac
	run_one "$line"
	n=$((n + 1))
done <"$1"
echo "igt-done: $n subtests"
