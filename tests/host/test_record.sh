# shellcheck shell=bash
# Runs never modify tracked files: the measuring targets propose their
# section of RESULTS.md under out/record/ (propose_results, scripts/lib.sh)
# and make record (scripts/record.sh) writes the proposed RESULTS.md and its
# diff under out/, never RESULTS.md.

# propose NAME TABLE -- what make bench or make check-debug leaves behind.
propose() {
	printf '%s\n' "$2" >table.md
	# shellcheck disable=SC2016 # $1 is the argument of bash -c
	RECORD_DIR=$PWD/record RESULTS_STAMP='Measured today.' \
		bash -c '. "$1/scripts/lib.sh" && propose_results "$2" table.md' _ "$TOP" "$1" 2>/dev/null
}

record() {
	RESULTS_DOC=$PWD/doc.md RECORD_DIR=$PWD/record RECORD_OUT=$PWD/out "$TOP/scripts/record.sh"
}

test_propose_results_writes_out_only() {
	propose bench '| new | table |'
	assert_eq "$(cat record/bench.md)" "$(printf 'Measured today.\n\n| new | table |')"
}

test_record_replaces_only_the_proposed_sections() {
	printf '# R\n\nkept\n<!-- begin bench -->\nold figures\n<!-- end bench -->\nkept too\n<!-- begin check-debug -->\nold debug\n<!-- end check-debug -->\n' >doc.md
	cp doc.md doc.orig
	propose bench '| new | table |'
	record >/dev/null 2>&1
	cmp -s doc.md doc.orig || fail "make record changed the tracked file"
	assert_eq "$(cat out/RESULTS.proposed.md)" "$(printf '# R\n\nkept\n<!-- begin bench -->\n\nMeasured today.\n\n| new | table |\n\n<!-- end bench -->\nkept too\n<!-- begin check-debug -->\nold debug\n<!-- end check-debug -->')"
	assert_match "$(cat out/RESULTS.md.diff)" '^\+\| new \| table \|$'
	assert_match "$(cat out/RESULTS.md.diff)" '^-old figures$'
}

test_record_refuses_a_section_the_file_lacks() {
	printf '# R\n<!-- begin bench -->\n<!-- end bench -->\n' >doc.md
	propose check-debug '| debug |'
	assert_match "$(record 2>&1 || true)" "has no '<!-- begin check-debug -->' ... '<!-- end check-debug -->' section"
	assert_fails record
}

test_record_without_runs_says_what_to_run() {
	printf '# R\n' >doc.md
	assert_match "$(record 2>&1 || true)" 'nothing to record in .*: run make bench or make check-debug first'
}

# The tracked RESULTS.md keeps the sections the targets propose.
test_results_md_has_the_proposed_sections() {
	grep -qxF '<!-- begin bench -->' "$TOP/RESULTS.md" || fail "RESULTS.md lost its bench section"
	grep -qxF '<!-- begin check-debug -->' "$TOP/RESULTS.md" || fail "RESULTS.md lost its check-debug section"
}
