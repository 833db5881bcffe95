#!/usr/bin/env bash
# lava-run.sh -- run the LAVA qemu job (lava/qemu.yaml) with LAVA's own
# dispatcher on this machine, and check that LAVA's per-case results equal
# our runner's judgement of the same board (make lava-run; root: chroot and
# mounts).  Nothing is installed on the host:
#   1. a Debian chroot with lava-dispatcher and qemu-system-arm, built once
#      from deps.lock's pinned lava packages (scripts/lava-chroot.sh)
#   2. lava-server's device-type templates, from deps.lock's lava-server
#      package, kept in LAVA_DEVICE_TYPES (scripts/lava-chroot.sh)
#   3. the device dictionary lava/devices/qemu-vexpress-01.jinja2, rendered
#      with the job's context by lava/render-device.py (in the chroot)
#   4. the job, rendered by scripts/lava-jobs.sh for LAVA_URL=file://out/
#   5. lava-run (nice -n 10); its per-case results ("lvl": "results") go
#      to out/lava-run/results.txt as "DEFINITION CASE RESULT", the guest's
#      console to out/lava-run/guest.log
#   6. ours: our own QEMU run of the same artifacts (scripts/run-qemu.sh,
#      nice -n 10, with the host's screen captures) judged by
#      scripts/results.sh (judge_guest), in out/lava-run/ours.txt; OURS_LOG=
#      judges an earlier serial log of such a run instead
#   7. the comparison (lava-run.sh compare): same case names, same results;
#      the only difference allowed is a LAVA skip that lava/skips.txt
#      expects of a case our run passed.  Exit 1 on any other difference,
#      and when the two agree on a failure: the suite must also pass.
# Artifacts: out/qemu-vexpress/{zImage,DTB,KMOD_TAR} (make build) and
# out/armhf/rootfs.cpio.gz (make rootfs).
#
# lava-run.sh compare LAVA_RESULTS OURS -- only step 7, on results.txt and
# ours.txt files.
# lava-run.sh results LAVA_LOG -- only step 5's results.txt lines.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

# shellcheck source=scripts/lava-chroot.sh
. "$TOP/scripts/lava-chroot.sh"

RUN_OUT=${LAVA_RUN_OUT:-$TOP/out/lava-run}
LAVA_BOARD=qemu-vexpress
DEVICE_DICT=$TOP/lava/devices/qemu-vexpress-01.jinja2
LAVA_SKIPS=$TOP/lava/skips.txt

check_artifacts() {
	local f
	for f in "$OUT/zImage" "$OUT/$QEMU_DTB" "$OUT/$KMOD_TAR"; do
		[ -f "$f" ] || die "no ${f#"$TOP"/}; run 'make build BOARD=$LAVA_BOARD' first"
	done
	[ -f "$TOP/out/armhf/rootfs.cpio.gz" ] || die "no out/armhf/rootfs.cpio.gz; run 'make rootfs' first"
}

# render_job -- scripts/lava-jobs.sh for the artifacts in out/, validated by
# the chroot's lava_common; prints the qemu job.
render_job() {
	local py=$RUN_OUT/chroot-python3
	printf '#!/bin/sh\nexec chroot %q python3 "$@"\n' "$LAVA_CHROOT" >"$py"
	chmod +x "$py"
	LAVA_OUT=$RUN_OUT/jobs LAVA_URL=file://$TOP/out ROOTFS_URL='' LAVA_PYTHON=$py \
		"$TOP/scripts/lava-jobs.sh" >&2 || die "rendering the LAVA jobs failed (above)"
	printf '%s\n' "$RUN_OUT/jobs/$LAVA_BOARD.yaml"
}

# lava_log LEVEL LOG -- the messages of level LEVEL of lava-run's log, one
# YAML flow mapping a line (not JSON: values may carry "!" tags): for
# "results", "DEFINITION CASE RESULT" of each; for "target", the line.
lava_log() {
	python3 - "$1" "$2" <<-'PY'
	import sys
	import yaml
	level, path = sys.argv[1:]
	loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
	key = '"lvl": "%s"' % level
	for line in open(path, errors="replace"):
	    if key not in line:
	        continue
	    try:
	        rec = yaml.load(line, Loader=loader)
	    except yaml.YAMLError:
	        print("lava-run.sh: warning: unparsed log line: %s" % line[:120].rstrip(), file=sys.stderr)
	        continue
	    msg = rec.get("msg") if isinstance(rec, dict) else None
	    if level == "results" and isinstance(msg, dict):
	        print(msg.get("definition"), msg.get("case"), msg.get("result"))
	    elif level == "target":
	        print(msg)
	PY
}

# lava_run_job JOB DEVICE -- lava-run, niced, its log in lava-run.log.
lava_run_job() {
	nice -n 10 chroot "$LAVA_CHROOT" lava-run --device "$2" --output-dir "$RUN_OUT/output" \
		--job-id 1 "$1" >"$RUN_OUT/lava-run.log" 2>&1
}

run_lava() {
	local job=$1 device=$RUN_OUT/$LAVA_BOARD-device.yaml rc=0
	in_chroot python3 "$TOP/lava/render-device.py" "$DEVICE_DICT" "$RUN_OUT/device-types" "$job" "$device" >/dev/null ||
		die "rendering $DEVICE_DICT failed (above)"
	rm -rf "$RUN_OUT/output"
	mkdir -p "$RUN_OUT/output"
	timed "lava-run: the LAVA job on the chroot's QEMU (log: ${RUN_OUT#"$TOP"/}/lava-run.log)" \
		lava_run_job "$job" "$device" || rc=$?
	lava_log results "$RUN_OUT/lava-run.log" >"$RUN_OUT/results.txt"
	lava_log target "$RUN_OUT/lava-run.log" >"$RUN_OUT/guest.log"
	grep -qx 'lava job pass' "$RUN_OUT/results.txt" ||
		die "the LAVA job did not pass (lava-run exit $rc); see $RUN_OUT/lava-run.log (errors: grep '\"lvl\": \"error\"')"
	[ -n "$(lava_cases "$RUN_OUT/results.txt")" ] ||
		die "the LAVA job passed without a test case (lava_kms did not report); see $RUN_OUT/guest.log"
	log "LAVA: $(awk '$1 != "lava" { n[$3]++ } END { printf "%d pass, %d fail, %d skip", n["pass"], n["fail"], n["skip"] }' "$RUN_OUT/results.txt") (${RUN_OUT#"$TOP"/}/results.txt)"
}

# run_ours -- our runner's judgement of the board in ours.txt.
run_ours() {
	local log=${OURS_LOG:-}
	if [ -n "$log" ]; then
		log "ours: judging the earlier serial log $log (OURS_LOG)"
	else
		log=$RUN_OUT/ours.log
		timed "ours: the same artifacts on our runner (run-qemu.sh under nice -n 10, log: ${log#"$TOP"/})" \
			env LOG="$log" nice -n 10 "$TOP/scripts/run-qemu.sh" "$LAVA_BOARD" test ||
			warn "our QEMU run failed; its judgement below says where"
	fi
	judge_guest "$log" testlist.txt >"$RUN_OUT/ours.txt" || true
	log "ours: $(tail -n 1 "$RUN_OUT/ours.txt") (${RUN_OUT#"$TOP"/}/ours.txt)"
}

# lava_cases RESULTS -- "NAME RESULT" of the test definition's cases.
lava_cases() {
	awk '$1 != "lava" && NF >= 3 { print $2, $3 }' "$1"
}

# our_cases JUDGEMENT -- results.sh's lines under LAVA's case names; the
# host's screen-capture verdicts (capture@) and the judge's check of the
# guest's taint line (kernel@taint) have no LAVA counterpart.
our_cases() {
	awk '$1 ~ /^(PASS|FAIL|SKIP)$/ {
		r = tolower($1); n = $2
		if (n ~ /^capture@/ || n == "kernel@taint") next
		if (n == "guest@runner-finished") n = "runner-finished"
		else if (n == "kernel@no-oops-bug-warn") n = "kernel-log"
		else if (n == "kernel@log-has:Initialized") n = "driver-bound"
		else sub(/@/, ".", n)
		print n, r
	}' "$1"
}

# compare_results LAVA_RESULTS OURS -- one line per difference, then the
# counts; fails on a difference.
compare_results() {
	local re
	re=$(grep -Ev '^[[:space:]]*(#.*)?$' "$LAVA_SKIPS" | paste -sd'|' -)
	LC_ALL=C join -a1 -a2 -e none -o 0,1.2,2.2 <(lava_cases "$1" | LC_ALL=C sort -k1,1) \
		<(our_cases "$2" | LC_ALL=C sort -k1,1) |
		awk -v re="$re" '
		{ name = $1; at = name; sub(/\./, "@", at) }
		$2 == $3 { same++; next }
		$2 == "skip" && $3 == "pass" && re != "" && at ~ re {
			skipped++; printf "LAVA-SKIP %s (expected by lava/skips.txt; ours: pass)\n", name; next }
		{ differ++; printf "DIFF %s: LAVA %s, ours %s\n", name, $2, $3 }
		END {
			printf "%d cases: %d equal, %d skipped in LAVA as lava/skips.txt expects, %d differ\n",
				NR, same, skipped, differ
			exit (differ > 0 || NR == 0) }'
}

compare() {
	[ -r "$1" ] || die "no LAVA results $1; run 'make lava-run'"
	[ -r "$2" ] || die "no judgement of our run $2; run 'make lava-run'"
	compare_results "$1" "$2" ||
		die "LAVA's results differ from our runner's (DIFF lines above; none at all: empty results); LAVA: $1, ours: $2"
	# Agreement is not success (H14): both may fail the same cases.
	local fails
	fails=$(grep '^FAIL ' "$2" || true)
	[ -z "$fails" ] ||
		die "LAVA equals our runner, but the suite fails: $(wc -l <<<"$fails") FAIL line(s) in $2, first: $(head -n1 <<<"$fails")"
}

main() {
	if [ "${1:-}" = results ]; then
		[ $# = 2 ] || die "usage: $PROG results LAVA_LOG"
		lava_log results "$2"
		return
	fi
	if [ "${1:-}" = compare ]; then
		[ $# = 3 ] || die "usage: $PROG compare LAVA_RESULTS OURS"
		compare "$2" "$3"
		return
	fi
	[ $# = 0 ] || die "usage: $PROG | $PROG compare LAVA_RESULTS OURS  (settings: LAVA_CHROOT, LAVA_DEVICE_TYPES, OURS_LOG)"
	[ "$(id -u)" = 0 ] || die "make lava-run needs root (chroot and mounts); run it as root or with sudo"
	need chroot mount umount mountpoint python3 qemu-system-arm
	python3 -c 'import yaml' 2>/dev/null || die "python3 cannot import yaml; run 'make deps' (Debian python3-yaml)"
	board_load "$LAVA_BOARD"
	check_artifacts
	mkdir -p "$RUN_OUT"
	ensure_chroot
	mount_chroot
	device_types
	local job
	job=$(render_job)
	run_lava "$job"
	umount_chroot
	trap - EXIT
	run_ours
	compare "$RUN_OUT/results.txt" "$RUN_OUT/ours.txt" | tee "$RUN_OUT/compare.txt"
	log "LAVA equals our runner on $LAVA_BOARD (${RUN_OUT#"$TOP"/}/compare.txt)"
}

main "$@"
