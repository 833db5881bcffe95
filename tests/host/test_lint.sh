# shellcheck shell=bash
# The project's shell is shellcheck-clean (every script in the tree).

test_shellcheck_clean() {
	(cd "$TOP" && shellcheck -x scripts/*.sh boards/*.sh tests/host/*.sh igt-tests/run-tests.sh igt-tests/run-board.sh igt-tests/protocol.sh lava/lava-results.sh rootfs/init .ci/run)
}
