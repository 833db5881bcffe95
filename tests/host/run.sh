#!/usr/bin/env bash
# run.sh [PATTERN] -- host tests of the tooling.  Every function test_* in
# tests/host/test_*.sh runs in its own subshell and scratch directory $T.
# Prints "PASS|FAIL host@FILE@CASE" per case on stdout, the output of failing
# cases and the summary on stderr; exits non-zero when a case failed.
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

main() {
	local f fn results
	results=$(
		for f in "$HOST_TESTS"/test_*.sh; do
			# shellcheck source=/dev/null
			. "$f"
			for fn in $(declare -F | awk '{print $3}' | grep '^test_'); do
				run_case "$(basename "$f" .sh)" "$fn"
				unset -f "$fn"
			done
		done
	)
	printf '%s\n' "$results"
	summarize - <<<"$results" >&2
}

main "${@}"
