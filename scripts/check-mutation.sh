#!/usr/bin/env bash
# check-mutation.sh [NAME...] -- show that the stale-memory tests can fail:
# each tests/mutations/NAME.patch breaks the series' kernel on purpose.  It is
# applied on top of build/linux's HEAD (the series) in the worktree
# build/mutation/linux, built for its board (objects in build/mutation/BOARD,
# kernel in out/mutation/NAME/BOARD) and booted with only the test list
# entries it names: every Must-fail entry must fail, every Must-pass entry
# (the controls: the mutation breaks what it says, not the whole kernel) must
# pass, judged by the project's judge on a complete run with a clean kernel
# log (a flake, a crash or a missing binary is no catch).  Prints one PASS|FAIL|SKIP mutation@NAME line per mutation, then the
# summary; without NAME, every mutation.  A mutation for a board QEMU cannot
# boot (the cache write-back needs a Pi: QEMU models no caches) is built,
# not run, and reported as SKIP with what to do on the board.
#   check-mutation.sh list             the mutations, their boards and tests
#   check-mutation.sh apply NAME       only prepare the worktree, to inspect it
#   check-mutation.sh judge NAME LOG   only judge the serial log of a run
#                                      (exit 1 when not caught)
# A mutation's header, before its diff: "Mutation:" (what it breaks; may go
# on over lines that start with a space), "Board:", one or more
# "Must-fail:" and any number of "Must-pass:" lines, each one entry of
# igt-tests/testlist.txt.
set -euo pipefail
shopt -s inherit_errexit   # run() is called in $(...)
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/board.sh
. "$TOP/scripts/board.sh"

MUTATIONS=${MUTATIONS:-$TOP/tests/mutations}
# The series' tree; another one (host tests) is taken as it is.
SERIES_TREE=${SERIES_TREE:-}
WORK=${MUTATION_ROOT:-$TOP/build/mutation}
OUT_MUTATION=${MUTATION_OUT:-$TOP/out/mutation}
TESTLIST=$TOP/igt-tests/testlist.txt

names() {
	find "$MUTATIONS" -maxdepth 1 -name '*.patch' -printf '%f\n' 2>/dev/null |
		sed 's/\.patch$//' | LC_ALL=C sort
}

# header FILE KEY -- the values of the KEY: lines before the diff.
header() {
	sed -n '/^--- /q; /^diff /q; s/^'"$2"': *//p' "$1"
}

# load NAME -- read and check the mutation: M_FILE, M_BOARD, M_FAIL, M_PASS.
load() {
	local t boards
	[[ $1 =~ ^[a-z0-9][a-z0-9-]*$ ]] || die "'$1' is not a mutation name (a-z, 0-9, -)"
	M_NAME=$1
	M_FILE=$MUTATIONS/$1.patch
	[ -r "$M_FILE" ] || die "no mutation '$1' in $MUTATIONS; known: $(names | paste -sd' ' -)"
	boards=$(header "$M_FILE" Board)
	[ "$(wc -w <<<"$boards")" = 1 ] || die "$M_FILE: needs exactly one 'Board:' line"
	M_BOARD=$boards
	[ -f "$TOP/boards/$M_BOARD.sh" ] || die "$M_FILE: unknown board '$M_BOARD'; see boards/"
	[ -n "$(header "$M_FILE" Mutation)" ] || die "$M_FILE: no 'Mutation:' line saying what it breaks"
	mapfile -t M_FAIL < <(header "$M_FILE" Must-fail)
	mapfile -t M_PASS < <(header "$M_FILE" Must-pass)
	[ "${#M_FAIL[@]}" -gt 0 ] ||
		die "$M_FILE: no 'Must-fail:' test; a mutation that no test has to catch checks nothing"
	for t in "${M_FAIL[@]}" "${M_PASS[@]}"; do
		grep -qxF -- "$t" "$TESTLIST" || die "$M_FILE: '$t' is not an entry of igt-tests/testlist.txt"
	done
	grep -q '^+++ b/' "$M_FILE" || die "$M_FILE: no diff after the header"
}

# series_tree -- the kernel tree with the series applied.
series_tree() {
	if [ -z "$SERIES_TREE" ]; then
		"$TOP/scripts/tree.sh" ensure >&2
		SERIES_TREE=$TOP/build/linux
	fi
	git -C "$SERIES_TREE" rev-parse -q --verify HEAD >/dev/null 2>&1 ||
		die "no kernel tree at $SERIES_TREE; run 'make tree'"
}

# prepare -- the worktree at the series' HEAD plus the mutation: M_SRC.
prepare() {
	local head err common
	series_tree
	head=$(git -C "$SERIES_TREE" rev-parse HEAD)
	M_SRC=$WORK/linux
	common=$(git -C "$SERIES_TREE" rev-parse --path-format=absolute --git-common-dir)
	# A worktree of a tree that is gone (make clean-tree) or of another one.
	if [ -e "$M_SRC" ] && [ "$(git -C "$M_SRC" rev-parse --path-format=absolute \
		--git-common-dir 2>/dev/null || true)" != "$common" ]; then
		log "removing $M_SRC: not a worktree of $SERIES_TREE (left by make clean-tree?)"
		rm -rf "$M_SRC"
	fi
	git -C "$SERIES_TREE" worktree prune
	if [ ! -d "$M_SRC" ]; then
		mkdir -p "$WORK"
		git -C "$SERIES_TREE" worktree add -q --detach "$M_SRC" "$head"
	fi
	# Drop the previous mutation.
	git -C "$M_SRC" reset -q --hard "$head"
	if ! err=$(git -C "$M_SRC" apply --check "$M_FILE" 2>&1); then
		die "mutation $M_NAME does not apply to the series ($(git -C "$SERIES_TREE" log --oneline -1 | cut -c1-60)): ${err%%$'\n'*}; update $M_FILE"
	fi
	git -C "$M_SRC" apply "$M_FILE"
	log "$M_SRC: the series + mutation $M_NAME ($(git -C "$M_SRC" diff --stat | tail -n 1 | sed 's/^ *//'))"
}

# judge LOG -- the verdict line on the serial log of the mutated kernel's
# run, by the project's judge (scripts/results.sh) with expectation files
# that say it: every Must-fail entry fails (a fails file of "T,Fail"), every
# control passes, the run is complete (igt-done, every entry once), the
# kernel log clean, and a flake or a missing binary is no catch (-s).
# Fails when the verdict is FAIL.
judge() {
	local dir out bad t tests
	dir=$(mktemp -d)
	for t in "${M_FAIL[@]}"; do echo "$t,Fail"; done >"$dir/m-fails.txt"
	: >"$dir/m-flakes.txt"
	: >"$dir/m-skips.txt"
	tests=$(selection)
	out=$("$TOP/scripts/results.sh" -l "$TESTLIST" -t "$tests" -x "$dir/m" -s "$1" 2>&1 || true)
	rm -rf "$dir"
	bad=$( { grep '^FAIL ' <<<"$out" || true; } | cut -d' ' -f2- | paste -sd';' - | sed 's/;/; /g')
	if [ -z "$bad" ] && grep -q ' 0 failed' <<<"$out"; then
		echo "PASS mutation@$M_NAME (caught by ${M_FAIL[*]})"
		return 0
	fi
	echo "FAIL mutation@$M_NAME (not caught: ${bad:-$(tail -n1 <<<"$out")}; log: $1)"
	return 1
}

# selection -- the TESTS regex of the mutation's entries.
selection() {
	echo "^($(IFS='|'; echo "${M_FAIL[*]}${M_PASS[*]:+|${M_PASS[*]}}"))\$"
}

# run NAME -- build and boot one mutation; its verdict line.
run() {
	local kdir log tests
	load "$1"
	prepare
	kdir=$OUT_MUTATION/$M_NAME/$M_BOARD
	if ! timed "building $M_BOARD with mutation $M_NAME" env TREE="$M_SRC" BUILD_ROOT="$WORK" \
		OUT_ROOT="$OUT_MUTATION/$M_NAME" "$TOP/scripts/build-kernel.sh" "$M_BOARD" >&2; then
		echo "FAIL mutation@$M_NAME (the mutated kernel does not build; see $kdir/build.log)"
		return
	fi
	board_load "$M_BOARD"
	if [ -z "$QEMU_ARGS" ]; then
		echo "SKIP mutation@$M_NAME (QEMU cannot run $M_BOARD: boot ${kdir#"$TOP"/} on the board; these must fail there: ${M_FAIL[*]})"
		return
	fi
	tests=$(selection)
	log=$OUT_MUTATION/$M_NAME/boot.log
	if ! LOG=$log KERNEL_DIR=$kdir TESTS=$tests "$TOP/scripts/run-qemu.sh" "$M_BOARD" test >&2; then
		echo "FAIL mutation@$M_NAME (the mutated kernel's run did not finish; log: ${log#"$TOP"/})"
		return
	fi
	judge "$log" || true
}

# what FILE -- the Mutation: text, continuation lines joined.
what() {
	awk '/^Mutation:/ { sub(/^Mutation: */, ""); on = 1; printf "%s", $0; next }
		on && /^ / { sub(/^ +/, " "); printf "%s", $0; next }
		{ on = 0 } END { print "" }' "$1"
}

list() {
	local n
	for n in $(names); do
		load "$n"
		printf '%s (%s): %s\n    must fail: %s\n    must pass: %s\n' "$n" "$M_BOARD" \
			"$(what "$M_FILE")" "${M_FAIL[*]}" "${M_PASS[*]:-none}"
	done
}

main() {
	local n
	case ${1:-} in
	list) [ $# = 1 ] || die "usage: $PROG list"; list; return ;;
	apply) [ $# = 2 ] || die "usage: $PROG apply NAME"; load "$2"; prepare; return ;;
	judge)
		[ $# = 3 ] || die "usage: $PROG judge NAME LOG"
		[ -r "$3" ] || die "no log $3"
		load "$2"
		judge "$3"
		return
		;;
	-*) die "usage: $PROG [list | apply NAME | judge NAME LOG | NAME...]" ;;
	esac
	local todo=("$@")
	[ $# -gt 0 ] || mapfile -t todo < <(names)
	[ "${#todo[@]}" -gt 0 ] || die "no mutations in $MUTATIONS"
	for n in "${todo[@]}"; do
		load "$n"   # every name is checked before the first build
	done
	rootfs_then_each run "${todo[@]}"
}

main "$@"
