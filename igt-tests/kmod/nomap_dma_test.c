// SPDX-License-Identifier: GPL-2.0
/*
 * nomap_dma_test - a plain DMA API user, outside DRM, for the guest tests.
 *
 * Binds to the "drm-nomap,dma-test" nodes of our DTS files (a device of its
 * own, configured by the platform bus like any DT device: non-coherent on
 * these boards unless the node says "dma-coherent"; a "memory-region" gives
 * it its own CMA area, e.g. one in lowmem) and gives each a debugfs file,
 * /sys/kernel/debug/nomap_dma_test/<device name>.  Reading it runs one test
 * and returns one line of figures; the test program nomap_dma_alloc judges
 * them:
 *
 *   rounds=N reused=N pages=N highmem=N stale=N errors=N coherent=0|1
 *
 * Each round allocates a buffer with DMA_ATTR_NO_KERNEL_MAPPING, counts its
 * non-zero bytes (stale), fills it with a pattern, frees it, and allocates
 * again: "reused" counts rounds whose second buffer has the first one's DMA
 * address, so the pattern had the chance to show up.  "highmem" counts the
 * pages of all buffers that sit in highmem.  Any API failure is an "error"
 * and printed to the kernel log.  "coherent" is what the DMA layer made of
 * the device (dev_is_dma_coherent()), which decides dma-direct's path.
 *
 * It builds against every kernel `make check-stable` tests (6.1 on), so it
 * uses no API younger than that.
 *
 * A second file, <device name>.bench, times what existing users of the
 * attribute pay per buffer: reading it allocates and frees buffers of one
 * page, 1 MiB and 4 MiB with DMA_ATTR_NO_KERNEL_MAPPING, nothing else, and
 * returns one line per size (`make bench` compares the base and the patched
 * kernel):
 *
 *   size=N rounds=N ns=N highmem=N errors=N
 *
 * "ns" is the mean time of one dma_alloc_attrs() + dma_free_attrs() pair
 * (ktime, the first pair of each size not counted), "highmem" the pairs
 * whose buffer was in highmem.
 *
 * The buffers have no kernel mapping, so the test reaches their pages as
 * the DMA API gives them (dma_get_sgtable_attrs()) and maps each one with
 * kmap_local_page().  It brackets the CPU accesses with streaming-DMA
 * maintenance of that table (DMA_FROM_DEVICE before reading, DMA_TO_DEVICE
 * after writing), so that on hardware with caches it reads what a device
 * would read and leaves its pattern in memory, not in the cache.  That is
 * test-only: the DMA API documents no CPU access to such buffers.
 */

#include <linux/debugfs.h>
#include <linux/dma-direct.h>	/* dma_to_phys() */
#include <linux/dma-map-ops.h>	/* dev_is_dma_coherent() */
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>

#define NOMAP_DMA_TEST_ROUNDS	10
#define NOMAP_DMA_TEST_PATTERN	0xa5
#define NOMAP_DMA_BENCH_ROUNDS	16

static unsigned int buffer_size = SZ_1M;
module_param(buffer_size, uint, 0644);
MODULE_PARM_DESC(buffer_size, "bytes per test buffer (default 1 MiB)");

static struct dentry *nomap_dma_test_root;

struct nomap_dma_test_stats {
	unsigned int rounds;
	unsigned int reused;
	unsigned long pages;
	unsigned long highmem;
	unsigned long stale;
	unsigned int errors;
};

struct nomap_dma_test_buf {
	void *cookie;
	dma_addr_t dma;
	struct sg_table sgt;
};

static const unsigned long nomap_dma_test_attrs = DMA_ATTR_NO_KERNEL_MAPPING;

static int nomap_dma_test_alloc(struct device *dev, struct nomap_dma_test_buf *buf)
{
	int ret;

	buf->cookie = dma_alloc_attrs(dev, buffer_size, &buf->dma, GFP_KERNEL,
				      nomap_dma_test_attrs);
	if (!buf->cookie) {
		dev_err(dev, "dma_alloc_attrs(%u bytes, NO_KERNEL_MAPPING) failed\n",
			buffer_size);
		return -ENOMEM;
	}
	ret = dma_get_sgtable_attrs(dev, &buf->sgt, buf->cookie, buf->dma,
				    buffer_size, nomap_dma_test_attrs);
	if (ret) {
		dev_err(dev, "dma_get_sgtable_attrs() failed: %d\n", ret);
		dma_free_attrs(dev, buffer_size, buf->cookie, buf->dma,
			       nomap_dma_test_attrs);
		return ret;
	}
	return 0;
}

static void nomap_dma_test_free(struct device *dev, struct nomap_dma_test_buf *buf)
{
	sg_free_table(&buf->sgt);
	dma_free_attrs(dev, buffer_size, buf->cookie, buf->dma, nomap_dma_test_attrs);
}

/* Bring the buffer's pages to or from the CPU's view (see the top comment). */
static int nomap_dma_test_sync(struct device *dev, struct nomap_dma_test_buf *buf,
			       enum dma_data_direction dir)
{
	int ret = dma_map_sgtable(dev, &buf->sgt, dir, 0);

	if (ret) {
		dev_err(dev, "dma_map_sgtable() failed: %d\n", ret);
		return ret;
	}
	dma_unmap_sgtable(dev, &buf->sgt, dir, 0);
	return 0;
}

/* Count the non-zero bytes of each page, then fill it with the pattern. */
static void nomap_dma_test_scan(struct nomap_dma_test_buf *buf,
				struct nomap_dma_test_stats *st)
{
	struct sg_page_iter iter;

	for_each_sgtable_page(&buf->sgt, &iter, 0) {
		struct page *page = sg_page_iter_page(&iter);
		u8 *p = kmap_local_page(page);
		unsigned int i;

		for (i = 0; i < PAGE_SIZE; i++)
			st->stale += p[i] != 0;
		memset(p, NOMAP_DMA_TEST_PATTERN, PAGE_SIZE);
		kunmap_local(p);
		st->pages++;
		st->highmem += PageHighMem(page);
	}
}

static int nomap_dma_test_round(struct device *dev, struct nomap_dma_test_stats *st)
{
	struct nomap_dma_test_buf first, second;
	int ret;

	ret = nomap_dma_test_alloc(dev, &first);
	if (ret)
		return ret;
	ret = nomap_dma_test_sync(dev, &first, DMA_FROM_DEVICE);
	if (!ret) {
		nomap_dma_test_scan(&first, st);
		ret = nomap_dma_test_sync(dev, &first, DMA_TO_DEVICE);
	}
	nomap_dma_test_free(dev, &first);
	if (ret)
		return ret;

	ret = nomap_dma_test_alloc(dev, &second);
	if (ret)
		return ret;
	st->reused += second.dma == first.dma;
	ret = nomap_dma_test_sync(dev, &second, DMA_FROM_DEVICE);
	if (!ret) {
		nomap_dma_test_scan(&second, st);
		ret = nomap_dma_test_sync(dev, &second, DMA_TO_DEVICE);
	}
	nomap_dma_test_free(dev, &second);
	return ret;
}

static int nomap_dma_test_show(struct seq_file *m, void *unused)
{
	struct device *dev = m->private;
	struct nomap_dma_test_stats st = {};

	for (st.rounds = 0; st.rounds < NOMAP_DMA_TEST_ROUNDS; st.rounds++)
		if (nomap_dma_test_round(dev, &st))
			st.errors++;
	seq_printf(m, "rounds=%u reused=%u pages=%lu highmem=%lu stale=%lu errors=%u coherent=%d\n",
		   st.rounds, st.reused, st.pages, st.highmem, st.stale, st.errors,
		   dev_is_dma_coherent(dev));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nomap_dma_test);

/* One size of the .bench file: time alloc+free pairs, nothing in between. */
static void nomap_dma_bench_size(struct seq_file *m, struct device *dev, size_t size)
{
	unsigned int round, highmem = 0, errors = 0;
	u64 total = 0;

	for (round = 0; round <= NOMAP_DMA_BENCH_ROUNDS; round++) {
		dma_addr_t dma;
		void *cookie;
		u64 start = ktime_get_ns();

		cookie = dma_alloc_attrs(dev, size, &dma, GFP_KERNEL, nomap_dma_test_attrs);
		if (!cookie) {
			errors++;
			continue;
		}
		highmem += PageHighMem(pfn_to_page(PHYS_PFN(dma_to_phys(dev, dma))));
		dma_free_attrs(dev, size, cookie, dma, nomap_dma_test_attrs);
		/* The first pair warms up; it is not counted. */
		if (round)
			total += ktime_get_ns() - start;
	}
	seq_printf(m, "size=%zu rounds=%u ns=%llu highmem=%u errors=%u\n", size,
		   NOMAP_DMA_BENCH_ROUNDS, div_u64(total, NOMAP_DMA_BENCH_ROUNDS), highmem,
		   errors);
}

static int nomap_dma_bench_show(struct seq_file *m, void *unused)
{
	nomap_dma_bench_size(m, m->private, PAGE_SIZE);
	nomap_dma_bench_size(m, m->private, SZ_1M);
	nomap_dma_bench_size(m, m->private, SZ_4M);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nomap_dma_bench);

static void nomap_dma_test_release_mem(void *data)
{
	of_reserved_mem_device_release(data);
}

/* A devm action rather than .remove, whose type changed in 6.11. */
static void nomap_dma_test_remove_file(void *dentry)
{
	debugfs_remove(dentry);
}

static int nomap_dma_test_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct dentry *file;
	char name[64];
	int ret;

	/* Its own CMA area, where the node names one. */
	if (of_find_property(dev->of_node, "memory-region", NULL)) {
		ret = of_reserved_mem_device_init(dev);
		if (ret)
			return dev_err_probe(dev, ret, "memory-region not usable\n");
		ret = devm_add_action_or_reset(dev, nomap_dma_test_release_mem, dev);
		if (ret)
			return ret;
	}
	ret = dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret)
		return dev_err_probe(dev, ret, "no 32-bit DMA\n");
	file = debugfs_create_file(dev_name(dev), 0400, nomap_dma_test_root, dev,
				   &nomap_dma_test_fops);
	ret = devm_add_action_or_reset(dev, nomap_dma_test_remove_file, file);
	if (ret)
		return ret;
	snprintf(name, sizeof(name), "%s.bench", dev_name(dev));
	file = debugfs_create_file(name, 0400, nomap_dma_test_root, dev,
				   &nomap_dma_bench_fops);
	ret = devm_add_action_or_reset(dev, nomap_dma_test_remove_file, file);
	if (ret)
		return ret;
	dev_info(dev, "%s, debugfs nomap_dma_test/%s\n",
		 dev_is_dma_coherent(dev) ? "coherent" : "non-coherent", dev_name(dev));
	return 0;
}

static const struct of_device_id nomap_dma_test_of_match[] = {
	{ .compatible = "drm-nomap,dma-test" },
	{ }
};
MODULE_DEVICE_TABLE(of, nomap_dma_test_of_match);

static struct platform_driver nomap_dma_test_driver = {
	.probe = nomap_dma_test_probe,
	.driver = {
		.name = "nomap_dma_test",
		.of_match_table = nomap_dma_test_of_match,
	},
};

static int __init nomap_dma_test_init(void)
{
	int ret;

	nomap_dma_test_root = debugfs_create_dir("nomap_dma_test", NULL);
	ret = platform_driver_register(&nomap_dma_test_driver);
	if (ret)
		debugfs_remove(nomap_dma_test_root);
	return ret;
}
module_init(nomap_dma_test_init);

static void __exit nomap_dma_test_exit(void)
{
	platform_driver_unregister(&nomap_dma_test_driver);
	debugfs_remove(nomap_dma_test_root);
}
module_exit(nomap_dma_test_exit);

MODULE_DESCRIPTION("drm-nomap guest test: fresh DMA_ATTR_NO_KERNEL_MAPPING buffers read zero");
MODULE_LICENSE("GPL");
