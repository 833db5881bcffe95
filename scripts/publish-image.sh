#!/usr/bin/env bash
# publish-image.sh IMAGE -- the files a user downloads and flashes, next to
# IMAGE: IMAGE.bmap (bmaptool create: the mapped blocks and their SHA-256;
# 'bmaptool copy' finds it for IMAGE and IMAGE.xz alike), IMAGE.xz and
# SHA256SUMS.  Runs of zeros become holes first, so that the bmap leaves
# them out.  xz runs multi-threaded with a fixed thread count: its output
# then does not depend on the machine's cores.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

main() {
	[ $# = 1 ] || die "usage: $PROG IMAGE"
	local image=$1 dir name
	[ -f "$image" ] || die "no image at $image"
	need bmaptool xz fallocate sha256sum
	dir=$(dirname "$image") name=$(basename "$image")
	fallocate --dig-holes "$image" ||
		warn "cannot punch holes in $image (file system?); the bmap will map every block"
	rm -f "$image.bmap" "$image.xz" "$dir/SHA256SUMS"
	bmaptool -q create -o "$image.bmap" "$image" || die "bmaptool create failed for $image"
	xz -6 -T2 -k "$image" || die "xz failed for $image; is $dir full?"
	(cd "$dir" && sha256sum "$name" "$name.xz" "$name.bmap" >SHA256SUMS)
}

main "$@"
