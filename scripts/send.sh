#!/usr/bin/env bash
# send.sh -- print the commands that send the series `make series` wrote to
# out/series/, in the order of the cover letters (the DMA series first, the
# DRM series that depends on it second): for each series a send to oneself
# (its reflect/ copies, without To:/Cc:), a dry run that lists the
# recipients, then the real send.  It sends nothing itself.
#
# The commands are git send-email's (Debian git-email), which takes To: and
# Cc: from each mail.  b4 send is not used: b4 0.12 sends only a branch
# that b4 prep manages (docs/sending.md says why the series is not one).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

PATCHES=${PATCHES:-$TOP/patches}

# quote WORD -- WORD in single quotes, for a command line to copy.
quote() {
	printf "'%s'" "${1//\'/\'\\\'\'}"
}

# mails COVER -- the mails of that cover letter's series, checked: as many
# as the series has patches (and its cover letter), of its version.
mails() {
	local cover=$1 dir ver range n want
	dir=$(cover_dir "$cover")
	ver=$(cover_header "$cover" Version)
	n=$(find "$dir" -maxdepth 1 -name "v$ver-0*.patch" 2>/dev/null | wc -l)
	range=$(cover_header "$cover" Patches)
	want=''
	[ -z "$range" ] || want=$((${range#*-} - ${range%-*} + 2))
	if [ "$n" = 0 ] || { [ -n "$want" ] && [ "$n" != "$want" ]; }; then
		die "${dir#"$TOP"/}/ has $n v$ver mails${want:+, not the $want of ${cover##*/} (Patches: $range)}; run 'make series' first"
	fi
	[ -d "$dir/reflect" ] || die "${dir#"$TOP"/}/reflect/ is missing; run 'make series' again"
	printf '%s %s %s\n' "${dir#"$TOP"/}" "$ver" "$n"
}

# print_series I N COVER SENDER MAILS -- the commands of series I of N
# (MAILS: what mails COVER printed).
print_series() {
	local i=$1 total=$2 cover=$3 me=$4 dir ver n name
	read -r dir ver n <<<"$5"
	name=$(cover_header "$cover" Series)
	printf '\n# %s/%s: %s v%s, %s mails (cover letter + %s patches), from %s\n' \
		"$i" "$total" "${name:-series}" "$ver" "$n" "$((n - 1))" "${dir}/"
	printf '# to yourself first (the same mails without To:/Cc:), then read them:\n'
	printf 'git send-email --to=%s --suppress-cc=all --confirm=never %s/reflect/v%s-0*.patch\n' \
		"$(quote "$me")" "$dir" "$ver"
	printf '# the recipients and the order, sending nothing:\n'
	printf 'git send-email --dry-run --confirm=never %s/v%s-0*.patch\n' "$dir" "$ver"
	printf '# then for real:\n'
	printf 'git send-email %s/v%s-0*.patch\n' "$dir" "$ver"
}

main() {
	local me list i found=()
	[ $# = 0 ] || die "usage: $PROG (prints the commands; sends nothing)"
	mapfile -t list < <(cover_letters "$PATCHES")
	[ ${#list[@]} -gt 0 ] || die "no $PATCHES/cover-letter*.txt: nothing to send"
	me=$(sender) || exit 1
	for i in "${!list[@]}"; do
		found[i]=$(mails "${list[i]}") || exit 1
	done
	git send-email -h >/dev/null 2>&1 || [ $? = 129 ] ||
		warn "git send-email is not installed (Debian git-email): 'make deps' installs it"
	printf '# Run from %s. Nothing has been sent; send the series in this order,\n' "$TOP"
	printf '# each after the one before it has reached the list.\n'
	for i in "${!list[@]}"; do
		print_series "$((i + 1))" "${#list[@]}" "${list[i]}" "$me" "${found[i]}"
	done
}

main "$@"
