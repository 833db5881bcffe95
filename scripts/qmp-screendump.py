#!/usr/bin/env python3
"""qmp-screendump.py SOCKET FILE.ppm -- ask QEMU (QMP on a UNIX socket) to
write its display to FILE.ppm.  Exits non-zero with QEMU's error message.

qmp-screendump.py --refresh HZ SOCKET -- make QEMU redraw its display HZ
times a second (a screendump to /dev/null) until QEMU exits, which is then
exit 0.  Some display models (Exynos4210 FIMD) raise their frame (vblank)
interrupt only when QEMU redraws, which it does only for a display front
end; with -display none a screendump is the one redraw there is.  Waits up
to 20 s for QEMU to open the socket."""
import json
import socket
import sys
import time


def command(sock, stream, execute, **arguments):
    msg = {"execute": execute}
    if arguments:
        msg["arguments"] = arguments
    sock.sendall(json.dumps(msg).encode() + b"\n")
    for line in stream:
        reply = json.loads(line)
        if "return" in reply:
            return reply["return"]
        if "error" in reply:
            raise RuntimeError(reply["error"].get("desc", str(reply["error"])))
    raise EOFError("QMP connection closed")


def connect(path, wait):
    deadline = time.monotonic() + wait
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(20)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)
            continue
        stream = sock.makefile("r")
        json.loads(stream.readline())  # greeting
        command(sock, stream, "qmp_capabilities")
        return sock, stream


def refresh(path, hz):
    sock, stream = connect(path, 20)
    try:
        while True:
            command(sock, stream, "screendump", filename="/dev/null")
            time.sleep(1.0 / hz)
    except (EOFError, OSError, ValueError):
        return  # QEMU exited


def main():
    try:
        if len(sys.argv) == 4 and sys.argv[1] == "--refresh":
            refresh(sys.argv[3], float(sys.argv[2]))
        elif len(sys.argv) == 3:
            sock, stream = connect(sys.argv[1], 0)
            command(sock, stream, "screendump", filename=sys.argv[2])
        else:
            sys.exit("usage: qmp-screendump.py SOCKET FILE.ppm | --refresh HZ SOCKET")
    except (OSError, RuntimeError, EOFError, ValueError) as err:
        sys.exit(f"qmp-screendump.py: {err}")


if __name__ == "__main__":
    main()
