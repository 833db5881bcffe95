# shellcheck shell=sh disable=SC2154 # work, prog, xfails: run-tests.sh's globals
# run-tests-expect.sh -- run-tests.sh's expectation files (the format is in
# run-tests.sh's header): loaded and checked into $work, and a result judged
# against them.  POSIX sh; sourced by run-tests.sh from its directory.

# Non-comment lines of an expectation file (nothing without -x).
entries() {
	[ -n "$xfails" ] || return 0
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$xfails-$1.txt" || true
}

# load_expectations -- check the files and keep their entries in $work.
load_expectations() {
	for kind in fails flakes skips; do
		if [ -n "$xfails" ] && [ ! -r "$xfails-$kind.txt" ]; then
			die "expectation file $xfails-$kind.txt not found"
		fi
		entries "$kind" >"$work/$kind"
	done
	bad=$(grep -Ev '^[^,]+,(Fail|Crash|Timeout|Skip|Warn|UnexpectedImprovement\([A-Za-z]+\))$' \
		"$work/fails" | head -n 1) || true
	[ -z "$bad" ] || die "bad line in $xfails-fails.txt: '$bad'; use test@subtest,Fail|Crash|Timeout|Skip|Warn"
	for kind in flakes skips; do
		rc=0
		echo x | grep -Eq -f "$work/$kind" || rc=$?
		[ "$rc" != 2 ] || die "bad regex in $xfails-$kind.txt (POSIX ERE)"
	done
}

# matches KIND NAME -- NAME matches one of the regexes of KIND (unanchored).
# An empty file matches nothing (whatever grep -f makes of it).
matches() {
	[ -s "$work/$1" ] || return 1
	printf '%s\n' "$2" | grep -Eq -f "$work/$1"
}

# expected NAME -- the result the fails file expects, as a RESULT word.
expected() {
	awk -F, -v t="$1" '$1 == t {
		s = tolower($2)
		if (s ~ /^unexpectedimprovement\(/) { sub(/^[^(]*\(/, "", s); sub(/\)$/, "", s) }
		print s; exit }' "$work/fails"
}

# verdict NAME RESULT -- how the expectations judge a result.
verdict() {
	want=$(expected "$1")
	if [ -n "$want" ] && [ "$2" = "$want" ]; then
		echo xfail
	elif [ -n "$want" ] && [ "$2" = pass ]; then
		echo unexpected-pass
	elif [ -n "$want" ]; then
		echo "expected-$want"
	elif [ "$2" = skip ]; then
		echo unexpected-skip
	fi
}

# bad RESULT VERDICT -- the run fails with this result.
bad() {
	case $2 in
	xfail | flake*) return 1 ;;
	unexpected-* | expected-*) return 0 ;;
	esac
	[ "$1" != pass ]
}
