# drm-nomap: per-allocation kernel mappings for the DRM GEM DMA helpers,
# and the tooling that proves them on 32-bit ARM.  `make help` lists verbs.
#
# Variables you may set:
#   BOARD=qemu-vexpress   board to build/boot, one of boards/*.sh (a board is
#                         that file plus configs/BOARD.config): qemu-vexpress
#                         (default), qemu-nuri (Exynos4210), rpi, qemu-virt,
#                         and the compile-only builds multi_v7, arm64, x86_64
#   LAVA_URL=https://...  where out/ is published, for `make lava-jobs`
#                         (ROOTFS_URL, HDMI_MODE: see scripts/lava-jobs.sh)
#   JOBS=N                parallel kernel build jobs (default: all cores)
#   FORCE=1               say yes without asking: `make tree` drops local
#                         commits (kept on a branch), `make flash` skips the
#                         typed confirmation; any other value asks
#   APPEND="..."          extra kernel command line for `make qemu`/`make shell`
#   TESTS=regex           run only matching KMS test list entries (make qemu)
#   DEV=/dev/sdX          SD card for `make flash` and `make pi-update`
#                         (whole, removable disk)
#   MNT=dir               the card's mounted FAT partition, for `make
#                         pi-update` instead of DEV
#   MUTATION=name         one mutation of tests/mutations/ for `make
#                         check-mutation` (default: all of them)
#   DIR=path              kmstest-results/ (or one run-NNN in it) copied from
#                         a Pi's card, for `make board-results`/`board-bench`
#   BASE=next             kernel base of source/tree/kunit/check-series: unset
#                         for kernel.pin (build/linux), next for kernel-next.pin,
#                         Debian's newest mainline (build/linux-<SERIES>);
#                         `make series` takes the base its cover letters name
#   FROM=v5               the version of patches/ that `make range-diff`
#                         compares the series with
#   FILE=reply.mbox       the replies (an mbox) whose review trailers `make
#                         trailers` adds to build/linux's commits
#   IGT_SRC=...           igt's source for `make igt`: a git URL (default:
#                         upstream), a local clone, or a tarball of the
#                         commit (checked against its SHA256SUMS); offline:
#                         ../shared/deps/igt-gpu-tools-<commit>.tar.xz
#   IGT_VERSION=commit    igt commit for `make igt` (default: the tree's drm-ci
#                         IGT_VERSION)

BOARD ?= qemu-vexpress
export BOARD JOBS FORCE APPEND TESTS BASE

S := scripts
BOARDS := $(patsubst boards/%.sh,%,$(sort $(wildcard boards/*.sh)))
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error unknown BOARD '$(BOARD)'; choose one of: $(BOARDS))
endif

.DEFAULT_GOAL := all
.PHONY: all help deps source tree export check-export build rootfs qemu shell \
	test host-test kunit check-dma-fix bench compare check-debug check-mutation sdcard check-sdcard flash \
	board-results board-bench lava-jobs lava-run series check-stable check-series check-apply \
	clean clean-tree distclean

## all: [start, 16m/35s] main job: install deps, build BOARD, boot it in QEMU, run the KMS tests
# Boards that QEMU boots (their boards/BOARD.sh sets QEMU_ARGS) run the tests.
ifneq ($(shell grep -l '^QEMU_ARGS=' boards/$(BOARD).sh),)
all: qemu
else
all: build
endif

## help: [start, 1s] list the verbs and boards
help:
	@$(S)/help.sh "$(BOARDS)" "$(BOARD)" $(MAKEFILE_LIST)

## deps: [start, 3m/1s] install the missing Debian host packages (apt; sudo when not root)
deps:
	@$(S)/deps.sh

## source: [series, 2m/1s] fetch the pinned Debian kernel into build/linux (tag: base)
source: deps
	@$(S)/fetch-base.sh

## tree: [series, 1m/10s] (re)create build/linux as base + patches/ (git am -3)
tree: deps
	@$(S)/tree.sh reset

## export: [series, 10s] write build/linux's commits since base back to patches/
export:
	@$(S)/tree.sh export

## check-export: [series, 1m/20s] fail if exporting a freshly applied series changes patches/
check-export: deps
	@$(S)/tree.sh check-export

## build: [start, 12m/20s] configure (fragments checked) and build BOARD in build/BOARD
build: deps
	@$(S)/build-kernel.sh $(BOARD)

## rootfs: [start, 3m/10s] armhf sysroot, KMS tests and initramfs (out/armhf/rootfs.cpio.gz)
rootfs: deps
	@$(S)/mkrootfs.sh

## qemu: [start, 16m/35s] build if needed, boot BOARD in QEMU and run the KMS tests
qemu: build rootfs
	@$(S)/guest-test.sh $(BOARD)

## shell: [start, 16m/30s] boot BOARD in QEMU with an interactive console
shell: build rootfs
	@$(S)/run-qemu.sh $(BOARD) shell

## test: [start, 32m/6m] host tests + build + QEMU KMS tests; ends with "N passed, N failed"
test:
	@$(S)/test.sh

## host-test: [start, 4m] only the host tests of the tooling (fast, no kernel build)
host-test:
	@tests/host/run.sh

## igt: [start, 7m/10s] build upstream igt for armhf at drm-ci's IGT_VERSION into build/igt/armhf/igt (bookworm chroot; IGT_SRC=)
.PHONY: igt
igt: deps
	@$(S)/igt.sh

## kunit: [deep, 15m/3m] the series' KUnit suites via kunit.py on arm (HIGHMEM; CMA in highmem, then lowmem) and arm64 (QEMU virt)
kunit: deps
	@$(S)/kunit.sh

## check-dma-fix: [deep, 13m/2m] stale-memory tests on BOARD (default qemu-nuri) with only the series' DMA fix
.PHONY: check-dma-fix
check-dma-fix: deps
	@$(S)/check-dma-fix.sh $(if $(filter command line,$(origin BOARD)),$(BOARD),qemu-nuri)

## bench: [deep, 30m/10m] vmalloc benchmark, base vs patched kernel in one run (out/bench/)
bench: deps
	@$(S)/bench.sh

## compare: [deep, 25m/3m] base vs patched KMS suite on BOARD (QEMU boards); differences must match the xfails
compare: deps
	@$(S)/compare.sh $(BOARD)

## sdcard: [pi, 30m/2m] Raspberry Pi 2/3 SD card out/rpi/sdcard.img{,.xz,.bmap}, SHA256SUMS (BOARD=rpi)
sdcard: deps
	@test "$(BOARD)" = rpi || { echo "make sdcard: the SD card image is for BOARD=rpi" >&2; exit 1; }
	@$(S)/build-kernel.sh rpi
	@$(S)/build-base.sh rpi
	@$(S)/mkrootfs.sh
	@$(S)/sdcard.sh
	@$(S)/check-sdcard.sh inspect

## check-sdcard: [pi, 45m/5m] inspect the image, boot it on QEMU raspi2b and via U-Boot on virt
check-sdcard: sdcard
	@$(S)/check-sdcard.sh all

## flash: [pi, 2m] bmaptool copy out/rpi/sdcard.img to DEV=/dev/sdX (root; removable, unmounted; asks)
flash:
	@$(S)/flash.sh out/rpi/sdcard.img "$(DEV)"

## pi-update: [pi, 10s] copy the new kernels and DTBs onto a card from make sdcard (DEV=/dev/sdX or MNT=dir)
.PHONY: pi-update
pi-update:
	@DEV="$(DEV)" MNT="$(MNT)" $(S)/pi-update.sh

## board-results: [pi, 5s] judge a Pi's kmstest run copied to DIR=.../kmstest-results, like a QEMU run
board-results:
	@$(S)/board-results.sh "$(DIR)"

## board-bench: [pi, 5s] the Pi bench table from the base and patched bench runs in DIR=.../kmstest-results
board-bench:
	@$(S)/board-results.sh bench "$(DIR)"

## lava-jobs: [farm, 10s] LAVA jobs (2 Pi device types, qemu) for LAVA_URL in out/lava/, schema-checked
.PHONY: lava-jobs
lava-jobs:
	@$(S)/lava-jobs.sh

## lava-run: [farm, 8m/4m] the qemu LAVA job on LAVA's dispatcher (bookworm chroot, root); its results must equal our runner's
.PHONY: lava-run
lava-run:
	@$(S)/lava-run.sh

## check-debug: [deep, 25m/5m] KMS suite, fault injection, 100k fuzz ops on a KASAN/lockdep kernel
check-debug: deps
	@$(S)/check-debug.sh

## record: [deep, 1s] RESULTS.md as the last bench and check-debug runs propose it: out/RESULTS.proposed.md and its .diff
.PHONY: record
record:
	@$(S)/record.sh

## check-mutation: [deep, 20m/6m] break the kernel's clearing on purpose (tests/mutations/): the stale-memory tests must fail
check-mutation: deps
	@$(S)/check-mutation.sh $(MUTATION)

## series: [series, 30s] write the dri-devel mbox series to out/series/ (To/Cc: get_maintainer; b4 am reads each back)
series: deps
	@$(S)/series.sh

## send: [series, 30s] make series, then print the git send-email commands (to yourself, dry run, real; DMA first); sends nothing
.PHONY: send
send: series
	@$(S)/send.sh

## trailers: [series, 5s] add the Reviewed/Acked/Tested-by of the replies in FILE=reply.mbox to build/linux's commits (then make export)
.PHONY: trailers
trailers:
	@$(S)/trailers.sh "$(FILE)"

## range-diff: [series, 30s] what changed since version FROM=vN of patches/ (git range-diff; out/range-diff-vN.txt)
.PHONY: range-diff
range-diff:
	@$(S)/range-diff.sh "$(FROM)"

## check-stable: [deep, 50m/5m] the DMA fix's backports (patches/stable/) on Debian's stable kernels (stable-*.pin): unpatched must fail, patched pass
.PHONY: check-stable
check-stable: deps
	@$(S)/check-stable.sh

## check-apply: [series, 5m/1m] git am patches/ on both bases (kernel.pin, kernel-next.pin), per patch
check-apply: deps
	@$(S)/check-apply.sh

## check-series: [series, 2h/30m] checkpatch, kernel-doc, per-patch builds (4 arches), sparse, on both bases (slow)
check-series: deps
	@$(S)/check-series.sh

## clean: [start, 5s] remove build outputs of BOARD (keeps the kernel tree and caches)
clean:
	rm -rf build/$(BOARD) out/$(BOARD)

## clean-tree: [series, 5s] remove the kernel work tree and its worktrees (run `make export` first!)
clean-tree:
	rm -rf build/linux build/check-export build/check-apply build/base/linux build/check-series/linux build/mutation/linux

## distclean: [start, 5s] remove build/ and out/ (downloads stay in ~/.cache/drm-nomap)
distclean:
	rm -rf build out
