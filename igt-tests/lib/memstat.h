/* SPDX-License-Identifier: MIT */
/*
 * Memory statistics the tests read: vmalloc use, memory counters and the
 * GEM DMA helpers' on-demand mappings from /proc, the CMA areas from
 * debugfs.
 */
#ifndef NOMAP_MEMSTAT_H
#define NOMAP_MEMSTAT_H

#include <stdint.h>

/*
 * Sum of the areas /proc/vmallocinfo lists inside the vmalloc area
 * (VmallocUsed misses DMA remaps; modules and the linear-map remap of a
 * lowmem CMA area are listed but lie outside it), without the lazily freed
 * areas that a purge would make disappear mid-measurement.
 */
long long proc_vmalloc_bytes(void);
/* Print the @n largest areas of /proc/vmallocinfo, ioremaps left out. */
void proc_vmalloc_print_largest(unsigned int n);
/* A /proc/meminfo counter in KiB, -1 if there is none. */
long long proc_meminfo_kib(const char *key);
/*
 * Live on-demand mappings of the GEM DMA helpers: vmallocinfo areas made by
 * the DMA layer's dma_direct_vmap() for them (or, before the series' DMA
 * interface, by drm_gem_dma_vmap() or its wrapper, where it is inlined).
 * Counting bytes does not work for these: vunmap() frees address space
 * lazily.
 */
int proc_helper_vmaps(void);

/*
 * Pages the CMA allocator has handed out, summed over the areas in
 * /sys/kernel/debug/cma (CONFIG_CMA_DEBUGFS); -1 without them.  Unlike
 * CmaFree it does not count movable pages the page allocator put in CMA.
 */
long long cma_used_pages(void);

/* The default CMA area's name in /sys/kernel/debug/cma (dma_contiguous_reserve()). */
#define CMA_DEFAULT_AREA "reserved"

/*
 * A hash of every CMA area's allocation bitmap (debugfs), bit 63 set so that
 * it never equals a DMA address: two buffers that lived at different times
 * give the same hash exactly when they took the same CMA pages, provided
 * nothing else allocated from CMA meanwhile.  A buffer outside CMA leaves
 * the hash as it is without the buffer.
 */
uint64_t cma_bitmap_hash(void);

/*
 * KiB of the default CMA area not handed out (count - used in its debugfs
 * directory): what dumb buffers can still get.  Unlike CmaFree it leaves out
 * other areas (the DMA test's) and the movable pages CMA lends.
 */
long long cma_default_free_kib(void);

/*
 * Assert that the default CMA area, the one DRM drivers without a
 * memory-region allocate from, is in highmem: it starts at or above the
 * HighMem zone (/proc/zoneinfo).  Lowmem CMA is reached through the linear
 * map, so a vmalloc measurement would show nothing there.  Other areas (the
 * DMA test's lowmem one) do not count.
 */
void cma_assert_in_highmem(void);

#endif
