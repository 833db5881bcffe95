// SPDX-License-Identifier: MIT
/*
 * TEST: dumb vmalloc
 * Description: Userspace dumb buffers must not cost kernel virtual address
 *              space: on a 32-bit highmem board the number of scanout buffers
 *              is then limited by CMA, not by the vmalloc area.
 *
 * SUBTEST: no-vmalloc-per-buffer
 * SUBTEST: kernel-map-flag-ignored
 * SUBTEST: fill-until-enomem
 *
 * The figures mean something only when CMA sits in highmem: lowmem CMA is
 * reached through the linear map and never costs vmalloc space, with or
 * without the series.  The subtests assert it (cma_assert_in_highmem()).
 *
 * With --bench [WIDTHxHEIGHT] it prints "key=value" lines for `make bench`
 * instead, for XRGB8888 buffers of that size (default 1920x1080).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "lib/igt.h"
#include "lib/kms.h"
#include "lib/memstat.h"

#define W 1920
#define H 1080
#define MAX_BUFFERS 64

/* Allow unrelated noise, never anything like a mapping of a buffer. */
#define VMALLOC_NOISE (4 * 65536)

static void assert_no_growth(long long before, const char *step)
{
	long long grown = proc_vmalloc_bytes() - before;

	igt_info("after %s: vmalloc grew by %lld bytes\n", step, grown);
	igt_assert_f(grown <= VMALLOC_NOISE, "vmalloc grew by %lld bytes after %s", grown, step);
}

/* drm's panic_screen parameter exists with CONFIG_DRM_PANIC. */
static bool drm_panic_enabled(void)
{
	return access("/sys/module/drm/parameters/panic_screen", F_OK) == 0;
}

/*
 * With CONFIG_DRM_PANIC, a buffer shown on a plane with a panic screen gets
 * one mapping for it (drm_fb_dma_plane_helper_prepare_fb()), the first time
 * it is shown, and keeps it until it is freed; without, a scanout maps
 * nothing.  Showing it again maps nothing more.
 */
static void assert_scanout_mapping(long long before, const struct kms_fb *fb, int times)
{
	/* A vmalloc area has a guard page after it. */
	long long want = drm_panic_enabled() ? (long long)fb->bo.size + getpagesize() : 0;
	long long grown = proc_vmalloc_bytes() - before;
	int vmaps = proc_helper_vmaps();

	igt_info("after %d scanout(s) of one more buffer (%s): vmalloc grew by %lld bytes, "
		 "%d on-demand mapping(s)\n", times,
		 want ? "panic screen: one mapping of it" : "no panic screen: none",
		 grown, vmaps);
	igt_assert_f(grown >= want && grown <= want + VMALLOC_NOISE,
		     "vmalloc grew by %lld bytes after %d scanout(s), want %lld", grown, times, want);
	igt_assert_eq(vmaps, want ? 1 : 0);
}

/*
 * Growth after CREATE, after mmap and a CPU write, after ADDFB2 of every
 * buffer, and after scanouts of one more buffer: a mapping made at any of
 * these steps counts, but the panic screen's (assert_scanout_mapping()).
 */
static void no_vmalloc_per_buffer(int fd)
{
	uint32_t handles[4] = {}, pitches[4] = {}, offsets[4] = {}, fb_id[4];
	struct dumb_bo bo[4];
	struct kms_output out;
	struct kms_fb scanout;
	uint32_t fb_w, fb_h;
	drmModeResPtr res;
	void *map[4];
	long long before;
	int i;

	cma_assert_in_highmem();
	before = proc_vmalloc_bytes();
	for (i = 0; i < 4; i++)
		bo[i] = dumb_create(fd, W, H, 32);
	assert_no_growth(before, "CREATE_DUMB of 4 1080p buffers");
	for (i = 0; i < 4; i++) {
		map[i] = dumb_map(fd, &bo[i]);
		memset(map[i], 0x5a, bo[i].size);
	}
	assert_no_growth(before, "mmap and a CPU write of each");
	/* A framebuffer over as much of each buffer as the device allows. */
	res = drmModeGetResources(fd);
	igt_assert_f(res, "DRM_IOCTL_MODE_GETRESOURCES failed");
	fb_w = W < res->max_width ? W : res->max_width;
	fb_h = H < res->max_height ? H : res->max_height;
	drmModeFreeResources(res);
	for (i = 0; i < 4; i++) {
		handles[0] = bo[i].handle;
		pitches[0] = bo[i].pitch;
		igt_assert_eq(drmModeAddFB2(fd, fb_w, fb_h, DRM_FORMAT_XRGB8888, handles,
					    pitches, offsets, &fb_id[i], 0), 0);
	}
	assert_no_growth(before, "ADDFB2 of each");
	/* The scanout buffer is mode-sized: PL111 has no pitch register. */
	igt_assert_f(kms_find_output(fd, &out) == 0, "no connected output with modes");
	kms_fb_create(fd, out.connector->modes[0].hdisplay, out.connector->modes[0].vdisplay,
		      7, &scanout);
	for (i = 1; i <= 2; i++) {
		igt_assert_eq(drmModeSetCrtc(fd, out.crtc_id, scanout.fb_id, 0, 0,
					     &out.connector->connector_id, 1,
					     &out.connector->modes[0]), 0);
		assert_scanout_mapping(before, &scanout, i);
		igt_assert_eq(drmModeSetCrtc(fd, out.crtc_id, 0, 0, 0, NULL, 0, NULL), 0);
	}
	kms_fb_destroy(fd, &scanout);
	kms_output_fini(&out);
	assert_no_growth(before, "the scanout buffer was freed");
	igt_assert_eq(proc_helper_vmaps(), 0);
	for (i = 0; i < 4; i++) {
		drmModeRmFB(fd, fb_id[i]);
		munmap(map[i], bo[i].size);
		dumb_destroy(fd, bo[i].handle);
	}
}

static void kernel_map_flag_ignored(int fd)
{
	uint32_t flags[] = { 1, 2, 0x80000000u, 0xffffffffu };
	unsigned int i;

	cma_assert_in_highmem();
	for (i = 0; i < IGT_ARRAY_SIZE(flags); i++) {
		long long before = proc_vmalloc_bytes(), grown;
		struct dumb_bo bo;

		igt_assert_eq(__dumb_create(fd, W, H, 32, flags[i], &bo), 0);
		grown = proc_vmalloc_bytes() - before;
		dumb_destroy(fd, bo.handle);
		igt_info("flags 0x%x: vmalloc grew by %lld bytes\n", flags[i], grown);
		igt_assert_f(grown < (long long)bo.size / 2,
			     "flags 0x%x from userspace gave the buffer a kernel mapping", flags[i]);
	}
}

struct fill_result {
	int count, err;
	long long vmalloc_per_buffer, cma_free_start_kib, cma_free_end_kib;
	long long vmalloc_start, vmalloc_full;	/* bytes in /proc/vmallocinfo */
	double create_destroy_us;
};

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Fill CMA with w x h XRGB8888 dumb buffers until CREATE_DUMB fails. */
static struct fill_result fill(int fd, unsigned int w, unsigned int h)
{
	struct fill_result r = { 0 };
	struct dumb_bo bo[MAX_BUFFERS];
	long long before = proc_vmalloc_bytes();
	double t;
	int i, ret = 0;

	long long grown[MAX_BUFFERS], v = before;

	r.vmalloc_start = before;
	r.cma_free_start_kib = cma_default_free_kib();
	while (r.count < MAX_BUFFERS) {
		ret = __dumb_create(fd, w, h, 32, 0, &bo[r.count]);
		if (ret)
			break;
		grown[r.count] = proc_vmalloc_bytes() - v;
		v += grown[r.count++];
	}
	r.err = -ret;
	r.vmalloc_full = v;
	r.cma_free_end_kib = cma_default_free_kib();
	/* The median: lazily freed vmap areas make single steps noisy. */
	if (r.count) {
		qsort(grown, r.count, sizeof(grown[0]), cmp_ll);
		r.vmalloc_per_buffer = grown[r.count / 2];
	}
	for (i = 0; i < r.count; i++)
		dumb_destroy(fd, bo[i].handle);

	/* Create and destroy one buffer repeatedly: the cost per buffer. */
	t = igt_now_us();
	for (i = 0; i < 20; i++) {
		struct dumb_bo one = dumb_create(fd, w, h, 32);

		dumb_destroy(fd, one.handle);
	}
	r.create_destroy_us = (igt_now_us() - t) / 20;
	return r;
}

static void fill_until_enomem(int fd)
{
	struct fill_result r;
	uint64_t size = (uint64_t)W * H * 4;

	cma_assert_in_highmem();
	r = fill(fd, W, H);

	igt_info("%d buffers, then %s; default CMA area free %lld -> %lld KiB\n", r.count,
		 strerror(r.err), r.cma_free_start_kib, r.cma_free_end_kib);
	/* 64 fit: creates stopped costing memory (CMA is 128 MiB, 15 fit). */
	igt_assert_f(r.count < MAX_BUFFERS, "%d buffers fit: creates cost no memory?", MAX_BUFFERS);
	igt_assert_eq(r.err, ENOMEM);
	/* Running out must mean CMA is exhausted, not the vmalloc area. */
	igt_assert_f((uint64_t)r.cma_free_end_kib * 1024 < size,
		     "ENOMEM with %lld KiB of CMA still free: something else ran out",
		     r.cma_free_end_kib);
	/* The device is still usable. */
	dumb_destroy(fd, dumb_create(fd, W, H, 32).handle);
}

static const struct igt_subtest subtests[] = {
	{ "no-vmalloc-per-buffer", "1080p dumb buffers take no vmalloc space",
	  no_vmalloc_per_buffer },
	{ "kernel-map-flag-ignored", "userspace flags never give a kernel mapping",
	  kernel_map_flag_ignored },
	{ "fill-until-enomem", "buffers fit until CMA, not vmalloc, runs out",
	  fill_until_enomem },
};

static int bench(const char *size)
{
	unsigned int w = W, h = H;
	struct fill_result r;
	char end;
	int fd;

	if (size && (sscanf(size, "%ux%u%c", &w, &h, &end) != 2 || !w || !h)) {
		fprintf(stderr, "--bench: '%s' is not WIDTHxHEIGHT\n", size);
		return 2;
	}
	fd = drm_open_named(igt_driver());
	r = fill(fd, w, h);
	printf("bench.size=%ux%u\n", w, h);
	printf("bench.vmalloc_total_kib=%lld\n", proc_meminfo_kib("VmallocTotal"));
	printf("bench.vmalloc_start_kib=%lld\n", r.vmalloc_start / 1024);
	printf("bench.vmalloc_full_kib=%lld\n", r.vmalloc_full / 1024);
	printf("bench.vmalloc_per_buffer=%lld\n", r.vmalloc_per_buffer);
	printf("bench.buffers=%d\n", r.count);
	printf("bench.error=%s\n", strerror(r.err));
	printf("bench.cma_free_start_kib=%lld\n", r.cma_free_start_kib);
	printf("bench.cma_free_end_kib=%lld\n", r.cma_free_end_kib);
	printf("bench.create_destroy_us=%.1f\n", r.create_destroy_us);
	close(fd);
	return 0;
}

/* --bench [WIDTHxHEIGHT] runs bench() instead of the subtests. */
static int bench_args(int argc, char **argv)
{
	if (argc >= 2 && argc <= 3 && !strcmp(argv[1], "--bench"))
		return bench(argc == 3 ? argv[2] : NULL);
	return -1;
}

IGT_MAIN(subtests,
	 .description = "dumb buffers and the vmalloc area",
	 .driver = igt_driver(),
	 .init = bench_args)
