// SPDX-License-Identifier: MIT
/*
 * TEST: kms smoke
 * Description: First check of a board: the display controller is found by
 *              driver name, a 1080p dumb buffer works end to end and a
 *              pattern is scanned out with a legacy modeset.
 *
 * SUBTEST: open-by-driver
 * SUBTEST: dumb-1080p-create-map-destroy
 * SUBTEST: scanout-pattern
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>
#include <drm_fourcc.h>

#include "lib/igt.h"
#include "lib/kms.h"

static void open_by_driver(int fd)
{
	drmVersionPtr v = drmGetVersion(fd);
	uint64_t cap = 0;

	igt_assert(v);
	igt_info("card%d: driver %s %d.%d.%d\n", drm_card_index(), v->name,
		 v->version_major, v->version_minor, v->version_patchlevel);
	igt_assert_eq(strcmp(v->name, igt_driver()), 0);
	drmFreeVersion(v);
	igt_assert_eq(drmGetCap(fd, DRM_CAP_DUMB_BUFFER, &cap), 0);
	igt_assert_eq(cap, 1);
}

static void dumb_1080p(int fd)
{
	struct dumb_bo bo = dumb_create(fd, 1920, 1080, 32);
	uint64_t offset;
	uint32_t *map, x, y, bad = 0;

	igt_assert_lte(1920 * 4, bo.pitch);
	igt_assert_lte((uint64_t)bo.pitch * 1080, bo.size);
	map = dumb_map(fd, &bo);
	for (y = 0; y < 1080; y++)
		for (x = 0; x < 1920; x++)
			map[y * (bo.pitch / 4) + x] = pattern_pixel(x, y, 1920, 1080, 7);
	for (y = 0; y < 1080; y++)
		for (x = 0; x < 1920; x++)
			bad += map[y * (bo.pitch / 4) + x] != pattern_pixel(x, y, 1920, 1080, 7);
	igt_assert_eq(bad, 0);
	igt_assert_eq(munmap(map, bo.size), 0);
	dumb_destroy(fd, bo.handle);
	igt_assert_eq(__dumb_map_offset(fd, bo.handle, &offset), -ENOENT);
	igt_assert_eq(__dumb_destroy(fd, bo.handle), -EINVAL);
}

static void scanout_pattern(int fd)
{
	struct kms_output out;
	drmModeModeInfo *mode;
	struct kms_fb fb;
	drmModeCrtc *crtc;

	igt_require(kms_find_output(fd, &out) == 0);
	mode = &out.connector->modes[0];
	igt_info("connector %u, crtc %u, mode %s\n", out.connector->connector_id,
		 out.crtc_id, mode->name);
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 0, &fb);
	igt_assert_eq(drmModeSetCrtc(fd, out.crtc_id, fb.fb_id, 0, 0,
				     &out.connector->connector_id, 1, mode), 0);
	crtc = drmModeGetCrtc(fd, out.crtc_id);
	igt_assert(crtc);
	igt_assert_eq(crtc->buffer_id, fb.fb_id);
	igt_assert(crtc->mode_valid);
	igt_assert_eq(crtc->mode.hdisplay, mode->hdisplay);
	drmModeFreeCrtc(crtc);
	igt_assert_eq(kms_fb_pattern_errors(&fb, 0), 0);
	/* Removing the active framebuffer turns the CRTC off. */
	igt_assert_eq(drmModeRmFB(fd, fb.fb_id), 0);
	fb.fb_id = 0;
	crtc = drmModeGetCrtc(fd, out.crtc_id);
	igt_assert(crtc);
	igt_assert_eq(crtc->buffer_id, 0);
	drmModeFreeCrtc(crtc);
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

static const struct igt_subtest subtests[] = {
	{ "open-by-driver", "the display controller is found by driver name", open_by_driver },
	{ "dumb-1080p-create-map-destroy", "1920x1080 XRGB8888 dumb buffer round trip", dumb_1080p },
	{ "scanout-pattern", "legacy modeset of a pattern on the first output", scanout_pattern },
};

int main(int argc, char **argv)
{
	const struct igt_test test = {
		.description = "KMS smoke test: device, dumb buffer, scanout",
		.driver = igt_driver(),
		.subtests = subtests,
		.num_subtests = IGT_ARRAY_SIZE(subtests),
	};

	return igt_run(&test, argc, argv);
}
