#!/bin/sh
# run-tests.sh [-d BINDIR] [-x XFAILS_PREFIX] [-r RESULTS_DIR] TESTLIST
#
# Guest-side runner (POSIX sh + awk; runs under busybox and on a real board).
# Runs every test@subtest of TESTLIST as "BINDIR/test --run-subtest subtest"
# (a plain "test" entry runs the binary whole) with a timeout, igt-style, and
# judges the result against drm-ci
# expectation files PREFIX-fails.txt, PREFIX-flakes.txt, PREFIX-skips.txt:
#   skips   regexes (one per line, '#' comments): matching tests are not run
#   fails   "test@subtest,Fail|Crash|Timeout": the expected bad result
#   flakes  test names: any result is accepted
# One line per subtest on stdout:
#   igt-result: test@subtest: RESULT (SECONDS s) [VERDICT]
# RESULT is pass|fail|skip|crash|timeout; VERDICT, when present, is one of
# xfail (expected failure), flake, unexpected-pass, expected-<result>.
# With -r, RESULTS_DIR gets results.txt, junit.xml and one log per subtest.
# BINDIR may be an installed igt-gpu-tools (IGT_DIR/libexec/igt-gpu-tools).
set -eu

bindir=$(dirname "$0")
xfails=
resdir=
timeout_s=${IGT_TIMEOUT:-120}

usage() {
	echo "usage: $0 [-d BINDIR] [-x XFAILS_PREFIX] [-r RESULTS_DIR] TESTLIST" >&2
	exit 2
}

while getopts d:x:r: opt; do
	case $opt in
	d) bindir=$OPTARG ;;
	x) xfails=$OPTARG ;;
	r) resdir=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || usage
[ -r "$1" ] || { echo "$0: test list $1 not found" >&2; exit 2; }
for kind in fails flakes skips; do
	if [ -n "$xfails" ] && [ ! -r "$xfails-$kind.txt" ]; then
		echo "$0: expectation file $xfails-$kind.txt not found" >&2
		exit 2
	fi
done
[ -z "$resdir" ] || mkdir -p "$resdir/logs"

# Non-comment lines of an expectation file (nothing without -x).
entries() {
	[ -n "$xfails" ] || return 0
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$xfails-$1.txt" || true
}

skipped() {
	entries skips | while read -r re; do
		if echo "$1" | grep -Eq -- "^($re)\$"; then
			echo yes
			break
		fi
	done
}

expected_fail() {
	entries fails | awk -F, -v t="$1" '$1 == t { print tolower($2); exit }'
}

is_flake() {
	entries flakes | grep -Fxq -- "$1"
}

raw_result() {
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

# verdict NAME RESULT -- how the expectations judge a result.
verdict() {
	want=$(expected_fail "$1")
	if is_flake "$1"; then
		echo flake
	elif [ -n "$want" ] && [ "$2" = "$want" ]; then
		echo xfail
	elif [ -n "$want" ] && [ "$2" = pass ]; then
		echo unexpected-pass
	elif [ -n "$want" ]; then
		echo "expected-$want"
	fi
}

run_one() {
	name=$1 test=${1%%@*} subtest=${1#*@}
	# Tests without subtests (e.g. upstream igt's core_getversion) run whole.
	[ "$subtest" != "$name" ] || subtest=
	log=${resdir:+$resdir/logs/$name.log}
	log=${log:-${TMPDIR:-/tmp}/igt-$$.log}
	if [ "$(skipped "$name")" = yes ]; then
		echo "igt-result: $name: skip (0 s) [listed in skips]"
		return
	fi
	if [ ! -x "$bindir/$test" ]; then
		echo "igt-result: $name: fail (0 s) [$bindir/$test not found]"
		return
	fi
	start=$(date +%s)
	# Stream the output (the host watches it, e.g. for capture requests)
	# and keep the test's exit status, which a pipe would hide.
	{
		rc=0
		timeout -s KILL "$timeout_s" "$bindir/$test" ${subtest:+--run-subtest "$subtest"} \
			2>&1 || rc=$?
		echo "$rc" >"$log.rc"
	} | tee "$log"
	rc=$(cat "$log.rc")
	rm -f "$log.rc"
	secs=$(($(date +%s) - start))
	res=$(raw_result "$rc" "$secs")
	v=$(verdict "$name" "$res")
	echo "igt-result: $name: $res ($secs s)${v:+ [$v]}"
}

junit() {
	awk '
	function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/"/, "\\&quot;", s); return s }
	/^igt-result: / {
		name = $2; sub(/:$/, "", name); res = $3; v = ""
		if (match($0, /\[[^]]*\]$/)) v = substr($0, RSTART + 1, RLENGTH - 2)
		n++; names[n] = name; results[n] = res; verdicts[n] = v
		if (bad(res, v)) failures++
		if (res == "skip") skips++
	}
	function bad(res, v) {
		if (v == "xfail" || v == "flake") return 0
		return res != "pass" && res != "skip" || v == "unexpected-pass" || v ~ /^expected-/
	}
	END {
		printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		printf "<testsuites><testsuite name=\"drm-nomap\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">\n", n, failures, skips
		for (i = 1; i <= n; i++) {
			split(names[i], p, "@")
			printf "  <testcase classname=\"%s\" name=\"%s\">", esc(p[1]), esc(names[i])
			if (bad(results[i], verdicts[i]))
				printf "<failure message=\"%s %s\"/>", results[i], esc(verdicts[i])
			else if (results[i] == "skip")
				printf "<skipped/>"
			printf "</testcase>\n"
		}
		printf "</testsuite></testsuites>\n"
	}' "$1"
}

n=0
out=${resdir:+$resdir/results.txt}
out=${out:-/dev/null}
: >"$out"
while read -r line; do
	case $line in
	'' | '#'*) continue ;;
	esac
	run_one "$line" | tee -a "$out"
	n=$((n + 1))
done <"$1"
[ -z "$resdir" ] || junit "$out" >"$resdir/junit.xml"
echo "igt-done: $n subtests"
