// SPDX-License-Identifier: MIT
/*
 * capture_check -- host side of the screen-capture proof.
 *
 *   capture_check check FILE.ppm SEED [rgb565]
 *                                        compare a QEMU screendump (binary
 *                                        PPM) with the test pattern; rgb565
 *                                        compares the top 5/6/5 bits only
 *   capture_check generate W H SEED FILE.ppm
 *                                        write the pattern as a PPM
 *   capture_check compare FILE.ppm REF.ppm
 *                                        compare a screendump with a
 *                                        reference picture of the same size
 *
 * check and compare print how many pixels differ and exit 0 only if none
 * does; bad input exits 2 with a message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/pattern.h"

static int fail_input(const char *what, const char *file)
{
	fprintf(stderr, "capture_check: %s: %s\n", file, what);
	return 2;
}

static int read_header(FILE *f, unsigned int *w, unsigned int *h)
{
	unsigned int maxval;
	char magic[3] = "";

	if (fscanf(f, "%2s %u %u %u", magic, w, h, &maxval) != 4 || strcmp(magic, "P6") ||
	    maxval != 255 || !*w || !*h || fgetc(f) == EOF)
		return -1;
	return 0;
}

/* Keep the bits a pixel format has: all of XRGB8888, the top 5/6/5 of RGB565. */
static uint32_t format_bits(uint32_t p, int rgb565)
{
	return rgb565 ? p & 0xf8fcf8 : p & 0xffffff;
}

static int open_ppm(const char *file, FILE **f, unsigned int *w, unsigned int *h)
{
	*f = fopen(file, "rb");
	if (!*f)
		return fail_input(strerror(errno), file);
	if (read_header(*f, w, h)) {
		fclose(*f);
		return fail_input("not a binary PPM (P6, maxval 255)", file);
	}
	return 0;
}

static int check(const char *file, uint32_t seed, int rgb565)
{
	unsigned int w, h, x, y, bad = 0, shown = 0;
	FILE *f;
	int ret;

	ret = open_ppm(file, &f, &w, &h);
	if (ret)
		return ret;
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			unsigned char rgb[3];
			uint32_t want = pattern_pixel(x, y, w, h, seed), got;

			if (fread(rgb, 3, 1, f) != 1) {
				fclose(f);
				return fail_input("truncated pixel data", file);
			}
			got = 0xff000000u | rgb[0] << 16 | rgb[1] << 8 | rgb[2];
			if (format_bits(got, rgb565) == format_bits(want, rgb565))
				continue;
			if (shown++ < 5)
				printf("pixel %u,%u: got %06x, want %06x\n", x, y,
				       got & 0xffffff, want & 0xffffff);
			bad++;
		}
	}
	fclose(f);
	printf("%ux%u capture, seed 0x%x: %u of %u pixels differ\n", w, h, seed, bad, w * h);
	return bad ? 1 : 0;
}

static int compare(const char *file, const char *ref)
{
	unsigned int w, h, rw, rh, i, bad = 0, shown = 0;
	unsigned char a[3], b[3];
	FILE *f, *r;
	int ret;

	ret = open_ppm(file, &f, &w, &h);
	if (ret)
		return ret;
	ret = open_ppm(ref, &r, &rw, &rh);
	if (ret) {
		fclose(f);
		return ret;
	}
	if (w != rw || h != rh) {
		fclose(f);
		fclose(r);
		fprintf(stderr, "capture_check: %s is %ux%u, the reference %s is %ux%u\n",
			file, w, h, ref, rw, rh);
		return 1;
	}
	for (i = 0; i < w * h; i++) {
		if (fread(a, 3, 1, f) != 1 || fread(b, 3, 1, r) != 1) {
			const char *short_one = feof(f) ? file : ref;

			fclose(f);
			fclose(r);
			return fail_input("truncated pixel data", short_one);
		}
		if (!memcmp(a, b, 3))
			continue;
		if (shown++ < 5)
			printf("pixel %u,%u: got %02x%02x%02x, reference %02x%02x%02x\n",
			       i % w, i / w, a[0], a[1], a[2], b[0], b[1], b[2]);
		bad++;
	}
	fclose(f);
	fclose(r);
	printf("%ux%u capture against %s: %u of %u pixels differ\n", w, h, ref, bad, w * h);
	return bad ? 1 : 0;
}

static int generate(unsigned int w, unsigned int h, uint32_t seed, const char *file)
{
	FILE *f = fopen(file, "wb");
	unsigned int x, y;

	if (!f)
		return fail_input(strerror(errno), file);
	fprintf(f, "P6\n%u %u\n255\n", w, h);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			uint32_t p = pattern_pixel(x, y, w, h, seed);
			unsigned char rgb[3] = { p >> 16, p >> 8, p };

			fwrite(rgb, 3, 1, f);
		}
	}
	return fclose(f) ? fail_input(strerror(errno), file) : 0;
}

int main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "check"))
		return check(argv[2], strtoul(argv[3], NULL, 0),
			     argc == 5 && !strcmp(argv[4], "rgb565"));
	if (argc == 6 && !strcmp(argv[1], "generate"))
		return generate(strtoul(argv[2], NULL, 0), strtoul(argv[3], NULL, 0),
				strtoul(argv[4], NULL, 0), argv[5]);
	if (argc == 4 && !strcmp(argv[1], "compare"))
		return compare(argv[2], argv[3]);
	fprintf(stderr, "usage: capture_check check FILE.ppm SEED [rgb565]\n"
			"       capture_check generate W H SEED FILE.ppm\n"
			"       capture_check compare FILE.ppm REF.ppm\n");
	return 2;
}
