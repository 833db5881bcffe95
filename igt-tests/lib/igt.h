/* SPDX-License-Identifier: MIT */
/*
 * A small igt-style test framework for our KMS tests.
 *
 * Each binary declares its subtests in a table and runs them with
 * IGT_MAIN().  The command line follows igt-gpu-tools so that igt's runner
 * conventions and drm-ci expectation files apply unchanged:
 *
 *   test --list-subtests        one subtest name per line
 *   test --run-subtest NAME     run one subtest (glob patterns allowed)
 *   test                        run all subtests
 *
 * Exit status, as igt and deqp-runner read it: 0 pass, 77 skip, 79 no
 * subtest matches (IGT_EXIT_INVALID), 98 fail, 128 + signal when a subtest
 * was killed by a signal (a crash, as when igt's own process dies).  Every
 * subtest runs in a child process, so a crash does not take the others down.
 *
 * Names are igt's where the meaning is igt's (igt_assert(), igt_info(),
 * igt_require()...), and differ where the meaning does: drm_open_named()
 * opens a DRM device by driver name, where igt's drm_open_driver() takes a
 * chipset mask.
 */
#ifndef NOMAP_IGT_H
#define NOMAP_IGT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define IGT_EXIT_SUCCESS 0
#define IGT_EXIT_SKIP 77
#define IGT_EXIT_INVALID 79
#define IGT_EXIT_FAILURE 98
/* A subtest killed by signal @sig: the status a shell reports for it. */
#define IGT_EXIT_SIGNALED(sig) (128 + (sig))

struct igt_subtest {
	const char *name;
	const char *description;
	void (*func)(int fd);
};

struct igt_test {
	const char *description;
	/* Driver to open (by DRM driver name); NULL: no device is opened. */
	const char *driver;
	const struct igt_subtest *subtests;
	size_t num_subtests;
	/*
	 * Optional, called first with the command line: sets up what the
	 * process needs (a signal disposition), or runs a mode of the
	 * binary's own (--bench) and returns its exit status.  Returns -1 to
	 * go on with the subtests.
	 */
	int (*init)(int argc, char **argv);
};

#define IGT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

int igt_run(const struct igt_test *test, int argc, char **argv);

/*
 * The main() of a test binary: igt_run() of the subtest table @table and
 * the other fields of struct igt_test, given as designated initializers:
 *
 *	IGT_MAIN(subtests, .description = "dumb buffers", .driver = igt_driver())
 */
#define IGT_MAIN(table, ...)						\
int main(int argc, char **argv)						\
{									\
	const struct igt_test igt_main_test = {				\
		.subtests = (table),					\
		.num_subtests = IGT_ARRAY_SIZE(table),			\
		__VA_ARGS__						\
	};								\
									\
	return igt_run(&igt_main_test, argc, argv);			\
}

__attribute__((noreturn, format(printf, 4, 5)))
void __igt_fail(const char *file, int line, const char *func, const char *fmt, ...);
__attribute__((noreturn, format(printf, 1, 2)))
void igt_skip(const char *fmt, ...);
__attribute__((format(printf, 1, 2)))
void igt_info(const char *fmt, ...);
/* CLOCK_MONOTONIC in microseconds. */
double igt_now_us(void);

#define igt_assert(expr) do { \
	if (!(expr)) \
		__igt_fail(__FILE__, __LINE__, __func__, "failed assertion: %s", #expr); \
} while (0)

#define igt_assert_f(expr, ...) do { \
	if (!(expr)) \
		__igt_fail(__FILE__, __LINE__, __func__, __VA_ARGS__); \
} while (0)

#define igt_assert_eq(a, b) do { \
	long long __a = (a), __b = (b); \
	if (__a != __b) \
		__igt_fail(__FILE__, __LINE__, __func__, \
			   "failed assertion: %s == %s (%lld != %lld)", #a, #b, __a, __b); \
} while (0)

#define igt_assert_lte(a, b) do { \
	long long __a = (a), __b = (b); \
	if (!(__a <= __b)) \
		__igt_fail(__FILE__, __LINE__, __func__, \
			   "failed assertion: %s <= %s (%lld > %lld)", #a, #b, __a, __b); \
} while (0)

#define igt_require_f(expr, ...) do { \
	if (!(expr)) \
		igt_skip(__VA_ARGS__); \
} while (0)

#define igt_require(expr) do { \
	if (!(expr)) \
		igt_skip("requirement not met: %s", #expr); \
} while (0)

/* The DRM driver the tests open: $IGT_FORCE_DRIVER (as drm-ci), else pl111. */
const char *igt_driver(void);

/* Open the first /dev/dri/card* whose DRM driver name is @driver. */
int drm_open_named(const char *driver);
/* Number of the card opened by drm_open_named() (for /sys paths), or -1. */
int drm_card_index(void);

/*
 * ioctl wrappers.  The __ variants return 0 or -errno, whichever way the
 * libdrm call reports an error (drmIoctl() and drmPrime*() return -1 and
 * set errno, drmMode*() return -errno); the others assert success.
 */
/* What tests fill buffers with before freeing them, to see it come back. */
#define DUMB_STALE 0xa5

struct dumb_bo {
	uint32_t handle;
	uint32_t pitch;
	uint64_t size;
};

struct drm_mode_create_dumb;

/* CREATE_DUMB of @arg as it is, which the kernel fills in. */
int __dumb_create_raw(int fd, struct drm_mode_create_dumb *arg);
int __dumb_create(int fd, uint32_t width, uint32_t height, uint32_t bpp,
		  uint32_t flags, struct dumb_bo *bo);
struct dumb_bo dumb_create(int fd, uint32_t width, uint32_t height, uint32_t bpp);
int __dumb_map_offset(int fd, uint32_t handle, uint64_t *offset);
int __dumb_destroy(int fd, uint32_t handle);
void dumb_destroy(int fd, uint32_t handle);
/* mmap a dumb buffer read/write; asserts success. */
void *dumb_map(int fd, const struct dumb_bo *bo);

/* PRIME_HANDLE_TO_FD and PRIME_FD_TO_HANDLE. */
int __prime_handle_to_fd(int fd, uint32_t handle, uint32_t flags, int *dmabuf);
int __prime_fd_to_handle(int fd, int dmabuf, uint32_t *handle);

#endif
