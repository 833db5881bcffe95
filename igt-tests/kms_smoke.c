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

static const char *driver(void)
{
	const char *d = getenv("IGT_FORCE_DRIVER");

	return d && *d ? d : "pl111";
}

/* The pattern scanned out; also used by the screen-capture check. */
static uint32_t pattern_pixel(uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
	return 0xff000000u | (x * 255 / w) << 16 | (y * 255 / h) << 8 | ((x ^ y) & 0xff);
}

static void fill_pattern(uint32_t *map, const struct dumb_bo *bo, uint32_t w, uint32_t h)
{
	uint32_t x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			map[y * (bo->pitch / 4) + x] = pattern_pixel(x, y, w, h);
}

static uint32_t count_pattern_errors(const uint32_t *map, const struct dumb_bo *bo,
				     uint32_t w, uint32_t h)
{
	uint32_t x, y, bad = 0;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			bad += map[y * (bo->pitch / 4) + x] != pattern_pixel(x, y, w, h);
	return bad;
}

static void open_by_driver(int fd)
{
	drmVersionPtr v = drmGetVersion(fd);
	uint64_t cap = 0;

	igt_assert(v);
	igt_info("card%d: driver %s %d.%d.%d\n", drm_card_index(), v->name,
		 v->version_major, v->version_minor, v->version_patchlevel);
	igt_assert_eq(strcmp(v->name, driver()), 0);
	drmFreeVersion(v);
	igt_assert_eq(drmGetCap(fd, DRM_CAP_DUMB_BUFFER, &cap), 0);
	igt_assert_eq(cap, 1);
}

static void dumb_1080p(int fd)
{
	struct dumb_bo bo = dumb_create(fd, 1920, 1080, 32);
	uint64_t offset;
	uint32_t *map;

	igt_assert_lte(1920 * 4, bo.pitch);
	igt_assert_lte((uint64_t)bo.pitch * 1080, bo.size);
	map = dumb_map(fd, &bo);
	fill_pattern(map, &bo, 1920, 1080);
	igt_assert_eq(count_pattern_errors(map, &bo, 1920, 1080), 0);
	igt_assert_eq(munmap(map, bo.size), 0);
	dumb_destroy(fd, bo.handle);
	igt_assert_eq(__dumb_map_offset(fd, bo.handle, &offset), -ENOENT);
	igt_assert_eq(__dumb_destroy(fd, bo.handle), -EINVAL);
}

/* First connected connector with a mode, and a CRTC its encoder can use. */
static int find_output(int fd, drmModeConnector **out_conn, uint32_t *crtc_id)
{
	drmModeRes *res = drmModeGetResources(fd);
	int i, j;

	igt_assert(res);
	for (i = 0; i < res->count_connectors; i++) {
		drmModeConnector *c = drmModeGetConnector(fd, res->connectors[i]);

		if (!c || c->connection != DRM_MODE_CONNECTED || !c->count_modes) {
			drmModeFreeConnector(c);
			continue;
		}
		for (j = 0; j < c->count_encoders; j++) {
			drmModeEncoder *e = drmModeGetEncoder(fd, c->encoders[j]);
			int k;

			for (k = 0; e && k < res->count_crtcs; k++) {
				if (!(e->possible_crtcs & (1u << k)))
					continue;
				*crtc_id = res->crtcs[k];
				*out_conn = c;
				drmModeFreeEncoder(e);
				drmModeFreeResources(res);
				return 0;
			}
			drmModeFreeEncoder(e);
		}
		drmModeFreeConnector(c);
	}
	drmModeFreeResources(res);
	return -ENOENT;
}

static void scanout_pattern(int fd)
{
	drmModeConnector *conn;
	drmModeModeInfo *mode;
	uint32_t crtc_id, fb_id, handles[4] = {}, pitches[4] = {}, offsets[4] = {};
	struct dumb_bo bo;
	drmModeCrtc *crtc;
	uint32_t *map;

	igt_require(find_output(fd, &conn, &crtc_id) == 0);
	mode = &conn->modes[0];
	igt_info("connector %u, crtc %u, mode %s\n", conn->connector_id, crtc_id, mode->name);
	bo = dumb_create(fd, mode->hdisplay, mode->vdisplay, 32);
	map = dumb_map(fd, &bo);
	fill_pattern(map, &bo, mode->hdisplay, mode->vdisplay);
	handles[0] = bo.handle;
	pitches[0] = bo.pitch;
	igt_assert_eq(drmModeAddFB2(fd, mode->hdisplay, mode->vdisplay, DRM_FORMAT_XRGB8888,
				    handles, pitches, offsets, &fb_id, 0), 0);
	igt_assert_eq(drmModeSetCrtc(fd, crtc_id, fb_id, 0, 0, &conn->connector_id, 1, mode), 0);
	crtc = drmModeGetCrtc(fd, crtc_id);
	igt_assert(crtc);
	igt_assert_eq(crtc->buffer_id, fb_id);
	igt_assert(crtc->mode_valid);
	igt_assert_eq(crtc->mode.hdisplay, mode->hdisplay);
	drmModeFreeCrtc(crtc);
	igt_assert_eq(count_pattern_errors(map, &bo, mode->hdisplay, mode->vdisplay), 0);
	/* Removing the active framebuffer turns the CRTC off. */
	igt_assert_eq(drmModeRmFB(fd, fb_id), 0);
	crtc = drmModeGetCrtc(fd, crtc_id);
	igt_assert(crtc);
	igt_assert_eq(crtc->buffer_id, 0);
	drmModeFreeCrtc(crtc);
	munmap(map, bo.size);
	dumb_destroy(fd, bo.handle);
	drmModeFreeConnector(conn);
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
		.driver = driver(),
		.subtests = subtests,
		.num_subtests = IGT_ARRAY_SIZE(subtests),
	};

	return igt_run(&test, argc, argv);
}
