# shellcheck shell=bash
# igt-tests/testlist.txt and debug-testlist.txt against the subtests[]
# tables of the C tests, both ways: every entry is a subtest, and every
# subtest is in each list or left out of it by igt-tests/testlist-excludes.txt
# (with a reason).  The SUBTEST: doc block of each test names exactly its
# table's subtests.  drm-ci takes its lists from --list-subtests, which
# prints the table.

LISTS='testlist.txt debug-testlist.txt'

# table_subtests DIR -- TEST@SUBTEST of every subtests[] table entry.
table_subtests() {
	local f
	for f in "$1"/nomap_*.c; do
		awk -v t="$(basename "$f" .c)" '
			/^static const struct igt_subtest subtests\[\] = \{$/ { in_table = 1; next }
			in_table && /^\};$/ { in_table = 0 }
			in_table && match($0, /^\t\{ "[^"]+",/) {
				s = substr($0, RSTART + 4, RLENGTH - 6); print t "@" s
			}' "$f"
	done | sort
}

# doc_subtests DIR -- TEST@SUBTEST of every " * SUBTEST: NAME" doc line.
doc_subtests() {
	local f
	for f in "$1"/nomap_*.c; do
		sed -n "s/^ \\* SUBTEST: \\([^ ]*\\)\$/$(basename "$f" .c)@\\1/p" "$f"
	done | sort
}

# list_problems DIR -- one line per disagreement between DIR's lists,
# testlist-excludes.txt and the tables; nothing when they agree.
list_problems() {
	local dir=$1 list e reason tables
	tables=$(table_subtests "$dir")
	[ -n "$tables" ] || echo "no subtests[] table found in $dir/nomap_*.c"
	while read -r list e reason; do
		case $list in ''|'#'*) continue ;; esac
		[ -n "$reason" ] || echo "testlist-excludes.txt: $list $e has no reason"
		if ! grep -qxF -- "$e" <<<"$tables"; then echo "testlist-excludes.txt: $e is no subtest"; fi
		if grep -qxF -- "$e" "$dir/$list"; then echo "testlist-excludes.txt: $list holds $e"; fi
	done <"$dir/testlist-excludes.txt"
	for list in $LISTS; do
		comm -13 <(echo "$tables") <(grep . "$dir/$list" | sort) | sed "s/^/$list: no such subtest: /"
		comm -23 <(echo "$tables") <(cat "$dir/$list" <(awk -v l="$list" '$1 == l { print $2 }' \
			"$dir/testlist-excludes.txt") | sort) | sed "s/^/$list: neither listed nor excluded: /"
	done
	comm -3 <(echo "$tables") <(doc_subtests "$dir") | sed 's/^[[:space:]]*/SUBTEST: doc block and table differ: /'
}

# A scratch copy of the C tests, their lists and the exclusions.
copy_lists() {
	mkdir igt
	cp "$TOP"/igt-tests/nomap_*.c "$TOP/igt-tests/testlist-excludes.txt" igt/
	for list in $LISTS; do cp "$TOP/igt-tests/$list" igt/; done
}

test_lists_tables_and_docs_agree() {
	assert_eq "$(list_problems "$TOP/igt-tests")" ""
	assert_match "$(table_subtests "$TOP/igt-tests")" '^nomap_kms_smoke@open-by-driver$'
	assert_eq "$(table_subtests "$TOP/igt-tests" | wc -l)" "$(doc_subtests "$TOP/igt-tests" | wc -l)"
}

# A subtest in a table and in no list would never run: it fails.
test_unlisted_subtest_fails() {
	copy_lists
	sed -i 's/^\t{ "create-clear", .*/&\n\t{ "new-one", "d", create_clear },/' igt/nomap_dumb_buffer.c
	sed -i 's/^ \* SUBTEST: create-clear$/&\n * SUBTEST: new-one/' igt/nomap_dumb_buffer.c
	assert_eq "$(list_problems igt)" "$(printf '%s\n' \
		'testlist.txt: neither listed nor excluded: nomap_dumb_buffer@new-one' \
		'debug-testlist.txt: neither listed nor excluded: nomap_dumb_buffer@new-one')"
}

# A list entry that no table has (a renamed subtest) fails.
test_stale_entry_fails() {
	copy_lists
	sed -i 's/"create-clear",/"create-zero",/' igt/nomap_dumb_buffer.c
	assert_match "$(list_problems igt)" '^testlist.txt: no such subtest: nomap_dumb_buffer@create-clear$'
	assert_match "$(list_problems igt)" '^debug-testlist.txt: neither listed nor excluded: nomap_dumb_buffer@create-zero$'
	assert_match "$(list_problems igt)" '^SUBTEST: doc block and table differ: nomap_dumb_buffer@create-clear$'
}

# An exclusion must name a subtest the list does not hold, with a reason.
test_bad_exclusions_fail() {
	copy_lists
	printf 'testlist.txt nomap_kms_smoke@open-by-driver held anyway\ntestlist.txt nomap_x@y gone\ndebug-testlist.txt nomap_dumb_fuzz@random-ops\n' \
		>>igt/testlist-excludes.txt
	assert_eq "$(list_problems igt)" "$(printf '%s\n' \
		'testlist-excludes.txt: testlist.txt holds nomap_kms_smoke@open-by-driver' \
		'testlist-excludes.txt: nomap_x@y is no subtest' \
		'testlist-excludes.txt: debug-testlist.txt nomap_dumb_fuzz@random-ops has no reason' \
		'testlist-excludes.txt: debug-testlist.txt holds nomap_dumb_fuzz@random-ops')"
}
