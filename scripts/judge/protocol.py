"""The console protocol's constants, read from igt-tests/protocol.sh, the one
definition that the guest (busybox sh) and the host share."""
import os
import re

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROTOCOL_SH = os.path.join(TOP, "igt-tests", "protocol.sh")


def constants(path=PROTOCOL_SH):
    """The PROTO_NAME='value' assignments of protocol.sh, as a dict."""
    with open(path, encoding="utf-8") as f:
        return dict(re.findall(r"^(PROTO_[A-Z_]+)='([^']*)'", f.read(), re.M))


PROTO = constants()
KERNEL_BAD = re.compile(PROTO["PROTO_KERNEL_BAD"])
TAINTED = PROTO["PROTO_TAINTED"]
