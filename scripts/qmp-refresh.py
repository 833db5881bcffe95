#!/usr/bin/env python3
"""qmp-refresh.py SOCKET HZ -- make QEMU refresh its display HZ times a second
until it exits.  Some display models (Exynos4210 FIMD) raise their frame
(vblank) interrupt only when QEMU redraws the display, which it does only for
a display front end; with -display none a QMP screendump is the one redraw
there is.  Waits up to 20 s for the socket; exits 0 when QEMU goes away."""
import json
import socket
import sys
import time


def connect(path):
    deadline = time.monotonic() + 20
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def command(sock, stream, execute, **arguments):
    msg = {"execute": execute}
    if arguments:
        msg["arguments"] = arguments
    sock.sendall(json.dumps(msg).encode() + b"\n")
    for line in stream:
        reply = json.loads(line)
        if "return" in reply:
            return
        if "error" in reply:
            raise RuntimeError(reply["error"].get("desc", str(reply["error"])))
    raise EOFError


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: qmp-refresh.py SOCKET HZ")
    period = 1.0 / float(sys.argv[2])
    try:
        sock = connect(sys.argv[1])
    except OSError as err:
        sys.exit(f"qmp-refresh.py: {sys.argv[1]}: {err}")
    stream = sock.makefile("r")
    try:
        json.loads(stream.readline())  # greeting
        command(sock, stream, "qmp_capabilities")
        while True:
            command(sock, stream, "screendump", filename="/dev/null")
            time.sleep(period)
    except (EOFError, OSError, ValueError):
        return  # QEMU exited
    except RuntimeError as err:
        sys.exit(f"qmp-refresh.py: {err}")


if __name__ == "__main__":
    main()
