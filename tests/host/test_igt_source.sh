# shellcheck shell=bash
# scripts/igt.sh (`make igt`): the commit comes from the kernel tree's drm-ci
# pin, and the source from IGT_SRC is checked against it (a tarball by its
# sha256 and top directory, a clone by the commit); bad input stops with a
# message and leaves nothing half-unpacked.

IGT_COMMIT=0123456789abcdef0123456789abcdef01234567

# fake_ci_tree -- a kernel tree whose drm-ci pins IGT_COMMIT, as TREE.
fake_ci_tree() {
	mkdir -p linux/drivers/gpu/drm/ci
	printf 'variables:\n  DRM_CI_PROJECT_PATH: &drm-ci-project-path mesa/mesa\n  IGT_VERSION: %s\n' \
		"$IGT_COMMIT" >linux/drivers/gpu/drm/ci/gitlab-ci.yml
	export TREE=$PWD/linux
	unset IGT_VERSION IGT_SHA256
}

# fake_tarball [TOPDIR] -- deps/igt.tar.xz of a one-file source in TOPDIR
# (default: named after IGT_COMMIT), with its SHA256SUMS.
fake_tarball() {
	local top=${1:-igt-gpu-tools-$IGT_COMMIT}
	mkdir -p "src/$top" deps
	echo "project('igt-gpu-tools', 'c')" >"src/$top/meson.build"
	tar -cJf deps/igt.tar.xz -C src "$top"
	(cd deps && sha256sum igt.tar.xz >SHA256SUMS)
}

test_version_is_the_trees_drm_ci_pin() {
	fake_ci_tree
	assert_eq "$("$TOP/scripts/igt.sh" version)" "$IGT_COMMIT"
	assert_eq "$(IGT_VERSION=fedcba9876543210fedcba9876543210fedcba98 "$TOP/scripts/igt.sh" version)" \
		fedcba9876543210fedcba9876543210fedcba98 "IGT_VERSION= overrides"
}

test_bad_version_is_refused() {
	fake_ci_tree
	out=$(IGT_VERSION=129d5b10 "$TOP/scripts/igt.sh" version 2>&1) && fail "a short commit id was taken"
	assert_match "$out" 'not a full 40-digit commit id'
	: >linux/drivers/gpu/drm/ci/gitlab-ci.yml
	out=$("$TOP/scripts/igt.sh" version 2>&1) && fail "a tree without IGT_VERSION gave a version"
	assert_match "$out" 'no IGT_VERSION in .*gitlab-ci.yml'
}

test_checked_tarball_unpacks() {
	fake_ci_tree
	fake_tarball
	IGT_SRC=$PWD/deps/igt.tar.xz "$TOP/scripts/igt.sh" source "$PWD/out/src"
	assert_match "$(cat out/src/meson.build)" "project\('igt-gpu-tools'"
}

test_tarball_with_wrong_sha256_is_refused() {
	fake_ci_tree
	fake_tarball
	echo "$(printf '0%.0s' {1..64})  igt.tar.xz" >deps/SHA256SUMS
	out=$(IGT_SRC=$PWD/deps/igt.tar.xz "$TOP/scripts/igt.sh" source "$PWD/out/src" 2>&1) &&
		fail "a tarball with the wrong sha256 was unpacked"
	assert_match "$out" 'not the pinned igt source'
	[ ! -e out/src ] || fail "out/src exists after the refusal"
}

test_tarball_without_sha256_is_refused() {
	fake_ci_tree
	fake_tarball
	rm deps/SHA256SUMS
	out=$(IGT_SRC=$PWD/deps/igt.tar.xz "$TOP/scripts/igt.sh" source "$PWD/out/src" 2>&1) &&
		fail "a tarball without a sha256 was unpacked"
	assert_match "$out" 'no sha256 for .*igt.tar.xz'
	IGT_SHA256=$(sha256sum deps/igt.tar.xz | cut -d' ' -f1) IGT_SRC=$PWD/deps/igt.tar.xz \
		"$TOP/scripts/igt.sh" source "$PWD/out/src"
	[ -f out/src/meson.build ] || fail "IGT_SHA256= did not stand for the missing SHA256SUMS"
}

test_tarball_of_another_commit_is_refused() {
	fake_ci_tree
	fake_tarball igt-gpu-tools-fedcba9876543210fedcba9876543210fedcba98
	out=$(IGT_SRC=$PWD/deps/igt.tar.xz "$TOP/scripts/igt.sh" source "$PWD/out/src" 2>&1) &&
		fail "a tarball of another commit was unpacked"
	assert_match "$out" "does not name commit $IGT_COMMIT"
	[ ! -e out/src ] || fail "out/src exists after the refusal"
}

test_local_clone_gives_the_pinned_commit() {
	fake_ci_tree
	git init -q clone
	echo "project('igt-gpu-tools', 'c')" >clone/meson.build
	git -C clone add meson.build
	git -C clone -c user.name=t -c user.email=t@t commit -qm one
	echo changed >clone/meson.build
	git -C clone -c user.name=t -c user.email=t@t commit -qam two
	IGT_VERSION=$(git -C clone rev-parse HEAD~1) IGT_SRC=$PWD/clone \
		"$TOP/scripts/igt.sh" source "$PWD/out/src"
	assert_match "$(cat out/src/meson.build)" "project\('igt-gpu-tools'"
	out=$(IGT_SRC=$PWD/clone "$TOP/scripts/igt.sh" source "$PWD/out/src2" 2>&1) &&
		fail "a clone without the pinned commit gave a source"
	assert_match "$out" "has no commit $IGT_COMMIT"
}
