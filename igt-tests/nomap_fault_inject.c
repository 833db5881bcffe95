// SPDX-License-Identifier: MIT
/*
 * TEST: fault inject
 * Description: Dumb create/map/destroy, PRIME export/import (into vgem)
 *              and the on-demand kernel mapping (vkms imports the buffer
 *              and shows it, which vmaps it) while fail_page_alloc and
 *              failslab make this task's allocations fail at several
 *              probabilities.  Every failure must reach userspace as ENOMEM
 *              or EINVAL (ENOSPC for the dma-buf inode), nothing may leak
 *              (the pages CMA handed out and the helper's vmaps are back at
 *              their start values; CmaFree is printed, not checked: it also
 *              counts the movable pages the page allocator lends out of CMA)
 *              and the device must still scan out afterwards.
 *
 * SUBTEST: dumb-prime-vmap
 *
 * Needs CONFIG_FAULT_INJECTION_DEBUG_FS with FAIL_PAGE_ALLOC and FAILSLAB,
 * CMA_DEBUGFS, vgem and vkms (configs/debug.config); skips without them.  FAULT_ITERATIONS sets the
 * loop count per probability (default 400).
 */
#define _GNU_SOURCE
#include <fcntl.h>
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
#include "lib/vkms.h"

static int write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -errno;
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	close(fd);
	return ok ? 0 : -EIO;
}

static void set_knob(const char *attr, const char *file, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/kernel/debug/%s/%s", attr, file);
	igt_assert_f(write_file(path, value) == 0, "cannot write %s", path);
}

static int failing;

/* Turn this task's failures on or off; the write itself may fail while on. */
static void make_it_fail(int on)
{
	int tries;

	for (tries = 0; tries < 1000; tries++) {
		if (write_file("/proc/self/make-it-fail", on ? "1" : "0") == 0) {
			failing = on;
			return;
		}
	}
	igt_assert_f(0, "cannot write /proc/self/make-it-fail");
}

/* Fail this task's allocations with @percent probability (0: off). */
static void inject(int percent)
{
	static const char *const attrs[] = { "fail_page_alloc", "failslab" };
	char p[16];
	unsigned int i;

	/* Knobs are written with injection off: their writes allocate too. */
	make_it_fail(0);
	snprintf(p, sizeof(p), "%d", percent);
	for (i = 0; i < 2; i++) {
		/* By default sleeping (GFP_KERNEL) allocations are exempt. */
		set_knob(attrs[i], "ignore-gfp-wait", "N");
		set_knob(attrs[i], "task-filter", "Y");
		set_knob(attrs[i], "interval", "1");
		set_knob(attrs[i], "times", "-1");
		set_knob(attrs[i], "verbose", "0");
		set_knob(attrs[i], "probability", p);
	}
	/* ...and so are highmem and order-0 page allocations. */
	set_knob("fail_page_alloc", "ignore-gfp-highmem", "N");
	set_knob("fail_page_alloc", "min-order", "0");
	if (percent)
		make_it_fail(1);
}

enum op { CREATE, MAP, MMAP, MUNMAP, EXPORT, VGEM_IMPORT, VKMS_IMPORT, VKMS_ADDFB, VKMS_SHOW, OPS };

static const char *const op_names[OPS] = {
	"CREATE_DUMB", "MAP_DUMB", "mmap", "munmap", "PRIME_HANDLE_TO_FD", "vgem PRIME_FD_TO_HANDLE",
	"vkms PRIME_FD_TO_HANDLE", "vkms ADDFB2", "vkms SETCRTC (atomic state or vmap)",
};

struct counts {
	unsigned long ops[OPS], failures[OPS], bad;
};

static unsigned long sum(const unsigned long *v)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < OPS; i++)
		n += v[i];
	return n;
}

/* Count @err (0 or -errno) of @op; anything but a clean failure is bad. */
static int expect_errno(struct counts *c, enum op op, int err)
{
	c->ops[op]++;
	if (!err)
		return 0;
	c->failures[op]++;
	if (err != -ENOMEM && err != -EINVAL && err != -ENOSPC) {
		igt_info("%s failed with %d (%s)\n", op_names[op], err, strerror(-err));
		c->bad++;
	}
	return err;
}

/*
 * vkms imports the buffer and shows it: its plane helpers vmap the
 * dma-buf, which for our unmapped buffer is the on-demand mapping.  Turning
 * the CRTC off and removing the framebuffer again run without injected
 * failures: a failing RMFB only tests the DRM core's WARN about it.
 */
static void show_on_vkms(struct vkms *v, int dmabuf, const struct dumb_bo *bo,
			 struct counts *c)
{
	uint32_t handles[4] = { 0 }, pitches[4] = { bo->pitch }, offsets[4] = { 0 }, fb_id;
	uint32_t conn = v->out.connector->connector_id;
	int on = failing;

	if (expect_errno(c, VKMS_IMPORT, __prime_fd_to_handle(v->fd, dmabuf, &handles[0])))
		return;
	if (!expect_errno(c, VKMS_ADDFB,
			  __kms_addfb2(v->fd, v->mode->hdisplay, v->mode->vdisplay,
				       DRM_FORMAT_XRGB8888, handles, pitches, offsets, &fb_id, 0))) {
		int shown = !expect_errno(c, VKMS_SHOW,
					  __kms_setcrtc(v->fd, v->out.crtc_id, fb_id, 0, 0, &conn,
							1, v->mode));

		make_it_fail(0);
		if (shown)
			igt_assert_eq(drmModeSetCrtc(v->fd, v->out.crtc_id, 0, 0, 0, NULL, 0, NULL), 0);
		igt_assert_eq(drmModeRmFB(v->fd, fb_id), 0);
		make_it_fail(on);
	}
	drmCloseBufferHandle(v->fd, handles[0]);
}

/* One round: create, map, touch, export, import into vgem and vkms, destroy. */
static void round_trip(int fd, int vgem, struct vkms *v, struct counts *c)
{
	struct dumb_bo bo;
	uint64_t offset;
	uint32_t handle;
	int dmabuf;
	void *p;

	if (expect_errno(c, CREATE, __dumb_create(fd, v->mode->hdisplay, v->mode->vdisplay, 32, 0,
						  &bo)))
		return;
	if (!expect_errno(c, MAP, __dumb_map_offset(fd, bo.handle, &offset))) {
		p = mmap(NULL, bo.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
		if (!expect_errno(c, MMAP, p == MAP_FAILED ? -errno : 0)) {
			((volatile uint32_t *)p)[0] = 1;
			/* munmap can fail too; the mapping would keep the buffer. */
			if (expect_errno(c, MUNMAP, munmap(p, bo.size) ? -errno : 0)) {
				int on = failing;

				make_it_fail(0);
				igt_assert_eq(munmap(p, bo.size), 0);
				make_it_fail(on);
			}
		}
	}
	if (!expect_errno(c, EXPORT, __prime_handle_to_fd(fd, bo.handle, DRM_CLOEXEC | DRM_RDWR,
							  &dmabuf))) {
		if (!expect_errno(c, VGEM_IMPORT,
				  __prime_fd_to_handle(vgem, dmabuf, &handle)))
			drmCloseBufferHandle(vgem, handle);
		show_on_vkms(v, dmabuf, &bo, c);
		close(dmabuf);
	}
	igt_assert_eq(__dumb_destroy(fd, bo.handle), 0);
}

static void dumb_prime_vmap(int fd)
{
	static const int percents[] = { 1, 5, 10, 25 };
	const char *it = getenv("FAULT_ITERATIONS");
	unsigned long iterations = it ? strtoul(it, NULL, 0) : 400, i;
	long long cma_used_before, cma_free_before;
	int vgem, vmaps_before, o;
	struct counts c = { 0 };
	struct kms_output out;
	struct kms_fb fb;
	struct vkms v;
	unsigned int p;

	igt_require_f(access("/sys/kernel/debug/fail_page_alloc", F_OK) == 0 &&
		      access("/sys/kernel/debug/failslab", F_OK) == 0,
		      "no fault injection in this kernel (configs/debug.config)");
	cma_used_before = cma_used_pages();
	igt_require_f(cma_used_before >= 0, "no CMA debugfs in this kernel (configs/debug.config)");
	vgem = drm_open_named("vgem");
	vkms_open(&v, 1024, 768, false);
	cma_free_before = proc_meminfo_kib("CmaFree");
	vmaps_before = proc_helper_vmaps();

	for (p = 0; p < IGT_ARRAY_SIZE(percents); p++) {
		struct counts before = c;

		inject(percents[p]);
		for (i = 0; i < iterations; i++)
			round_trip(fd, vgem, &v, &c);
		inject(0);
		igt_info("%d%%: %lu operations, %lu failed\n", percents[p],
			 sum(c.ops) - sum(before.ops), sum(c.failures) - sum(before.failures));
	}
	for (o = 0; o < OPS; o++)
		igt_info("  %-24s %6lu operations, %5lu failed\n", op_names[o], c.ops[o],
			 c.failures[o]);
	igt_info("fault-injected-failures: %lu of %lu operations\n", sum(c.failures), sum(c.ops));
	vkms_close(&v);
	close(vgem);

	igt_info("CMA pages in use %lld -> %lld, CmaFree %lld -> %lld KiB, on-demand vmaps %d -> %d\n",
		 cma_used_before, cma_used_pages(), cma_free_before, proc_meminfo_kib("CmaFree"),
		 vmaps_before, proc_helper_vmaps());
	igt_assert_f(!c.bad, "%lu failures with an unexpected errno", c.bad);
	/*
	 * A SETCRTC failure may be its atomic state's allocation or the
	 * on-demand vmap: the errno does not say.  make check-debug proves
	 * the vmap path by dma-buf's WARN on a failed exporter vmap.
	 */
	igt_assert_f(c.failures[CREATE] && c.failures[EXPORT] && c.failures[VKMS_SHOW],
		     "injected failures did not reach every path (create %lu, export %lu, SETCRTC %lu)",
		     c.failures[CREATE], c.failures[EXPORT], c.failures[VKMS_SHOW]);
	igt_assert_eq(proc_helper_vmaps(), vmaps_before);
	igt_assert_f(cma_used_pages() == cma_used_before, "CMA pages in use %lld, were %lld: a leak",
		     cma_used_pages(), cma_used_before);
	/*
	 * CmaFree also counts the movable pages the page allocator lends out of
	 * CMA (page cache, process memory), which come and go; a leaked buffer
	 * shows in the exact count above.
	 */
	/* And the device still scans out (a failure, not a skip, when not). */
	igt_assert_f(kms_find_output(fd, &out) == 0, "no output after the injected failures");
	kms_fb_create(fd, out.connector->modes[0].hdisplay, out.connector->modes[0].vdisplay,
		      11, &fb);
	igt_assert_eq(drmModeSetCrtc(fd, out.crtc_id, fb.fb_id, 0, 0,
				     &out.connector->connector_id, 1, &out.connector->modes[0]), 0);
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

static const struct igt_subtest subtests[] = {
	{ "dumb-prime-vmap", "allocation failures surface cleanly and leak nothing",
	  dumb_prime_vmap },
};

IGT_MAIN(subtests,
	 .description = "fault injection in the dumb-buffer and PRIME paths",
	 .driver = igt_driver())
