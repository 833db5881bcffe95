/* SPDX-License-Identifier: MIT */
/*
 * vkms, the virtual display the tests import our buffers into: its
 * composer reads an imported buffer with the CPU, through a kernel vmap of
 * the dma-buf, which for a buffer without a kernel mapping is the
 * on-demand mapping the series adds.
 */
#ifndef NOMAP_VKMS_H
#define NOMAP_VKMS_H

#include <stdbool.h>
#include <stdint.h>

#include <xf86drmMode.h>

#include "kms.h"

struct vkms {
	int fd;
	struct kms_output out;	/* the virtual connector, its CRTC, the primary plane */
	drmModeModeInfo *mode;	/* the connector's mode of the size asked for */
	uint32_t writeback;	/* the writeback connector, 0 unless asked for */
};

/*
 * Open vkms and find its output and its @w x @h mode; with @writeback also
 * the writeback connector (atomic and writeback client caps set first).
 * Skips when vkms, the output, the mode or the writeback connector is
 * missing.
 */
void vkms_open(struct vkms *v, unsigned int w, unsigned int h, bool writeback);
void vkms_close(struct vkms *v);

#endif
