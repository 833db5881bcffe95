// SPDX-License-Identifier: MIT
/*
 * The test pattern; see pattern.h.  Horizontal and vertical ramps mixed with
 * the seed, over a 16x16 checkerboard, so that offsets, swapped channels and
 * scaling all show up as mismatches.
 */
#include "pattern.h"

uint32_t pattern_pixel(uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t seed)
{
	uint32_t r = (x * 255 / w) ^ (seed & 0xff);
	uint32_t g = (y * 255 / h) ^ ((seed >> 8) & 0xff);
	uint32_t b = ((x / 16 + y / 16) & 1) ? 0xff : 0x00;

	return 0xff000000u | (r & 0xff) << 16 | (g & 0xff) << 8 | ((b ^ (seed >> 16)) & 0xff);
}
