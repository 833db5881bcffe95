#!/usr/bin/env bash
# capture.sh LOG QMP_SOCKET OUTDIR QEMU_PID -- host side of the screen
# capture proof.  While QEMU runs, every "capture-request: NAME SEED FORMAT" line
# the guest prints is answered with a QMP screendump to OUTDIR/NAME.ppm,
# checked pixel by pixel against the pattern for SEED, or, for FORMAT
# ref:PICTURE, against the reference picture $REFS/PICTURE.png
# (igt-tests/tools/capture_check) and converted to OUTDIR/NAME.png.  One
# "PASS|FAIL capture@NAME" line per request goes to OUTDIR/results.txt; on
# a mismatch NAME.ref.png (the pattern) and NAME.diff.png (where the two
# differ) go next to NAME.png, for the results page.
#   capture.sh reference PPM SEED STEM   only write STEM.{ref,diff}.png
#   capture.sh judge PPM SEED FORMAT     only the verdict of a screendump
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

TOOL=$TOP/build/host-tools/capture_check
# Reference pictures of the screens that are no pattern (the panic screen).
REFS=$TOP/igt-tests/references

# reference PPM SEED STEM -- the pattern PPM should show, STEM.ref.png, and
# the difference of the two, STEM.diff.png.
reference() {
	local w h
	read -r w h < <(pamfile "$1" | sed -n 's/.* \([0-9][0-9]*\) by \([0-9][0-9]*\) .*/\1 \2/p')
	if [ -n "${h:-}" ] && "$TOOL" generate "$w" "$h" "$2" "$3.ref.ppm" &&
		pnmtopng "$3.ref.ppm" >"$3.ref.png" 2>/dev/null &&
		pamarith -difference "$1" "$3.ref.ppm" 2>/dev/null | pamfunc -multiplier=255 2>/dev/null |
		pnmtopng >"$3.diff.png" 2>/dev/null; then
		rm -f "$3.ref.ppm"
		return
	fi
	warn "no reference or diff image for $1"
}

# compare_reference PPM PICTURE -- PPM against $REFS/PICTURE.png, as
# capture_check check does against a pattern: its output, its exit status.
compare_reference() {
	local ref=$REFS/$2.png refppm=${1%.ppm}.ref.ppm rc=0
	if [ ! -r "$ref" ]; then
		echo "no reference picture ${ref#"$TOP"/}; if ${1%.ppm}.png shows the right screen, copy it there"
		return 1
	fi
	# pnmtopng stores a black and white screen as a bilevel PNG: back to P6.
	pngtopnm "$ref" | ppmtoppm >"$refppm"
	"$TOOL" compare "$1" "$refppm" || rc=$?
	rm -f "$refppm"
	return "$rc"
}

# judge PPM SEED FORMAT -- the verdict of a screendump: against the pattern
# for SEED, or against a reference picture for FORMAT ref:PICTURE.
judge() {
	case $3 in
	ref:*) compare_reference "$1" "${3#ref:}" ;;
	*) "$TOOL" check "$1" "$2" "$3" ;;
	esac
}

# mismatch_images PPM SEED FORMAT STEM -- what the screendump should have
# shown, next to it: STEM.ref.png (and STEM.diff.png for a pattern).
mismatch_images() {
	case $3 in
	ref:*) [ ! -r "$REFS/${3#ref:}.png" ] || cp "$REFS/${3#ref:}.png" "$4.ref.png" ;;
	*) reference "$1" "$2" "$4" ;;
	esac
}

# capture NAME SEED FORMAT -- a screendump and its verdict.  The first
# screendump makes QEMU's PL110 model track the framebuffer; the second,
# after the guest rewrote its pixels, is the one judged.
capture() {
	local name=$1 seed=$2 format=$3 ppm="$OUTDIR/$1.ppm" verdict
	log "$(date +%T) capture request $name"
	"$TOP/scripts/qmp-screendump.py" "$QMP" "$ppm" 2>/dev/null || true
	sleep 1.5
	if ! "$TOP/scripts/qmp-screendump.py" "$QMP" "$ppm" 2>"$OUTDIR/$name.err"; then
		echo "FAIL capture@$name (screendump: $(cat "$OUTDIR/$name.err"))" >>"$RESULTS"
		return
	fi
	pnmtopng "$ppm" >"$OUTDIR/$name.png" 2>/dev/null || warn "pnmtopng failed for $ppm"
	if verdict=$(judge "$ppm" "$seed" "$format" 2>&1); then
		echo "PASS capture@$name ($(tail -n1 <<<"$verdict"))" >>"$RESULTS"
	else
		printf '%s\n' "$verdict" >&2
		mismatch_images "$ppm" "$seed" "$format" "$OUTDIR/$name"
		echo "FAIL capture@$name ($(tail -n1 <<<"$verdict"))" >>"$RESULTS"
	fi
	log "$(date +%T) captured $name: $(tail -n1 <<<"$verdict")"
}

main() {
	if [ "${1:-}" = reference ] && [ $# = 4 ]; then
		need pamfile pamarith pamfunc pnmtopng
		build_capture_check "$TOOL"
		reference "$2" "$3" "$4"
		return
	fi
	if [ "${1:-}" = judge ] && [ $# = 4 ]; then
		need pngtopnm ppmtoppm
		build_capture_check "$TOOL"
		judge "$2" "$3" "$4"
		return
	fi
	[ $# = 4 ] || die "usage: $PROG LOG QMP_SOCKET OUTDIR QEMU_PID, or $PROG reference PPM SEED STEM, or $PROG judge PPM SEED FORMAT"
	LOG=$1 QMP=$2 OUTDIR=$3
	local qpid=$4 seen=0 name seed format
	# First: no verdict of an earlier run may survive a failure below.
	mkdir -p "$OUTDIR"
	RESULTS=$OUTDIR/results.txt
	: >"$RESULTS"
	need gcc pnmtopng pngtopnm ppmtoppm python3
	build_capture_check "$TOOL"
	while kill -0 "$qpid" 2>/dev/null; do
		while read -r name seed format; do
			capture "$name" "$seed" "$format"
			seen=$((seen + 1))
		done < <(tr -d '\r' <"$LOG" |
			sed -n "s/^$PROTO_CAPTURE \\([^ ]*\\) \\(0x[0-9a-f]*\\) \\([a-z0-9][a-z0-9:_-]*\\)\$/\\1 \\2 \\3/p" |
			tail -n +"$((seen + 1))")
		sleep 0.3
	done
}

main "$@"
