# shellcheck shell=bash
# scripts/trailers.sh adds the review trailers of a reply mbox to the
# commits of build/linux, by the replied-to subject (a cover letter's to its
# whole series), and changes nothing on bad input.

# shellcheck source=tests/host/lib-series.sh
. "$TOP/tests/host/lib-series.sh"

run_trailers() {
	"$R/scripts/trailers.sh" "$@"
}

# reply SUBJECT BODY -- one mail of an mbox replying to SUBJECT.
reply() {
	printf 'From reviewer@example.org Thu Jan  1 00:00:00 1970\nFrom: Rev Iewer <rev@example.org>\nSubject: %s\nIn-Reply-To: <x@example.org>\n\n%s\n\n' "$1" "$2"
}

# msg N -- the message of patch N (1 = the oldest) of build/linux.
msg() {
	printf '%s\n' "$(git -C "$K" log -1 --format=%B "HEAD~$((3 - $1))")"
}

# replies.mbox: a reply to DMA patch 2 (with a quoted trailer that must not
# count), one to the DMA cover letter (for patches 1 and 2), one to patch 1
# with its long subject folded, and the patch mail itself (not a reply).
write_replies() {
	{
		reply "Re: [PATCH v6 2/2] dma-mapping: Second change" \
			"$(printf '> Reviewed-by: Quoted Person <quoted@example.org>\n> Signed-off-by: X <x@example.org>\n\nLooks right.\n\nReviewed-by: Rev Iewer <rev@example.org>')"
		reply "Re: [PATCH v6 0/2] Fake DMA" "Acked-by: Ack Er <ack@example.org>"
		reply "$(printf 'Re: [PATCH v6 1/2] dma-direct: Zero memory allocated without a kernel\n mapping on every architecture')" \
			"Tested-by: Tes Ter <test@example.org> # on a Pi 3"
		reply "[PATCH v6 1/1] drm: First change" "Reviewed-by: Old Trailer <old@example.org>"
	} >replies.mbox
}

test_trailers_go_to_their_commits() {
	two_series_env
	write_replies
	local tree author out
	tree=$(git -C "$K" rev-parse 'HEAD^{tree}')
	author=$(git -C "$K" log --format='%an %ae %ad' base..HEAD)
	out=$(run_trailers replies.mbox 2>&1)
	assert_eq "$(msg 1 | tail -n3)" "$(printf 'Signed-off-by: %s\nAcked-by: Ack Er <ack@example.org>\nTested-by: Tes Ter <test@example.org> # on a Pi 3' "$PLACEHOLDER_IDENT")"
	assert_eq "$(msg 2 | tail -n2)" "$(printf 'Reviewed-by: Rev Iewer <rev@example.org>\nAcked-by: Ack Er <ack@example.org>')"
	assert_eq "$(msg 3 | grep -cE '^(Reviewed|Acked|Tested)-by:')" 0 "the DRM patch got a DMA trailer"
	if git -C "$K" log --format=%B base..HEAD | grep -e Quoted -e 'Old Trailer'; then
		fail "a quoted trailer or one of a mail that is no reply was added"
	fi
	assert_eq "$(git -C "$K" rev-parse 'HEAD^{tree}')" "$tree" "the tree changed"
	assert_eq "$(git -C "$K" log --format='%an %ae %ad' base..HEAD)" "$author" "authors or dates changed"
	assert_match "$(tail -n1 <<<"$out")" "4 trailers added to build/linux .*now run 'make export'"
	# Again: nothing new, nothing changes.
	local head
	head=$(git -C "$K" rev-parse HEAD)
	out=$(run_trailers replies.mbox 2>&1)
	assert_match "$out" "already in the commits of build/linux; nothing changed"
	assert_eq "$(git -C "$K" rev-parse HEAD)" "$head"
}

# bad_input EXPECTED ARG... -- trailers.sh ARG... fails with EXPECTED as its
# last line and leaves build/linux as it was.
bad_input() {
	local want=$1 head out rc=0
	shift
	head=$(git -C "$K" rev-parse HEAD)
	out=$(run_trailers "$@" 2>&1) || rc=$?
	assert_eq "$rc" 1 "exit status of trailers.sh $*"
	assert_match "$(tail -n1 <<<"$out")" "$want"
	assert_eq "$(git -C "$K" rev-parse HEAD)" "$head" "build/linux changed"
}

test_trailers_bad_input_changes_nothing() {
	two_series_env
	bad_input 'usage: make trailers FILE=reply.mbox'
	bad_input 'FILE=nothing.mbox: no such file' nothing.mbox
	reply "Re: [PATCH v6 2/2] dma-mapping: Second change" "Thanks, looks right." >plain.mbox
	bad_input "no Reviewed-by:, Acked-by: or Tested-by: in the replies of plain.mbox" plain.mbox
	write_replies
	reply "Re: [PATCH v6 3/3] drm: Not in this series" "Reviewed-by: Rev Iewer <rev@example.org>" >>replies.mbox
	bad_input "'Reviewed-by: Rev Iewer <rev@example.org>' replies to 'drm: Not in this series', which is no commit subject of build/linux" replies.mbox
	write_replies
	reply "Re: [PATCH v6 0/2] Another cover letter" "Acked-by: Ack Er <ack@example.org>" >>replies.mbox
	bad_input "replies to 'Another cover letter', which is no Subject: of the cover letters" replies.mbox
}

test_trailers_refuse_a_tree_in_the_middle_of_git_am() {
	two_series_env
	write_replies
	mkdir "$K/.git/rebase-apply"
	bad_input "a git am or rebase is under way" replies.mbox
}
