/* SPDX-License-Identifier: MIT */
/*
 * The test pattern, shared by the guest tests that draw it and the host tool
 * that checks screen captures of it.
 */
#ifndef NOMAP_PATTERN_H
#define NOMAP_PATTERN_H

#include <stdint.h>

/* XRGB8888 value of pixel (@x, @y) of a @w x @h pattern for @seed. */
uint32_t pattern_pixel(uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t seed);

#endif
