#!/usr/bin/env bash
# run.sh [PATTERN] -- host tests of the tooling.  Every function test_* in
# tests/host/test_*.sh (those whose FILE@CASE matches the regex PATTERN)
# runs in its own subshell and scratch directory $T; each file is loaded in
# a subshell of its own, and a file that does not load, or defines fewer
# cases than it declares (test_*() lines), is a failure.
# Prints "PASS|FAIL host@FILE@CASE" per case on stdout as it finishes, the
# output of failing cases and the summary on stderr; exits non-zero when a
# case failed.
set -euo pipefail
shopt -s inherit_errexit   # cases run inside $(...): keep errexit there
HOST_TESTS=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
. "$HOST_TESTS/../../scripts/lib.sh"

# Assertions for the cases.
fail() { echo "assertion failed: $*" >&2; exit 1; }
assert_eq() { [ "$1" = "$2" ] || fail "expected '$2', got '$1'${3:+ ($3)}"; }
assert_match() { grep -qE -- "$2" <<<"$1" || fail "'$2' not found in: $1"; }
assert_fails() { if "$@" >/dev/null 2>&1; then fail "expected failure: $*"; fi; }

run_case() {
	local file=$1 fn=$2 rc=0
	T=$(mktemp -d)
	# A background job keeps errexit in force inside the case.
	(cd "$T" && "$fn") >"$T.log" 2>&1 &
	wait $! || rc=$?
	if [ "$rc" = 0 ]; then
		echo "PASS host@$file@$fn"
	else
		echo "FAIL host@$file@$fn"
		sed "s/^/  $fn: /" "$T.log" >&2
	fi
	rm -rf "$T" "$T.log"
}

# run_file FILE PATTERN -- load FILE (errexit kept: a background job) and
# run its cases.
run_file() {
	local f=$1 pattern=$2 name fn want got err rc=0
	name=$(basename "$f" .sh)
	err=$(mktemp)
	# shellcheck source=/dev/null
	. "$f" 2>"$err" &
	wait $! || rc=$?
	if [ "$rc" != 0 ] || [ -s "$err" ]; then
		echo "FAIL host@$name@load"
		{ echo "  $name: $f does not load (exit $rc):"; sed "s/^/  $name: /" "$err"; } >&2
		rm -f "$err"
		return
	fi
	rm -f "$err"
	# shellcheck source=/dev/null
	. "$f"
	want=$(grep -c '^test_[a-z0-9_]*() {$' "$f" || true)
	got=$(declare -F | awk '{print $3}' | grep -c '^test_' || true)
	[ "$got" -ge "$want" ] || echo "FAIL host@$name@load ($got of $want cases defined)"
	for fn in $(declare -F | awk '{print $3}' | grep '^test_'); do
		if grep -qE -- "$pattern" <<<"$name@$fn"; then
			run_case "$name" "$fn"
		fi
	done
}

# Each result line is printed as its case finishes, not at the end.
main() {
	local f pattern=${1:-.}
	[ $# -le 1 ] || die "usage: $PROG [PATTERN]"
	RESULTS_TMP=$(mktemp)
	trap 'rm -f "$RESULTS_TMP"' EXIT
	for f in "$HOST_TESTS"/test_*.sh; do
		(run_file "$f" "$pattern")
	done | tee "$RESULTS_TMP"
	[ -s "$RESULTS_TMP" ] || die "no host test matches '$pattern'"
	summarize "$RESULTS_TMP" >&2
}

main "${@}"
