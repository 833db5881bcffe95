#!/usr/bin/env python3
"""qmp-screendump.py SOCKET FILE.ppm -- ask QEMU (QMP on a UNIX socket) to
write its display to FILE.ppm.  Exits non-zero with QEMU's error message."""
import json
import socket
import sys


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
    raise RuntimeError("QMP connection closed")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: qmp-screendump.py SOCKET FILE.ppm")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(20)
    try:
        sock.connect(sys.argv[1])
        stream = sock.makefile("r")
        json.loads(stream.readline())  # greeting
        command(sock, stream, "qmp_capabilities")
        command(sock, stream, "screendump", filename=sys.argv[2])
    except (OSError, RuntimeError, ValueError) as err:
        sys.exit(f"qmp-screendump.py: {err}")


if __name__ == "__main__":
    main()
