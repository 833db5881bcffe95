// SPDX-License-Identifier: MIT
/*
 * KMS helpers for our tests; see kms.h.
 */
#define _GNU_SOURCE
#include "kms.h"
#include "memstat.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <drm_fourcc.h>
#include <xf86drm.h>

int __kms_addfb2(int fd, uint32_t w, uint32_t h, uint32_t format, const uint32_t handles[4],
		 const uint32_t pitches[4], const uint32_t offsets[4], uint32_t *fb_id,
		 uint32_t flags)
{
	return drmModeAddFB2(fd, w, h, format, handles, pitches, offsets, fb_id, flags) ?
	       -errno : 0;
}

int __kms_rmfb(int fd, uint32_t fb_id)
{
	return drmModeRmFB(fd, fb_id) ? -errno : 0;
}

int __kms_setcrtc(int fd, uint32_t crtc_id, uint32_t fb_id, uint32_t x, uint32_t y,
		  uint32_t *connectors, int count, drmModeModeInfo *mode)
{
	return drmModeSetCrtc(fd, crtc_id, fb_id, x, y, connectors, count, mode) ? -errno : 0;
}

int __kms_page_flip(int fd, uint32_t crtc_id, uint32_t fb_id, uint32_t flags, void *data)
{
	return drmModePageFlip(fd, crtc_id, fb_id, flags, data) ? -errno : 0;
}

int __kms_atomic_commit(int fd, drmModeAtomicReq *req, uint32_t flags, void *data)
{
	return drmModeAtomicCommit(fd, req, flags, data) ? -errno : 0;
}

uint32_t kms_primary_plane(int fd, unsigned int crtc_index)
{
	drmModePlaneRes *res = drmModeGetPlaneResources(fd);
	uint32_t id = 0, type_prop;
	unsigned int i, j;

	igt_assert(res);
	for (i = 0; i < res->count_planes && !id; i++) {
		drmModePlane *p = drmModeGetPlane(fd, res->planes[i]);
		drmModeObjectProperties *props;

		if (!p || !(p->possible_crtcs & (1u << crtc_index))) {
			drmModeFreePlane(p);
			continue;
		}
		type_prop = kms_prop_id(fd, p->plane_id, DRM_MODE_OBJECT_PLANE, "type");
		props = drmModeObjectGetProperties(fd, p->plane_id, DRM_MODE_OBJECT_PLANE);
		for (j = 0; props && j < props->count_props; j++)
			if (props->props[j] == type_prop &&
			    props->prop_values[j] == DRM_PLANE_TYPE_PRIMARY)
				id = p->plane_id;
		drmModeFreeObjectProperties(props);
		drmModeFreePlane(p);
	}
	drmModeFreePlaneResources(res);
	return id;
}

int kms_find_output(int fd, struct kms_output *out)
{
	drmModeRes *res;
	int i, j, k;

	drmSetClientCap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	res = drmModeGetResources(fd);
	igt_assert(res);
	for (i = 0; i < res->count_connectors; i++) {
		drmModeConnector *c = drmModeGetConnector(fd, res->connectors[i]);

		if (!c || c->connection != DRM_MODE_CONNECTED || !c->count_modes) {
			drmModeFreeConnector(c);
			continue;
		}
		for (j = 0; j < c->count_encoders; j++) {
			drmModeEncoder *e = drmModeGetEncoder(fd, c->encoders[j]);

			for (k = 0; e && k < res->count_crtcs; k++) {
				if (!(e->possible_crtcs & (1u << k)))
					continue;
				out->connector = c;
				out->crtc_id = res->crtcs[k];
				out->crtc_index = k;
				out->plane_id = kms_primary_plane(fd, k);
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

drmModeModeInfo *kms_find_mode(drmModeConnector *c, unsigned int w, unsigned int h)
{
	int i;

	for (i = 0; i < c->count_modes; i++)
		if (c->modes[i].hdisplay == w && c->modes[i].vdisplay == h)
			return &c->modes[i];
	return NULL;
}

void kms_output_fini(struct kms_output *out)
{
	drmModeFreeConnector(out->connector);
	out->connector = NULL;
}

void kms_fb_create(int fd, uint32_t w, uint32_t h, uint32_t seed, struct kms_fb *fb)
{
	uint32_t handles[4] = {}, pitches[4] = {}, offsets[4] = {};
	uint32_t x, y;

	fb->width = w;
	fb->height = h;
	fb->bo = dumb_create(fd, w, h, 32);
	fb->map = dumb_map(fd, &fb->bo);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			fb->map[y * (fb->bo.pitch / 4) + x] = pattern_pixel(x, y, w, h, seed);
	handles[0] = fb->bo.handle;
	pitches[0] = fb->bo.pitch;
	igt_assert_eq(drmModeAddFB2(fd, w, h, DRM_FORMAT_XRGB8888, handles, pitches,
				    offsets, &fb->fb_id, 0), 0);
}

void kms_fb_destroy(int fd, struct kms_fb *fb)
{
	if (fb->fb_id)
		drmModeRmFB(fd, fb->fb_id);
	munmap(fb->map, fb->bo.size);
	dumb_destroy(fd, fb->bo.handle);
	fb->fb_id = 0;
}

uint32_t kms_fb_pattern_errors(const struct kms_fb *fb, uint32_t seed)
{
	uint32_t x, y, bad = 0;

	for (y = 0; y < fb->height; y++)
		for (x = 0; x < fb->width; x++)
			bad += fb->map[y * (fb->bo.pitch / 4) + x] !=
			       pattern_pixel(x, y, fb->width, fb->height, seed);
	return bad;
}

uint32_t kms_prop_id(int fd, uint32_t obj, uint32_t type, const char *name)
{
	drmModeObjectProperties *props = drmModeObjectGetProperties(fd, obj, type);
	uint32_t id = 0, i;

	for (i = 0; props && i < props->count_props && !id; i++) {
		drmModePropertyRes *p = drmModeGetProperty(fd, props->props[i]);

		if (p && !strcmp(p->name, name))
			id = p->prop_id;
		drmModeFreeProperty(p);
	}
	drmModeFreeObjectProperties(props);
	return id;
}

void kms_atomic_add(drmModeAtomicReq *req, int fd, uint32_t obj, uint32_t type,
		    const char *name, uint64_t value)
{
	uint32_t prop = kms_prop_id(fd, obj, type, name);

	igt_assert_f(prop, "object %u has no property %s", obj, name);
	igt_assert_lte(0, drmModeAtomicAddProperty(req, obj, prop, value));
}

uint32_t kms_atomic_add_modeset(drmModeAtomicReq *req, int fd, const struct kms_output *out,
				const drmModeModeInfo *mode, uint32_t fb_id)
{
	uint32_t plane = out->plane_id, blob = 0;

	igt_assert_eq(drmModeCreatePropertyBlob(fd, mode, sizeof(*mode), &blob), 0);
	kms_atomic_add(req, fd, out->connector->connector_id, DRM_MODE_OBJECT_CONNECTOR,
		       "CRTC_ID", out->crtc_id);
	kms_atomic_add(req, fd, out->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID", blob);
	kms_atomic_add(req, fd, out->crtc_id, DRM_MODE_OBJECT_CRTC, "ACTIVE", 1);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "FB_ID", fb_id);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "CRTC_ID", out->crtc_id);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "SRC_X", 0);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "SRC_Y", 0);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "SRC_W", (uint64_t)mode->hdisplay << 16);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "SRC_H", (uint64_t)mode->vdisplay << 16);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "CRTC_X", 0);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "CRTC_Y", 0);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "CRTC_W", mode->hdisplay);
	kms_atomic_add(req, fd, plane, DRM_MODE_OBJECT_PLANE, "CRTC_H", mode->vdisplay);
	return blob;
}

int kms_atomic_modeset(int fd, const struct kms_output *out,
		       const drmModeModeInfo *mode, const struct kms_fb *fb)
{
	drmModeAtomicReq *req;
	uint32_t blob;
	int ret;

	igt_require(drmSetClientCap(fd, DRM_CLIENT_CAP_ATOMIC, 1) == 0);
	igt_require(out->plane_id);
	igt_assert_eq(fb->width, mode->hdisplay);
	igt_assert_eq(fb->height, mode->vdisplay);
	req = drmModeAtomicAlloc();
	igt_assert(req);
	blob = kms_atomic_add_modeset(req, fd, out, mode, fb->fb_id);
	ret = __kms_atomic_commit(fd, req, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL);
	drmModeAtomicFree(req);
	drmModeDestroyPropertyBlob(fd, blob);
	return ret;
}

uint64_t kms_dumb_dma_addr(int fd, const struct dumb_bo *bo, uint32_t w, uint32_t h)
{
	uint32_t handles[4] = { bo->handle }, pitches[4] = { bo->pitch }, offsets[4] = { 0 };
	char path[64], line[256], want[32];
	uint64_t addr = 0;
	uint32_t fb_id;
	int in_fb = 0;
	FILE *f;

	igt_assert_eq(drmModeAddFB2(fd, w, h, DRM_FORMAT_XRGB8888, handles, pitches,
				    offsets, &fb_id, 0), 0);
	snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/framebuffer", drm_card_index());
	snprintf(want, sizeof(want), "framebuffer[%u]:", fb_id);
	f = fopen(path, "r");
	igt_assert_f(f, "cannot read %s (debugfs mounted, CONFIG_DEBUG_FS?)", path);
	while (!addr && fgets(line, sizeof(line), f)) {
		if (strstr(line, "framebuffer["))
			in_fb = strstr(line, want) != NULL;
		else if (in_fb && strstr(line, "dma_addr="))
			sscanf(strstr(line, "dma_addr=") + 9, "%" SCNx64, &addr);
	}
	fclose(f);
	drmModeRmFB(fd, fb_id);
	/* Drivers with their own GEM (exynos) print no dma_addr. */
	return addr ? addr : cma_bitmap_hash();
}

bool kms_dumb_where_valid(uint64_t where)
{
	return !(where >> 63) || where != cma_bitmap_hash();
}

void kms_rmfb_active(int fd, struct kms_fb *fb, uint32_t crtc_id)
{
	drmModeCrtc *crtc;

	igt_assert_eq(drmModeRmFB(fd, fb->fb_id), 0);
	fb->fb_id = 0;
	crtc = drmModeGetCrtc(fd, crtc_id);
	igt_assert(crtc);
	igt_assert_eq(crtc->buffer_id, 0);
	igt_info("RMFB: the CRTC is %s\n", crtc->mode_valid ? "still on, without a plane" : "off");
	drmModeFreeCrtc(crtc);
}
