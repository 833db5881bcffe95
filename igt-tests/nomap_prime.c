// SPDX-License-Identifier: MIT
/*
 * TEST: prime
 * Description: Dumb buffers of the display controller shared through
 *              dma-buf: export and import on the same device, mmap through
 *              the dma-buf, import into vgem and export again, and import
 *              into vkms, whose
 *              compositor reads the buffer through a kernel vmap.  Buffers
 *              without a kernel mapping get one on demand for that, and
 *              give it back when the importer is done.
 *
 * SUBTEST: export-import-self
 * SUBTEST: mmap-dmabuf
 * SUBTEST: import-vgem
 * SUBTEST: vmap-by-importer
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "lib/igt.h"
#include "lib/kms.h"
#include "lib/memstat.h"
#include "lib/vkms.h"

#define W 1024
#define H 768

static int export_fd(int fd, uint32_t handle)
{
	int dmabuf = -1;

	igt_assert_eq(drmPrimeHandleToFD(fd, handle, DRM_CLOEXEC | DRM_RDWR, &dmabuf), 0);
	igt_assert_lte(0, dmabuf);
	return dmabuf;
}

static uint32_t import_handle(int fd, int dmabuf)
{
	uint32_t handle = 0;

	igt_assert_eq(drmPrimeFDToHandle(fd, dmabuf, &handle), 0);
	igt_assert(handle);
	return handle;
}

static uint32_t *map_fd(int fd, off_t offset, size_t size)
{
	void *ptr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);

	igt_assert_f(ptr != MAP_FAILED, "mmap failed");
	return ptr;
}

static void export_import_self(int fd)
{
	struct dumb_bo bo = dumb_create(fd, W, H, 32);
	int dmabuf = export_fd(fd, bo.handle);

	/* The device recognises its own buffer: same GEM object, same handle. */
	igt_assert_eq(import_handle(fd, dmabuf), bo.handle);
	close(dmabuf);
	dumb_destroy(fd, bo.handle);
}

static void mmap_dmabuf(int fd)
{
	struct dumb_bo bo = dumb_create(fd, W, H, 32);
	int dmabuf = export_fd(fd, bo.handle);
	uint32_t *via_dumb = dumb_map(fd, &bo);
	uint32_t *via_dmabuf = map_fd(dmabuf, 0, bo.size);
	size_t i, n = bo.size / 4, bad = 0;

	for (i = 0; i < n; i++)
		igt_assert_f(via_dmabuf[i] == 0, "new buffer not zero at %zu", i);
	for (i = 0; i < n; i++)
		via_dmabuf[i] = (uint32_t)i * 0x9e3779b9u;
	for (i = 0; i < n; i++)
		bad += via_dumb[i] != (uint32_t)i * 0x9e3779b9u;
	igt_assert_eq(bad, 0);
	munmap(via_dmabuf, bo.size);
	munmap(via_dumb, bo.size);
	close(dmabuf);
	dumb_destroy(fd, bo.handle);
}

/*
 * A second device imports the buffer; exporting it again from there gives
 * back the same dma-buf, and a mapping of that sees our writes.
 */
static void import_vgem(int fd)
{
	int vgem = drm_open_named("vgem");
	struct dumb_bo bo = dumb_create(fd, W, H, 32);
	int dmabuf = export_fd(fd, bo.handle), again;
	uint32_t handle = import_handle(vgem, dmabuf);
	uint32_t *ours = dumb_map(fd, &bo), *theirs;
	size_t i, n = bo.size / 4, bad = 0;
	struct stat a, b;

	again = export_fd(vgem, handle);
	igt_assert_eq(fstat(dmabuf, &a), 0);
	igt_assert_eq(fstat(again, &b), 0);
	igt_assert_f(a.st_ino == b.st_ino, "vgem re-exported a different dma-buf");
	theirs = map_fd(again, 0, bo.size);
	for (i = 0; i < n; i++)
		ours[i] = ~(uint32_t)i;
	for (i = 0; i < n; i++)
		bad += theirs[i] != ~(uint32_t)i;
	igt_assert_eq(bad, 0);
	munmap(theirs, bo.size);
	munmap(ours, bo.size);
	close(again);
	close(dmabuf);
	drmCloseBufferHandle(vgem, handle);
	dumb_destroy(fd, bo.handle);
	close(vgem);
}

/* Show @fb_id on vkms and write the composed frame back into @out_fb_id. */
static void vkms_writeback(struct vkms *v, uint32_t fb_id, uint32_t out_fb_id)
{
	struct pollfd pfd = { .events = POLLIN };
	drmModeAtomicReq *req = drmModeAtomicAlloc();
	int fence = -1;
	int fd = v->fd;
	uint32_t blob;

	igt_assert(req);
	blob = kms_atomic_add_modeset(req, fd, &v->out, v->mode, fb_id);
	kms_atomic_add(req, fd, v->writeback, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", v->out.crtc_id);
	kms_atomic_add(req, fd, v->writeback, DRM_MODE_OBJECT_CONNECTOR, "WRITEBACK_FB_ID", out_fb_id);
	kms_atomic_add(req, fd, v->writeback, DRM_MODE_OBJECT_CONNECTOR, "WRITEBACK_OUT_FENCE_PTR",
		       (uint64_t)(uintptr_t)&fence);
	igt_assert_eq(drmModeAtomicCommit(fd, req, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL), 0);
	drmModeAtomicFree(req);
	drmModeDestroyPropertyBlob(fd, blob);
	igt_assert_lte(0, fence);
	pfd.fd = fence;
	igt_assert_f(poll(&pfd, 1, 5000) == 1, "writeback did not complete within 5 s");
	close(fence);
}

/*
 * A dumb buffer of the display controller, which has no kernel mapping, is
 * imported by vkms and composed with the CPU: vkms vmaps it through the
 * dma-buf, and the frame it writes back must be our pattern.  Afterwards
 * the on-demand mapping is gone again.
 */
static void vmap_by_importer(int fd)
{
	uint32_t handles[4] = {}, pitches[4] = {}, offsets[4] = {}, fb_id = 0, bad = 0, x, y;
	int vmaps_before, vmaps_during;
	struct kms_fb fb, out;
	struct vkms v;
	int dmabuf;

	vkms_open(&v, W, H, true);
	vmaps_before = proc_helper_vmaps();

	kms_fb_create(fd, W, H, 0x5a5a5a, &fb);
	dmabuf = export_fd(fd, fb.bo.handle);
	handles[0] = import_handle(v.fd, dmabuf);
	pitches[0] = fb.bo.pitch;
	igt_assert_eq(drmModeAddFB2(v.fd, W, H, DRM_FORMAT_XRGB8888, handles, pitches,
				    offsets, &fb_id, 0), 0);
	kms_fb_create(v.fd, W, H, 0, &out);
	memset(out.map, 0, out.bo.size);

	vkms_writeback(&v, fb_id, out.fb_id);
	vmaps_during = proc_helper_vmaps();
	if (vmaps_during <= vmaps_before) {
		igt_info("largest vmalloc areas while vkms shows the buffer:\n");
		proc_vmalloc_print_largest(6);
	}
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++)
			bad += (out.map[y * (out.bo.pitch / 4) + x] & 0xffffff) !=
			       (pattern_pixel(x, y, W, H, 0x5a5a5a) & 0xffffff);
	igt_info("writeback: %u of %u pixels differ from the pattern\n", bad, W * H);

	/* Turn vkms off and drop everything that references the buffer. */
	drmModeRmFB(v.fd, fb_id);
	kms_fb_destroy(v.fd, &out);
	drmCloseBufferHandle(v.fd, handles[0]);
	close(dmabuf);
	vkms_close(&v);
	kms_fb_destroy(fd, &fb);

	igt_info("on-demand mappings: %d before, %d while vkms shows the buffer, %d after\n",
		 vmaps_before, vmaps_during, proc_helper_vmaps());
	igt_assert_eq(bad, 0);
	igt_assert_f(vmaps_during > vmaps_before,
		     "vkms read the buffer without an on-demand mapping (was it mapped already?)");
	igt_assert_eq(proc_helper_vmaps(), vmaps_before);
}

static const struct igt_subtest subtests[] = {
	{ "export-import-self", "a re-imported buffer is the same object", export_import_self },
	{ "mmap-dmabuf", "mmap through the dma-buf sees the buffer", mmap_dmabuf },
	{ "import-vgem", "vgem imports the buffer and sees our writes", import_vgem },
	{ "vmap-by-importer", "vkms composes an unmapped buffer through vmap", vmap_by_importer },
};

IGT_MAIN(subtests,
	 .description = "dma-buf sharing of dumb buffers",
	 .driver = igt_driver())
