# shellcheck shell=bash
# A fake project repo with a tiny fake kernel tree and a series in it, for
# the host tests of the series verbs (test_series, test_send, test_trailers).
# Sourced by those files; defines no cases.

SENDER="Ada Sender <ada@example.org>"
# shellcheck disable=SC2034
ORIG="Rob Original <rob@example.org>"

# series_env -- $PWD/repo: the project's scripts and pins, a git repo with no
# identity (HOME and system config hidden), and its build/linux with a base.
series_env() {
	# The pinned b4 stays in the real cache, unpacked once.
	export DRM_NOMAP_CACHE=$CACHE
	export HOME=$PWD/home XDG_CONFIG_HOME=$PWD/home/.config GIT_CONFIG_NOSYSTEM=1
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL EMAIL
	mkdir -p "$HOME" repo/patches repo/build/linux/scripts
	cp -r "$TOP/scripts" "$TOP/kernel.pin" "$TOP/kernel-next.pin" "$TOP/deps.lock" repo/
	mkdir -p repo/igt-tests && cp "$TOP/igt-tests/protocol.sh" repo/igt-tests/
	git -C repo init -q
	R=$PWD/repo
	K=$R/build/linux
	printf '#!/bin/sh\necho "Maint Ainer <maint@example.org>"\n' >"$K/scripts/get_maintainer.pl"
	chmod +x "$K/scripts/get_maintainer.pl"
	printf 'int a;\n' >"$K/a.c"
	git -C "$K" init -q -b master
	kgit "$PLACEHOLDER_IDENT" add -A
	kgit "$PLACEHOLDER_IDENT" commit -q -m base
	git -C "$K" tag base
	printf 'Subject: Fake series\nVersion: 5\n\nBody.\n\nBased on %s (Debian).\n' \
		"$(upstream_release)" >"$R/patches/cover-letter.txt"
	printf '[drm: First change]\n- v5: new\n' >"$R/patches/changelog.txt"
}

# kgit IDENT ARGS... -- git in the fake kernel tree as author/committer IDENT.
kgit() {
	local name=${1% <*} email=${1#*<}
	shift
	GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=${email%>} GIT_COMMITTER_NAME=$name \
		GIT_COMMITTER_EMAIL=${email%>} git -C "$K" "$@"
}

# kcommit AUTHOR SUBJECT TRAILER... -- one change, exported to patches/.
kcommit() {
	local author=$1 subject=$2 msg t
	shift 2
	msg=$(printf '%s\n\nWhy: the test says so.\n\n' "$subject")
	for t in "$@"; do msg+=$'\n'$t; done
	printf '%s\n' "$subject" >>"$K/a.c"
	kgit "$author" commit -q -a -m "$msg"
}

export_patches() {
	TREE=$K PATCHES=$R/patches FETCH_BASE=0 "$R/scripts/tree.sh" export 2>/dev/null
}

run_series() {
	FETCH_BASE=0 "$R/scripts/series.sh"
}

# series_refused PATTERN WHAT -- make series must fail with its last line
# matching PATTERN and write no series (WHAT: the series, for the message).
series_refused() {
	local out
	out=$(run_series 2>&1 || true)
	assert_match "$(tail -n1 <<<"$out")" "$1"
	[ ! -e "$R/out/series" ] || fail "a series $2 was written"
}

set_sender() {
	git -C "$R" config user.name "${1% <*}"
	local email=${1#*<}
	git -C "$R" config user.email "${email%>}"
}

# two_series_env -- three patches, a DMA cover letter for 1-2 (with an
# extra Cc:) and a DRM cover letter for 3; patch 1's subject is long
# enough for format-patch to fold it.
LONG="dma-direct: Zero memory allocated without a kernel mapping on every architecture"
two_series_env() {
	series_env
	kcommit "$PLACEHOLDER_IDENT" "$LONG" "Signed-off-by: $PLACEHOLDER_IDENT"
	kcommit "$PLACEHOLDER_IDENT" "dma-mapping: Second change" "Signed-off-by: $PLACEHOLDER_IDENT"
	kcommit "$PLACEHOLDER_IDENT" "drm: First change" "Signed-off-by: $PLACEHOLDER_IDENT"
	export_patches
	set_sender "$SENDER"
	printf 'Subject: Fake DMA\nVersion: 6\nSeries: dma\nPatches: 1-2\nCc: Extra Person <extra@example.org>, Maint Ainer <MAINT@example.org>, extra person <Extra@Example.org>\n\nBody.\n\nBased on %s (Debian).\n' \
		"$(upstream_release)" >"$R/patches/cover-letter-dma.txt"
	sed -i 's/^Version: 5$/Version: 6\nSeries: drm\nPatches: 3-3/' "$R/patches/cover-letter.txt"
	printf '[%s]\n- v6: folded subject, still found\n' "$LONG" >>"$R/patches/changelog.txt"
}
