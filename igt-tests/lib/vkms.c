// SPDX-License-Identifier: MIT
/*
 * vkms helpers for our tests; see vkms.h.
 */
#define _GNU_SOURCE
#include "vkms.h"

#include <unistd.h>

#include <xf86drm.h>

static uint32_t writeback_connector(int fd)
{
	drmModeRes *res = drmModeGetResources(fd);
	uint32_t id = 0;
	int i;

	igt_assert(res);
	for (i = 0; i < res->count_connectors; i++) {
		drmModeConnector *c = drmModeGetConnector(fd, res->connectors[i]);

		if (c && c->connector_type == DRM_MODE_CONNECTOR_WRITEBACK)
			id = c->connector_id;
		drmModeFreeConnector(c);
	}
	drmModeFreeResources(res);
	return id;
}

void vkms_open(struct vkms *v, unsigned int w, unsigned int h, bool writeback)
{
	v->fd = drm_open_named("vkms");
	v->writeback = 0;
	if (writeback) {
		igt_require(drmSetClientCap(v->fd, DRM_CLIENT_CAP_ATOMIC, 1) == 0);
		igt_require(drmSetClientCap(v->fd, DRM_CLIENT_CAP_WRITEBACK_CONNECTORS, 1) == 0);
	}
	igt_require(kms_find_output(v->fd, &v->out) == 0);
	if (writeback) {
		v->writeback = writeback_connector(v->fd);
		igt_require_f(v->writeback, "vkms has no writeback connector");
	}
	v->mode = kms_find_mode(v->out.connector, w, h);
	igt_require_f(v->mode, "vkms has no %ux%u mode", w, h);
}

void vkms_close(struct vkms *v)
{
	kms_output_fini(&v->out);
	close(v->fd);
}
