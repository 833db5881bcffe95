// SPDX-License-Identifier: MIT
/*
 * TEST: nomap dma alloc
 * Description: A plain DMA API user outside DRM: fresh
 *              dma_alloc_attrs(DMA_ATTR_NO_KERNEL_MAPPING) buffers of a
 *              non-coherent or a coherent device read zero, also when
 *              they reuse the memory of a buffer just freed with a pattern
 *              in it.  The kernel side is the test module
 *              kmod/nomap_dma_test.ko, built against the kernel under test
 *              (scripts/build-kernel.sh) and added to the initramfs next to
 *              this program by run-qemu.sh; it binds to the "drm-nomap,dma-test" nodes of our DTS files
 *              (dts/nomap-dma-test.dtsi).
 *
 * SUBTEST: fresh-zero-highmem
 * Description: the device on the default CMA area, which our 1 GiB
 *              3G/1G boards put in highmem (asserted)
 * SUBTEST: fresh-zero-lowmem
 * Description: the device with its own CMA area in lowmem (asserted)
 * SUBTEST: fresh-zero-coherent
 * Description: a device the DT declares cache-coherent (the DMA layer's
 *              view of it asserted), on the default CMA area in highmem
 *              (asserted): dma-direct's path without cache maintenance
 *
 * With --bench it prints "bench.KEY=VALUE" lines for `make bench` instead:
 * the mean time of one dma_alloc_attrs() + dma_free_attrs() pair with
 * DMA_ATTR_NO_KERNEL_MAPPING and nothing in between, what existing users
 * of the attribute pay per buffer, for each of the three devices and one
 * page, 1 MiB and 4 MiB (bench.dma_DEVICE_SIZE_us, e.g.
 * bench.dma_highmem_1mib_us), from the module's DEVICE.bench files.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/igt.h"

#define TEST_MODULE "nomap_dma_test"
#define TEST_DEBUGFS "/sys/kernel/debug/" TEST_MODULE

struct dma_test_figures {
	unsigned int rounds, reused, errors;
	unsigned long pages, highmem, stale;
	int coherent;
};

/* The module sits in kmod/ next to this program. */
static void load_test_module(void)
{
	char exe[PATH_MAX], path[PATH_MAX + 32];
	struct stat st;
	ssize_t n;
	int fd, ret;

	if (stat(TEST_DEBUGFS, &st) == 0)
		return;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	igt_assert(n > 0);
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s/kmod/%s.ko", dirname(exe), TEST_MODULE);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	igt_assert_f(fd >= 0, "%s: %s; scripts/build-kernel.sh builds it for each kernel and "
		     "scripts/run-qemu.sh adds it to the initramfs", path, strerror(errno));
	ret = syscall(SYS_finit_module, fd, "", 0);
	igt_assert_f(ret == 0 || errno == EEXIST, "loading %s: %s (built for another kernel?)",
		     path, strerror(errno));
	close(fd);
	igt_assert_f(stat(TEST_DEBUGFS, &st) == 0, "%s loaded, but no %s (debugfs mounted?)",
		     TEST_MODULE, TEST_DEBUGFS);
}

/*
 * The module's figures for DEVICE, which the DMA layer must see as coherent
 * or not as COHERENT says: a device on the other path would prove nothing.
 */
static struct dma_test_figures run_dma_test(const char *device, int coherent)
{
	struct dma_test_figures f;
	char path[128];
	FILE *file;
	int n;

	load_test_module();
	snprintf(path, sizeof(path), "%s/%s", TEST_DEBUGFS, device);
	file = fopen(path, "r");
	igt_assert_f(file, "%s: %s: the DTB has no \"drm-nomap,dma-test\" node %s "
		     "(dts/nomap-dma-test.dtsi), or it did not probe (dmesg)",
		     path, strerror(errno), device);
	n = fscanf(file, "rounds=%u reused=%u pages=%lu highmem=%lu stale=%lu errors=%u coherent=%d",
		   &f.rounds, &f.reused, &f.pages, &f.highmem, &f.stale, &f.errors, &f.coherent);
	fclose(file);
	igt_assert_f(n == 7, "%s: unexpected contents (%d fields parsed; a module of "
		     "another version?)", path, n);
	igt_info("%s: %s, %u rounds, %u reused the freed buffer, %lu pages (%lu highmem), "
		 "%lu stale bytes, %u errors\n", device, f.coherent ? "coherent" : "non-coherent",
		 f.rounds, f.reused, f.pages, f.highmem, f.stale, f.errors);
	igt_assert_f(f.coherent == coherent, "%s is %s for the DMA layer, the test needs it %s "
		     "(dts/nomap-dma-test.dtsi, dma-coherent)", device,
		     f.coherent ? "coherent" : "non-coherent", coherent ? "coherent" : "non-coherent");
	igt_assert_f(f.errors == 0, "%u rounds failed in the kernel (dmesg)", f.errors);
	igt_assert(f.pages > 0);
	/* Without reuse the freed pattern had no chance to show. */
	igt_assert_f(f.reused > 0, "no round got the freed buffer back: inconclusive");
	return f;
}

/* The default CMA area, in highmem on our boards. */
static void fresh_zero_in_highmem(const char *device, int coherent)
{
	struct dma_test_figures f = run_dma_test(device, coherent);

	igt_assert_f(f.highmem == f.pages, "%lu of %lu pages in lowmem: CMA is not in highmem "
		     "on this board (1 GiB, 3G/1G + HIGHMEM expected)", f.pages - f.highmem, f.pages);
	igt_assert_f(f.stale == 0, "%lu stale bytes in fresh buffers", f.stale);
}

static void fresh_zero_highmem(int fd)
{
	(void)fd;
	fresh_zero_in_highmem("dma-test-highmem", 0);
}

static void fresh_zero_lowmem(int fd)
{
	struct dma_test_figures f = run_dma_test("dma-test-lowmem", 0);

	(void)fd;
	igt_assert_f(f.highmem == 0, "%lu of %lu pages in highmem: the lowmem CMA area is not "
		     "in lowmem", f.highmem, f.pages);
	igt_assert_f(f.stale == 0, "%lu stale bytes in fresh buffers", f.stale);
}

static void fresh_zero_coherent(int fd)
{
	(void)fd;
	fresh_zero_in_highmem("dma-test-coherent", 1);
}

/* The devices of the bench, named after their part of the key. */
static const char *const bench_devices[] = { "highmem", "lowmem", "coherent" };

/* One device's bench lines: "size=N rounds=N ns=N highmem=N errors=N". */
static void bench_device(const char *name)
{
	char path[128];
	FILE *file;
	int i;

	snprintf(path, sizeof(path), "%s/dma-test-%s.bench", TEST_DEBUGFS, name);
	file = fopen(path, "r");
	igt_assert_f(file, "%s: %s: the DTB has no dma-test-%s node (dts/nomap-dma-test.dtsi), "
		     "or it did not probe (dmesg)", path, strerror(errno), name);
	for (i = 0; i < 3; i++) {
		unsigned int rounds, highmem, errors;
		unsigned long long ns;
		unsigned long size;
		const char *label;

		igt_assert_f(fscanf(file, "size=%lu rounds=%u ns=%llu highmem=%u errors=%u\n",
				    &size, &rounds, &ns, &highmem, &errors) == 5,
			     "%s: line %d unexpected (a module of another version?)", path, i + 1);
		igt_assert_f(errors == 0, "%s: %u of %u allocations of %lu bytes failed (dmesg)",
			     path, errors, rounds + 1, size);
		switch (size) {
		case 1UL << 20:
			label = "1mib";
			break;
		case 4UL << 20:
			label = "4mib";
			break;
		default:
			igt_assert_f(size == (unsigned long)sysconf(_SC_PAGESIZE),
				     "%s: unexpected size %lu", path, size);
			label = "page";
		}
		printf("bench.dma_%s_%s_us=%.1f\n", name, label, ns / 1000.0);
		printf("bench.dma_%s_%s_highmem=%u\n", name, label, highmem);
	}
	fclose(file);
}

/* --bench runs the alloc+free timing instead of the subtests. */
static int bench_args(int argc, char **argv)
{
	size_t i;

	if (argc != 2 || strcmp(argv[1], "--bench"))
		return -1;
	load_test_module();
	for (i = 0; i < sizeof(bench_devices) / sizeof(bench_devices[0]); i++)
		bench_device(bench_devices[i]);
	return 0;
}

static const struct igt_subtest subtests[] = {
	{ "fresh-zero-highmem", "fresh NO_KERNEL_MAPPING buffers in highmem read zero",
	  fresh_zero_highmem },
	{ "fresh-zero-lowmem", "fresh NO_KERNEL_MAPPING buffers in lowmem read zero",
	  fresh_zero_lowmem },
	{ "fresh-zero-coherent", "fresh NO_KERNEL_MAPPING buffers of a coherent device read zero",
	  fresh_zero_coherent },
};

IGT_MAIN(subtests,
	 .description = "plain dma_alloc_attrs(DMA_ATTR_NO_KERNEL_MAPPING) buffers read zero",
	 .init = bench_args)
