# shellcheck shell=bash
# bench-dma-tables.sh -- the bench's tables of the plain DMA API runs
# (nomap_dma_alloc --bench): the figures checked, then the tables.  Sourced
# by bench-tables.sh; uses its val and ratio, and BENCH, ICOUNT.

# DMA_DEVICES, DMA_SIZES -- the devices and sizes nomap_dma_alloc --bench
# times (dts/nomap-dma-test.dtsi), as its keys name them.
DMA_DEVICES="highmem lowmem coherent"
DMA_SIZES="page 1mib 4mib"

# dma_table -- alloc+free with DMA_ATTR_NO_KERNEL_MAPPING through the plain
# DMA API, the cost to the attribute's existing users, against v7.2.13's
# path for them (no zeroing, no cache maintenance): the series without and
# with the ARM RFT, with the outer cache and without.  The lowmem device
# has a CMA area of its own in lowmem; one page comes from the page
# allocator (lowmem) for every device.
dma_table() {
	local l2 sfx
	for l2 in PL310 none; do
		sfx=
		[ "$l2" = PL310 ] || sfx=-nol2
		cat <<-TABLE

		| dma_alloc_attrs() + dma_free_attrs() with DMA_ATTR_NO_KERNEL_MAPPING, plain DMA API, outer cache: $l2 (guest us, -icount $ICOUNT) | base | without the RFT | /base | patched (with the RFT) | /base |
		|---|---|---|---|---|---|
		TABLE
		dma_rows "$sfx"
	done
}

# dma_rows SUFFIX -- dma_table's rows of the runs base, norft and patched
# with SUFFIX (-nol2 or none).
dma_rows() {
	local d s k
	for d in $DMA_DEVICES; do
		for s in $DMA_SIZES; do
			k=dma_${d}_${s}_us
			printf '| %s device, %s | %s | %s | %s | %s | %s |\n' "$d" "$s" \
				"$(val "base$1" "$k")" "$(val "norft$1" "$k")" "$(ratio "base$1" "norft$1" "$k")" \
				"$(val "patched$1" "$k")" "$(ratio "base$1" "patched$1" "$k")"
		done
	done
}

# dma_checked -- every figure of dma_table is there, and each device's
# buffers of more than a page were where its CMA area is: the highmem and
# coherent devices' in highmem, the lowmem device's in lowmem.
dma_checked() {
	local run d s n
	for run in base patched base-nol2 patched-nol2 norft norft-nol2; do
		val "$run" create_destroy_us >/dev/null
		for d in $DMA_DEVICES; do
			for s in $DMA_SIZES; do
				val "$run" "dma_${d}_${s}_us" >/dev/null
				n=$(val "$run" "dma_${d}_${s}_highmem")
				[ "$s" = page ] && continue
				case $d in
				lowmem) [ "$n" = 0 ] ;;
				*) [ "$n" != 0 ] ;;
				esac || die "the $run run's $d device had $n buffers of $s in highmem: not where its CMA area should be (dts/nomap-dma-test.dtsi); see $BENCH/$run.log"
			done
		done
	done
}
