# shellcheck shell=sh disable=SC2154 # work, prog, resdir, sync_each: run-tests.sh's globals
# run-tests-files.sh -- what run-tests.sh writes into RESULTS_DIR besides
# results.txt: deqp-runner's results.csv and failures.csv, JUnit XML, and
# with -s the kernel log as it grows.  POSIX sh + awk; sourced by
# run-tests.sh from its directory.

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
