// SPDX-License-Identifier: MIT
/*
 * TEST: fault inject
 * Description: Dumb create/map/destroy and PRIME export/import (into vgem)
 *              while fail_page_alloc and failslab make this task's
 *              allocations fail at several
 *              probabilities.  Every failure must reach userspace as ENOMEM
 *              or EINVAL (ENOSPC for the dma-buf inode), nothing may leak
 *              (CmaFree and the helper's vmaps are back at their start
 *              values) and the device must still scan out afterwards.
 *
 * SUBTEST: dumb-prime-vmap
 *
 * Needs CONFIG_FAULT_INJECTION_DEBUG_FS with FAIL_PAGE_ALLOC and FAILSLAB
 * (configs/debug.config); skips without them.  FAULT_ITERATIONS sets the
 * loop count per probability (default 400).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "lib/igt.h"
#include "lib/kms.h"
#include "lib/procfs.h"

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

/* Turn this task's failures on or off; the write itself may fail while on. */
static void make_it_fail(int on)
{
	int tries;

	for (tries = 0; tries < 1000; tries++)
		if (write_file("/proc/self/make-it-fail", on ? "1" : "0") == 0)
			return;
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

struct counts {
	unsigned long ops, failures, bad;
};

static void expect_errno(struct counts *c, int err, const char *what)
{
	c->ops++;
	if (!err)
		return;
	c->failures++;
	if (err != -ENOMEM && err != -EINVAL && err != -ENOSPC) {
		igt_info("%s failed with %d (%s)\n", what, err, strerror(-err));
		c->bad++;
	}
}

/* One round: create, map, touch, export, import into vgem, destroy. */
static void round_trip(int fd, int vgem, struct counts *c)
{
	struct dumb_bo bo;
	uint64_t offset;
	uint32_t handle;
	int err, dmabuf;
	void *p;

	err = __dumb_create(fd, 1024, 768, 32, 0, &bo);
	expect_errno(c, err, "CREATE_DUMB");
	if (err)
		return;
	err = __dumb_map_offset(fd, bo.handle, &offset);
	expect_errno(c, err, "MAP_DUMB");
	if (!err) {
		p = mmap(NULL, bo.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
		expect_errno(c, p == MAP_FAILED ? -errno : 0, "mmap");
		if (p != MAP_FAILED) {
			((volatile uint32_t *)p)[0] = 1;
			munmap(p, bo.size);
		}
	}
	err = drmPrimeHandleToFD(fd, bo.handle, DRM_CLOEXEC | DRM_RDWR, &dmabuf) ? -errno : 0;
	expect_errno(c, err, "PRIME_HANDLE_TO_FD");
	if (!err) {
		err = drmPrimeFDToHandle(vgem, dmabuf, &handle) ? -errno : 0;
		expect_errno(c, err, "PRIME_FD_TO_HANDLE");
		if (!err)
			drmCloseBufferHandle(vgem, handle);
		close(dmabuf);
	}
	igt_assert_eq(__dumb_destroy(fd, bo.handle), 0);
}

static void dumb_prime_vmap(int fd)
{
	static const int percents[] = { 1, 5, 10, 25 };
	const char *it = getenv("FAULT_ITERATIONS");
	unsigned long iterations = it ? strtoul(it, NULL, 0) : 400, i;
	long long cma_before;
	int vgem, vmaps_before;
	struct counts c = { 0 };
	struct kms_output out;
	struct kms_fb fb;
	unsigned int p;

	igt_require_f(access("/sys/kernel/debug/fail_page_alloc", F_OK) == 0 &&
		      access("/sys/kernel/debug/failslab", F_OK) == 0,
		      "no fault injection in this kernel (configs/debug.config)");
	vgem = drm_open_driver("vgem");
	cma_before = proc_meminfo_kib("CmaFree");
	vmaps_before = proc_helper_vmaps();

	for (p = 0; p < IGT_ARRAY_SIZE(percents); p++) {
		struct counts before = c;

		inject(percents[p]);
		for (i = 0; i < iterations; i++)
			round_trip(fd, vgem, &c);
		inject(0);
		igt_info("%d%%: %lu operations, %lu failed\n", percents[p],
			 c.ops - before.ops, c.failures - before.failures);
	}
	igt_info("fault-injected-failures: %lu of %lu operations\n", c.failures, c.ops);
	close(vgem);

	igt_assert_f(!c.bad, "%lu failures with an unexpected errno", c.bad);
	igt_assert_f(c.failures, "no injected failure reached the dumb/PRIME paths");
	igt_assert_eq(proc_helper_vmaps(), vmaps_before);
	/* CMA back to where it was (a page of slack for other users). */
	igt_assert_f(llabs(proc_meminfo_kib("CmaFree") - cma_before) <= 4,
		     "CmaFree %lld KiB, was %lld KiB: a leak", proc_meminfo_kib("CmaFree"), cma_before);
	/* And the device still scans out. */
	igt_require(kms_find_output(fd, &out) == 0);
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

int main(int argc, char **argv)
{
	const struct igt_test test = {
		.description = "fault injection in the dumb-buffer and PRIME paths",
		.driver = igt_driver(),
		.subtests = subtests,
		.num_subtests = IGT_ARRAY_SIZE(subtests),
	};

	return igt_run(&test, argc, argv);
}
