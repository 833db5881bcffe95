#!/usr/bin/env bash
# help.sh BOARDS DEFAULT MAKEFILE... -- make help: the verbs of the
# Makefile's "## verb: [group, time] text" lines, grouped by task in the
# order of HELP_GROUPS, each with its typical time; then the variables that
# the Makefile's top comment documents ("#   NAME=value  text").
set -euo pipefail

# group tag:title, in the order make help prints them.
HELP_GROUPS=(
	"start:Start here (the main job is 'make', the test command 'make test')"
	"pi:Raspberry Pi 2/3 (BOARD=rpi)"
	"series:The series: kernel tree, patches/, sending"
	"farm:Board farm (LAVA)"
	"deep:Deep checks (long runs; base vs patched, sanitizers, mutations, backports)"
)

# verbs MAKEFILE... -- "group<TAB>verb<TAB>time<TAB>text" per verb; a verb
# without [group, time] is in group "other".
verbs() {
	sed -n -e 's/^## \([a-z-]*\): \[\([a-z]*\), \([^]]*\)\] \(.*\)/\2\t\1\t\3\t\4/p' \
		-e 's/^## \([a-z-]*\): \([^[].*\)/other\t\1\t?\t\2/p' "$@"
}

main() {
	local boards=$1 default=$2 entry group lines
	shift 2
	lines=$(verbs "$@")
	echo "usage: make [VERB] [BOARD=board] [VARIABLE=value]   (boards: $boards; default $default)"
	echo "times: cold (new machine) / warm (caches filled), on 2 cores"
	for entry in "${HELP_GROUPS[@]}" "other:Other"; do
		group=${entry%%:*}
		grep -q "^$group"$'\t' <<<"$lines" || continue
		printf '\n%s\n' "${entry#*:}"
		awk -F'\t' -v g="$group" '$1 == g { printf "  %-15s %-9s %s\n", $2, $3, $4 }' <<<"$lines"
	done
	printf '\nvariables: %s (see the top of the Makefile)\n' \
		"$(sed -n 's/^#   \([A-Z_]*\)=.*/\1/p' "$1" | tr '\n' ' ' | sed 's/ $//')"
}

main "$@"
