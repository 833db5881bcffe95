// SPDX-License-Identifier: MIT
/*
 * TEST: dumb fuzz
 * Description: Random but seeded sequences of CREATE_DUMB, MAP_DUMB, mmap,
 *              DESTROY_DUMB, PRIME_HANDLE_TO_FD, PRIME_FD_TO_HANDLE, ADDFB2,
 *              RMFB, SETCRTC and PAGE_FLIP with random sizes, bpp, flags,
 *              handles and fds, from several processes, one DRM master and
 *              the others not.  Each worker keeps a model of its DRM file
 *              (live handles and their sizes, its dma-buf fds and
 *              framebuffers, whether it is master, the device's limits and
 *              formats) and checks every ioctl's result against it: what the
 *              model says must succeed must succeed, what must fail must fail
 *              with one of the errnos the kernel gives for that reason, and
 *              where the outcome depends on state the model does not track
 *              (memory, the CRTC) only the listed errnos are accepted.  A
 *              mismatch fails the test, as do a dead worker and CMA pages
 *              not given back; the host checks the kernel log.
 *
 * SUBTEST: random-ops
 *
 * FUZZ_SEED and FUZZ_OPS (total, default 100000) select the run; the seed
 * is printed at the start and with every failure, so a run is reproducible.
 * "fuzz-ops: N" counts the operations performed (an operation is one to
 * three ioctls or syscalls, all checked), never fewer than FUZZ_OPS.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
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
#include "lib/memstat.h"

#define WORKERS 3
#define SLOTS 8
#define PAGE 4096ull
/* Mismatches printed per worker; all are counted. */
#define MAX_REPORTS 5

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

enum op { CREATE, MAP, MMAP, DESTROY, EXPORT, IMPORT, ADDFB, RMFB, SETCRTC, FLIP, OPS };
static const char *const op_names[OPS] = {
	"CREATE_DUMB", "MAP_DUMB", "mmap", "DESTROY_DUMB", "PRIME_HANDLE_TO_FD",
	"PRIME_FD_TO_HANDLE", "ADDFB2", "RMFB", "SETCRTC", "PAGE_FLIP",
};

/* What the workers report; shared with the parent. */
struct tally {
	unsigned long performed, mismatches, ok[OPS], failed[OPS];
};

/* Errnos a failure may have: 0-terminated lists. */
static const int E_NONE[] = { 0 };
static const int E_INVAL[] = { EINVAL, 0 };
static const int E_NOENT[] = { ENOENT, 0 };
static const int E_NOMEM[] = { ENOMEM, 0 };
static const int E_ACCES[] = { EACCES, 0 };
/* An fd that is not one of our dma-bufs: not open, or not a dma-buf. */
static const int E_NOT_DMABUF[] = { EBADF, EINVAL, 0 };
/* mmap at an offset where another object may start (ours or not). */
static const int E_MMAP_OTHER[] = { EINVAL, EACCES, 0 };
/* A modeset of a live framebuffer: size, format and pitch vs. the mode. */
static const int E_SETCRTC[] = { EINVAL, ENOSPC, ERANGE, 0 };
/* A flip: the CRTC may be off or busy, the fb may not fit it. */
static const int E_FLIP[] = { EBUSY, EINVAL, ENOENT, ENOSPC, 0 };

/* The model of one worker's DRM file. */
struct worker {
	int fd, master, have_output;
	struct kms_output out;
	uint32_t min_w, max_w, min_h, max_h;
	long long cma_total;	/* bytes, -1: unknown */
	uint32_t handles[SLOTS];	/* live GEM handles, 0: empty */
	uint64_t sizes[SLOTS];		/* their object sizes */
	int fds[SLOTS];			/* our dma-buf fds, -1: empty */
	uint64_t fd_sizes[SLOTS];
	uint32_t fbs[SLOTS];		/* our live framebuffers, 0: empty */
	uint64_t seed;
	unsigned long i;		/* operation number, for reports */
	struct tally *t;
};

static int in_list(int err, const int *errs)
{
	for (; *errs; errs++)
		if (*errs == err)
			return 1;
	return 0;
}

/*
 * Check one result (0 or -errno) against the model: success must be
 * allowed (@may_pass), a failure's errno must be in @errs.  Returns whether
 * the call succeeded.
 */
__attribute__((format(printf, 6, 7)))
static int check(struct worker *w, enum op op, int ret, int may_pass, const int *errs,
		 const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (ret)
		w->t->failed[op]++;
	else
		w->t->ok[op]++;
	if (ret ? in_list(-ret, errs) : may_pass)
		return !ret;
	if (w->t->mismatches++ < MAX_REPORTS) {
		va_start(ap, fmt);
		vsnprintf(what, sizeof(what), fmt, ap);
		va_end(ap);
		igt_info("MISMATCH worker seed 0x%llx op %lu: %s(%s) %s, the model says %s\n",
			 (unsigned long long)w->seed, w->i, op_names[op], what,
			 ret ? strerror(-ret) : "succeeded",
			 !may_pass ? "it must fail" : errs[0] ? "success or one of the listed errnos" :
			 "it must succeed");
	}
	return !ret;
}

/* Slot of live handle @h, -1 if the model has no such handle (0 never is). */
static int handle_slot(const struct worker *w, uint32_t h)
{
	int s;

	for (s = 0; h && s < SLOTS; s++)
		if (w->handles[s] == h)
			return s;
	return -1;
}

static int fd_slot(const struct worker *w, int fd)
{
	int s;

	for (s = 0; fd >= 0 && s < SLOTS; s++)
		if (w->fds[s] == fd)
			return s;
	return -1;
}

static int fb_slot(const struct worker *w, uint32_t fb)
{
	int s;

	for (s = 0; fb && s < SLOTS; s++)
		if (w->fbs[s] == fb)
			return s;
	return -1;
}

static uint32_t any_handle(struct worker *w)
{
	/* Mostly live handles (or empty slots), sometimes garbage. */
	return rnd() % 8 ? w->handles[rnd() % SLOTS] : (uint32_t)rnd();
}

static int any_fd(struct worker *w)
{
	static const int junk[] = { -1, 0, 1, 2, 1000 };

	return rnd() % 8 ? w->fds[rnd() % SLOTS] : junk[rnd() % 5];
}

/* DESTROY_DUMB @h; the model forgets it in every slot that holds it. */
static void destroy_handle(struct worker *w, uint32_t h)
{
	int live = handle_slot(w, h) >= 0, s;

	if (!check(w, DESTROY, __dumb_destroy(w->fd, h), live, live ? E_NONE : E_INVAL,
		   "handle %u, %s", h, live ? "live" : "not ours"))
		return;
	for (s = 0; s < SLOTS; s++)
		if (w->handles[s] == h)
			w->handles[s] = 0;
}

/*
 * Put @handle in a random slot.  The handle that was there is destroyed: one
 * that is only overwritten stays open and keeps its buffer until the worker
 * exits, and imports did that often enough to fill memory on long runs.  An
 * import of our own dma-buf may return a handle another slot holds.
 */
static void keep_handle(struct worker *w, uint32_t handle, uint64_t size)
{
	unsigned int slot = rnd() % SLOTS;

	if (w->handles[slot] && w->handles[slot] != handle)
		destroy_handle(w, w->handles[slot]);
	w->handles[slot] = handle;
	w->sizes[slot] = size;
}

static void op_create(struct worker *w)
{
	/*
	 * Valid sizes stay within 1024x768 (at most ~4 MB at bpp 33), so that
	 * what three processes keep alive (8 handles and 8 dma-bufs each) fits
	 * a 1 GiB debug kernel; invalid ones are huge.
	 */
	static const uint32_t dims[] = { 0, 1, 7, 64, 333, 768, 1024, 65536, 0xffffffffu };
	static const uint32_t bpps[] = { 0, 1, 7, 8, 16, 24, 32, 33, 0xffffffffu };
	uint32_t flags = rnd() % 4 ? 0 : (uint32_t)rnd();
	uint32_t wd = rnd() % 2 ? pick(dims, 9) : 1 + rnd() % 1024;
	uint32_t h = rnd() % 2 ? pick(dims, 9) : 1 + rnd() % 768;
	uint32_t bpp = pick(bpps, 9);
	uint64_t cpp, stride, size;
	struct dumb_bo bo = { 0 };
	const int *errs;
	int valid;

	/* Now and then a buffer for the first mode, so that commits can succeed. */
	if (w->have_output && rnd() % 16 == 0) {
		wd = w->out.connector->modes[0].hdisplay;
		h = w->out.connector->modes[0].vdisplay;
		bpp = 32;
	}
	cpp = (bpp + 7ull) / 8;
	stride = cpp * wd;
	size = stride * h;

	/*
	 * drm_mode_create_dumb()'s checks, in 32 bits as there; flags are
	 * never a reason to fail.  A valid request fails only when memory is
	 * short, and must when it is larger than all of CMA.
	 */
	valid = wd && h && bpp && bpp <= 0xffffffffu - 8 && stride <= 0xffffffffu &&
		size <= 0xffffffffu && ((size + PAGE - 1) & ~(PAGE - 1)) <= 0xffffffffu;
	errs = valid ? E_NOMEM : E_INVAL;
	if (!check(w, CREATE, __dumb_create(w->fd, wd, h, bpp, flags, &bo),
		   valid && (w->cma_total < 0 || size <= (uint64_t)w->cma_total), errs,
		   "%ux%u bpp %u flags 0x%x", wd, h, bpp, flags))
		return;
	/* What it returned must hold the buffer. */
	if (!bo.handle || (uint64_t)bo.pitch * 8 < (uint64_t)wd * bpp ||
	    (uint64_t)bo.pitch * h > bo.size) {
		check(w, CREATE, 0, 0, E_NONE, "%ux%u bpp %u gave handle %u pitch %u size %llu",
		      wd, h, bpp, bo.handle, bo.pitch, (unsigned long long)bo.size);
		return;
	}
	/* The object is whole pages (vc4 reports the size unrounded). */
	keep_handle(w, bo.handle, (bo.size + PAGE - 1) & ~(PAGE - 1));
}

static void op_map(struct worker *w)
{
	uint32_t handle = any_handle(w);
	int slot = handle_slot(w, handle);
	uint64_t offset, delta = rnd() % 2 ? PAGE * (rnd() % 4) : 0, size;
	size_t len = PAGE * (1 + rnd() % 64);
	int fits;
	void *p;

	if (!check(w, MAP, __dumb_map_offset(w->fd, handle, &offset), slot >= 0,
		   slot >= 0 ? E_NONE : E_NOENT, "handle %u", handle) || slot < 0)
		return;
	/*
	 * mmap finds the object that starts exactly at the offset.  Ours: the
	 * range must fit it.  Past its end another object may start, ours (it
	 * maps) or another file's (EACCES).
	 */
	size = w->sizes[slot];
	fits = !delta && len <= size;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, offset + delta);
	if (!check(w, MMAP, p == MAP_FAILED ? -errno : 0, fits || delta >= size,
		   delta >= size ? E_MMAP_OTHER : fits ? E_NONE : E_INVAL,
		   "%zu bytes at +%llu of a %llu-byte buffer", len, (unsigned long long)delta,
		   (unsigned long long)size))
		return;
	/* Touch the first and the last page we got. */
	((volatile uint8_t *)p)[0] = 0x5a;
	(void)((volatile uint8_t *)p)[len - 1];
	munmap(p, len);
}

static void op_destroy(struct worker *w)
{
	destroy_handle(w, rnd() % 4 ? w->handles[rnd() % SLOTS] : (uint32_t)rnd());
}

static void op_export(struct worker *w)
{
	uint32_t handle = any_handle(w);
	int slot = handle_slot(w, handle), out = -1;
	unsigned int to = rnd() % SLOTS;

	if (!check(w, EXPORT, __prime_handle_to_fd(w->fd, handle,
						       DRM_CLOEXEC | (rnd() % 2 ? DRM_RDWR : 0), &out),
		   slot >= 0, slot >= 0 ? E_NONE : E_NOENT, "handle %u", handle) || slot < 0) {
		if (out >= 0)
			close(out);
		return;
	}
	if (w->fds[to] >= 0)
		close(w->fds[to]);
	w->fds[to] = out;
	w->fd_sizes[to] = w->sizes[slot];
}

static void op_import(struct worker *w)
{
	int fd = any_fd(w), slot = fd_slot(w, fd);
	uint32_t handle = 0;

	if (!check(w, IMPORT, __prime_fd_to_handle(w->fd, fd, &handle), slot >= 0,
		   slot >= 0 ? E_NONE : E_NOT_DMABUF, "fd %d, %s", fd,
		   slot >= 0 ? "our dma-buf" : "not a dma-buf of ours") || slot < 0)
		return;
	if (!handle) {
		check(w, IMPORT, 0, 0, E_NONE, "fd %d gave handle 0", fd);
		return;
	}
	keep_handle(w, handle, w->fd_sizes[slot]);
}

/* Bytes per pixel of the formats op_addfb() uses, 0 for the invalid one. */
static uint32_t fb_cpp(uint32_t format)
{
	return format == DRM_FORMAT_RGB565 ? 2 : format == 0x12345678 ? 0 : 4;
}

/* Whether any plane of the device scans out @format. */
static int plane_has_format(int fd, uint32_t format)
{
	drmModePlaneRes *res = drmModeGetPlaneResources(fd);
	uint32_t i, j;
	int found = 0;

	igt_assert(res);
	for (i = 0; i < res->count_planes && !found; i++) {
		drmModePlane *p = drmModeGetPlane(fd, res->planes[i]);

		igt_assert(p);
		for (j = 0; j < p->count_formats; j++)
			found |= p->formats[j] == format;
		drmModeFreePlane(p);
	}
	drmModeFreePlaneResources(res);
	return found;
}

static void op_addfb(struct worker *w)
{
	static const uint32_t formats[] = {
		DRM_FORMAT_XRGB8888, DRM_FORMAT_RGB565, DRM_FORMAT_ARGB8888, 0x12345678,
	};
	static int supported[4] = { -1, -1, -1, -1 };
	unsigned int f = rnd() % 4, slot = rnd() % SLOTS;
	uint32_t handles[4] = { any_handle(w) }, pitches[4] = { (uint32_t)(rnd() % 16384) };
	uint32_t offsets[4] = { rnd() % 8 ? 0 : (uint32_t)rnd() }, fb = 0;
	uint32_t wd = 1 + rnd() % 2048, h = 1 + rnd() % 2048, cpp;
	uint64_t end;
	int hs = handle_slot(w, handles[0]), n = 0;
	int errs[8];

	/* Now and then a framebuffer for the first mode (commits can succeed). */
	if (w->have_output && rnd() % 4 == 0) {
		f = 0;
		wd = w->out.connector->modes[0].hdisplay;
		h = w->out.connector->modes[0].vdisplay;
		pitches[0] = wd * 4;
		offsets[0] = 0;
	}
	cpp = fb_cpp(formats[f]);
	end = (uint64_t)(h - 1) * pitches[0] + (uint64_t)wd * cpp + offsets[0];

	if (supported[f] < 0)
		supported[f] = plane_has_format(w->fd, formats[f]);
	/* Every reason drm_mode_addfb2() has to fail, with its errno. */
	if (wd < w->min_w || wd > w->max_w || h < w->min_h || h > w->max_h)
		errs[n++] = EINVAL;
	if (!cpp || !handles[0] || !supported[f])
		errs[n++] = EINVAL;
	if ((uint64_t)h * pitches[0] + offsets[0] > 0xffffffffu)
		errs[n++] = ERANGE;
	else if (cpp && pitches[0] < wd * cpp)
		errs[n++] = EINVAL;
	if (handles[0] && hs < 0)
		errs[n++] = ENOENT;
	else if (hs >= 0 && end > w->sizes[hs])
		errs[n++] = EINVAL;
	errs[n] = 0;
	if (!check(w, ADDFB, __kms_addfb2(w->fd, wd, h, formats[f], handles, pitches, offsets,
					 &fb, 0),
		   !n, n ? errs : E_NONE, "%ux%u format 0x%x handle %u (%s) pitch %u offset %u",
		   wd, h, formats[f], handles[0], hs >= 0 ? "live" : "not ours", pitches[0],
		   offsets[0]))
		return;
	if (w->fbs[slot])
		check(w, RMFB, __kms_rmfb(w->fd, w->fbs[slot]), 1, E_NONE,
		      "replaced fb %u", w->fbs[slot]);
	w->fbs[slot] = fb;
}

static void op_rmfb(struct worker *w)
{
	unsigned int slot = rnd() % SLOTS;
	uint32_t fb = rnd() % 4 ? w->fbs[slot] : (uint32_t)rnd();
	int s = fb_slot(w, fb);

	/* Another file's framebuffer is not found either. */
	if (check(w, RMFB, __kms_rmfb(w->fd, fb), s >= 0, s >= 0 ? E_NONE : E_NOENT,
		  "fb %u, %s", fb, s >= 0 ? "ours" : "not ours") && s >= 0)
		w->fbs[s] = 0;
}

/* Returns 0 when it did nothing (no output). */
static int op_commit(struct worker *w)
{
	drmModeModeInfo *mode;
	uint32_t conn, fb = w->fbs[rnd() % SLOTS];

	if (!w->have_output)
		return 0;
	mode = &w->out.connector->modes[rnd() % w->out.connector->count_modes];
	conn = w->out.connector->connector_id;
	/* Only the master may; fb 0 with a mode is no framebuffer (ENOENT). */
	if (rnd() % 2)
		check(w, SETCRTC,
		      __kms_setcrtc(w->fd, w->out.crtc_id, fb, 0, 0, &conn, 1, mode),
		      w->master && fb, !w->master ? E_ACCES : fb ? E_SETCRTC : E_NOENT,
		      "fb %u mode %s, %s", fb, mode->name, w->master ? "master" : "not master");
	else
		check(w, FLIP, __kms_page_flip(w->fd, w->out.crtc_id, fb, 0, NULL),
		      w->master && fb, !w->master ? E_ACCES : E_FLIP,
		      "fb %u, %s", fb, w->master ? "master" : "not master");
	return 1;
}

static void worker_init(struct worker *w, uint64_t seed, int master, struct tally *t)
{
	drmModeRes *res;
	long long cma_kib;
	int i;

	memset(w, 0, sizeof(*w));
	w->fd = drm_open_named(igt_driver());
	w->seed = seed;
	w->t = t;
	for (i = 0; i < SLOTS; i++)
		w->fds[i] = -1;
	rng_state = seed;
	if (master) {
		/* The others drop master right after opening; take it. */
		for (i = 0; i < 100 && drmSetMaster(w->fd); i++)
			usleep(10000);
	} else {
		drmDropMaster(w->fd);
	}
	w->master = drmIsMaster(w->fd);
	igt_assert_f(w->master == master, "worker is%s DRM master, the run needs it%s",
		     w->master ? "" : " not", master ? "" : " not to be");
	w->have_output = kms_find_output(w->fd, &w->out) == 0;
	res = drmModeGetResources(w->fd);
	igt_assert(res);
	w->min_w = res->min_width;
	w->max_w = res->max_width;
	w->min_h = res->min_height;
	w->max_h = res->max_height;
	drmModeFreeResources(res);
	cma_kib = proc_meminfo_kib("CmaTotal");
	w->cma_total = cma_kib < 0 ? -1 : cma_kib * 1024;
}

static void worker(uint64_t seed, unsigned long ops, int master, struct tally *t)
{
	struct worker w;

	worker_init(&w, seed, master, t);
	/* Operations performed, not drawn: a commit without an output draws again. */
	for (w.i = 0; t->performed < ops; w.i++) {
		switch (rnd() % 9) {
		case 0: case 1: op_create(&w); break;
		case 2: op_map(&w); break;
		case 3: op_destroy(&w); break;
		case 4: op_export(&w); break;
		case 5: op_import(&w); break;
		case 6: op_addfb(&w); break;
		case 7: op_rmfb(&w); break;
		case 8:
			if (!op_commit(&w))
				continue;
			break;
		}
		t->performed++;
	}
	close(w.fd);
	exit(t->mismatches ? IGT_EXIT_FAILURE : 0);
}

static uint64_t worker_seed(uint64_t seed, int i)
{
	return seed + i * 0x9e3779b97f4a7c15ull;
}

/* Per-operation outcomes over all workers; fails on model mismatches. */
static void report(const struct tally *t, uint64_t seed)
{
	unsigned long performed = 0, mismatches = 0, ok = 0, failed = 0, o, f;
	int i, op;

	for (op = 0; op < OPS; op++) {
		for (i = 0, o = f = 0; i < WORKERS; i++) {
			o += t[i].ok[op];
			f += t[i].failed[op];
		}
		igt_info("  %-20s %7lu succeeded %7lu failed\n", op_names[op], o, f);
		ok += o;
		failed += f;
	}
	for (i = 0; i < WORKERS; i++) {
		performed += t[i].performed;
		mismatches += t[i].mismatches;
	}
	igt_info("fuzz-ops: %lu\n", performed);
	igt_info("%lu results checked against the model, %lu mismatches\n", ok + failed,
		 mismatches);
	igt_assert_f(!mismatches, "%lu ioctl results differ from the model; reproduce with FUZZ_SEED=0x%llx",
		     mismatches, (unsigned long long)seed);
	/* A model that only ever saw one outcome checked little. */
	igt_assert_f(ok && failed, "%lu calls succeeded, %lu failed", ok, failed);
}

static void random_ops(int fd)
{
	const char *s = getenv("FUZZ_SEED"), *n = getenv("FUZZ_OPS");
	uint64_t seed = s ? strtoull(s, NULL, 0) : (uint64_t)time(NULL);
	unsigned long ops = n ? strtoul(n, NULL, 0) : 100000;
	/* Round up: at least the operations asked for. */
	unsigned long per = (ops + WORKERS - 1) / WORKERS;
	long long cma_before, cma_after = -1;
	struct tally *t;
	pid_t pids[WORKERS];
	int i, status, bad = 0;

	t = mmap(NULL, sizeof(*t) * WORKERS, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	igt_assert(t != MAP_FAILED);
	memset(t, 0, sizeof(*t) * WORKERS);
	cma_before = cma_used_pages();
	drmDropMaster(fd);
	igt_info("fuzz seed 0x%llx, %lu operations in %d processes (one master)\n",
		 (unsigned long long)seed, per * WORKERS, WORKERS);
	for (i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		igt_assert(pids[i] >= 0);
		if (pids[i] == 0)
			worker(worker_seed(seed, i), per, i == 0, &t[i]);
	}
	for (i = 0; i < WORKERS; i++) {
		igt_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
		if (WIFEXITED(status) && WEXITSTATUS(status) == IGT_EXIT_FAILURE && t[i].mismatches)
			continue;	/* counted in report() */
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			igt_info("worker %d (seed 0x%llx) died: status 0x%x\n", i,
				 (unsigned long long)worker_seed(seed, i), status);
			bad++;
		}
	}
	igt_assert_f(!bad, "%d workers died; reproduce with FUZZ_SEED=0x%llx", bad,
		     (unsigned long long)seed);
	report(t, seed);
	for (i = 0; i < WORKERS; i++)
		igt_assert_f(t[i].performed >= per, "worker %d performed %lu of %lu operations",
			     i, t[i].performed, per);

	/* The workers are gone: what they allocated must be, too (flips may lag). */
	/* The leak check is part of the test: without its counter it fails. */
	igt_assert_f(cma_before >= 0,
		     "no CMA debugfs (CONFIG_CMA_DEBUGFS, debugfs mounted): CMA leak check cannot run");
	for (i = 0; i < 100 && (cma_after = cma_used_pages()) != cma_before; i++)
		usleep(10000);
	igt_info("CMA pages in use: %lld before, %lld after\n", cma_before, cma_after);
	igt_assert_f(cma_after == cma_before, "CMA pages leaked; reproduce with FUZZ_SEED=0x%llx",
		     (unsigned long long)seed);
	munmap(t, sizeof(*t) * WORKERS);
}

static const struct igt_subtest subtests[] = {
	{ "random-ops", "seeded random dumb/PRIME/KMS ioctls, each result checked against a model",
	  random_ops },
};

/* The whole run, the workers included, ignores SIGPIPE. */
static int ignore_sigpipe(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	signal(SIGPIPE, SIG_IGN);
	return -1;
}

IGT_MAIN(subtests,
	 .description = "ioctl fuzzing of the dumb-buffer, PRIME and KMS paths",
	 .driver = igt_driver(),
	 .init = ignore_sigpipe)
