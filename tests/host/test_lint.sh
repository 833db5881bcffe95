# shellcheck shell=bash
# The project's shell is shellcheck-clean (every script in the tree).

test_shellcheck_clean() {
	(cd "$TOP" && shellcheck -x scripts/*.sh boards/*.sh tests/host/*.sh igt-tests/*.sh lava/lava-results.sh rootfs/init .ci/run)
}

# The judge (scripts/judge) is Python of the standard library only, every
# module compiles, and no function is longer than 40 lines.
test_judge_is_standard_library_python() {
	python3 - "$TOP/scripts/judge" <<-'PY'
	import ast, glob, os, sys
	own = {os.path.basename(f)[:-3] for f in glob.glob(sys.argv[1] + "/*.py")}
	bad = []
	for f in sorted(glob.glob(sys.argv[1] + "/*.py")):
	    tree = ast.parse(open(f).read(), f)
	    for n in ast.walk(tree):
	        names = [a.name for a in n.names] if isinstance(n, ast.Import) else \
	            [n.module] if isinstance(n, ast.ImportFrom) else []
	        bad += ["%s: imports %s" % (f, m) for m in names
	                if m.split(".")[0] not in sys.stdlib_module_names | own]
	        if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno >= 40:
	            bad.append("%s: %s() has %d lines" % (f, n.name, n.end_lineno - n.lineno + 1))
	sys.exit("\n".join(bad) or None)
	PY
}

# The size limits of issue #20: no shell script over 250 lines, no shell
# function over 40 (from its "NAME() {" line to its closing "}" line).  A
# script that outgrows them splits into sourced parts along its seams.
test_scripts_and_functions_are_small() {
	local f
	for f in "$TOP"/scripts/*.sh "$TOP"/boards/*.sh "$TOP"/lava/*.sh "$TOP"/igt-tests/*.sh "$TOP"/rootfs/init "$TOP"/.ci/run; do
		awk -v f="${f#"$TOP"/}" '
			/^[A-Za-z_][A-Za-z0-9_-]*\(\) *\{ *$/ { name = $1; start = NR }
			/^}/ && name != "" {
				if (NR - start + 1 > 40) printf "%s: %s has %d lines (max 40)\n", f, name, NR - start + 1
				name = ""
			}
			END { if (NR > 250) printf "%s has %d lines (max 250)\n", f, NR }' "$f"
	done >too-big
	[ ! -s too-big ] || fail "split these along their seams:"$'\n'"$(cat too-big)"
}
