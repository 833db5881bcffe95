// SPDX-License-Identifier: MIT
/*
 * TEST: kms smoke
 * Description: First check of a board: the display controller (opened by
 *              driver name) is a KMS device with dumb buffers and PRIME, a
 *              1080p dumb buffer works end to end, and a legacy modeset
 *              runs: the CRTC completes a page flip (its vblank interrupt
 *              delivers the event) and turns off when the framebuffer goes.
 *              What the screen shows is checked by nomap_kms_capture (host
 *              screendumps), not here.
 *
 * SUBTEST: open-by-driver
 * SUBTEST: dumb-1080p-create-map-destroy
 * SUBTEST: modeset-flip-rmfb
 */
#define _GNU_SOURCE
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>
#include <drm_fourcc.h>

#include "lib/igt.h"
#include "lib/kms.h"

/*
 * drm_open_named() found the card by its driver name (no such card fails
 * the run: a skip is unexpected), so the name itself proves nothing more.
 * Check what the rest of the suite relies on: a primary node of a KMS
 * device with CRTCs, encoders, connectors and a primary plane, dumb
 * buffers and PRIME import and export.
 */
static void open_by_driver(int fd)
{
	drmVersionPtr v = drmGetVersion(fd);
	drmModeResPtr res;
	uint64_t cap = 0;
	uint32_t i;

	igt_assert(v);
	igt_info("card%d: driver %s %d.%d.%d\n", drm_card_index(), v->name,
		 v->version_major, v->version_minor, v->version_patchlevel);
	drmFreeVersion(v);
	igt_assert_eq(drmGetNodeTypeFromFd(fd), DRM_NODE_PRIMARY);
	igt_assert_eq(drmGetCap(fd, DRM_CAP_DUMB_BUFFER, &cap), 0);
	igt_assert_eq(cap, 1);
	igt_assert_eq(drmGetCap(fd, DRM_CAP_PRIME, &cap), 0);
	igt_assert_f((cap & (DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT)) ==
		     (DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT), "PRIME caps 0x%llx",
		     (unsigned long long)cap);
	res = drmModeGetResources(fd);
	igt_assert_f(res, "not a KMS device: GETRESOURCES failed");
	igt_info("%d CRTCs, %d encoders, %d connectors, max %ux%u\n", res->count_crtcs,
		 res->count_encoders, res->count_connectors, res->max_width, res->max_height);
	igt_assert_lte(1, res->count_crtcs);
	igt_assert_lte(1, res->count_encoders);
	igt_assert_lte(1, res->count_connectors);
	igt_assert_eq(drmSetClientCap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1), 0);
	for (i = 0; i < (uint32_t)res->count_crtcs; i++)
		igt_assert_f(kms_primary_plane(fd, i), "CRTC %u has no primary plane", i);
	drmModeFreeResources(res);
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

static void flip_handler(int fd, unsigned int seq, unsigned int sec, unsigned int usec,
			 void *data)
{
	(void)fd;
	(void)seq;
	(void)sec;
	(void)usec;
	(*(int *)data)++;
}

/*
 * Legacy modeset of a pattern framebuffer on the first output, then a page
 * flip to the same framebuffer with an event: the event is sent from the
 * CRTC's vblank once the flip is done, so the display controller is running
 * the mode.  Removing the active framebuffer takes it off the CRTC.
 */
static void modeset_flip_rmfb(int fd)
{
	drmEventContext ev = { .version = 2, .page_flip_handler = flip_handler };
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct kms_output out;
	drmModeModeInfo *mode;
	struct kms_fb fb;
	drmModeCrtc *crtc;
	int events = 0;

	igt_assert_f(kms_find_output(fd, &out) == 0, "no connected output with modes");
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
	igt_assert_eq(crtc->mode.vdisplay, mode->vdisplay);
	drmModeFreeCrtc(crtc);
	igt_assert_eq(drmModePageFlip(fd, out.crtc_id, fb.fb_id, DRM_MODE_PAGE_FLIP_EVENT,
				      &events), 0);
	igt_assert_f(poll(&pfd, 1, 2000) == 1, "no flip event within 2 s: the CRTC is not running");
	igt_assert_eq(drmHandleEvent(fd, &ev), 0);
	igt_assert_eq(events, 1);
	/* Read back through the CPU mapping: modeset and flip left the buffer alone. */
	igt_assert_eq(kms_fb_pattern_errors(&fb, 0), 0);
	kms_rmfb_active(fd, &fb, out.crtc_id);
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

static const struct igt_subtest subtests[] = {
	{ "open-by-driver", "the card found by driver name is a KMS device with dumb buffers and PRIME",
	  open_by_driver },
	{ "dumb-1080p-create-map-destroy", "1920x1080 XRGB8888 dumb buffer round trip", dumb_1080p },
	{ "modeset-flip-rmfb", "legacy modeset runs: a flip completes, RMFB takes the buffer off the CRTC",
	  modeset_flip_rmfb },
};

IGT_MAIN(subtests,
	 .description = "KMS smoke test: device, dumb buffer, scanout",
	 .driver = igt_driver())
