#!/bin/sh
# run-tests.sh [-d BINDIR] [-x XFAILS_PREFIX] [-r RESULTS_DIR [-s]] TESTLIST
#
# Guest-side runner (POSIX sh + awk; runs under busybox and on a real board)
# with the semantics of deqp-runner's igt-runner, which drm-ci's
# igt_runner.sh runs.  Every test@subtest of TESTLIST runs as
# "BINDIR/test --run-subtest subtest" (a plain "test" entry runs the binary
# whole) in its own process group, killed as a whole after IGT_TIMEOUT
# seconds (default 120).  Exit status: 0 pass, 77 and 79 skip, 98 fail,
# anything else crash (timeout when the runner killed it).
#
# Expectation files PREFIX-fails.txt, PREFIX-flakes.txt, PREFIX-skips.txt
# (drm-ci's xfails format, '#' comments):
#   skips   regexes, unanchored (the subset of Rust regex syntax that POSIX
#           ERE shares): matching tests are not run
#   fails   "test@subtest,STATUS", STATUS one of Fail, Crash, Timeout, Skip,
#           Warn, UnexpectedImprovement(Pass|Skip|...): the expected result
#   flakes  regexes, unanchored: a bad result of a matching test is a flake
# A test whose result is not what the files expect is run once more; when
# the second result differs and one of the two passed, the test is a flake
# (reported, not fatal); two different bad results print "retry: RESULT".
# A skip at run time that the fails file does not expect is a failure.
#
# One line per test list entry on stdout, then the count:
#   igt-result: test@subtest: RESULT (SECONDS s) [VERDICT]
#   igt-done: N subtests
# RESULT is pass|fail|skip|crash|timeout; VERDICT, when present, is one of
# xfail (expected result), flake, "flake, retry: RESULT", "retry: RESULT", unexpected-pass,
# unexpected-skip, expected-<result>, or why the test did not run.
# With -r, RESULTS_DIR gets results.txt, results.csv, failures.csv (deqp-
# runner's name,status,duration rows), junit.xml and logs/<test>.log.
# With -s (a board, where a hang must not lose results), RESULTS_DIR also
# gets dmesg.txt, the kernel log, growing as the run goes, and each entry's
# slice of it in logs/<test>.dmesg; everything is synced to the disk after
# each entry (a crash loses at most the entry that was running).
# BINDIR may be an installed igt-gpu-tools (IGT_DIR/libexec/igt-gpu-tools).
set -eu

prog=${0##*/}
bindir=$(dirname "$0")
# The console lines this runner prints (igt-result:, igt-done:).
# shellcheck source=igt-tests/protocol.sh
. "$(dirname "$0")/protocol.sh"
xfails=
resdir=
sync_each=
timeout_s=${IGT_TIMEOUT:-120}
work=

usage() {
	echo "usage: $prog [-d BINDIR] [-x XFAILS_PREFIX] [-r RESULTS_DIR [-s]] TESTLIST" >&2
	exit 2
}

die() {
	echo "$prog: error: $*" >&2
	exit 2
}

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

raw_result() {
	case $1 in
	0) echo pass ;;
	77 | 79) echo skip ;;
	98) echo fail ;;
	*) if [ "$2" = yes ]; then echo timeout; else echo crash; fi ;;
	esac
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

# run_timed TIMEOUT_MARKER CMD... -- run CMD in its own session and process
# group, kill the whole group after $timeout_s seconds (busybox timeout
# signals one pid only, and igt_run() forks every subtest) and whatever is
# left of the group when CMD exits.  A background job of a shell without job
# control is never a group leader, so setsid does not fork and $! is the
# group.  Prints the exit status.
run_timed() {
	marker=$1
	shift
	rm -f "$marker"
	setsid "$@" </dev/null 2>&1 &
	pid=$!
	# shellcheck disable=SC2016 # expanded by the watchdog's sh
	setsid sh -c 'sleep "$1"; : >"$2"; kill -KILL "-$3"' watchdog \
		"$timeout_s" "$marker" "$pid" </dev/null >/dev/null 2>&1 &
	wd=$!
	rc=0
	wait "$pid" || rc=$?
	kill -KILL "-$pid" 2>/dev/null || true
	# By pid too: the watchdog may not have reached its setsid yet.
	kill -KILL "-$wd" 2>/dev/null || kill -KILL "$wd" 2>/dev/null || true
	wait "$wd" 2>/dev/null || true
	echo "$rc" >"$marker.rc"
}

# attempt NAME LOG -- run the entry once; sets res and secs.  The output is
# streamed (the host watches it, e.g. for capture requests) and kept in LOG.
attempt() {
	test=${1%%@*} subtest=${1#*@}
	# Tests without subtests (e.g. upstream igt's core_getversion) run whole.
	[ "$subtest" != "$1" ] || subtest=
	start=$(date +%s)
	run_timed "$work/timeout" "$bindir/$test" ${subtest:+--run-subtest "$subtest"} 2>&1 |
		tee -a "$2"
	secs=$(($(date +%s) - start))
	timed_out=no
	[ ! -e "$work/timeout" ] || timed_out=yes
	rc=$(cat "$work/timeout.rc")
	res=$(raw_result "$rc" "$timed_out")
	if [ "$timed_out" = yes ]; then
		echo "$prog: $1 killed after $timeout_s s (IGT_TIMEOUT)" | tee -a "$2"
	elif [ "$res" = crash ]; then
		echo "$prog: $1 exited with status $rc" | tee -a "$2"
	fi
}

run_one() {
	name=$1
	log=${resdir:+$resdir/logs/$name.log}
	log=${log:-$work/test.log}
	# igt's vc4 tests are vc4/vc4_*: their logs go to logs/vc4/.
	mkdir -p "${log%/*}"
	: >"$log"
	if matches skips "$name"; then
		proto_result "$name" skip 0 "listed in skips"
		return
	fi
	if [ ! -x "$bindir/${name%%@*}" ]; then
		proto_result "$name" fail 0 "$bindir/${name%%@*} not found"
		return
	fi
	attempt "$name" "$log"
	v=$(verdict "$name" "$res")
	if bad "$res" "$v" && matches flakes "$name"; then
		v=flake
	elif bad "$res" "$v"; then
		first=$res first_secs=$secs
		echo "$prog: $name: $res${v:+ [$v]}; running it once more" | tee -a "$log"
		attempt "$name" "$log"
		# A flake only when one of the two passed (the host's judge,
		# scripts/judge, takes the worse of two bad results).
		if [ "$res" = "$first" ]; then
			:
		elif [ "$res" = pass ] || [ "$first" = pass ]; then
			v="flake, retry: $res"
		else
			v="retry: $res"
		fi
		res=$first secs=$first_secs
	fi
	proto_result "$name" "$res" "$secs" "$v"
}

# The awk functions that read proto_results' "NAME RESULT SECONDS VERDICT".
AWK_RESULTS='
function parse(line,   f) {
	split(line, f, " "); name = f[1]; res = f[2]; secs = f[3]
	v = line; sub(/^[^ ]* [^ ]* [^ ]* ?/, "", v)
}
function bad(res, v) {
	if (v == "xfail" || v ~ /^flake/) return 0
	return res != "pass" && v !~ /^listed in skips/ || v ~ /^(unexpected-|expected-)/
}
# deqp-runner status names.
function status(res, v) {
	if (v ~ /^flake/) return "Flake"
	if (v == "xfail") return "ExpectedFail"
	if (v == "unexpected-pass") return "UnexpectedImprovement(Pass)"
	if (v ~ /^expected-/ && res == "skip") return "UnexpectedImprovement(Skip)"
	# A skip nothing expects fails (scripts/judge writes Fail too): a Skip
	# would count as a success in deqp-runner tools.
	if (v == "unexpected-skip") return "Fail"
	if (v ~ /not found$/) return "Missing"
	return toupper(substr(res, 1, 1)) substr(res, 2)
}'

# csv RESULTS_TXT all|failures -- deqp-runner's results.csv / failures.csv.
csv() {
	proto_results "$1" | awk -v which="$2" "$AWK_RESULTS"'
	{
		parse($0); s = status(res, v)
		if (which == "all" || (s != "Pass" && s != "Skip") || bad(res, v))
			printf "%s,%s,%s\n", name, s, secs
	}'
}

# junit RESULTS_TXT LOGDIR -- JUnit with time, failure text and the last
# lines of each test's log (indented: the log must not look like protocol
# lines when the guest prints this file on the console).
junit() {
	proto_results "$1" | awk -v logs="$2" "$AWK_RESULTS"'
	function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
	function tail_of(f,   l, n, i, out) {
		n = 0
		while ((getline l < f) > 0) { n++; buf[n % 50] = l }
		close(f); out = ""
		for (i = (n > 50 ? n - 49 : 1); i <= n; i++) out = out "  " esc(buf[i % 50]) "\n"
		return out
	}
	{
		parse($0)
		n++; names[n] = name; results[n] = res; verdicts[n] = v; times[n] = secs
		if (bad(res, v)) failures++
		else if (res == "skip") skips++
	}
	END {
		printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		printf "<testsuites><testsuite name=\"drm-nomap\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">\n", n, failures, skips
		for (i = 1; i <= n; i++) {
			split(names[i], p, "@")
			printf "  <testcase classname=\"%s\" name=\"%s\" time=\"%s\">", esc(p[1]), esc(names[i]), times[i]
			if (bad(results[i], verdicts[i]))
				printf "<failure type=\"%s\" message=\"%s %s\">%s %s</failure>", status(results[i], verdicts[i]),
					results[i], esc(verdicts[i]), results[i], esc(verdicts[i])
			else if (results[i] == "skip")
				printf "<skipped message=\"%s\"/>", esc(verdicts[i])
			printf "<system-out>\n%s</system-out></testcase>\n", tail_of(logs "/" names[i] ".log")
		}
		printf "</testsuite></testsuites>\n"
	}'
}

# kernel_log_slice -- the kernel log lines after the last line the previous
# call saw (all of it the first time, or when the ring buffer wrapped past
# that line).
kernel_log_slice() {
	dmesg >"$work/dmesg.now" 2>&1 || echo "$prog: dmesg failed; the kernel log is not saved" >>"$work/dmesg.now"
	# ENVIRON: awk -v would expand backslashes in the line.
	last=$(cat "$work/dmesg.last" 2>/dev/null) awk '
		{ line[NR] = $0; if (ENVIRON["last"] != "" && $0 == ENVIRON["last"]) from = NR }
		END { for (i = from + 1; i <= NR; i++) print line[i] }' "$work/dmesg.now"
	tail -n 1 "$work/dmesg.now" >"$work/dmesg.last"
}

# save_kernel_log FILE -- with -s: the new kernel log lines into FILE and
# dmesg.txt, then everything in RESULTS_DIR to the disk.
save_kernel_log() {
	[ -n "$sync_each" ] || return 0
	kernel_log_slice >"$1"
	cat "$1" >>"$resdir/$PROTO_RUN_DMESG"
	sync
}

write_results() {
	[ -n "$resdir" ] || return 0
	csv "$resdir/$PROTO_RUN_RESULTS" all >"$resdir/results.csv"
	csv "$resdir/$PROTO_RUN_RESULTS" failures >"$resdir/failures.csv"
	junit "$resdir/$PROTO_RUN_RESULTS" "$resdir/logs" >"$resdir/junit.xml"
}

main() {
	while getopts d:x:r:s opt; do
		case $opt in
		d) bindir=$OPTARG ;;
		x) xfails=$OPTARG ;;
		r) resdir=$OPTARG ;;
		s) sync_each=1 ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# = 1 ] || usage
	[ -z "$sync_each" ] || [ -n "$resdir" ] || die "-s saves into RESULTS_DIR: give -r RESULTS_DIR"
	[ -r "$1" ] || die "test list $1 not found"
	grep -Evq '^[[:space:]]*(#.*)?$' "$1" ||
		die "test list $1 has no tests; check drmnomap.tests= / TESTS= and the list"
	work=$(mktemp -d "${TMPDIR:-/tmp}/run-tests.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	load_expectations
	[ -z "$resdir" ] || mkdir -p "$resdir/logs"
	n=0
	out=${resdir:+$resdir/$PROTO_RUN_RESULTS}
	out=${out:-/dev/null}
	: >"$out"
	# With -s: the boot's kernel log starts dmesg.txt.
	[ -z "$sync_each" ] || : >"$resdir/$PROTO_RUN_DMESG"
	save_kernel_log "$resdir/logs/boot.dmesg"
	proto_plan "$(grep -Evc '^[[:space:]]*(#.*)?$' "$1")"
	while read -r line || [ -n "$line" ]; do
		case $line in
		'' | '#'*) continue ;;
		esac
		run_one "$line" | tee -a "$out"
		save_kernel_log "$resdir/logs/$line.dmesg"
		n=$((n + 1))
	done <"$1"
	write_results
	proto_done "$n" | tee -a "$out"
	save_kernel_log "$resdir/logs/end.dmesg"
}

main "$@"
