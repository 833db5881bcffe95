/* SPDX-License-Identifier: MIT */
/*
 * KMS helpers for our tests: find an output, make pattern framebuffers,
 * legacy and atomic modesets.
 */
#ifndef NOMAP_KMS_H
#define NOMAP_KMS_H

#include <stdint.h>

#include <xf86drmMode.h>

#include "igt.h"
#include "pattern.h"

struct kms_output {
	drmModeConnector *connector;
	uint32_t crtc_id;
	unsigned int crtc_index;
	uint32_t plane_id;	/* primary plane of the CRTC */
};

struct kms_fb {
	struct dumb_bo bo;
	uint32_t fb_id, width, height;
	uint32_t *map;
};

/* KMS ioctl wrappers: the libdrm call's arguments; return 0 or -errno. */
int __kms_addfb2(int fd, uint32_t w, uint32_t h, uint32_t format, const uint32_t handles[4],
		 const uint32_t pitches[4], const uint32_t offsets[4], uint32_t *fb_id,
		 uint32_t flags);
int __kms_rmfb(int fd, uint32_t fb_id);
int __kms_setcrtc(int fd, uint32_t crtc_id, uint32_t fb_id, uint32_t x, uint32_t y,
		  uint32_t *connectors, int count, drmModeModeInfo *mode);
int __kms_page_flip(int fd, uint32_t crtc_id, uint32_t fb_id, uint32_t flags, void *data);
int __kms_atomic_commit(int fd, drmModeAtomicReq *req, uint32_t flags, void *data);

/*
 * First connected connector with modes, a CRTC for it and its primary plane.
 * Sets DRM_CLIENT_CAP_UNIVERSAL_PLANES on @fd, which finding the plane needs.
 */
int kms_find_output(int fd, struct kms_output *out);
/* The connector's first mode of @w x @h, NULL if it has none. */
drmModeModeInfo *kms_find_mode(drmModeConnector *c, unsigned int w, unsigned int h);
void kms_output_fini(struct kms_output *out);
/*
 * The primary plane that can show on CRTC number @crtc_index, 0 if there is
 * none; needs DRM_CLIENT_CAP_UNIVERSAL_PLANES on @fd.
 */
uint32_t kms_primary_plane(int fd, unsigned int crtc_index);

/*
 * RMFB of @fb, which CRTC @crtc_id scans out: the CRTC must show no
 * framebuffer afterwards.  The uAPI lets a driver keep the CRTC on without
 * a primary plane (exynos) or turn it off when it cannot (pl111's simple
 * pipe); which one happened is logged.  Clears @fb->fb_id.
 */
void kms_rmfb_active(int fd, struct kms_fb *fb, uint32_t crtc_id);

/* XRGB8888 dumb framebuffer filled with the pattern for @seed. */
void kms_fb_create(int fd, uint32_t w, uint32_t h, uint32_t seed, struct kms_fb *fb);
void kms_fb_destroy(int fd, struct kms_fb *fb);
/* Number of pixels of @fb that differ from the pattern for @seed. */
uint32_t kms_fb_pattern_errors(const struct kms_fb *fb, uint32_t seed);

/*
 * Where dumb buffer @bo lives: its DMA address, as the GEM DMA helpers print
 * it in debugfs (dri/N/framebuffer, read through a framebuffer over its
 * first @w x @h XRGB8888 pixels), or, for drivers that print none (exynos),
 * cma_bitmap_hash() while it lives.  The stale-memory tests use it to show
 * that a new buffer got memory an old one filled; kms_dumb_where_valid()
 * tells whether the value means anything.
 */
uint64_t kms_dumb_dma_addr(int fd, const struct dumb_bo *bo, uint32_t w, uint32_t h);

/*
 * Whether @where, from kms_dumb_dma_addr() before the buffer was destroyed,
 * identifies its memory: a DMA address does; a CMA hash only if it differs
 * from the hash now that the buffer is gone (else the buffer was not in CMA).
 */
bool kms_dumb_where_valid(uint64_t where);

/* Property id of @name on an object, 0 if it has none. */
uint32_t kms_prop_id(int fd, uint32_t obj, uint32_t type, const char *name);

/* Add a property, looked up by @name, to an atomic request; asserts success. */
void kms_atomic_add(drmModeAtomicReq *req, int fd, uint32_t obj, uint32_t type,
		    const char *name, uint64_t value);

/*
 * Add a full-screen modeset of framebuffer @fb_id (mode-sized) on @out to
 * @req; returns the mode blob to destroy after the commit.
 */
uint32_t kms_atomic_add_modeset(drmModeAtomicReq *req, int fd, const struct kms_output *out,
				const drmModeModeInfo *mode, uint32_t fb_id);

/* Atomic modeset of @fb on @out with @mode; returns 0 or -errno. */
int kms_atomic_modeset(int fd, const struct kms_output *out,
		       const drmModeModeInfo *mode, const struct kms_fb *fb);

#endif
