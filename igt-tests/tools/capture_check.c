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
 *
 * check prints how many pixels differ and exits 0 only if none does;
 * bad input exits 2 with a message.
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

static int check(const char *file, uint32_t seed, int rgb565)
{
	unsigned int w, h, x, y, bad = 0, shown = 0;
	FILE *f = fopen(file, "rb");

	if (!f)
		return fail_input(strerror(errno), file);
	if (read_header(f, &w, &h)) {
		fclose(f);
		return fail_input("not a binary PPM (P6, maxval 255)", file);
	}
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
	fprintf(stderr, "usage: capture_check check FILE.ppm SEED [rgb565]\n"
			"       capture_check generate W H SEED FILE.ppm\n");
	return 2;
}
