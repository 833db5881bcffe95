# shellcheck shell=bash
# lib-qemu.sh -- the one wait of the scripts that boot a guest and watch its
# serial log (run-qemu.sh, check-sdcard.sh): until a marker, or a count of
# them, shows in the log.  Source it after lib.sh.

# log_count LOG PATTERN -- how many lines of LOG match PATTERN (grep BRE);
# 0 while there is no LOG yet.
log_count() {
	local n
	n=$(grep -c -- "$2" "$1" 2>/dev/null || true)
	printf '%s\n' "${n:-0}"
}

# qemu_until LOG PID SECONDS PATTERN [COUNT] -- wait until COUNT (default
# 1) lines of the serial log LOG match PATTERN, QEMU (PID) has exited, or
# SECONDS have passed; succeeds when LOG has those COUNT lines by then.
qemu_until() {
	local log=$1 pid=$2 deadline=$((SECONDS + $3)) pattern=$4 want=${5:-1}
	while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$pid" 2>/dev/null; do
		[ "$(log_count "$log" "$pattern")" -lt "$want" ] || return 0
		sleep 1
	done
	[ "$(log_count "$log" "$pattern")" -ge "$want" ]
}
