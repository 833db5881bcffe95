# shellcheck shell=bash
# igt-tests/protocol.sh: the console protocol is defined once, and every
# producer and consumer uses that definition.

# What proto_result prints, proto_results reads back, verdict and all.
test_result_lines_round_trip() {
	# shellcheck source=igt-tests/protocol.sh
	. "$TOP/igt-tests/protocol.sh"
	{
		proto_result nomap_a@b pass 3
		echo "[   12.5] $(proto_result nomap_a@c fail 0 'flake, retry: pass')"
		proto_done 2
		echo "igt-result: nomap_a@d: pass (1 s) trailing"
	} >log
	assert_eq "$(proto_results log)" "$(printf 'nomap_a@b pass 3 \nnomap_a@c fail 0 flake, retry: pass')"
	assert_eq "$(proto_garbled log)" "igt-result: nomap_a@d: pass (1 s) trailing"
	assert_eq "$(proto_done_counts log)" 2
}

# The markers appear in no script but protocol.sh (comments aside): the
# others use PROTO_* and the proto_* functions.
test_no_script_spells_a_marker() {
	local m hits
	for m in 'igt-result:' 'igt-done:' 'capture-request:' 'drm-nomap: init reached' 'drm-nomap: tests finished' \
		'drm-nomap: tainted='; do
		hits=$(cd "$TOP" || exit 1
			grep -nF -- "$m" rootfs/init igt-tests/*.sh lava/*.sh scripts/*.sh scripts/judge/*.py |
				grep -v '^igt-tests/protocol.sh:' | grep -vE '^[^:]*:[0-9]+:[[:space:]]*#' || true)
		[ -z "$hits" ] || fail "'$m' spelled outside protocol.sh: $hits"
	done
}

# The C tests cannot source the file: they must print its markers.
test_c_producers_print_the_markers() {
	# shellcheck source=igt-tests/protocol.sh
	. "$TOP/igt-tests/protocol.sh"
	grep -qF "\"$PROTO_CAPTURE " "$TOP/igt-tests/nomap_kms_capture.c" ||
		fail "nomap_kms_capture.c does not print '$PROTO_CAPTURE'"
	grep -qF "\"$PROTO_BENCH" "$TOP/igt-tests/nomap_dumb_vmalloc.c" ||
		fail "nomap_dumb_vmalloc.c does not print '$PROTO_BENCH'"
}
