#!/usr/bin/env bash
# check-config.sh DOTCONFIG FRAGMENT...
# Report every option a fragment asks for that the merged .config does not
# have (merge_config.sh silently drops options with unmet dependencies); of
# two requests for one option, the later fragment's counts.
# Exit 0 when all requests are met, 1 otherwise.  KARCH (the board's) goes
# into the hint; KCONFIG_SRC and ALLOW_UNKNOWN: see unknown_allowed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# Print "NAME VALUE" for each request; "not set" is spelled n.
requests() {
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1 \2/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1 n/p' "$@"
}

# Per-patch builds of a series may request options that a later patch adds:
# with ALLOW_UNKNOWN=1 and KCONFIG_SRC=tree, options that no Kconfig file of
# that tree defines are reported but do not fail the check.
unknown_allowed() {
	[ "${ALLOW_UNKNOWN:-}" = 1 ] && [ -n "${KCONFIG_SRC:-}" ] &&
		! grep -rqx --include='Kconfig*' "config ${1#CONFIG_}" "$KCONFIG_SRC"
}

main() {
	[ $# -ge 2 ] || die "usage: $PROG DOTCONFIG FRAGMENT..."
	local dotconfig=$1 bad=0 name want have
	shift
	[ -r "$dotconfig" ] || die "$dotconfig not found; configure the board first (make build BOARD=...)"
	declare -A actual=()
	while read -r name have; do
		actual[$name]=$have
	done < <(requests "$dotconfig")
	# A later fragment's request overrides an earlier one, as in
	# merge_config.sh (a variant's fragment after the board's).
	declare -A wanted=()
	local names=()
	while read -r name want; do
		[ -n "${wanted[$name]+set}" ] || names+=("$name")
		wanted[$name]=$want
	done < <(requests "$@")
	for name in "${names[@]}"; do
		want=${wanted[$name]} have=${actual[$name]:-n}
		if [ "$have" != "$want" ] && unknown_allowed "$name"; then
			warn "$name is not in this tree yet (ALLOW_UNKNOWN)"
		elif [ "$have" != "$want" ]; then
			warn "$name requested $want, got $have (unmet dependency or overridden?)"
			bad=1
		fi
	done
	[ "$bad" = 0 ] || die "the merged config lacks options above; fix the fragment or enable what they depend on (in build/BOARD: make ARCH=${KARCH:-KARCH of boards/BOARD.sh} menuconfig shows why)"
	log "all ${#names[@]} requested options set"
}

main "$@"
