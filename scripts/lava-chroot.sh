# shellcheck shell=bash
# The LAVA chroot of scripts/lava-run.sh (source it after lib.sh): Debian
# with lava-dispatcher and qemu-system-arm, built once by mmdebstrap into
# LAVA_CHROOT (default ~/.cache/drm-nomap/lava-chroot, ~200 s, 1.1 GB) from
# the packages of deps.lock's lava group, fetched and checked by debfetch.sh
# (their dependencies come from the same suite of the host's Debian mirror,
# unpinned); and lava-server's device-type templates (base.jinja2,
# qemu.jinja2; only lava-server has them) from deps.lock's lava-server
# package, kept in LAVA_DEVICE_TYPES (default ~/.cache/drm-nomap/lava-device-types).

LAVA_CHROOT=${LAVA_CHROOT:-$CACHE/lava-chroot}
LAVA_DEVICE_TYPES=${LAVA_DEVICE_TYPES:-$CACHE/lava-device-types}
MOUNTED=()

# chroot_suite -- the Debian suite of deps.lock's lava group.
chroot_suite() {
	local suites
	suites=$(lock_lines lava | awk '{ print $2 }' | sort -u)
	[ "$(wc -w <<<"$suites")" = 1 ] || die "deps.lock's lava group must name one suite (it names: ${suites:-none})"
	printf '%s\n' "$suites"
}

# chroot_debs SUITE -- the .deb files of the lava group for this host,
# checked against deps.lock.
chroot_debs() {
	local native specs
	native=$(dpkg --print-architecture)
	mapfile -t specs < <(lock_lines lava | awk -v a="$native" '$3 ~ ":(all|" a ")$" { print $3 "=" $4 }')
	[ ${#specs[@]} -gt 0 ] || die "deps.lock's lava group has no package for $native"
	SUITE=$1 "$TOP/scripts/debfetch.sh" get "${specs[@]}"
}

ensure_chroot() {
	if [ -x "$LAVA_CHROOT/usr/bin/lava-run" ]; then
		log "reusing the LAVA chroot in $LAVA_CHROOT (remove it to rebuild)"
		return
	fi
	need mmdebstrap
	local suite sources debs
	suite=$(chroot_suite)
	debs=$(chroot_debs "$suite" | paste -sd, -) || die "cannot fetch the LAVA chroot's packages (above)"
	sources=$(mktemp)
	chroot_sources "$suite" "$sources"
	mkdir -p "$(dirname "$LAVA_CHROOT")"
	rm -rf "$LAVA_CHROOT.new"
	timed "building the LAVA chroot in $LAVA_CHROOT (Debian $suite: lava-dispatcher, qemu-system-arm; ~200 s, 1.1 GB)" \
		mmdebstrap --variant=apt --include="$debs" "$suite" "$LAVA_CHROOT.new" "$sources" ||
		die "mmdebstrap failed (messages above); check the network and the mirror in $sources, then run 'make lava-run' again"
	rm -f "$sources"
	mv "$LAVA_CHROOT.new" "$LAVA_CHROOT"
}

# in_chroot CMD... -- CMD in the chroot (mounted: mount_chroot).
in_chroot() {
	chroot "$LAVA_CHROOT" "$@"
}

# mount_chroot -- /proc, /sys, /dev, the project at its own path (the job's
# file:// URLs and every file lava-run reads) and a fresh /tmp; umount_chroot
# (EXIT trap) undoes them.
mount_chroot() {
	local root=$LAVA_CHROOT
	if mountpoint -q "$root/proc"; then
		die "$root/proc is mounted already: another lava-run is using the chroot, or one was killed; unmount its mounts (grep '$root' /proc/mounts) and retry"
	fi
	trap umount_chroot EXIT
	mkdir -p "$root$TOP" "$RUN_OUT/tmp"
	# apt in the chroot writes its temporary files as _apt.
	chmod 1777 "$RUN_OUT/tmp"
	mount -t proc proc "$root/proc" && MOUNTED+=("$root/proc")
	mount --rbind /sys "$root/sys" && MOUNTED+=("$root/sys") && mount --make-rslave "$root/sys"
	mount --rbind /dev "$root/dev" && MOUNTED+=("$root/dev") && mount --make-rslave "$root/dev"
	mount --bind "$TOP" "$root$TOP" && MOUNTED+=("$root$TOP")
	mount --bind "$RUN_OUT/tmp" "$root/tmp" && MOUNTED+=("$root/tmp")
}

umount_chroot() {
	local i
	for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
		umount -R "${MOUNTED[i]}" || warn "could not unmount ${MOUNTED[i]}; unmount it by hand (umount -R)"
	done
	MOUNTED=()
}

# fetch_device_types DIR -- base.jinja2 and qemu.jinja2 of deps.lock's
# lava-server package into DIR.
fetch_device_types() {
	local deb tmp types=usr/share/lava-server/device-types
	deb=$(SUITE=$(lock_lines lava-server | awk 'NR == 1 { print $2 }') \
		"$TOP/scripts/debfetch.sh" get lava-server) || return 1
	tmp=$(mktemp -d)
	dpkg-deb -x "$deb" "$tmp"
	cp "$tmp/$types/base.jinja2" "$tmp/$types/qemu.jinja2" "$1/"
	rm -rf "$tmp"
}

# device_types -- the templates in $RUN_OUT/device-types, from the cache.
device_types() {
	local dir=$RUN_OUT/device-types
	mkdir -p "$dir"
	if [ -f "$LAVA_DEVICE_TYPES/base.jinja2" ] && [ -f "$LAVA_DEVICE_TYPES/qemu.jinja2" ]; then
		log "reusing lava-server's device-type templates in $LAVA_DEVICE_TYPES"
	else
		timed "fetching lava-server's device-type templates (deps.lock's lava-server)" \
			fetch_device_types "$dir" ||
			die "could not get lava-server's device-type templates (above); or put base.jinja2 and qemu.jinja2 in LAVA_DEVICE_TYPES=DIR"
		mkdir -p "$LAVA_DEVICE_TYPES"
		cp "$dir/base.jinja2" "$dir/qemu.jinja2" "$LAVA_DEVICE_TYPES/"
	fi
	cp "$LAVA_DEVICE_TYPES/base.jinja2" "$LAVA_DEVICE_TYPES/qemu.jinja2" "$dir/"
}
