// SPDX-License-Identifier: MIT
/*
 * TEST: dumb fuzz
 * Description: Random but seeded sequences of CREATE_DUMB, MAP_DUMB, mmap,
 *              DESTROY_DUMB, PRIME_HANDLE_TO_FD, PRIME_FD_TO_HANDLE, ADDFB2,
 *              RMFB and atomic commits with random sizes, bpp, flags, handles
 *              and fds, from several processes, one DRM master and the
 *              others not.  Every ioctl must either succeed or fail with an
 *              errno; the kernel log is checked for oopses and sanitizer
 *              reports by the host.
 *
 * SUBTEST: random-ops
 *
 * FUZZ_SEED and FUZZ_OPS (total, default 100000) select the run; the seed
 * is printed at the start and with every failure, so a run is reproducible.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "lib/igt.h"
#include "lib/kms.h"
#include "lib/procfs.h"

#define WORKERS 3
#define SLOTS 8

/* xorshift64*: the whole run follows from the seed. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static uint32_t pick(const uint32_t *v, unsigned int n)
{
	return v[rnd() % n];
}

struct state {
	uint32_t handles[SLOTS], fbs[SLOTS];
	int fds[SLOTS];
	unsigned long ops, failed;
};

static uint32_t any_handle(struct state *st)
{
	/* Mostly live handles, sometimes garbage. */
	return rnd() % 8 ? st->handles[rnd() % SLOTS] : (uint32_t)rnd();
}

static int any_fd(struct state *st)
{
	static const int junk[] = { -1, 0, 1, 2, 1000 };

	return rnd() % 8 ? st->fds[rnd() % SLOTS] : junk[rnd() % 5];
}

/*
 * Put @handle in a random slot.  The handle that was there is closed: one
 * that is only overwritten stays open and keeps its buffer until the worker
 * exits, and imports did that often enough to fill memory on long runs.
 */
static void keep_handle(int fd, struct state *st, uint32_t handle)
{
	unsigned int slot = rnd() % SLOTS;

	if (st->handles[slot] && st->handles[slot] != handle)
		__dumb_destroy(fd, st->handles[slot]);
	st->handles[slot] = handle;
}

static void op_create(int fd, struct state *st)
{
	/*
	 * Valid sizes stay within 1024x768 (at most ~4 MB at bpp 33), so that
	 * what three processes keep alive (8 handles and 8 dma-bufs each) fits
	 * a 1 GiB debug kernel; invalid ones are huge.
	 */
	static const uint32_t dims[] = { 0, 1, 7, 64, 333, 768, 1024, 65536, 0xffffffffu };
	static const uint32_t bpps[] = { 0, 1, 7, 8, 16, 24, 32, 33, 0xffffffffu };
	struct dumb_bo bo;
	uint32_t flags = rnd() % 4 ? 0 : (uint32_t)rnd();
	uint32_t w = rnd() % 2 ? pick(dims, 9) : 1 + rnd() % 1024;
	uint32_t h = rnd() % 2 ? pick(dims, 9) : 1 + rnd() % 768;

	if (!__dumb_create(fd, w, h, pick(bpps, 9), flags, &bo))
		keep_handle(fd, st, bo.handle);
}

static void op_map(int fd, struct state *st)
{
	uint32_t handle = any_handle(st);
	uint64_t offset;
	size_t len = 4096 * (1 + rnd() % 64);
	void *p;

	if (__dumb_map_offset(fd, handle, &offset))
		return;
	if (rnd() % 2)
		offset += 4096 * (rnd() % 4);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
	if (p == MAP_FAILED)
		return;
	/* Touch the first and the last page we got. */
	((volatile uint8_t *)p)[0] = 0x5a;
	(void)((volatile uint8_t *)p)[len - 1];
	munmap(p, len);
}

static void op_destroy(int fd, struct state *st)
{
	unsigned int slot = rnd() % SLOTS;

	__dumb_destroy(fd, rnd() % 4 ? st->handles[slot] : (uint32_t)rnd());
	st->handles[slot] = 0;
}

static void op_export(int fd, struct state *st)
{
	unsigned int slot = rnd() % SLOTS;
	int out = -1;

	if (drmPrimeHandleToFD(fd, any_handle(st), DRM_CLOEXEC | (rnd() % 2 ? DRM_RDWR : 0),
			       &out))
		return;
	if (st->fds[slot] > 0)
		close(st->fds[slot]);
	st->fds[slot] = out;
}

static void op_import(int fd, struct state *st)
{
	uint32_t handle;

	if (!drmPrimeFDToHandle(fd, any_fd(st), &handle))
		keep_handle(fd, st, handle);
}

static void op_addfb(int fd, struct state *st)
{
	static const uint32_t formats[] = {
		DRM_FORMAT_XRGB8888, DRM_FORMAT_RGB565, DRM_FORMAT_ARGB8888, 0x12345678,
	};
	uint32_t handles[4] = { any_handle(st) }, pitches[4] = { (uint32_t)(rnd() % 16384) };
	uint32_t offsets[4] = { rnd() % 8 ? 0 : (uint32_t)rnd() }, fb;
	unsigned int slot = rnd() % SLOTS;

	if (drmModeAddFB2(fd, 1 + rnd() % 2048, 1 + rnd() % 2048, pick(formats, 4),
			  handles, pitches, offsets, &fb, 0))
		return;
	if (st->fbs[slot])
		drmModeRmFB(fd, st->fbs[slot]);
	st->fbs[slot] = fb;
}

static void op_rmfb(int fd, struct state *st)
{
	unsigned int slot = rnd() % SLOTS;

	drmModeRmFB(fd, rnd() % 4 ? st->fbs[slot] : (uint32_t)rnd());
	st->fbs[slot] = 0;
}

static void op_commit(int fd, struct state *st, const struct kms_output *out)
{
	drmModeModeInfo *mode = &out->connector->modes[rnd() % out->connector->count_modes];
	uint32_t conn = out->connector->connector_id;

	if (rnd() % 2)
		drmModeSetCrtc(fd, out->crtc_id, st->fbs[rnd() % SLOTS], 0, 0, &conn, 1, mode);
	else
		drmModePageFlip(fd, out->crtc_id, st->fbs[rnd() % SLOTS], 0, NULL);
}

static void worker(uint64_t seed, unsigned long ops, int master)
{
	int fd = drm_open_driver(igt_driver());
	struct state st = { .fds = { 0 } };
	struct kms_output out = { 0 };
	int have_output;
	unsigned long i;

	rng_state = seed;
	if (master) {
		/* The others drop master right after opening; take it. */
		for (i = 0; i < 100 && drmSetMaster(fd); i++)
			usleep(10000);
	} else {
		drmDropMaster(fd);
	}
	have_output = kms_find_output(fd, &out) == 0;
	for (i = 0; i < ops; i++) {
		switch (rnd() % 9) {
		case 0: case 1: op_create(fd, &st); break;
		case 2: op_map(fd, &st); break;
		case 3: op_destroy(fd, &st); break;
		case 4: op_export(fd, &st); break;
		case 5: op_import(fd, &st); break;
		case 6: op_addfb(fd, &st); break;
		case 7: op_rmfb(fd, &st); break;
		case 8:
			if (have_output)
				op_commit(fd, &st, &out);
			break;
		}
	}
	close(fd);
	exit(0);
}

static void random_ops(int fd)
{
	const char *s = getenv("FUZZ_SEED"), *n = getenv("FUZZ_OPS");
	uint64_t seed = s ? strtoull(s, NULL, 0) : (uint64_t)time(NULL);
	unsigned long ops = n ? strtoul(n, NULL, 0) : 100000;
	/* Round up: at least the operations asked for. */
	unsigned long per = (ops + WORKERS - 1) / WORKERS;
	long long cma_before, cma_after = -1;
	pid_t pids[WORKERS];
	int i, status, bad = 0;

	cma_before = cma_used_pages();
	drmDropMaster(fd);
	igt_info("fuzz seed 0x%llx, %lu operations in %d processes (one master)\n",
		 (unsigned long long)seed, per * WORKERS, WORKERS);
	for (i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		igt_assert(pids[i] >= 0);
		if (pids[i] == 0)
			worker(seed + i * 0x9e3779b97f4a7c15ull, per, i == 0);
	}
	for (i = 0; i < WORKERS; i++) {
		igt_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			igt_info("worker %d (seed 0x%llx) died: status 0x%x\n", i,
				 (unsigned long long)(seed + i * 0x9e3779b97f4a7c15ull), status);
			bad++;
		}
	}
	igt_info("fuzz-ops: %lu\n", per * WORKERS);
	igt_assert_f(!bad, "%d workers died; reproduce with FUZZ_SEED=0x%llx", bad,
		     (unsigned long long)seed);

	/* The workers are gone: what they allocated must be, too (flips may lag). */
	/* The leak check is part of the test: without its counter it fails. */
	igt_assert_f(cma_before >= 0,
		     "no CMA debugfs (CONFIG_CMA_DEBUGFS, debugfs mounted): CMA leak check cannot run");
	for (i = 0; i < 100 && (cma_after = cma_used_pages()) != cma_before; i++)
		usleep(10000);
	igt_info("CMA pages in use: %lld before, %lld after\n", cma_before, cma_after);
	igt_assert_f(cma_after == cma_before, "CMA pages leaked; reproduce with FUZZ_SEED=0x%llx",
		     (unsigned long long)seed);
}

static const struct igt_subtest subtests[] = {
	{ "random-ops", "seeded random dumb/PRIME/KMS ioctl sequences", random_ops },
};

int main(int argc, char **argv)
{
	const struct igt_test test = {
		.description = "ioctl fuzzing of the dumb-buffer, PRIME and KMS paths",
		.driver = igt_driver(),
		.subtests = subtests,
		.num_subtests = IGT_ARRAY_SIZE(subtests),
	};

	signal(SIGPIPE, SIG_IGN);
	return igt_run(&test, argc, argv);
}
