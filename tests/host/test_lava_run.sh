# shellcheck shell=bash
# scripts/lava-run.sh (make lava-run): the device dictionary renders into a
# device LAVA's qemu device type can run, and the comparison of LAVA's
# results with our runner's fails on every difference.

# device_types DIR -- stand-ins for lava-server's base.jinja2 and
# qemu.jinja2: the variables qemu.jinja2 turns into the QEMU command line.
device_types() {
	mkdir -p "$1"
	printf '%s\n' '{% block body %}{% endblock body %}' >"$1/base.jinja2"
	cat >"$1/qemu.jinja2" <<-'EOF'
	{% extends 'base.jinja2' %}
	{% block body %}
	device_type: qemu
	actions:
	  boot:
	    methods:
	      qemu:
	        parameters:
	          command: qemu-system-{{ arch }}
	          options:
	          - -cpu {{ cpu }}
	          - -m {{ memory }}
	          - -M {{ machine }}
	          - -net nic,{{ model }},macaddr={{ mac_addr }}
	{% endblock body %}
	EOF
}

render_device() {
	python3 "$TOP/lava/render-device.py" "$TOP/lava/devices/qemu-vexpress-01.jinja2" types "$@"
}

test_lava_device_dictionary_renders_with_the_job_context() {
	python3 -c 'import jinja2, yaml' 2>/dev/null || fail "python3 lacks jinja2 or yaml (Debian python3-jinja2, python3-yaml)"
	device_types types
	LAVA_URL=file:///x LAVA_OUT=$PWD/jobs "$TOP/scripts/lava-jobs.sh" >/dev/null 2>&1 ||
		fail "lava-jobs.sh failed"
	render_device jobs/qemu-vexpress.yaml device.yaml >/dev/null
	local opts
	opts=$(python3 -c 'import sys, yaml
print("\n".join(yaml.safe_load(open(sys.argv[1]))["actions"]["boot"]["methods"]["qemu"]["parameters"]["options"]))' device.yaml)
	assert_eq "$opts" "$(printf '%s\n' '-cpu cortex-a9' '-m 1024' '-M vexpress-a9' '-net nic,model=lan9118,macaddr=52:54:00:12:34:59')"
	grep -q '^          command: qemu-system-arm$' device.yaml || fail "qemu command"
	# A job without a context gets the dictionary's defaults: the same device.
	printf 'job_name: x\n' >bare.yaml
	render_device bare.yaml bare-device.yaml >/dev/null
	cmp -s device.yaml bare-device.yaml || fail "the dictionary's defaults differ from lava/qemu.yaml's context"
}

test_lava_device_dictionary_needs_the_device_types() {
	python3 -c 'import jinja2, yaml' 2>/dev/null || fail "python3 lacks jinja2 or yaml"
	mkdir types
	printf 'job_name: x\n' >job.yaml
	local out rc=0
	out=$(render_device job.yaml device.yaml 2>&1) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" 'template qemu.jinja2 not found in types'
}

# lava_results FILE -- lava-run's results as lava-run.sh writes them.
lava_results() {
	cat >"$1" <<-'EOF'
	lava validate pass
	0_drm-nomap-kms nomap_kms_smoke.open-by-driver pass
	0_drm-nomap-kms nomap_dma_alloc.fresh-zero-highmem pass
	0_drm-nomap-kms nomap_kms_capture.scanout-pattern skip
	0_drm-nomap-kms runner-finished pass
	0_drm-nomap-kms kernel-log pass
	0_drm-nomap-kms driver-bound pass
	lava 0_drm-nomap-kms pass
	lava job pass
	EOF
}

# our_results FILE -- scripts/results.sh's judgement of our QEMU run.
our_results() {
	cat >"$1" <<-'EOF'
	PASS nomap_kms_smoke@open-by-driver
	PASS nomap_dma_alloc@fresh-zero-highmem
	PASS nomap_kms_capture@scanout-pattern
	PASS guest@runner-finished (3 subtests)
	PASS kernel@no-oops-bug-warn
	PASS kernel@log-has:Initialized pl111 
	PASS capture@scanout-pattern
	3 passed, 0 failed, 0 skipped
	EOF
}

lava_compare() {
	"$TOP/scripts/lava-run.sh" compare lava.txt ours.txt 2>&1
}

test_lava_run_compare_accepts_equal_results() {
	lava_results lava.txt
	our_results ours.txt
	local out
	out=$(lava_compare) || fail "equal results compared unequal: $out"
	assert_match "$out" '^LAVA-SKIP nomap_kms_capture.scanout-pattern \(expected by lava/skips.txt; ours: pass\)$'
	assert_match "$out" '^6 cases: 5 equal, 1 skipped in LAVA as lava/skips.txt expects, 0 differ$'
}

# H14, the audit's LC2: LAVA and our runner fail the same cases. They
# agree, but the suite is red, and make lava-run must say so and fail.
test_h14_lava_run_fails_when_both_sides_fail_alike() {
	lava_results lava.txt
	our_results ours.txt
	sed -i 's/fresh-zero-highmem pass/fresh-zero-highmem fail/' lava.txt
	sed -i 's/^PASS nomap_dma_alloc@fresh-zero-highmem/FAIL nomap_dma_alloc@fresh-zero-highmem/' ours.txt
	local out rc=0
	out=$(lava_compare) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '0 differ$'
	assert_match "$out" 'LAVA equals our runner, but the suite fails: 1 FAIL line.*nomap_dma_alloc@fresh-zero-highmem'
}

test_lava_run_compare_fails_on_a_difference() {
	local out rc
	# A failing case in LAVA only (the missing test module of before).
	lava_results lava.txt
	our_results ours.txt
	sed -i 's/fresh-zero-highmem pass/fresh-zero-highmem fail/' lava.txt
	rc=0; out=$(lava_compare) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^DIFF nomap_dma_alloc.fresh-zero-highmem: LAVA fail, ours pass$'
	assert_match "$out" "LAVA's results differ from our runner's"
	# A LAVA skip that lava/skips.txt does not expect.
	lava_results lava.txt
	sed -i 's/open-by-driver pass/open-by-driver skip/' lava.txt
	rc=0; out=$(lava_compare) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^DIFF nomap_kms_smoke.open-by-driver: LAVA skip, ours pass$'
	# A case only one side has.
	lava_results lava.txt
	sed -i '/driver-bound/d' lava.txt
	rc=0; out=$(lava_compare) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^DIFF driver-bound: LAVA none, ours pass$'
	# Our own failure is a difference too.
	lava_results lava.txt
	sed -i 's/^PASS kernel@no-oops-bug-warn/FAIL kernel@no-oops-bug-warn (1 lines)/' ours.txt
	rc=0; out=$(lava_compare) || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" '^DIFF kernel-log: LAVA pass, ours fail$'
	# No results at all is no agreement.
	: >lava.txt
	: >ours.txt
	rc=0; out=$(lava_compare) || rc=$?
	assert_eq "$rc" 1
}

test_lava_run_needs_root() {
	[ "$(id -u)" != 0 ] || return 0   # as root it would run the job
	local out
	out=$("$TOP/scripts/lava-run.sh" 2>&1 || true)
	assert_match "$out" 'make lava-run needs root'
}

# lava-run's log is one YAML flow mapping a line, not JSON ("!" tags).
test_lava_run_reads_the_results_of_lava_run_s_log() {
	cat >lava-run.log <<-'EOF'
	{"dt": "2026-12-01T16:16:40.890502", "lvl": "results", "msg": {"case": "validate", "definition": "lava", "result": "pass"}}
	{"dt": "2026-12-01T16:16:46.015511", "lvl": "target", "msg": "[    0.000000] Booting Linux on physical CPU 0x0"}
	{"dt": "2026-12-01T16:31:17.230608", "lvl": "results", "msg": {"case": "nomap_kms_smoke.open-by-driver", "definition": "0_drm-nomap-kms", "endtc": ! "638", "measurement": ! "0.0", "result": "pass", "starttc": ! "638", "units": "seconds"}}
	{"dt": "2026-12-01T16:31:18.1", "lvl": "results", "msg": {"case": "nomap_kms_capture.fbdev-pattern", "definition": "0_drm-nomap-kms", "measurement": ! "0.0", "result": "skip", "units": "seconds"}}
	{"dt": "2026-12-01T16:33:00.0", "lvl": "results", "msg": {"case": "job", "definition": "lava", "result": "pass"}}
	EOF
	assert_eq "$("$TOP/scripts/lava-run.sh" results lava-run.log)" "$(printf '%s\n' 'lava validate pass' \
		'0_drm-nomap-kms nomap_kms_smoke.open-by-driver pass' '0_drm-nomap-kms nomap_kms_capture.fbdev-pattern skip' 'lava job pass')"
}
