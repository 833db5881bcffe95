#!/usr/bin/env bash
# lava-jobs.sh -- render the LAVA job templates in lava/ for artifacts
# published under LAVA_URL, into out/lava/ (LAVA_OUT), and check every job
# against LAVA's job schema (Debian lava-common):
#   out/lava/bcm2836-rpi-2-b.yaml, bcm2837-rpi-3-b-32.yaml   lava/rpi.yaml,
#       U-Boot + tftp: LAVA_URL/rpi/zImage and the board's DTB
#   out/lava/qemu-vexpress.yaml   lava/qemu.yaml, LAVA's qemu device type:
#       LAVA_URL/qemu-vexpress/zImage, its DTB and the test module's tar
#       overlay (KMOD_TAR of lib.sh, written by build-kernel.sh)
# Every job runs the board's expectation files plus the skips of
# lava/skips.txt (what no LAVA run can check), which it carries inline.
# LAVA_URL mirrors out/ (e.g. 'rsync -a out/ host:/srv/drm-nomap/'); the
# initramfs is LAVA_URL/armhf/rootfs.cpio.gz unless ROOTFS_URL says
# otherwise.  HDMI_MODE is the mode the Pi jobs force HDMI-A-1 on with
# (default 1920x1080@60).  Board facts come from boards/*.sh.
#
# lava-jobs.sh validate JOB.yaml... -- only the schema check.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

LAVA_OUT=${LAVA_OUT:-$TOP/out/lava}
HDMI_MODE=${HDMI_MODE:-1920x1080@60}
# Debian's lava-common is a module of the system python, which a python3
# earlier in PATH (pyenv, a venv) does not see.
LAVA_PYTHON=${LAVA_PYTHON:-/usr/bin/python3}
# Where a job's first steps put lava/skips.txt on the device.
LAVA_SKIPS_FILE=/tmp/lava-skips.txt

# validate JOB... -- lava_common's job schema, strict (unknown keys fail).
validate() {
	"$LAVA_PYTHON" -c 'import lava_common.schemas, yaml' 2>/dev/null ||
		die "$LAVA_PYTHON cannot import lava_common; run 'make deps' (Debian package lava-common)"
	"$LAVA_PYTHON" - "$@" <<-'PY'
	import sys
	import yaml
	from lava_common.schemas import validate
	bad = 0
	for path in sys.argv[1:]:
	    try:
	        with open(path) as f:
	            validate(yaml.safe_load(f), strict=True)
	        print("PASS lava@%s" % path.rsplit("/", 1)[-1])
	    except Exception as exc:
	        print("FAIL lava@%s: %s" % (path.rsplit("/", 1)[-1], exc))
	        bad = 1
	sys.exit(bad)
	PY
}

# render TEMPLATE OUT -- replace every @KEY@ by $R_KEY; a line that is only
# "@KEY@" takes a multi-line value, indented like the placeholder.  An
# unknown placeholder is an error.
render() {
	awk '
	function value(k) {
		if (!(("R_" k) in ENVIRON)) {
			printf "%s:%d: unknown placeholder @%s@\n", FILENAME, FNR, k > "/dev/stderr"
			exit 1
		}
		return ENVIRON["R_" k]
	}
	/^ *@[A-Z_]+@$/ {
		ind = substr($0, 1, index($0, "@") - 1)
		n = split(value(substr($0, length(ind) + 2, length($0) - length(ind) - 2)), lines, "\n")
		for (i = 1; i <= n; i++)
			print (lines[i] == "" ? "" : ind lines[i])
		next
	}
	{
		out = ""
		rest = $0
		while (match(rest, /@[A-Z_]+@/)) {
			out = out substr(rest, 1, RSTART - 1) value(substr(rest, RSTART + 1, RLENGTH - 2))
			rest = substr(rest, RSTART + RLENGTH)
		}
		print out rest
	}' "$1" >"$2.tmp"
	mv "$2.tmp" "$2"
}

# qemu_options -- QEMU_ARGS without the machine, one "- 'OPTION VALUE'" each.
qemu_options() {
	local words i
	read -r -a words <<<"$QEMU_ARGS"
	for ((i = 0; i < ${#words[@]}; i++)); do
		case ${words[i]} in
		-M | -machine) i=$((i + 1)) ;;
		-*)
			if [[ $((i + 1)) -lt ${#words[@]} && ${words[i + 1]} != -* ]]; then
				echo "- '${words[i]} ${words[i + 1]}'"
				i=$((i + 1))
			else
				echo "- '${words[i]}'"
			fi
			;;
		esac
	done
}

qemu_machine() {
	local words
	read -r -a words <<<"$QEMU_ARGS"
	[[ ${words[0]:-} == -M || ${words[0]:-} == -machine ]] ||
		die "boards/$BOARD.sh: QEMU_ARGS must start with -M MACHINE for the LAVA qemu job"
	echo "${words[1]}"
}

render_rpi() {
	local dev type dtb tty
	board_load rpi
	for dev in $LAVA_DEVICES; do
		IFS=: read -r type dtb tty <<<"$dev"
		R_DEVICE_TYPE=$type R_DTB=$dtb R_CONSOLE=$tty R_DRIVER=$DRIVER R_XFAILS=$XFAILS \
			R_HDMI_MODE=$HDMI_MODE render "$TOP/lava/rpi.yaml" "$LAVA_OUT/$type.yaml"
		echo "$LAVA_OUT/$type.yaml"
	done
}

render_qemu() {
	board_load qemu-vexpress
	R_QEMU_MACHINE=$(qemu_machine) R_QEMU_OPTIONS=$(qemu_options) R_QEMU_DTB=$QEMU_DTB \
		R_QEMU_CONSOLE=$CONSOLE R_QEMU_APPEND=$QEMU_APPEND R_DRIVER=$DRIVER R_XFAILS=$XFAILS \
		R_FUZZ_OPS=$QEMU_FUZZ_OPS R_FUZZ_SEED=$QEMU_FUZZ_SEED \
		render "$TOP/lava/qemu.yaml" "$LAVA_OUT/qemu-vexpress.yaml"
	echo "$LAVA_OUT/qemu-vexpress.yaml"
}

main() {
	if [ "${1:-}" = validate ]; then
		shift
		[ $# -gt 0 ] || die "usage: $PROG validate JOB.yaml..."
		validate "$@"
		return
	fi
	[ $# = 0 ] || die "usage: $PROG  (settings in LAVA_URL, ROOTFS_URL, HDMI_MODE, LAVA_OUT)"
	[ -n "${LAVA_URL:-}" ] ||
		die "no LAVA_URL; publish out/ somewhere the lab can fetch and run 'make lava-jobs LAVA_URL=https://host/path'"
	need awk
	mkdir -p "$LAVA_OUT"
	export R_URL=${LAVA_URL%/} R_ROOTFS_URL=${ROOTFS_URL:-${LAVA_URL%/}/armhf/rootfs.cpio.gz}
	export R_VERSION R_LAVA_RESULTS_SH R_LAVA_SKIPS_STEP R_LAVA_SKIPS_FILE=$LAVA_SKIPS_FILE R_KMOD_TAR=$KMOD_TAR
	R_LAVA_SKIPS_STEP=$(printf "cat >%s <<'EOF'\n%s\nEOF\n" "$LAVA_SKIPS_FILE" "$(cat "$TOP/lava/skips.txt")")
	R_VERSION=$(git -C "$TOP" describe --always --dirty 2>/dev/null || echo unknown)
	# The functions of lava-results.sh, without its header comment.
	R_LAVA_RESULTS_SH=$(sed '1,/^$/d' "$TOP/lava/lava-results.sh")
	local jobs
	mapfile -t jobs < <(render_rpi && render_qemu)
	[ ${#jobs[@]} = 3 ] || die "rendering failed (see above)"
	validate "${jobs[@]}"
	log "LAVA jobs in ${LAVA_OUT#"$TOP"/}/; submit with 'lavacli jobs submit FILE'"
}

main "$@"
