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

# The progress the host prints while a run goes: "[n/N]" from the plan
# line, one line per well-formed result, console prefixes and other lines
# ignored; "?" for N when the plan line is missing.
test_progress_counts_results_against_the_plan() {
	# shellcheck source=igt-tests/protocol.sh
	. "$TOP/igt-tests/protocol.sh"
	{
		echo "[    1.0] booting"
		echo "[    2.0] $(proto_plan 3)"
		proto_result nomap_a@b pass 3
		echo "[   12.5] $(proto_result nomap_a@c fail 0 'flake, retry: pass')"
		echo "igt-result: nomap_a@d: pass (1 s) trailing"
		proto_result nomap_a@e skip 0
		proto_done 3
	} >log
	assert_eq "$(proto_progress <log)" "$(printf '%s\n' '[1/3] nomap_a@b: pass (3 s)' \
		'[2/3] nomap_a@c: fail (0 s)' '[3/3] nomap_a@e: skip (0 s)')"
	assert_eq "$(proto_result nomap_a@b pass 3 | proto_progress)" "[1/?] nomap_a@b: pass (3 s)"
	# As QEMU's serial port writes it: CR LF.
	assert_eq "$(sed 's/$/\r/' log | proto_progress | head -n1)" '[1/3] nomap_a@b: pass (3 s)'
}

# H15 (result files): a result file the runner never wrote is not
# printed, markers and all, so that the host's FAIL guest@result-files
# can fire; a file that is there round-trips.
test_h15_missing_result_file_prints_no_markers() {
	# shellcheck source=igt-tests/protocol.sh
	. "$TOP/igt-tests/protocol.sh"
	printf 'a,Pass,0\n' >results.csv
	{ proto_file results.csv results.csv; proto_file junit.xml no-such-file 2>/dev/null || true; } >log
	assert_eq "$(proto_file_from log results.csv)" "a,Pass,0"
	if proto_file_from log junit.xml >/dev/null; then
		fail "a missing junit.xml came out as an empty one"
	fi
}

# proto_constants -- "NAME VALUE" of every PROTO_NAME='VALUE' of protocol.sh,
# the constants scripts/judge reads too.
proto_constants() {
	sed -n "s/^\(PROTO_[A-Z_]*\)='\([^']*\)'.*/\1 \2/p" "$TOP/igt-tests/protocol.sh"
}

# The code of the guest and of the host, where a marker must not be
# spelled: every file but protocol.sh, comment lines dropped ("FILE:N:line").
protocol_users() {
	(cd "$TOP" && grep -nH '' rootfs/init igt-tests/*.sh igt-tests/*.c igt-tests/lib/*.[ch] \
		lava/*.sh lava/*.yaml lava/*.py boot/rpi/* boards/*.sh scripts/*.sh scripts/*.py scripts/judge/*.py \
		Makefile .ci/run) |
		grep -v '^igt-tests/protocol.sh:' | grep -vE '^[^:]*:[0-9]+:[[:space:]]*(#|//|\*|/\*)'
}

# No marker, label, directory or run-directory name of protocol.sh is
# written anywhere else in the guest's or the host's code: they use PROTO_*
# and the proto_* functions (scripts/judge reads the file itself).  The
# exceptions are those that cannot source it: the C producers print the
# markers marked "(C)" (test_c_producers_print_the_markers), boot.cmd
# PROTO_UBOOT, and init and lava-results.sh name PROTO_GUEST_DIR once to
# find the file (test_the_guest_finds_protocol_sh).
test_no_code_spells_a_protocol_value() {
	local users name value hits bad=''
	users=$(protocol_users)
	while read -r name value; do
		case $name in
		# Too common as text to grep for; PROTO_RUN_* are checked below.
		PROTO_BENCH | PROTO_RUN | PROTO_RUN_* | PROTO_FILES | PROTO_RESULT_RE) continue ;;
		esac
		hits=$(grep -F -- "$value" <<<"$users" |
			grep -vE '^igt-tests/nomap_kms_capture\.c:.*"capture-request: |^igt-tests/nomap_fault_inject\.c:.*"fault-injected-failures: |^igt-tests/nomap_dumb_fuzz\.c:.*"fuzz-ops: |^boot/rpi/boot\.cmd:.*echo "drm-nomap: loading |^rootfs/init:[0-9]+:dir=/usr/libexec/drm-nomap$|^lava/lava-results\.sh:[0-9]+:\. "\$\{PROTOCOL:-/usr/libexec/drm-nomap/protocol\.sh\}"$' || true)
		[ -z "$hits" ] || bad+="$name '$value' spelled outside protocol.sh:"$'\n'"$hits"$'\n'
	done < <(proto_constants)
	# The run directory's files: no second definition of their names.
	hits=$(grep -E ':[[:space:]]*(local )?[A-Z_]*RUN_[A-Z_]+=["'"'"']?(testlist|results|dmesg|uname|bench)\.txt' <<<"$users" || true)
	[ -z "$hits" ] || bad+="run-directory file names defined outside protocol.sh:"$'\n'"$hits"$'\n'
	[ -z "$bad" ] || fail "$bad"
}

# The test above fails on a marker written into a script.
test_a_spelled_marker_is_caught() {
	local hits
	hits=$(grep -F -- 'igt-done:' <<<'scripts/x.sh:3:	grep -q "igt-done: " log' || true)
	[ -n "$hits" ] || fail "the grep misses a spelled marker"
	hits=$(grep -vE '^[^:]*:[0-9]+:[[:space:]]*(#|//|\*|/\*)' <<<'scripts/x.sh:3:	# igt-done: in a comment' || true)
	[ -z "$hits" ] || fail "a comment counts as a use"
}

# The C tests and U-Boot's boot script cannot source the file: they must
# print its markers.
test_c_producers_print_the_markers() {
	local f m
	for f in nomap_kms_capture.c:PROTO_CAPTURE nomap_dumb_vmalloc.c:PROTO_BENCH \
		nomap_fault_inject.c:PROTO_FAULTS nomap_dumb_fuzz.c:PROTO_FUZZ_OPS; do
		m=${f#*:}
		grep -qF "\"${!m}" "$TOP/igt-tests/${f%%:*}" || fail "${f%%:*} does not print $m '${!m}'"
	done
	grep -qF "echo \"$PROTO_UBOOT \${zimage}" "$TOP/boot/rpi/boot.cmd" || fail "boot.cmd does not print PROTO_UBOOT '$PROTO_UBOOT'"
}

# init and lava-results.sh find protocol.sh in PROTO_GUEST_DIR, where
# mkrootfs.sh puts it; the judge reads the same constants as the shell.
# shellcheck disable=SC2016 # the text of init and mkrootfs.sh
test_the_guest_finds_protocol_sh() {
	grep -qx "dir=$PROTO_GUEST_DIR" "$TOP/rootfs/init" || fail "rootfs/init does not look in $PROTO_GUEST_DIR"
	grep -qxF '. $dir/protocol.sh' "$TOP/rootfs/init" || fail "rootfs/init does not source its protocol.sh"
	grep -qF ". \"\${PROTOCOL:-$PROTO_GUEST_DIR/protocol.sh}\"" "$TOP/lava/lava-results.sh" ||
		fail "lava-results.sh does not source $PROTO_GUEST_DIR/protocol.sh"
	assert_eq "$GUEST_DIR" "${PROTO_GUEST_DIR#/}"
	grep -q '"$TOP/igt-tests/protocol.sh"' "$TOP/scripts/mkrootfs.sh" || fail "mkrootfs.sh does not put protocol.sh into the rootfs"
	assert_eq "$(python3 -B -c 'import sys; sys.path.insert(0, sys.argv[1]); import protocol
for k, v in sorted(protocol.PROTO.items()): print(k, v)' "$TOP/scripts/judge")" "$(proto_constants | LC_ALL=C sort)"
}

# Run directories: proto_runs lists run-NNN oldest first by number, the way
# run-board.sh numbers them (proto_run_name).
test_run_directories() {
	mkdir -p runs/"$(proto_run_name 1)" runs/"$(proto_run_name 10)" runs/"$(proto_run_name 2)" "runs/$PROTO_RUN-x"
	touch "runs/$(proto_run_name 3)"
	assert_eq "$(proto_runs runs)" "$(printf 'runs/%s\n' "$(proto_run_name 1)" "$(proto_run_name 2)" "$(proto_run_name 10)")"
	printf 'x\r\n%s3\r\n%s 12 of 40 operations\n%s 5\n' "$PROTO_KMEMLEAK" "$PROTO_FAULTS" "$PROTO_FAULTS" >log
	assert_eq "$(proto_value log "$PROTO_KMEMLEAK")" 3
	assert_eq "$(proto_value log "$PROTO_FAULTS")" 5
	assert_eq "$(proto_value log "$PROTO_FUZZ_OPS")" ""
}
