// SPDX-License-Identifier: MIT
/*
 * TEST: kms capture
 * Description: Proof on the screen: a pattern is scanned out (through KMS,
 *              and through the fbdev emulation) and the host captures the
 *              display and compares every pixel with the pattern.
 *
 * SUBTEST: scanout-pattern
 * SUBTEST: fbdev-pattern
 * SUBTEST: panic-screen
 *
 * The test prints "capture-request: NAME SEED FORMAT" and keeps the pattern on the
 * screen for CAPTURE_WAIT seconds (default 6); the host (scripts/capture.sh,
 * started by scripts/run-qemu.sh) takes a QMP screendump and judges it
 * against the pattern for SEED, or, for FORMAT "ref:PICTURE", against the
 * reference picture igt-tests/references/PICTURE.png.
 * Without a host watching, the subtests skip unless CAPTURE_WAIT is set.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "lib/igt.h"
#include "lib/kms.h"

#define KMS_SEED 0xc0ffee
#define PANIC_SEED 0x9a41c0
#define FBDEV_SEED 0x0badf0

static unsigned int capture_wait(void)
{
	const char *w = getenv("CAPTURE_WAIT");

	igt_require_f(w && *w, "no host takes captures (CAPTURE_WAIT is not set)");
	return strtoul(w, NULL, 0);
}

/*
 * Ask the host for a screendump and keep the pattern on screen meanwhile.
 * QEMU's PL110 model only redraws pages written since it last looked at
 * the framebuffer, so the pixels are rewritten (same values) every 200 ms
 * until the host has had time for its second screendump.
 */
static void request_capture(const char *name, uint32_t seed, const char *format,
			    volatile uint32_t *pixels, size_t words)
{
	unsigned int ticks = capture_wait() * 5;
	size_t i;

	igt_info("capture-request: %s 0x%x %s\n", name, seed, format);
	while (ticks--) {
		for (i = 0; i < words; i++)
			pixels[i] = pixels[i];
		usleep(200000);
	}
}

static void scanout_pattern(int fd)
{
	struct kms_output out;
	drmModeModeInfo *mode;
	struct kms_fb fb;

	capture_wait();
	igt_require(kms_find_output(fd, &out) == 0);
	mode = &out.connector->modes[0];
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, KMS_SEED, &fb);
	igt_assert_eq(drmModeSetCrtc(fd, out.crtc_id, fb.fb_id, 0, 0,
				     &out.connector->connector_id, 1, mode), 0);
	request_capture("nomap_kms_capture@scanout-pattern", KMS_SEED, "xrgb8888", fb.map,
			fb.bo.size / 4);
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

/*
 * The panic screen on a userspace dumb buffer on the primary plane: with the
 * series on a highmem kernel, a buffer without a kernel mapping, drawn
 * through the mapping drm_fb_dma_plane_helper_prepare_fb() gave it.
 * CONFIG_DRM_PANIC_DEBUG's debugfs file draws the panic screen as a panic
 * would, without one.  In the guest, every pixel of the pattern must have
 * been drawn over; the host compares the screen with its reference picture.
 */
static void panic_screen(int fd)
{
	uint32_t panic_px, i, words, left = 0;
	struct kms_output out;
	drmModeModeInfo *mode;
	struct kms_fb fb;
	char path[96];
	FILE *f;

	capture_wait();
	snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/drm_panic_plane_0",
		 drm_card_index());
	igt_require_f(access(path, W_OK) == 0,
		      "no %s: no CONFIG_DRM_PANIC_DEBUG, or no panic screen in this driver", path);
	igt_require(kms_find_output(fd, &out) == 0);
	mode = &out.connector->modes[0];
	kms_fb_create(fd, mode->hdisplay, mode->vdisplay, PANIC_SEED, &fb);
	igt_assert_eq(drmModeSetCrtc(fd, out.crtc_id, fb.fb_id, 0, 0,
				     &out.connector->connector_id, 1, mode), 0);

	f = fopen(path, "w");
	igt_assert_f(f, "cannot open %s", path);
	igt_assert(fputs("1\n", f) >= 0);
	igt_assert_eq(fclose(f), 0);

	/* The panic screen fills the buffer; its top-left pixel is background. */
	words = fb.width * fb.height;
	panic_px = fb.map[0] & 0xffffff;
	for (i = 0; i < words; i++)
		left += (fb.map[i] & 0xffffff) == (pattern_pixel(i % fb.width, i / fb.width,
								  fb.width, fb.height,
								  PANIC_SEED) & 0xffffff);
	igt_info("panic screen: background 0x%06x, %u of %u pixels still show the pattern\n",
		 panic_px, left, words);
	igt_assert_f(left < words / 100, "the panic screen was not drawn into the buffer");
	request_capture("nomap_kms_capture@panic-screen", 0, "ref:panic-screen", fb.map, words);
	kms_fb_destroy(fd, &fb);
	kms_output_fini(&out);
}

/* /dev/fbN of the driver's fbdev emulation ("<driver>drmfb"). */
static int open_fbdev(void)
{
	char want[64], path[320], name[64] = "";
	struct dirent *de;
	DIR *d = opendir("/sys/class/graphics");
	int fd = -1;

	igt_require(d);
	snprintf(want, sizeof(want), "%sdrmfb", igt_driver());
	while (fd < 0 && (de = readdir(d))) {
		FILE *f;

		if (strncmp(de->d_name, "fb", 2))
			continue;
		snprintf(path, sizeof(path), "/sys/class/graphics/%s/name", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) && !strncmp(name, want, strlen(want))) {
			snprintf(path, sizeof(path), "/dev/%s", de->d_name);
			fd = open(path, O_RDWR);
		}
		fclose(f);
	}
	closedir(d);
	igt_require_f(fd >= 0, "no fbdev device named %s", want);
	return fd;
}

/* Detach the framebuffer console, so that it does not draw over us. */
static void fbcon_bind(int bind)
{
	char path[64], name[64];
	int i;

	for (i = 0; i < 4; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/sys/class/vtconsole/vtcon%d/name", i);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) && strstr(name, "frame buffer")) {
			fclose(f);
			snprintf(path, sizeof(path), "/sys/class/vtconsole/vtcon%d/bind", i);
			f = fopen(path, "w");
			if (f) {
				fprintf(f, "%d\n", bind);
				fclose(f);
			}
			continue;
		}
		fclose(f);
	}
}

/* The pattern in RGB565, for 16 bpp fbdev. */
static uint16_t pattern_rgb565(uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t seed)
{
	uint32_t p = pattern_pixel(x, y, w, h, seed);

	return ((p >> 8) & 0xf800) | ((p >> 5) & 0x07e0) | ((p >> 3) & 0x001f);
}

static uint32_t fbdev_pixel(const struct fb_var_screeninfo *var, uint32_t x, uint32_t y)
{
	return var->bits_per_pixel == 16 ?
		pattern_rgb565(x, y, var->xres, var->yres, FBDEV_SEED) :
		pattern_pixel(x, y, var->xres, var->yres, FBDEV_SEED);
}

static void fbdev_pattern(int drm_fd)
{
	struct fb_var_screeninfo var;
	struct fb_fix_screeninfo fix;
	uint32_t x, y, bad = 0;
	uint8_t *map;
	int fd;

	(void)drm_fd;
	capture_wait();
	fd = open_fbdev();
	igt_assert_eq(ioctl(fd, FBIOGET_VSCREENINFO, &var), 0);
	igt_assert_eq(ioctl(fd, FBIOGET_FSCREENINFO, &fix), 0);
	igt_require_f(var.bits_per_pixel == 16 || var.bits_per_pixel == 32,
		      "fbdev at %u bpp", var.bits_per_pixel);
	igt_info("fbdev: %ux%u, %u bpp, pitch %u\n", var.xres, var.yres,
		 var.bits_per_pixel, fix.line_length);
	map = mmap(NULL, fix.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	igt_assert(map != MAP_FAILED);
	fbcon_bind(0);
	for (y = 0; y < var.yres; y++) {
		for (x = 0; x < var.xres; x++) {
			uint8_t *px = map + y * fix.line_length + x * var.bits_per_pixel / 8;

			if (var.bits_per_pixel == 16)
				*(uint16_t *)px = fbdev_pixel(&var, x, y);
			else
				*(uint32_t *)px = fbdev_pixel(&var, x, y);
		}
	}
	for (y = 0; y < var.yres; y++) {
		for (x = 0; x < var.xres; x++) {
			uint8_t *px = map + y * fix.line_length + x * var.bits_per_pixel / 8;

			bad += (var.bits_per_pixel == 16 ? *(uint16_t *)px : *(uint32_t *)px) !=
			       fbdev_pixel(&var, x, y);
		}
	}
	if (!bad)
		request_capture("nomap_kms_capture@fbdev-pattern", FBDEV_SEED,
				var.bits_per_pixel == 16 ? "rgb565" : "xrgb8888",
				(uint32_t *)map, fix.line_length * var.yres / 4);
	memset(map, 0, fix.smem_len);
	fbcon_bind(1);
	munmap(map, fix.smem_len);
	close(fd);
	igt_assert_eq(bad, 0);
}

static const struct igt_subtest subtests[] = {
	{ "scanout-pattern", "a KMS-scanned pattern reaches the screen", scanout_pattern },
	{ "panic-screen", "the panic screen is drawn into a dumb buffer on the plane", panic_screen },
	{ "fbdev-pattern", "a pattern drawn through /dev/fbN reaches the screen", fbdev_pattern },
};

IGT_MAIN(subtests,
	 .description = "screen captures of scanned-out patterns",
	 .driver = igt_driver())
