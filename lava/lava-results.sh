# shellcheck shell=sh
# lava-results.sh -- run the KMS suite on a LAVA device and report it as
# lava-test-case lines, judged the way scripts/results.sh judges a QEMU run:
#   one case per "igt-result:" line (test@subtest, named test.subtest):
#     xfail, flake* -> pass; unexpected-*, expected-* -> fail;
#     otherwise pass -> pass, skip -> skip, anything else -> fail
#   an entry of testlist.txt without a result line fails as a case of its own
#   runner-finished   the runner printed one "igt-done:" counting one result
#                     per entry
#   kernel-log        dmesg has no oops, BUG, WARN or panic (PROTO_KERNEL_BAD)
#   driver-bound      dmesg has "Initialized DRIVER"
# The rendered jobs (scripts/lava-jobs.sh) carry this file as a step of
# their inline test definition, so it only defines functions: POSIX sh for
# busybox.  Usage there:  lava_kms XFAILS DRIVER SKIPS

# The console protocol (proto_results ...): the rootfs carries it next to
# the runner; the host tests point PROTOCOL at igt-tests/protocol.sh.
# shellcheck source=igt-tests/protocol.sh
. "${PROTOCOL:-/usr/libexec/drm-nomap/protocol.sh}"

# Where the rootfs keeps the tests (PROTO_GUEST_DIR, spelled above once
# more to find protocol.sh); tests move it.
LAVA_GUEST=${LAVA_GUEST:-$PROTO_GUEST_DIR}

# lava_case NAME pass|fail|skip [SECONDS]
lava_case() {
	if [ -n "${3:-}" ]; then
		lava-test-case "$1" --result "$2" --measurement "$3" --units seconds
	else
		lava-test-case "$1" --result "$2"
	fi
}

# lava_subtests RESULTS -- a case per igt-result line of the file RESULTS.
lava_subtests() {
	proto_results "$1" |
		while read -r name result secs verdict; do
			case $verdict in
			xfail | flake*) r=pass ;;
			unexpected-* | expected-*) r=fail ;;
			*)
				case $result in
				pass) r=pass ;;
				skip) r=skip ;;
				*) r=fail ;;
				esac
				;;
			esac
			lava_case "$(echo "$name" | tr @ .)" "$r" "$secs"
		done
}

# lava_complete LIST RESULTS -- a failing case per entry of the file LIST
# without a result line in RESULTS (the runner died or dropped it), then
# runner-finished: one igt-done line, counting one result per entry.
lava_complete() {
	proto_results "$2" >/tmp/lava-results
	if awk -v results=/tmp/lava-results '
		BEGIN { while ((getline l < results) > 0) { split(l, f, " "); seen[f[1]]++; n++ } }
		/^[[:space:]]*(#.*)?$/ { next }
		{ want++ } !($1 in seen) { print $1 }
		END { exit !(n == want) }' "$1" >/tmp/lava-missing; then
		r=pass
	else
		r=fail
	fi
	while read -r name; do
		lava_case "$(echo "$name" | tr @ .)" fail
	done </tmp/lava-missing
	[ -z "$(cat /tmp/lava-missing)" ] &&
		[ "$(proto_done_counts "$2")" = "$(grep -Evc '^[[:space:]]*(#.*)?$' "$1")" ] || r=fail
	lava_case runner-finished "$r"
}

# lava_xfails XFAILS SKIPS -- the expectation files XFAILS-lava-*.txt next
# to the board's: its fails and flakes, its skips plus the lines of the file
# SKIPS (lava/skips.txt); prints the name XFAILS-lava.
lava_xfails() {
	dir=$LAVA_GUEST/xfails
	cat "$dir/$1-fails.txt" >"$dir/$1-lava-fails.txt" &&
		cat "$dir/$1-flakes.txt" >"$dir/$1-lava-flakes.txt" &&
		{ cat "$dir/$1-skips.txt" && echo && cat "$2"; } >"$dir/$1-lava-skips.txt" || return 1
	echo "$1-lava"
}

# lava_kms XFAILS DRIVER SKIPS -- run-board.sh with the XFAILS expectations
# and the LAVA skips of the file SKIPS, then the cases above.  Results stay
# in /tmp/lava-kms.
lava_kms() {
	out=/tmp/lava-kms
	if ! xfails=$(lava_xfails "$1" "$3"); then
		lava_case expectations fail
		return 1
	fi
	"$LAVA_GUEST/run-board.sh" "$xfails" "$out" 2>&1 | tee /tmp/kmstest.log
	lava_subtests "$out/$PROTO_RUN_RESULTS"
	lava_complete "$LAVA_GUEST/testlist.txt" "$out/$PROTO_RUN_RESULTS"
	if dmesg | grep -Eq "$PROTO_KERNEL_BAD"; then r=fail; else r=pass; fi
	lava_case kernel-log "$r"
	if dmesg | grep -q "Initialized $2"; then r=pass; else r=fail; fi
	lava_case driver-bound "$r"
}
