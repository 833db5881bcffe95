#!/bin/sh
# run-board.sh BOARD [RESULTS_DIR] -- run the KMS tests on a real board with
# the board's expectation files (xfails/BOARD-{fails,flakes,skips}.txt).
#
#   run-board.sh vc4-rpi3                 our tests (next to this script)
#   IGT_DIR=/usr/local run-board.sh vc4-rpi3
#                                         an igt-gpu-tools the user installed
#                                         (IGT_DIR/libexec/igt-gpu-tools), with
#                                         igt-testlist.txt expanded into
#                                         test@subtest entries (--list-subtests,
#                                         as drm-ci's build-igt.sh does) so that
#                                         drm-ci expectation lines apply; igt is
#                                         never built or shipped by this project
# Results (results.txt, junit.xml, per-subtest logs) go to RESULTS_DIR
# (default ./results-BOARD).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 BOARD [RESULTS_DIR]" >&2; exit 2; }
board=$1
results=${2:-./results-$board}

# expand BINDIR LIST -- every entry of LIST as test@subtest (a binary
# without subtests stays a plain entry).
expand() {
	grep -Ev '^[[:space:]]*(#.*)?$' "$2" | while read -r t; do
		subs=$("$1/$t" --list-subtests </dev/null 2>/dev/null) || subs=
		if [ -z "$subs" ]; then
			echo "$t"
		else
			printf '%s\n' "$subs" | sed "s/^/$t@/"
		fi
	done
}

if [ -n "${IGT_DIR:-}" ]; then
	bindir=$IGT_DIR/libexec/igt-gpu-tools
	[ -x "$bindir/core_getversion" ] ||
		{ echo "$0: no igt tests in $bindir; is IGT_DIR=$IGT_DIR an installed igt-gpu-tools?" >&2; exit 2; }
	# libigt.so.0 is in IGT_DIR's libdir, which the loader does not search
	# (igt's use_rpath is off by default; drm-ci sets LD_LIBRARY_PATH too).
	LD_LIBRARY_PATH=$IGT_DIR/lib:$IGT_DIR/lib/arm-linux-gnueabihf${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
	list=${TMPDIR:-/tmp}/igt-testlist.$$
	expand "$bindir" "$here/igt-testlist.txt" >"$list"
else
	bindir=$here
	list=$here/testlist.txt
fi
exec "$here/run-tests.sh" -d "$bindir" -x "$here/xfails/$board" -r "$results" "$list"
