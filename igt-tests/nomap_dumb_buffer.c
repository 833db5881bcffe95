// SPDX-License-Identifier: MIT
/*
 * TEST: dumb buffer
 * Description: The CREATE_DUMB / MAP_DUMB / DESTROY_DUMB ioctls and mmap of
 *              dumb buffers: valid and invalid sizes and color modes,
 *              userspace flags, bad handles, whole-buffer access and
 *              clearing of new buffers.
 *
 * SUBTEST: create-valid-dumb
 * SUBTEST: invalid-dimensions
 * SUBTEST: invalid-bpp
 * SUBTEST: legacy-bpp
 * SUBTEST: overflowing-size
 * SUBTEST: flags-cleared
 * SUBTEST: map-invalid-handle
 * SUBTEST: destroy-twice
 * SUBTEST: mmap-whole-buffer
 * SUBTEST: create-clear
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "lib/igt.h"
#include "lib/kms.h"
#include "lib/memstat.h"

#define CLEAR_ROUNDS 30

static void create_valid_dumb(int fd)
{
	static const uint32_t bpps[] = { 8, 16, 24, 32 };
	unsigned int i;

	for (i = 0; i < IGT_ARRAY_SIZE(bpps); i++) {
		struct dumb_bo bo = dumb_create(fd, 1024, 768, bpps[i]);

		igt_assert(bo.handle);
		igt_assert_lte(1024 * bpps[i] / 8, bo.pitch);
		igt_assert_lte((uint64_t)bo.pitch * 768, bo.size);
		dumb_destroy(fd, bo.handle);
	}
}

static void invalid_dimensions(int fd)
{
	struct drm_mode_create_dumb a = {
		.width = 0, .height = 768, .bpp = 32,
		.handle = 0xdeadbeef, .pitch = 0xdeadbeef, .size = 0xdeadbeef,
	};

	igt_assert_eq(__dumb_create_raw(fd, &a), -EINVAL);
	/* A failed ioctl leaves no output behind: the kernel clears the garbage. */
	igt_assert_eq(a.handle, 0);
	igt_assert_eq(a.pitch, 0);
	igt_assert_eq(a.size, 0);
	a = (struct drm_mode_create_dumb){ .width = 1024, .height = 0, .bpp = 32 };
	igt_assert_eq(__dumb_create_raw(fd, &a), -EINVAL);
}

static void invalid_bpp(int fd)
{
	static const uint32_t bpps[] = { 0, UINT32_MAX, UINT32_MAX - 8, UINT32_MAX / 2 };
	unsigned int i;

	for (i = 0; i < IGT_ARRAY_SIZE(bpps); i++) {
		struct dumb_bo bo;

		igt_assert_f(__dumb_create(fd, 1024, 768, bpps[i], 0, &bo) == -EINVAL,
			     "bpp %u was not rejected", bpps[i]);
	}
}

/* Odd color modes are accepted for legacy userspace, with enough memory. */
static void legacy_bpp(int fd)
{
	static const uint32_t bpps[] = { 1, 7, 33 };
	unsigned int i;

	for (i = 0; i < IGT_ARRAY_SIZE(bpps); i++) {
		struct dumb_bo bo;

		igt_assert_eq(__dumb_create(fd, 1024, 768, bpps[i], 0, &bo), 0);
		igt_assert_lte(((uint64_t)1024 * bpps[i] + 7) / 8, bo.pitch);
		igt_assert_lte((uint64_t)bo.pitch * 768, bo.size);
		dumb_destroy(fd, bo.handle);
	}
}

static void overflowing_size(int fd)
{
	struct dumb_bo bo;

	/* pitch * height does not fit in 32 bits. */
	igt_assert_eq(__dumb_create(fd, 0x10000, 0x10000, 32, 0, &bo), -EINVAL);
	igt_assert_eq(__dumb_create(fd, UINT32_MAX, 1, 32, 0, &bo), -EINVAL);
	igt_assert_eq(__dumb_create(fd, 1, UINT32_MAX, 32, 0, &bo), -EINVAL);
}

/* Every flag bit, including the kernel-internal one, is accepted and cleared. */
static void flags_cleared(int fd)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		struct drm_mode_create_dumb a = {
			.width = 64, .height = 64, .bpp = 32, .flags = 1u << bit,
		};

		igt_assert_f(__dumb_create_raw(fd, &a) == 0, "flags bit %u rejected", bit);
		igt_assert_f(a.flags == 0, "flags bit %u not cleared", bit);
		dumb_destroy(fd, a.handle);
	}
}

static void map_invalid_handle(int fd)
{
	uint64_t offset;

	igt_assert_eq(__dumb_map_offset(fd, 0xdeadbeef, &offset), -ENOENT);
	igt_assert_eq(__dumb_map_offset(fd, 0, &offset), -ENOENT);
}

static void destroy_twice(int fd)
{
	struct dumb_bo bo = dumb_create(fd, 64, 64, 32);

	dumb_destroy(fd, bo.handle);
	igt_assert_eq(__dumb_destroy(fd, bo.handle), -EINVAL);
}

static void mmap_whole_buffer(int fd)
{
	struct dumb_bo bo = dumb_create(fd, 1920, 1080, 32);
	uint32_t *map = dumb_map(fd, &bo);
	size_t i, n = bo.size / 4, bad = 0;

	for (i = 0; i < n; i++)
		map[i] = (uint32_t)(i * 2654435761u);
	igt_assert_eq(munmap(map, bo.size), 0);
	map = dumb_map(fd, &bo);
	for (i = 0; i < n; i++)
		bad += map[i] != (uint32_t)(i * 2654435761u);
	igt_assert_eq(munmap(map, bo.size), 0);
	dumb_destroy(fd, bo.handle);
	igt_assert_eq(bad, 0);
}

/*
 * New buffers are always zero, also when their memory held another buffer
 * a moment ago: fill, free and create again, many times.
 */
/* Buffer sizes of create-clear: the display's, tiny ones and 1080p. */
static const struct { uint32_t w, h; } clear_sizes[] = {
	{ 1024, 768 }, { 1, 1 }, { 64, 16 }, { 1920, 1080 },
};

/*
 * Rounds of fill, free, create again at one size: the new buffer must be
 * zero.  Where the buffer's memory can be told (kms_dumb_dma_addr()), some
 * round must get the memory round 0 filled, or the zeroes prove nothing.
 * Every buffer of more than a page must take its pages from the default
 * CMA area, which create_clear() asserts is in highmem: that is the path
 * whose clearing this covers.  A one-page buffer comes from CMA where ARM's
 * allocator serves it (mapped, as on the base kernel) and from the page
 * allocator, lowmem, where dma-direct does (without a kernel mapping):
 * dma_alloc_contiguous() leaves single pages to the page allocator.  Both
 * must be zero; the DMA API's lowmem path has rounds of its own too
 * (nomap_dma_alloc@fresh-zero-lowmem).
 */
static void create_clear_size(int fd, uint32_t w, uint32_t h, const drmModeRes *res)
{
	int addressed = w >= res->min_width && h >= res->min_height;
	uint64_t first = 0;
	unsigned int round, reused = 0;

	for (round = 0; round < CLEAR_ROUNDS; round++) {
		long long free_before = cma_default_free_kib(), cma_kib;
		struct dumb_bo bo = dumb_create(fd, w, h, 32);
		uint8_t *map = dumb_map(fd, &bo);
		size_t i, dirty = 0;

		cma_kib = free_before - cma_default_free_kib();
		igt_assert_f(cma_kib == (long long)((bo.size + 4095) / 4096 * 4) ||
			     (bo.size <= 4096 && cma_kib == 0),
			     "%ux%u: a %llu-byte buffer took %lld KiB of the default CMA area: "
			     "not from CMA?", w, h, (unsigned long long)bo.size, cma_kib);

		for (i = 0; i < bo.size; i++)
			dirty += map[i] != 0;
		memset(map, DUMB_STALE, bo.size);
		uint64_t addr = 0;

		if (addressed)
			addr = kms_dumb_dma_addr(fd, &bo, w < res->max_width ? w : res->max_width,
						 h < res->max_height ? h : res->max_height);
		munmap(map, bo.size);
		dumb_destroy(fd, bo.handle);
		if (addressed && !kms_dumb_where_valid(addr))
			addressed = 0;	/* not in CMA, no DMA address: reuse cannot be seen */
		if (addressed && !round)
			first = addr;
		reused += addressed && round && addr == first;
		igt_assert_f(dirty == 0, "%ux%u, round %u: %zu stale bytes in a new buffer",
			     w, h, round, dirty);
	}
	igt_assert_f(!addressed || reused, "%ux%u: no round got the memory round 0 filled",
		     w, h);
}

static void create_clear(int fd)
{
	drmModeResPtr res = drmModeGetResources(fd);
	unsigned int i;

	igt_assert_f(res, "DRM_IOCTL_MODE_GETRESOURCES failed");
	cma_assert_in_highmem();
	for (i = 0; i < IGT_ARRAY_SIZE(clear_sizes); i++)
		create_clear_size(fd, clear_sizes[i].w, clear_sizes[i].h, res);
	drmModeFreeResources(res);
}

static const struct igt_subtest subtests[] = {
	{ "create-valid-dumb", "common color modes give usable pitch and size", create_valid_dumb },
	{ "invalid-dimensions", "zero width or height is rejected", invalid_dimensions },
	{ "invalid-bpp", "bpp 0 and huge bpp are rejected", invalid_bpp },
	{ "legacy-bpp", "odd color modes get enough memory", legacy_bpp },
	{ "overflowing-size", "pitch * height overflow is rejected", overflowing_size },
	{ "flags-cleared", "every flags bit is accepted and cleared", flags_cleared },
	{ "map-invalid-handle", "MAP_DUMB of a bad handle fails", map_invalid_handle },
	{ "destroy-twice", "a destroyed handle cannot be destroyed again", destroy_twice },
	{ "mmap-whole-buffer", "the whole buffer is readable and writable", mmap_whole_buffer },
	{ "create-clear", "new buffers are zero, every time, at every size", create_clear },
};

IGT_MAIN(subtests,
	 .description = "dumb buffer ioctls and mappings",
	 .driver = igt_driver())
