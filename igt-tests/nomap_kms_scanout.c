// SPDX-License-Identifier: MIT
/*
 * TEST: kms scanout
 * Description: Scanout of dumb buffers: legacy and atomic modesets, page
 *              flips with events, vblank waits, removal of the active
 *              framebuffer and a modeset at every mode of the connector.
 *
 * SUBTEST: legacy-setcrtc
 * SUBTEST: atomic-commit
 * SUBTEST: page-flip-events
 * SUBTEST: vblank-wait
 * SUBTEST: rmfb-active
 * SUBTEST: modeset-every-mode
 *
 * With --bench-flip it prints "bench.flip_*" lines for `make bench`: the cost
 * of a page flip between two framebuffers of the connector's first mode,
 * timed over BENCH_FLIPS flips after each buffer has been on the plane once,
 * and the on-demand kernel mappings and vmalloc bytes those flips made.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "lib/igt.h"
#include "lib/kms.h"
#include "lib/memstat.h"

#define FLIPS 20
#define BENCH_FLIPS 200

static void require_output(int fd, struct kms_output *out)
{
	igt_require_f(kms_find_output(fd, out) == 0, "no connected output");
}

static void assert_scanning_out(int fd, const struct kms_output *out,
				const drmModeModeInfo *mode, uint32_t fb_id)
{
	drmModeCrtc *crtc = drmModeGetCrtc(fd, out->crtc_id);

	igt_assert(crtc);
	igt_assert_eq(crtc->buffer_id, fb_id);
	igt_assert(crtc->mode_valid);
	igt_assert_eq(crtc->mode.hdisplay, mode->hdisplay);
	igt_assert_eq(crtc->mode.vdisplay, mode->vdisplay);
	drmModeFreeCrtc(crtc);
}

static void legacy_set(int fd, const struct kms_output *out, const drmModeModeInfo *mode,
		       uint32_t fb_id)
{
	uint32_t conn = out->connector->connector_id;

	igt_assert_eq(drmModeSetCrtc(fd, out->crtc_id, fb_id, 0, 0, &conn, 1,
				     (drmModeModeInfo *)mode), 0);
}

static void legacy_setcrtc(int fd)
{
	struct kms_output out;
	struct kms_fb fb;
	drmModeModeInfo *mode;

	require_output(fd, &out);
	mode = &out.connector->modes[0];
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 1, &fb);
	legacy_set(fd, &out, mode, fb.fb_id);
	assert_scanning_out(fd, &out, mode, fb.fb_id);
	/*
	 * Read back through the CPU mapping: the modeset left the buffer
	 * alone.  What the screen shows is nomap_kms_capture's check.
	 */
	igt_assert_eq(kms_fb_pattern_errors(&fb, 1), 0);
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

static void atomic_commit(int fd)
{
	struct kms_output out;
	struct kms_fb fb;
	drmModeModeInfo *mode;

	require_output(fd, &out);
	mode = &out.connector->modes[0];
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 2, &fb);
	igt_assert_eq(kms_atomic_modeset(fd, &out, mode, &fb), 0);
	assert_scanning_out(fd, &out, mode, fb.fb_id);
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

struct flip_state {
	unsigned int events;
	unsigned int last_seq;
	double last_ts;
	int monotonic;
};

static void flip_handler(int fd, unsigned int seq, unsigned int sec, unsigned int usec,
			 void *data)
{
	struct flip_state *st = data;
	double ts = sec + usec / 1e6;

	(void)fd;
	if (st->events && (seq <= st->last_seq || ts <= st->last_ts))
		st->monotonic = 0;
	st->events++;
	st->last_seq = seq;
	st->last_ts = ts;
}

static void wait_event(int fd, drmEventContext *ev)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	igt_assert_f(poll(&pfd, 1, 2000) == 1, "no flip event within 2 s");
	igt_assert_eq(drmHandleEvent(fd, ev), 0);
}

static void page_flip_events(int fd)
{
	struct flip_state st = { .monotonic = 1 };
	drmEventContext ev = {
		.version = 2,
		.page_flip_handler = flip_handler,
	};
	struct kms_output out;
	struct kms_fb fb[2];
	drmModeModeInfo *mode;
	unsigned int i;

	require_output(fd, &out);
	mode = &out.connector->modes[0];
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 3, &fb[0]);
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 4, &fb[1]);
	legacy_set(fd, &out, mode, fb[0].fb_id);
	for (i = 1; i <= FLIPS; i++) {
		igt_assert_eq(drmModePageFlip(fd, out.crtc_id, fb[i & 1].fb_id,
					      DRM_MODE_PAGE_FLIP_EVENT, &st), 0);
		wait_event(fd, &ev);
		igt_assert_eq(st.events, i);
	}
	igt_assert_f(st.monotonic, "flip event sequence or time went backwards");
	assert_scanning_out(fd, &out, mode, fb[FLIPS & 1].fb_id);
	kms_fb_destroy(fd, &fb[0]);
	kms_fb_destroy(fd, &fb[1]);
	kms_output_fini(&out);
}

static void vblank_wait(int fd)
{
	struct kms_output out;
	struct kms_fb fb;
	drmModeModeInfo *mode;
	unsigned int first = 0, i;

	require_output(fd, &out);
	mode = &out.connector->modes[0];
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 5, &fb);
	legacy_set(fd, &out, mode, fb.fb_id);
	for (i = 0; i < 5; i++) {
		drmVBlank vbl = {
			.request.type = DRM_VBLANK_RELATIVE |
				(out.crtc_index << DRM_VBLANK_HIGH_CRTC_SHIFT),
			.request.sequence = 1,
		};

		igt_assert_eq(drmWaitVBlank(fd, &vbl), 0);
		if (i)
			igt_assert_lte(first + i, vbl.reply.sequence);
		else
			first = vbl.reply.sequence;
	}
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

static void rmfb_active(int fd)
{
	struct kms_output out;
	struct kms_fb fb;
	drmModeModeInfo *mode;

	require_output(fd, &out);
	mode = &out.connector->modes[0];
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 6, &fb);
	legacy_set(fd, &out, mode, fb.fb_id);
	kms_rmfb_active(fd, &fb, out.crtc_id);
	/* The buffer outlives its framebuffer and is still intact. */
	igt_assert_eq(kms_fb_pattern_errors(&fb, 6), 0);
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

static void modeset_every_mode(int fd)
{
	struct kms_output out;
	int i;

	require_output(fd, &out);
	for (i = 0; i < out.connector->count_modes; i++) {
		drmModeModeInfo *mode = &out.connector->modes[i];
		struct kms_fb fb;

		igt_info("mode %d: %s %uHz\n", i, mode->name, mode->vrefresh);
		kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 7 + i, &fb);
		legacy_set(fd, &out, mode, fb.fb_id);
		assert_scanning_out(fd, &out, mode, fb.fb_id);
		kms_fb_destroy(fd, &fb);
	}
	kms_output_fini(&out);
}

static const struct igt_subtest subtests[] = {
	{ "legacy-setcrtc", "SETCRTC of a dumb framebuffer", legacy_setcrtc },
	{ "atomic-commit", "atomic modeset of a dumb framebuffer", atomic_commit },
	{ "page-flip-events", "page flips deliver ordered events", page_flip_events },
	{ "vblank-wait", "vblank waits return increasing sequences", vblank_wait },
	{ "rmfb-active", "RMFB of the scanned-out framebuffer takes it off the screen, the buffer survives", rmfb_active },
	{ "modeset-every-mode", "every mode of the connector can be set", modeset_every_mode },
};

/* One flip to @fb_id and its event; returns the time of the ioctl alone. */
static double timed_flip(int fd, const struct kms_output *out, uint32_t fb_id,
			 drmEventContext *ev, struct flip_state *st)
{
	unsigned int events = st->events;
	double t = igt_now_us();

	igt_assert_eq(drmModePageFlip(fd, out->crtc_id, fb_id, DRM_MODE_PAGE_FLIP_EVENT, st), 0);
	t = igt_now_us() - t;
	wait_event(fd, ev);
	igt_assert_eq(st->events, events + 1);
	return t;
}

/*
 * The series maps a buffer for the panic screen the first time it is on the
 * plane and keeps that mapping: the two warm-up flips may map, the timed ones
 * must not.  Mappings are counted, not summed in bytes: vunmap() frees the
 * address space lazily.
 */
static int bench_flip(void)
{
	struct flip_state st = { .monotonic = 1 };
	drmEventContext ev = {
		.version = 2,
		.page_flip_handler = flip_handler,
	};
	int fd, vmaps_before, vmaps_warm, vmaps_after;
	long long bytes_warm, bytes_after;
	double ioctl_us = 0, t;
	struct kms_output out;
	struct kms_fb fb[2];
	drmModeModeInfo *mode;
	unsigned int i;

	fd = drm_open_named(igt_driver());
	if (kms_find_output(fd, &out)) {
		fprintf(stderr, "--bench-flip: no connected output\n");
		return 1;
	}
	mode = &out.connector->modes[0];
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 5, &fb[0]);
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, 6, &fb[1]);
	vmaps_before = proc_helper_vmaps();
	legacy_set(fd, &out, mode, fb[0].fb_id);
	timed_flip(fd, &out, fb[1].fb_id, &ev, &st);
	timed_flip(fd, &out, fb[0].fb_id, &ev, &st);
	vmaps_warm = proc_helper_vmaps();
	bytes_warm = proc_vmalloc_bytes();
	t = igt_now_us();
	for (i = 1; i <= BENCH_FLIPS; i++)
		ioctl_us += timed_flip(fd, &out, fb[i & 1].fb_id, &ev, &st);
	t = igt_now_us() - t;
	vmaps_after = proc_helper_vmaps();
	bytes_after = proc_vmalloc_bytes();
	igt_assert_f(st.monotonic, "flip event sequence or time went backwards");

	printf("bench.flip_size=%ux%u\n", mode->hdisplay, mode->vdisplay);
	printf("bench.flips=%u\n", BENCH_FLIPS);
	printf("bench.flip_us=%.1f\n", t / BENCH_FLIPS);
	printf("bench.flip_ioctl_us=%.1f\n", ioctl_us / BENCH_FLIPS);
	printf("bench.flip_first_scanout_vmaps=%d\n", vmaps_warm - vmaps_before);
	printf("bench.flip_vmaps=%d\n", vmaps_after - vmaps_warm);
	/* Signed: lazily freed areas can leave the sum below where it was. */
	printf("bench.flip_vmalloc_delta_kib=%lld\n", (bytes_after - bytes_warm) / 1024);
	kms_fb_destroy(fd, &fb[0]);
	kms_fb_destroy(fd, &fb[1]);
	kms_output_fini(&out);
	close(fd);
	return 0;
}

/* --bench-flip runs bench_flip() instead of the subtests. */
static int bench_args(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--bench-flip"))
		return bench_flip();
	return -1;
}

IGT_MAIN(subtests,
	 .description = "scanout of dumb buffers",
	 .driver = igt_driver(),
	 .init = bench_args)
