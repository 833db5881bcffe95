# shellcheck shell=bash
# scripts/check-config.sh: every requested option must end up set.

CHECK="$TOP/scripts/check-config.sh"

test_all_requests_met() {
	printf 'CONFIG_A=y\nCONFIG_B=128\n# CONFIG_C is not set\n' >dotconfig
	printf 'CONFIG_A=y\nCONFIG_B=128\n# CONFIG_C is not set\nCONFIG_D=n\n' >frag
	"$CHECK" dotconfig frag
}

test_dropped_option_is_reported() {
	printf 'CONFIG_A=y\n' >dotconfig
	printf 'CONFIG_A=y\nCONFIG_HIGHMEM=y\nCONFIG_CMA_SIZE_MBYTES=128\n' >frag
	local out rc=0
	out=$("$CHECK" dotconfig frag 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'CONFIG_HIGHMEM requested y, got n'
	assert_match "$out" 'CONFIG_CMA_SIZE_MBYTES requested 128, got n'
}

test_wrong_value_and_unwanted_option() {
	printf 'CONFIG_B=64\nCONFIG_C=y\n' >dotconfig
	printf 'CONFIG_B=128\n# CONFIG_C is not set\n' >frag
	local out
	out=$("$CHECK" dotconfig frag 2>&1 || true)
	assert_match "$out" 'CONFIG_B requested 128, got 64'
	assert_match "$out" 'CONFIG_C requested n, got y'
}

# A variant's fragment after the board's overrides it, as merge_config.sh
# does: only the later request is checked.
test_later_fragment_overrides() {
	printf '# CONFIG_P is not set\nCONFIG_Q=y\n' >dotconfig
	printf 'CONFIG_P=y\nCONFIG_Q=y\n' >board
	printf '# CONFIG_P is not set\n' >variant
	"$CHECK" dotconfig board variant
	assert_fails "$CHECK" dotconfig variant board
}

test_missing_dotconfig_says_what_to_do() {
	local out
	out=$("$CHECK" nonexistent "$TOP/configs/qemu-vexpress.config" 2>&1 || true)
	assert_match "$out" 'configure the board first \(make build'
}

test_board_fragments_exist() {
	local f b
	for f in "$TOP"/boards/*.sh; do
		b=$(basename "$f" .sh)
		[ -s "$TOP/configs/$b.config" ] || fail "configs/$b.config missing"
	done
}

test_unknown_option_allowed_only_when_asked() {
	mkdir -p tree/drivers
	printf 'config KNOWN\n\tbool "known"\n' >tree/drivers/Kconfig
	printf 'CONFIG_A=y\n' >dotconfig
	printf 'CONFIG_KNOWN=y\nCONFIG_LATER=y\n' >frag
	local out
	out=$(ALLOW_UNKNOWN=1 KCONFIG_SRC=tree "$CHECK" dotconfig frag 2>&1 || true)
	assert_match "$out" 'CONFIG_LATER is not in this tree yet'
	assert_match "$out" 'CONFIG_KNOWN requested y, got n'
	printf 'CONFIG_KNOWN=y\n' >dotconfig
	ALLOW_UNKNOWN=1 KCONFIG_SRC=tree "$CHECK" dotconfig frag 2>/dev/null
	assert_fails "$CHECK" dotconfig frag
}
