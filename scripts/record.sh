#!/usr/bin/env bash
# record.sh -- make record: the update of RESULTS.md that the last measuring
# runs propose, never RESULTS.md itself.  Each RECORD_DIR/NAME.md (written
# by propose_results in scripts/lib.sh: make bench, make check-debug)
# replaces section NAME of RESULTS.md, the lines between "<!-- begin NAME -->"
# and "<!-- end NAME -->"; the result goes to out/RESULTS.proposed.md and
# its diff against RESULTS.md to out/RESULTS.md.diff.  Review the diff and
# copy what you keep into RESULTS.md by hand.
#   RESULTS_DOC   the tracked file (default RESULTS.md)
#   RECORD_OUT    where the proposal goes (default out/)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

RESULTS_DOC=${RESULTS_DOC:-$TOP/RESULTS.md}
RECORD_OUT=${RECORD_OUT:-$TOP/out}

# replace_section DOC NAME FILE -- DOC with section NAME's lines replaced by
# FILE, on stdout; a section missing from DOC is an error.
replace_section() {
	local doc=$1 name=$2 file=$3 begin end
	begin="<!-- begin $name -->" end="<!-- end $name -->"
	if ! grep -qxF "$begin" "$doc" || ! grep -qxF "$end" "$doc"; then
		die "${RESULTS_DOC#"$TOP"/} has no '$begin' ... '$end' section for ${file#"$TOP"/}"
	fi
	awk -v begin="$begin" -v end="$end" -v file="$file" '
		$0 == end { skip = 0 }
		!skip { print }
		$0 == begin {
			skip = 1
			print ""
			while ((getline line < file) > 0) print line
			print ""
		}' "$doc"
}

main() {
	local proposed diff tmp f records=("$RECORD_DIR"/*.md)
	[ $# = 0 ] || die "usage: $PROG  (settings: RESULTS_DOC, RECORD_DIR, RECORD_OUT)"
	[ -r "$RESULTS_DOC" ] || die "no $RESULTS_DOC"
	[ -e "${records[0]}" ] ||
		die "nothing to record in ${RECORD_DIR#"$TOP"/}: run make bench or make check-debug first"
	proposed=$RECORD_OUT/RESULTS.proposed.md diff=$RECORD_OUT/RESULTS.md.diff
	mkdir -p "$RECORD_OUT"
	tmp=$(mktemp)
	cp "$RESULTS_DOC" "$proposed"
	for f in "${records[@]}"; do
		replace_section "$proposed" "$(basename "$f" .md)" "$f" >"$tmp"
		cp "$tmp" "$proposed"
	done
	rm -f "$tmp"
	diff -u --label RESULTS.md --label RESULTS.proposed.md "$RESULTS_DOC" "$proposed" >"$diff" || true
	cat "$diff"
	log "${#records[@]} section(s) from ${RECORD_DIR#"$TOP"/}: ${proposed#"$TOP"/}, diff ${diff#"$TOP"/}; RESULTS.md is unchanged"
}

main "$@"
