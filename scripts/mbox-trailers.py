#!/usr/bin/env python3
"""mbox-trailers.py MBOX -- the review trailers that the replies in MBOX give.

A reply is a mail whose subject starts with "Re:"; its trailers are the
unquoted lines "Reviewed-by: ...", "Acked-by: ..." and "Tested-by: ..." that
name an address (Name <user@host>, then maybe a "# comment").  Prints one line per trailer:
"patch|cover<TAB>SUBJECT<TAB>TRAILER", SUBJECT being the replied-to subject
without "Re:" and "[PATCH ...]"; "cover" when the reply is to a cover letter
("[PATCH vN 0/M]").  Python standard library only; exits 1 when MBOX is not
a readable mbox.
"""
import email.policy
import mailbox
import re
import sys

KINDS = ("Reviewed-by", "Acked-by", "Tested-by")
TRAILER = re.compile(r"^(%s):\s*(\S.*<[^<>@\s]+@[^<>\s]+>(?:\s+#.*)?)\s*$" % "|".join(KINDS), re.I)
REPLY = re.compile(r"^\s*((re|aw|sv)\s*:\s*)+", re.I)
TAG = re.compile(r"^\[[^\]]*\]\s*")
COVER = re.compile(r"\b0+/\d+\]")


def body_text(msg):
    part = msg.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        return part.get_content()
    except (LookupError, UnicodeError):
        return part.get_payload(decode=True).decode("utf-8", "replace")


def canonical(name):
    return next(k for k in KINDS if k.lower() == name.lower())


def trailers(msg):
    subject = " ".join(str(msg.get("subject", "")).split())
    if not REPLY.match(subject):
        return
    subject = REPLY.sub("", subject)
    kind = "cover" if COVER.search(subject.split("]")[0] + "]") else "patch"
    subject = TAG.sub("", subject)
    for line in body_text(msg).splitlines():
        m = TRAILER.match(line.strip()) if not line.lstrip().startswith(">") else None
        if m:
            value = " ".join(m.group(2).split())
            yield "%s\t%s\t%s: %s" % (kind, subject, canonical(m.group(1)), value)


def main(path):
    try:
        box = mailbox.mbox(path, factory=None, create=False)
        msgs = [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
                for key in box.keys()]
    except (OSError, mailbox.Error) as err:
        sys.exit("%s: not a readable mbox: %s" % (path, err))
    seen = set()
    for msg in msgs:
        for line in trailers(msg):
            if line not in seen:
                seen.add(line)
                print(line)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: mbox-trailers.py MBOX")
    main(sys.argv[1])
