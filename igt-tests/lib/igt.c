// SPDX-License-Identifier: MIT
/*
 * igt-style subtest runner and DRM helpers; see igt.h.
 */
#define _GNU_SOURCE
#include "igt.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xf86drm.h>

static int card_index = -1;

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void __igt_fail(const char *file, int line, const char *func, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "(%s:%d) %s:\n", file, line, func);
	va_start(ap, fmt);
	vmsg("Test assertion failure: ", fmt, ap);
	va_end(ap);
	if (errno)
		fprintf(stderr, "Last errno: %d, %s\n", errno, strerror(errno));
	exit(IGT_EXIT_FAILURE);
}

void igt_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("Test requirement not met: ", fmt, ap);
	va_end(ap);
	exit(IGT_EXIT_SKIP);
}

void igt_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

const char *igt_driver(void)
{
	const char *d = getenv("IGT_FORCE_DRIVER");

	return d && *d ? d : "pl111";
}

int drm_card_index(void)
{
	return card_index;
}

int drm_open_named(const char *driver)
{
	char path[32];
	int i;

	for (i = 0; i < 16; i++) {
		drmVersionPtr v;
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		v = drmGetVersion(fd);
		if (v && strcmp(v->name, driver) == 0) {
			drmFreeVersion(v);
			card_index = i;
			return fd;
		}
		drmFreeVersion(v);
		close(fd);
	}
	igt_skip("no DRM device with driver \"%s\" in /dev/dri", driver);
}

int __dumb_create_raw(int fd, struct drm_mode_create_dumb *arg)
{
	return drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, arg) ? -errno : 0;
}

int __dumb_create(int fd, uint32_t width, uint32_t height, uint32_t bpp,
		  uint32_t flags, struct dumb_bo *bo)
{
	struct drm_mode_create_dumb arg = {
		.width = width, .height = height, .bpp = bpp, .flags = flags,
	};
	int ret = __dumb_create_raw(fd, &arg);

	if (ret)
		return ret;
	bo->handle = arg.handle;
	bo->pitch = arg.pitch;
	bo->size = arg.size;
	return 0;
}

struct dumb_bo dumb_create(int fd, uint32_t width, uint32_t height, uint32_t bpp)
{
	struct dumb_bo bo;

	igt_assert_eq(__dumb_create(fd, width, height, bpp, 0, &bo), 0);
	return bo;
}

int __dumb_map_offset(int fd, uint32_t handle, uint64_t *offset)
{
	struct drm_mode_map_dumb arg = { .handle = handle };

	if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &arg))
		return -errno;
	*offset = arg.offset;
	return 0;
}

int __dumb_destroy(int fd, uint32_t handle)
{
	struct drm_mode_destroy_dumb arg = { .handle = handle };

	if (drmIoctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &arg))
		return -errno;
	return 0;
}

void dumb_destroy(int fd, uint32_t handle)
{
	igt_assert_eq(__dumb_destroy(fd, handle), 0);
}

void *dumb_map(int fd, const struct dumb_bo *bo)
{
	uint64_t offset = 0;
	void *ptr;

	igt_assert_eq(__dumb_map_offset(fd, bo->handle, &offset), 0);
	ptr = mmap(NULL, bo->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
	igt_assert_f(ptr != MAP_FAILED, "mmap of dumb buffer %u failed", bo->handle);
	return ptr;
}

int __prime_handle_to_fd(int fd, uint32_t handle, uint32_t flags, int *dmabuf)
{
	return drmPrimeHandleToFD(fd, handle, flags, dmabuf) ? -errno : 0;
}

int __prime_fd_to_handle(int fd, int dmabuf, uint32_t *handle)
{
	return drmPrimeFDToHandle(fd, dmabuf, handle) ? -errno : 0;
}

double igt_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Run one subtest in a child; return its IGT exit status. */
static int run_subtest(const struct igt_test *test, const struct igt_subtest *st)
{
	const char *verdict;
	double start = igt_now_us();
	int status, ret;
	pid_t pid;

	printf("Starting subtest: %s\n", st->name);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return IGT_EXIT_FAILURE;
	}
	if (pid == 0) {
		int fd = test->driver ? drm_open_named(test->driver) : -1;

		errno = 0;
		st->func(fd);
		exit(IGT_EXIT_SUCCESS);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return IGT_EXIT_FAILURE;
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "Received signal %d\n", WTERMSIG(status));
		ret = IGT_EXIT_SIGNALED(WTERMSIG(status));
		verdict = "CRASH";
	} else {
		ret = WEXITSTATUS(status);
		verdict = ret == IGT_EXIT_SUCCESS ? "SUCCESS" :
			  ret == IGT_EXIT_SKIP ? "SKIP" : "FAIL";
		if (ret != IGT_EXIT_SUCCESS && ret != IGT_EXIT_SKIP)
			ret = IGT_EXIT_FAILURE;
	}
	printf("Subtest %s: %s (%.3fs)\n", st->name, verdict,
	       (igt_now_us() - start) / 1e6);
	fflush(stdout);
	return ret;
}

static int usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--list-subtests | --run-subtest NAME | --help]\n", prog);
	return IGT_EXIT_FAILURE;
}

int igt_run(const struct igt_test *test, int argc, char **argv)
{
	const char *pattern = NULL;
	int ran = 0, failed = 0, passed = 0, crash = 0;
	size_t i;

	if (test->init) {
		int ret = test->init(argc, argv);

		if (ret >= 0)
			return ret;
	}
	if (argc == 2 && strcmp(argv[1], "--list-subtests") == 0) {
		for (i = 0; i < test->num_subtests; i++)
			printf("%s\n", test->subtests[i].name);
		return IGT_EXIT_SUCCESS;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("%s\n\nSubtests:\n", test->description);
		for (i = 0; i < test->num_subtests; i++)
			printf("  %-28s %s\n", test->subtests[i].name,
			       test->subtests[i].description);
		return IGT_EXIT_SUCCESS;
	}
	if (argc == 3 && strcmp(argv[1], "--run-subtest") == 0)
		pattern = argv[2];
	else if (argc != 1)
		return usage(argv[0]);

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < test->num_subtests; i++) {
		const struct igt_subtest *st = &test->subtests[i];
		int ret;

		if (pattern && fnmatch(pattern, st->name, 0) != 0)
			continue;
		ret = run_subtest(test, st);
		ran++;
		failed += ret == IGT_EXIT_FAILURE;
		passed += ret == IGT_EXIT_SUCCESS;
		if (ret > 128 && !crash)
			crash = ret;
	}
	if (!ran) {
		fprintf(stderr, "%s: no subtest matches \"%s\"; --list-subtests shows them\n",
			argv[0], pattern);
		return IGT_EXIT_INVALID;
	}
	if (crash)
		return crash;
	if (failed)
		return IGT_EXIT_FAILURE;
	return passed ? IGT_EXIT_SUCCESS : IGT_EXIT_SKIP;
}
