# shellcheck shell=bash
# The README documents what the tools really do.

# shellcheck disable=SC2016 # sed patterns, not expansions
test_readme_help_matches_make_help() {
	local readme
	readme=$(sed -n '/^## make help$/,/^## /{/^```$/,/^```$/p}' "$TOP/README.md" | sed '1d;$d')
	if ! diff <(printf '%s\n' "$readme") <(make -s -C "$TOP" help) >&2; then
		fail "README's make help block is stale (diff above: README vs make help)"
	fi
}

test_readme_names_the_test_command_ci_runs() {
	grep -q 'make test' "$TOP/README.md" || fail "README does not give 'make test'"
	grep -q 'make test' "$TOP/.ci/run" || fail ".ci/run does not run 'make test'"
}

test_every_make_verb_has_help() {
	local verbs documented
	verbs=$(sed -n 's/^\([a-z][a-z-]*\):.*/\1/p' "$TOP/Makefile" | sort -u)
	documented=$(sed -n 's/^## \([a-z-]*\): .*/\1/p' "$TOP/Makefile" | sort -u)
	assert_eq "$verbs" "$documented" "a Makefile target lacks a '## verb: text' line"
}
