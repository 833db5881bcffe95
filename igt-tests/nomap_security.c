// SPDX-License-Identifier: MIT
/*
 * TEST: security
 * Description: What userspace must never get from dumb buffers: a kernel
 *              mapping selected through the flags (and the kernel warns only
 *              once), stale memory of another process, scanout without being
 *              DRM master, access past the end of a buffer, or another file's
 *              handles.
 *
 * SUBTEST: flags-never-map
 * SUBTEST: zero-after-other-process
 * SUBTEST: non-master-cannot-scanout
 * SUBTEST: mmap-beyond-size
 * SUBTEST: foreign-handle-rejected
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "lib/igt.h"
#include "lib/kms.h"
#include "lib/memstat.h"

#define ROUNDS 20

/* How often @needle occurs in the kernel log. */
static int dmesg_count(const char *needle)
{
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0), n = 0;
	char *buf, *p;

	igt_assert_lte(1, len);
	buf = calloc(1, len + 1);
	igt_assert(buf);
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, len);
	igt_assert_lte(0, len);
	for (p = buf; (p = strstr(p, needle)); p++)
		n++;
	free(buf);
	return n;
}

static void flags_never_map(int fd)
{
	unsigned int bit;

	cma_assert_in_highmem();
	for (bit = 0; bit < 32; bit++) {
		long long before = proc_vmalloc_bytes();
		struct dumb_bo bo;

		igt_assert_eq(__dumb_create(fd, 1920, 1080, 32, 1u << bit, &bo), 0);
		igt_assert_f(proc_vmalloc_bytes() - before < (long long)bo.size / 2,
			     "flags bit %u gave a kernel mapping", bit);
		dumb_destroy(fd, bo.handle);
	}
	igt_assert_eq(dmesg_count("ignoring dumb buffer flags"), 1);
}

static void fill_and_free(void)
{
	int fd = drm_open_named(igt_driver()), i;

	for (i = 0; i < 4; i++) {
		struct dumb_bo bo = dumb_create(fd, 1024, 768, 32);
		uint8_t *map = dumb_map(fd, &bo);

		memset(map, DUMB_STALE, bo.size);
		munmap(map, bo.size);
		dumb_destroy(fd, bo.handle);
	}
	close(fd);
	exit(0);
}

static void zero_after_other_process(int fd)
{
	uint64_t first = 0, addr;
	int round, status, reused = 0;

	for (round = 0; round < ROUNDS; round++) {
		pid_t pid = fork();
		struct dumb_bo bo;
		uint8_t *map;
		size_t i, dirty = 0;

		igt_assert(pid >= 0);
		if (pid == 0)
			fill_and_free();
		igt_assert_eq(waitpid(pid, &status, 0), pid);
		igt_assert(WIFEXITED(status) && !WEXITSTATUS(status));
		bo = dumb_create(fd, 1024, 768, 32);
		map = dumb_map(fd, &bo);
		for (i = 0; i < bo.size; i++)
			dirty += map[i] != 0;
		/* The child's buffers start where ours does: same memory. */
		addr = kms_dumb_dma_addr(fd, &bo, 1024, 768);
		munmap(map, bo.size);
		dumb_destroy(fd, bo.handle);
		igt_assert_f(kms_dumb_where_valid(addr),
			     "a 1024x768 buffer neither has a DMA address nor sits in CMA");
		if (!round)
			first = addr;
		reused += round && addr == first;
		igt_assert_f(!dirty, "round %d: %zu bytes of another process's buffer", round, dirty);
	}
	igt_assert_f(reused, "no round got the memory of round 0: the test proves nothing");
}

static void non_master_cannot_scanout(int fd)
{
	struct kms_output out;
	struct kms_fb fb;
	int other, ret;
	uint32_t conn;

	igt_require(kms_find_output(fd, &out) == 0);
	/* Our fd is master (first opener); a second open is not. */
	other = drm_open_named(igt_driver());
	kms_fb_create(other, out.connector->modes[0].hdisplay,
		      out.connector->modes[0].vdisplay, 9, &fb);
	conn = out.connector->connector_id;
	ret = __kms_setcrtc(other, out.crtc_id, fb.fb_id, 0, 0, &conn, 1,
			    &out.connector->modes[0]);
	igt_assert_f(ret != 0, "a client that is not master set a mode");
	igt_assert(ret == -EACCES || ret == -EPERM);
	kms_fb_destroy(other, &fb);
	close(other);

	/* The control: the master can set the same mode. */
	kms_fb_create(fd, out.connector->modes[0].hdisplay,
		      out.connector->modes[0].vdisplay, 9, &fb);
	ret = __kms_setcrtc(fd, out.crtc_id, fb.fb_id, 0, 0, &conn, 1, &out.connector->modes[0]);
	igt_assert_f(ret == 0, "the master cannot set a mode either: errno %d", -ret);
	igt_assert_eq(drmModeSetCrtc(fd, out.crtc_id, 0, 0, 0, NULL, 0, NULL), 0);
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

static void mmap_beyond_size(int fd)
{
	struct dumb_bo bo = dumb_create(fd, 64, 64, 32);
	uint64_t offset = 0;
	void *p;

	igt_assert_eq(__dumb_map_offset(fd, bo.handle, &offset), 0);
	p = mmap(NULL, bo.size + 4096, PROT_READ, MAP_SHARED, fd, offset);
	igt_assert(p == MAP_FAILED);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, offset + bo.size);
	igt_assert(p == MAP_FAILED);
	dumb_destroy(fd, bo.handle);
}

static void foreign_handle_rejected(int fd)
{
	int other = drm_open_named(igt_driver());
	struct dumb_bo bo = dumb_create(other, 64, 64, 32);
	uint32_t handles[4] = { bo.handle }, pitches[4] = { bo.pitch }, offsets[4] = {}, fb;
	uint64_t offset;

	/* Our file is fresh and has no buffers: the other file's handle is void. */
	igt_assert_eq(__dumb_map_offset(fd, bo.handle, &offset), -ENOENT);
	igt_assert_eq(__kms_addfb2(fd, 64, 64, DRM_FORMAT_XRGB8888, handles, pitches,
				   offsets, &fb, 0), -ENOENT);
	igt_assert_eq(__dumb_destroy(fd, bo.handle), -EINVAL);
	dumb_destroy(other, bo.handle);
	close(other);
}

static const struct igt_subtest subtests[] = {
	{ "flags-never-map", "no flags bit gives a kernel mapping; the kernel warns once", flags_never_map },
	{ "zero-after-other-process", "no data of another process's freed buffers", zero_after_other_process },
	{ "non-master-cannot-scanout", "only the DRM master sets modes", non_master_cannot_scanout },
	{ "mmap-beyond-size", "no mapping past the end of a buffer", mmap_beyond_size },
	{ "foreign-handle-rejected", "handles are per open file", foreign_handle_rejected },
};

IGT_MAIN(subtests,
	 .description = "security properties of dumb buffers",
	 .driver = igt_driver())
