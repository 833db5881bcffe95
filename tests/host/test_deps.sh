# shellcheck shell=bash
# Downloads: every Debian package is pinned by version and sha256 in
# deps.lock and checked after download (scripts/debfetch.sh); the mirror is
# the host's apt configuration (scripts/debian.sh), DEBIAN_MIRROR= wins;
# nothing in the repository names a mirror host.

# fake_apt -- an apt configuration in $T/etc (APT_CONFIG points at it).
fake_apt() {
	mkdir -p etc/sources.list.d etc/apt.conf.d
	printf 'Dir::Etc "%s/etc";\nDir::Etc::parts "%s/etc/apt.conf.d";\n' "$PWD" "$PWD" >apt.conf
	export APT_CONFIG=$PWD/apt.conf
	unset DEBIAN_MIRROR DEBIAN_SECURITY_MIRROR
}

test_mirror_from_one_line_sources() {
	fake_apt
	cat >etc/sources.list <<-'EOF'
	# deb http://commented.invalid/debian sid main
	deb-src http://src.invalid/debian bookworm main
	deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://other.invalid/ubuntu noble main
	deb [ signed-by=/k.gpg ] http://mirror.invalid:3142/debian/ bookworm main
	deb http://mirror.invalid:3142/debian-security bookworm-security main
	EOF
	assert_eq "$(debian_mirror)" http://mirror.invalid:3142/debian
	assert_eq "$(debian_security_mirror)" http://mirror.invalid:3142/debian-security
}

test_mirror_from_deb822_sources() {
	fake_apt
	cat >etc/sources.list.d/debian.sources <<-'EOF'
	Types: deb-src
	URIs: http://src.invalid/debian
	Suites: sid

	Types: deb
	URIs: http://disabled.invalid/debian
	Suites: sid
	Enabled: no

	# the host's archive, on a proxy
	Types: deb deb-src
	URIs: http://proxy.invalid/debian/
	 http://second.invalid/debian
	Suites: bookworm
	 bookworm-updates
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	assert_eq "$(debian_mirror)" http://proxy.invalid/debian
	assert_eq "$(debian_security_mirror)" ""
	# apt reads sources.list before the parts directory.
	echo 'deb http://first.invalid/debian sid main' >etc/sources.list
	assert_eq "$(debian_mirror)" http://first.invalid/debian
}

test_mirror_override_wins() {
	fake_apt
	echo 'deb http://host.invalid/debian sid main' >etc/sources.list
	assert_eq "$(DEBIAN_MIRROR=http://override.invalid/debian/ debian_mirror)" http://override.invalid/debian
	assert_eq "$(DEBIAN_SECURITY_MIRROR=http://s.invalid/debian-security debian_security_mirror)" http://s.invalid/debian-security
}

test_no_debian_mirror_says_set_DEBIAN_MIRROR() {
	fake_apt
	echo 'deb http://archive.invalid/ubuntu noble main' >etc/sources.list
	local out
	out=$(debian_mirror 2>&1) && fail "a host without a Debian archive gave '$out'"
	assert_match "$out" "no Debian archive .* set DEBIAN_MIRROR=URL of a Debian mirror"
}

test_lava_chroot_sources_are_the_hosts() {
	fake_apt
	printf 'deb http://m.invalid/debian bookworm main\ndeb http://m.invalid/debian-security bookworm-security main\n' >etc/sources.list
	# shellcheck source=scripts/lava-chroot.sh
	. "$TOP/scripts/lava-chroot.sh"
	chroot_sources bookworm sources
	assert_eq "$(cat sources)" "$(printf 'deb http://m.invalid/debian bookworm main\ndeb http://m.invalid/debian bookworm-updates main\ndeb http://m.invalid/debian-security bookworm-security main')"
	assert_eq "$(chroot_suite)" "$(lock_lines lava | awk 'NR == 1 { print $2 }')"
}

# fake_cache CONTENT LOCKED_CONTENT -- a cached foo_1.0-1_all.deb holding
# CONTENT, and a lock pinning the sha256 of LOCKED_CONTENT.
fake_cache() {
	mkdir -p cache/debs
	printf '%s' "$1" >cache/debs/foo_1.0-1_all.deb
	printf 'g sid foo:all 1.0-1 %s\n' "$(printf '%s' "$2" | sha256sum | cut -d' ' -f1)" >lock
	export DRM_NOMAP_CACHE=$PWD/cache DEPS_LOCK=$PWD/lock SUITE=sid DEBIAN_MIRROR=http://mirror.invalid/debian
}

test_a_wrong_sha256_is_a_clear_error() {
	fake_cache tampered original
	local out
	out=$("$TOP/scripts/debfetch.sh" get foo 2>&1) && fail "a tampered .deb passed: $out"
	assert_match "$out" "sha256 mismatch for foo 1.0-1 \(all, Debian sid\): foo_1.0-1_all.deb has [0-9a-f]{64}, lock pins [0-9a-f]{64}"
	assert_match "$out" "the file is removed, run again to download it afresh; if the mirror \(http://mirror.invalid/debian\) serves the same file again it is not Debian's: use another mirror \(DEBIAN_MIRROR=URL\)"
	[ ! -e cache/debs/foo_1.0-1_all.deb ] || fail "the tampered .deb stayed in the cache"
}

test_a_matching_deb_is_used_without_the_network() {
	fake_cache original original
	assert_eq "$("$TOP/scripts/debfetch.sh" get foo foo=1.0-1)" "$(printf '%s\n' "$PWD/cache/debs/foo_1.0-1_all.deb" "$PWD/cache/debs/foo_1.0-1_all.deb")"
}

test_only_pinned_versions_are_fetched() {
	fake_cache original original
	local out
	out=$("$TOP/scripts/debfetch.sh" get foo=1.0-2 2>&1) && fail "an unpinned version was fetched"
	assert_match "$out" "foo 1.0-2 is not the version lock pins \(1.0-1\); to move, record it: scripts/deps-lock.sh set GROUP sid foo:all=1.0-2"
	out=$("$TOP/scripts/debfetch.sh" get bar 2>&1) && fail "an unpinned package was fetched"
	assert_match "$out" "lock pins no bar:[a-z0-9]+ of Debian sid; record it: scripts/deps-lock.sh set GROUP sid bar"
}

test_the_lock_is_well_formed_and_pins_every_base() {
	"$TOP/scripts/deps-lock.sh" check 2>/dev/null
	{ cat "$TOP/deps.lock"; grep '^kernel ' "$TOP/deps.lock"; } >lock
	assert_fails env DEPS_LOCK="$PWD/lock" "$TOP/scripts/deps-lock.sh" check
	grep -v '^kernel ' "$TOP/deps.lock" >lock
	assert_match "$(DEPS_LOCK=$PWD/lock "$TOP/scripts/deps-lock.sh" check 2>&1 || true)" "pins no linux-source-[0-9.]+ of Debian sid \(kernel.pin\)"
}

# Every package the rootfs asks for is in the lock's rootfs group (whose
# closure deps-lock.sh rootfs resolved), and every group is someone's.
test_the_lock_covers_the_rootfs_and_each_group_is_used() {
	local suite pkgs p g rootfs
	read -r suite pkgs < <("$TOP/scripts/mkrootfs.sh" packages)
	rootfs=$(lock_lines rootfs)
	for p in ${pkgs//,/ }; do
		grep -qE "^rootfs $suite $p:(armhf|all) " <<<"$rootfs" || fail "deps.lock's rootfs group lacks $p"
	done
	for g in $(lock_lines '' | awk '{ print $1 }' | sort -u); do
		case $g in
		kernel | kernel-next | stable-*) [ -f "$TOP/${g}.pin" ] || fail "group $g has no $g.pin" ;;
		*) grep -rqw -- "$g" "$TOP/scripts" || fail "no script uses deps.lock's group $g" ;;
		esac
	done
}

# No mirror host in the repository: the mirror is the host's apt
# configuration.  Reserved names (.invalid, .example) are fine.
test_the_repository_names_no_mirror_host() {
	local hits
	hits=$(git -C "$TOP" grep -nIE \
		-e '(deb|ftp[0-9]*|ftp\.[a-z]{2}|security|snapshot|httpredir|cdn-fastly\.deb)\.debian\.org' \
		-e '(debian\.map\.fastly|mirrors?\.[a-z0-9-]+\.[a-z]+/debian)' \
		-e '[a-z+]+://[^ "'"'"']*/debian(-security)?/?([ "'"'"']|$)' -- . |
		grep -vE '://[^/ ]*\.(invalid|example)[:/]' || true)
	[ -z "$hits" ] || fail "mirror hosts written into the repository: $hits"
}
