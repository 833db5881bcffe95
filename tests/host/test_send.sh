# shellcheck shell=bash
# scripts/send.sh prints the git send-email commands for the series that
# make series wrote (DMA first, DRM second): to oneself, a dry run, the real
# send; it sends nothing and refuses a stale or missing out/series.

# shellcheck source=tests/host/lib-series.sh
. "$TOP/tests/host/lib-series.sh"

run_send() {
	PATCHES=$R/patches "$R/scripts/send.sh"
}

# A git send-email that records that it ran: send.sh must never run it.
trap_send_email() {
	mkdir -p bin
	printf '#!/bin/sh\ntouch %s/sent\nexit 1\n' "$PWD" >bin/git-send-email
	chmod +x bin/git-send-email
	export PATH=$PWD/bin:$PATH
}

test_send_prints_the_commands_in_order() {
	two_series_env
	run_series 2>/dev/null
	trap_send_email
	local out
	out=$(run_send 2>/dev/null)
	[ ! -e sent ] || fail "send.sh ran git send-email"
	local want
	want=$(printf '%s\n' \
		"git send-email --to='$SENDER' --suppress-cc=all --confirm=never out/series/dma/reflect/v6-0*.patch" \
		"git send-email --dry-run --confirm=never out/series/dma/v6-0*.patch" \
		"git send-email out/series/dma/v6-0*.patch" \
		"git send-email --to='$SENDER' --suppress-cc=all --confirm=never out/series/drm/reflect/v6-0*.patch" \
		"git send-email --dry-run --confirm=never out/series/drm/v6-0*.patch" \
		"git send-email out/series/drm/v6-0*.patch")
	assert_eq "$(grep '^git ' <<<"$out")" "$want"
	assert_match "$out" '^# 1/2: dma v6, 3 mails \(cover letter \+ 2 patches\)'
	assert_match "$out" '^# 2/2: drm v6, 2 mails'
	# The printed globs name the mails that make series wrote.
	assert_eq "$(cd "$R" && echo out/series/dma/v6-0*.patch | wc -w)" 3
}

test_send_quotes_a_name_with_a_quote() {
	two_series_env
	run_series 2>/dev/null
	set_sender "Ada O'Sender <ada@example.org>"
	local out
	out=$(run_send 2>/dev/null)
	assert_match "$out" "^git send-email --to='Ada O'\\\\''Sender <ada@example.org>' --suppress-cc=all"
}

test_send_without_a_series_says_make_series() {
	two_series_env
	local out rc=0
	out=$(run_send 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$(tail -n1 <<<"$out")" "out/series/dma/ has 0 v6 mails, not the 3 of cover-letter-dma.txt .*run 'make series' first"
	assert_eq "$(run_send 2>/dev/null || true)" "" "commands printed for a missing series"
}

test_send_refuses_a_stale_series() {
	two_series_env
	run_series 2>/dev/null
	sed -i 's/^Version: 6$/Version: 7/' "$R/patches/cover-letter-dma.txt"
	local out
	out=$(run_send 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" "out/series/dma/ has 0 v7 mails.*run 'make series' first"
}

test_send_without_identity_fails() {
	two_series_env
	run_series 2>/dev/null
	git -C "$R" config --unset user.email
	local out
	out=$(run_send 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" "no sender identity"
}
