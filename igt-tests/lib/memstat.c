// SPDX-License-Identifier: MIT
/*
 * Memory statistics for the tests; see memstat.h.
 */
#include "memstat.h"

#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "igt.h"

/*
 * 32-bit ARM's VMALLOC_END (arch/arm/include/asm/pgtable.h); the area starts
 * VmallocTotal below it.  /proc/vmallocinfo also lists areas outside it:
 * modules, and the linear-map remap of a lowmem CMA area (iotable_init).
 */
#if defined(__arm__)
#define ARM_VMALLOC_END 0xff800000ULL

/* Let root read real addresses in /proc/vmallocinfo (%pK), once. */
static void show_kernel_addresses(void)
{
	static int done;
	FILE *f;

	if (done)
		return;
	done = 1;
	f = fopen("/proc/sys/kernel/kptr_restrict", "w");
	igt_assert_f(f, "cannot open /proc/sys/kernel/kptr_restrict for writing");
	igt_assert(fputs("1\n", f) >= 0);
	igt_assert(fclose(f) == 0);
}
#endif

long long proc_vmalloc_bytes(void)
{
	unsigned long long start = 0, end = ~0ULL, addr, addr_end;
	long long total = 0, size;
	char line[512];
	FILE *f;

#if defined(__arm__)
	long long area_kib = proc_meminfo_kib("VmallocTotal");

	igt_assert_f(area_kib > 0, "no VmallocTotal in /proc/meminfo");
	start = ARM_VMALLOC_END - (unsigned long long)area_kib * 1024;
	end = ARM_VMALLOC_END;
	show_kernel_addresses();
#endif
	f = fopen("/proc/vmallocinfo", "r");
	igt_assert_f(f, "cannot open /proc/vmallocinfo (needs root and PROC_FS)");
	while (fgets(line, sizeof(line), f)) {
		/*
		 * Lazily freed areas are no mapping of anything, and any purge
		 * (vm_unmap_aliases()) would subtract them from a measurement.
		 */
		if (strstr(line, "unpurged vm_area") || strstr(line, " vm_map_ram"))
			continue;
		if (sscanf(line, "0x%llx-0x%llx %lld", &addr, &addr_end, &size) != 3) {
			igt_assert_f(end == ~0ULL, "no address in /proc/vmallocinfo line: %s", line);
			if (sscanf(line, "%*s %lld", &size) == 1)
				total += size;
			continue;
		}
		if (addr >= start && addr_end <= end)
			total += size;
	}
	fclose(f);
	return total;
}

#define VMALLOC_LARGEST_MAX 16

void proc_vmalloc_print_largest(unsigned int n)
{
	struct { long long size; char line[512]; } top[VMALLOC_LARGEST_MAX] = {};
	char line[512];
	long long size;
	unsigned int i;
	FILE *f;

	if (n > VMALLOC_LARGEST_MAX)
		n = VMALLOC_LARGEST_MAX;
	f = fopen("/proc/vmallocinfo", "r");
	igt_assert_f(f, "cannot open /proc/vmallocinfo (needs root and PROC_FS)");
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "ioremap") || sscanf(line, "%*s %lld", &size) != 1)
			continue;
		/* Insertion into the sorted top list, largest first. */
		for (i = n; i > 0 && top[i - 1].size < size; i--)
			if (i < n)
				top[i] = top[i - 1];
		if (i < n) {
			top[i].size = size;
			snprintf(top[i].line, sizeof(top[i].line), "%s", line);
		}
	}
	fclose(f);
	for (i = 0; i < n && top[i].size; i++)
		igt_info("  %s", top[i].line);
}

long long proc_meminfo_kib(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256], name[64];
	long long val;

	igt_assert(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63[^:]: %lld", name, &val) == 2 && !strcmp(name, key)) {
			fclose(f);
			return val;
		}
	}
	fclose(f);
	return -1;
}

int proc_helper_vmaps(void)
{
	FILE *f = fopen("/proc/vmallocinfo", "r");
	char line[512];
	int n = 0;

	igt_assert(f);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, " dma_direct_vmap+") || strstr(line, " drm_gem_dma_vmap+") ||
		     strstr(line, " drm_gem_dma_object_vmap+");
	fclose(f);
	return n;
}

long long cma_used_pages(void)
{
	long long total = 0, used;
	glob_t g;
	size_t i;

	if (glob("/sys/kernel/debug/cma/*/used", 0, NULL, &g))
		return -1;
	for (i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");

		igt_assert_f(f, "cannot open %s", g.gl_pathv[i]);
		igt_assert_f(fscanf(f, "%lld", &used) == 1, "cannot read %s", g.gl_pathv[i]);
		fclose(f);
		total += used;
	}
	globfree(&g);
	return total;
}

/* The first pfn of the HighMem zone, from /proc/zoneinfo; -1 without one. */
static long long highmem_start_pfn(void)
{
	FILE *f = fopen("/proc/zoneinfo", "r");
	long long start = -1, n;
	char line[256], zone[32] = "";

	igt_assert_f(f, "cannot open /proc/zoneinfo");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %*d, zone %31s", zone) == 1)
			continue;
		if (!strcmp(zone, "HighMem") && sscanf(line, " start_pfn: %lld", &n) == 1)
			start = n;
	}
	fclose(f);
	return start;
}

static long long cma_area_value(const char *file)
{
	char path[128];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/cma/%s/%s", CMA_DEFAULT_AREA, file);
	f = fopen(path, "r");
	igt_assert_f(f, "cannot open %s (CONFIG_CMA_DEBUGFS, debugfs mounted?)", path);
	igt_assert_f(fscanf(f, "%lld", &v) == 1, "%s: not a number", path);
	fclose(f);
	return v;
}

uint64_t cma_bitmap_hash(void)
{
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a */
	glob_t g;
	size_t i;
	int c;

	igt_assert_f(!glob("/sys/kernel/debug/cma/*/ranges/*/bitmap", 0, NULL, &g),
		     "no CMA bitmaps in /sys/kernel/debug/cma (CONFIG_CMA_DEBUGFS, debugfs mounted?)");
	for (i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");

		igt_assert_f(f, "cannot read %s", g.gl_pathv[i]);
		while ((c = fgetc(f)) != EOF)
			h = (h ^ (uint8_t)c) * 0x100000001b3ull;
		fclose(f);
	}
	globfree(&g);
	return h | 1ull << 63;
}

long long cma_default_free_kib(void)
{
	return (cma_area_value("count") - cma_area_value("used")) * (sysconf(_SC_PAGESIZE) / 1024);
}

void cma_assert_in_highmem(void)
{
	long long highmem = highmem_start_pfn();
	long long base = cma_area_value("base_pfn"), count = cma_area_value("count");

	igt_info("default CMA area: pfn %lld-%lld; HighMem from pfn %lld\n",
		 base, base + count - 1, highmem);
	igt_assert_f(highmem >= 0, "no HighMem zone: vmalloc figures would pass without the "
		     "series; use a 3G/1G split with HIGHMEM and -m 1G");
	igt_assert_f(count > 0 && base >= highmem,
		     "the default CMA area is not (only) in highmem: vmalloc figures would pass "
		     "without the series; use a 3G/1G split with HIGHMEM and -m 1G");
}
