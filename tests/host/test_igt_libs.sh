# shellcheck shell=bash
# The libraries of upstream igt in the rootfs: igt-tests/igt-libs.txt, the
# link of nomap_igt_libs against it (igt-tests/Makefile) and the build-time
# closure check (scripts/elf-closure.sh), on host-built ELF files.

# A tree like the rootfs: prog needs liba.so.1, which needs libb.so.1
# (under another directory of the loader), and the interpreter /lib/ld-t.so.1.
make_tree() {
	mkdir -p root/lib root/usr/lib/arm-linux-gnueabihf root/bin
	echo 'int b(void) { return 1; }' >b.c
	echo 'int b(void); int a(void) { return b(); }' >a.c
	echo 'int a(void); void start(void) { a(); }' >p.c
	gcc -shared -fPIC -nostdlib -Wl,-soname,libb.so.1 -o root/lib/libb.so.1.2 b.c
	ln -s libb.so.1.2 root/lib/libb.so.1
	gcc -shared -fPIC -nostdlib -Wl,-soname,liba.so.1 -o root/usr/lib/arm-linux-gnueabihf/liba.so.1 \
		a.c root/lib/libb.so.1
	gcc -nostdlib -Wl,-e,start -Wl,--dynamic-linker=/lib/ld-t.so.1 -Wl,-rpath-link,root/lib -o root/bin/prog p.c \
		root/usr/lib/arm-linux-gnueabihf/liba.so.1
	: >root/lib/ld-t.so.1
}

test_closure_lists_every_library_of_a_complete_tree() {
	make_tree
	local out
	out=$("$TOP/scripts/elf-closure.sh" root root/bin/prog)
	assert_eq "$out" "$(printf 'liba.so.1 usr/lib/arm-linux-gnueabihf/liba.so.1\nlibb.so.1 lib/libb.so.1.2')"
}

test_closure_names_a_missing_library_and_who_needs_it() {
	make_tree
	rm root/lib/libb.so.1.2
	local out rc=0
	out=$("$TOP/scripts/elf-closure.sh" root root/bin/prog 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'usr/lib/arm-linux-gnueabihf/liba.so.1 needs libb.so.1, not in root'
}

test_closure_names_a_missing_interpreter() {
	make_tree
	rm root/lib/ld-t.so.1
	local out rc=0
	out=$("$TOP/scripts/elf-closure.sh" root root/bin/prog 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'bin/prog needs the interpreter /lib/ld-t.so.1'
}

# A library outside the loader's directories is not found (no ld.so.cache,
# no LD_LIBRARY_PATH in the rootfs).
test_closure_ignores_libraries_outside_the_loader_path() {
	make_tree
	mkdir -p root/usr/local/lib
	mv root/usr/lib/arm-linux-gnueabihf/liba.so.1 root/usr/local/lib/
	assert_fails "$TOP/scripts/elf-closure.sh" root root/bin/prog
}

test_igt_libs_list_is_well_formed() {
	local bad
	bad=$(grep -Ev '^[[:space:]]*(#.*)?$' "$TOP/igt-tests/igt-libs.txt" |
		grep -Ev '^[a-z0-9][a-z0-9.+-]+ lib[A-Za-z0-9_.+-]+\.so\.[0-9]+ [A-Za-z_][A-Za-z0-9_]*$' || true)
	assert_eq "$bad" ""
	assert_eq "$(grep -Ev '^[[:space:]]*(#.*)?$' "$TOP/igt-tests/igt-libs.txt" | cut -d' ' -f2 | sort | uniq -d)" ""
}

# nomap_igt_libs is linked against, and references a function of, every
# library of the list (and only there: the other tests link libdrm only).
test_closure_program_links_every_listed_library() {
	local cmd so sym n=0
	cmd=$(make -s -n -C "$TOP/igt-tests" SYSROOT=/sysroot O="$PWD/o" "$PWD/o/nomap_igt_libs" | grep -- '-o ')
	while read -r _ so sym; do
		assert_match "$cmd" " -l:${so//./\\.}( |\$)"
		assert_match "$cmd" "IGT_LIB\\(${so//./\\.},$sym\\)"
		n=$((n + 1))
	done < <(grep -Ev '^[[:space:]]*(#.*)?$' "$TOP/igt-tests/igt-libs.txt")
	assert_eq "$(grep -o -- ' -l:' <<<"$cmd" | wc -l)" "$n"
	assert_match "$(make -s -n -C "$TOP/igt-tests" SYSROOT=/s O="$PWD/o" "$PWD/o/nomap_prime")" '-ldrm$'
}

# An igt tree as meson installs it (use_rpath off): a test binary that needs
# IGT_DIR/lib/libigt.so.0 runs through run-board.sh, which must point the
# loader there.
test_board_runner_finds_libigt_in_igt_dir() {
	local igt=$PWD/igt bin=$PWD/igt/libexec/igt-gpu-tools t out
	mkdir -p "$igt/lib" "$bin" xfails
	echo 'int igt_version(void) { return 0; }' >igt.c
	echo 'int igt_version(void); int main(void) { return igt_version(); }' >main.c
	gcc -shared -fPIC -Wl,-soname,libigt.so.0 -o "$igt/lib/libigt.so.0" igt.c
	grep -v '^#' "$TOP/igt-tests/igt-testlist.txt" | while read -r t; do
		mkdir -p "$(dirname "$bin/$t")"
		printf '#!/bin/sh\nexit 0\n' >"$bin/$t"
		chmod +x "$bin/$t"
	done
	gcc -o "$bin/core_getversion" main.c "$igt/lib/libigt.so.0"
	cp "$TOP/igt-tests/run-board.sh" "$TOP"/igt-tests/run-tests*.sh "$TOP/igt-tests/protocol.sh" \
		"$TOP/igt-tests/igt-testlist.txt" .
	: >xfails/b-fails.txt
	: >xfails/b-flakes.txt
	: >xfails/b-skips.txt
	assert_fails "$bin/core_getversion"
	out=$(IGT_DIR=$igt ./run-board.sh b res)
	assert_match "$out" '^igt-result: core_getversion: pass'
}
