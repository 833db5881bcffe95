// SPDX-License-Identifier: MIT
/*
 * The rootfs can run an upstream igt-gpu-tools: this program is linked
 * against every library of igt-tests/igt-libs.txt (the ones igt 2.x links
 * against) and references one function of each, so the dynamic loader
 * has to find all of them, and their dependencies, before main() runs.
 * A missing library makes it fail to start ("error while loading shared
 * libraries: NAME"), exactly as igt's binaries would.
 *
 * TEST: nomap_igt_libs
 * SUBTEST: closure
 * Description: every library upstream igt links against is loaded, and each
 *	listed function comes from the library the list names
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>

#include "lib/igt.h"

/* IGT_LIBS: IGT_LIB(soname, symbol) per line of igt-libs.txt (Makefile). */
#ifndef IGT_LIBS
#error "IGT_LIBS is not defined: build with igt-tests/Makefile"
#endif
#define IGT_LIB(soname, symbol) void symbol(void);
IGT_LIBS
#undef IGT_LIB

static const struct igt_lib {
	const char *soname;
	const char *symbol;
	void (*func)(void);
} libs[] = {
#define IGT_LIB(soname, symbol) { #soname, #symbol, symbol },
	IGT_LIBS
#undef IGT_LIB
};

static void closure(int fd)
{
	unsigned int bad = 0;
	size_t i;

	(void)fd;
	for (i = 0; i < IGT_ARRAY_SIZE(libs); i++) {
		Dl_info info;
		const char *file = "(not found)";

		if (dladdr((void *)libs[i].func, &info) && info.dli_fname)
			file = info.dli_fname;
		if (strcmp(strrchr(file, '/') ? strrchr(file, '/') + 1 : file,
			   libs[i].soname) != 0) {
			igt_info("%s: %s comes from %s\n", libs[i].soname, libs[i].symbol, file);
			bad++;
			continue;
		}
		igt_info("%s: %s from %s\n", libs[i].soname, libs[i].symbol, file);
	}
	igt_assert_f(bad == 0, "%u of %zu functions not from the library listed\n",
		     bad, IGT_ARRAY_SIZE(libs));
}

static const struct igt_subtest subtests[] = {
	{ "closure", "every library upstream igt links against is loaded", closure },
};

IGT_MAIN(subtests,
	 .description = "the rootfs has the shared libraries of upstream igt")
