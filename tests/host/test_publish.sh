# shellcheck shell=bash
# scripts/publish-image.sh: the .bmap, .xz and SHA256SUMS next to an image.

# sparse_image -- 8 MiB: 12 KiB of data, a 1 MiB run of written zeros, holes.
sparse_image() {
	truncate -s 8M sdcard.img
	head -c 12288 /dev/urandom | dd of=sdcard.img bs=4096 seek=10 conv=notrunc status=none
	dd if=/dev/zero of=sdcard.img bs=1M seek=2 count=1 conv=notrunc status=none
}

test_publish_writes_bmap_xz_and_sums() {
	command -v bmaptool >/dev/null || { echo "bmaptool not installed; nothing to check"; return 0; }
	sparse_image
	"$TOP/scripts/publish-image.sh" "$PWD/sdcard.img" 2>/dev/null
	sha256sum -c --quiet SHA256SUMS || fail "SHA256SUMS does not hold"
	assert_eq "$(awk '{ print $2 }' SHA256SUMS | paste -sd' ' -)" "sdcard.img sdcard.img.xz sdcard.img.bmap"
	# The written zeros became holes: only the 3 data blocks are mapped.
	assert_match "$(cat sdcard.img.bmap)" '<MappedBlocksCount> 3 +</MappedBlocksCount>'
	bmaptool -q copy sdcard.img.xz copy.img
	cmp -s sdcard.img copy.img || fail "sdcard.img.xz through bmaptool is not sdcard.img"
}

test_publish_is_reproducible() {
	command -v bmaptool >/dev/null || { echo "bmaptool not installed; nothing to check"; return 0; }
	sparse_image
	"$TOP/scripts/publish-image.sh" "$PWD/sdcard.img" 2>/dev/null
	cp SHA256SUMS first
	"$TOP/scripts/publish-image.sh" "$PWD/sdcard.img" 2>/dev/null
	diff first SHA256SUMS >&2 || fail "a second publish of the same image differs"
}

test_publish_without_an_image_says_so() {
	assert_match "$("$TOP/scripts/publish-image.sh" nothing.img 2>&1 || true)" 'no image at nothing.img'
}
