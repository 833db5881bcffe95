# shellcheck shell=bash disable=SC2034
# Shared helpers for the scripts in this directory.  Source it; do not run it.

PROJECT=drm-nomap
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${DRM_NOMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/$PROJECT}
PROG=$(basename "$0")

# Serial lines of rootfs/init that the host waits for (README, "Results",
# lists every protocol line; results.sh parses the test results).
MARK_INIT='drm-nomap: init reached'
MARK_FINISHED='drm-nomap: tests finished'

die() {
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

warn() {
	printf '%s: warning: %s\n' "$PROG" "$*" >&2
}

log() {
	printf '%s: %s\n' "$PROG" "$*" >&2
}

# need CMD... -- fail with the package hint when a host tool is missing.
need() {
	local cmd
	for cmd in "$@"; do
		command -v "$cmd" >/dev/null 2>&1 ||
			die "'$cmd' not found; run 'make deps' (installs the Debian host packages)"
	done
}

# timed LABEL CMD... -- run CMD, then report how long it took.  CMD runs as
# a background job so that errexit stays in force inside shell functions.
timed() {
	local label=$1 start rc=0
	shift
	start=$(date +%s)
	log "$label ..."
	"$@" &
	wait $! || rc=$?
	local status="done"
	[ "$rc" = 0 ] || status="FAILED (exit $rc)"
	log "$label: $status in $(($(date +%s) - start)) s"
	return "$rc"
}

# pin_get KEY -- value of KEY from kernel.pin (environment overrides: PIN_KEY).
pin_get() {
	local key=$1 override="PIN_$1"
	if [ -n "${!override:-}" ]; then
		printf '%s\n' "${!override}"
		return
	fi
	sed -n "s/^$key=//p" "$TOP/kernel.pin"
}

# captures_dir LOG -- where run-qemu.sh keeps the screen captures of the
# run whose serial log is LOG (results.txt holds capture.sh's verdicts).
captures_dir() {
	printf '%s\n' "${1%.log}-captures"
}

# judge_guest LOG LIST [OPTION]... -- scripts/results.sh on a qemu-vexpress
# run of igt-tests/LIST (entries matching $TESTS): every entry has one
# result, pl111 bound, the screen captures judged.
judge_guest() {
	local log=$1 list=$2
	shift 2
	"$TOP/scripts/results.sh" -l "$TOP/igt-tests/$list" -t "${TESTS:-}" -e 'Initialized pl111' \
		-c "$(captures_dir "$log")/results.txt" "$@" "$log"
}

# summarize -- read "PASS|FAIL|SKIP name" lines, print the summary line;
# fails when any line is FAIL.
summarize() {
	awk '{ n[$1]++ } END {
		printf "%d passed, %d failed, %d skipped\n", n["PASS"], n["FAIL"], n["SKIP"]
		exit n["FAIL"] > 0 }' "$@"
}
