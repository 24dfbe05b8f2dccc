#!/usr/bin/env python3
"""A text-image sender in plain Python 3, written from docs/PROTOCOL.md alone.

    python3 examples/python/send_text_image.py --to 127.0.0.1:3500 --text hola --image cat.png

Texts and images are sent in the order given, over one TCP connection; large files are streamed in
chunks and hashed on the way. Prints the receiver's verdict per item; exits 0 only if all were accepted.
"""
import argparse
import hashlib
import os
import socket
import struct
import sys

TEXT, IMAGE, END = 1, 2, 3
CONTINUE, ACCEPTED, REJECTED, FATAL = 0, 1, 2, 3
CODES = {0: "ok", 1: "bad-magic", 2: "bad-version", 3: "unknown-type", 4: "bad-header", 5: "too-large",
         6: "bad-name", 7: "checksum", 8: "not-image", 9: "bad-utf8", 10: "storage", 11: "timeout"}
CHUNK = 256 * 1024


class Ordered(argparse.Action):
    """Keeps --text and --image in command-line order."""

    def __call__(self, parser, namespace, value, option_string=None):
        kind = TEXT if option_string == "--text" else IMAGE
        namespace.items = (namespace.items or []) + [(kind, value)]


def recv_exact(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("the receiver closed the connection")
        data += chunk
    return bytes(data)


def read_reply(sock):
    status, code, item, length = struct.unpack(">BBIH", recv_exact(sock, 8))
    return status, code, item, recv_exact(sock, length).decode("utf-8", "replace")


def send_payload(sock, kind, value):
    """Streams the payload and then its SHA-256."""
    digest = hashlib.sha256()
    if kind == TEXT:
        data = value.encode("utf-8")
        digest.update(data)
        sock.sendall(data)
    else:
        with open(value, "rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                sock.sendall(chunk)
    sock.sendall(digest.digest())


def send_item(sock, kind, value):
    if kind == TEXT:
        name, length = b"", len(value.encode("utf-8"))
    else:
        name, length = os.path.basename(value).encode("utf-8"), os.path.getsize(value)
    sock.sendall(struct.pack(">BHQ", kind, len(name), length) + name)
    reply = read_reply(sock)
    if reply[0] != CONTINUE:
        return reply
    send_payload(sock, kind, value)
    return read_reply(sock)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to", required=True, help="receiver as HOST:PORT")
    parser.add_argument("--text", action=Ordered, dest="items", help="a text message (repeatable)")
    parser.add_argument("--image", action=Ordered, dest="items", help="an image file (repeatable)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a reply")
    args = parser.parse_args()
    if not args.items:
        parser.error("give at least one --text or --image")
    host, _, port = args.to.rpartition(":")
    accepted = 0
    with socket.create_connection((host.strip("[]"), int(port)), timeout=args.timeout) as sock:
        sock.sendall(b"TXIM\x01")
        for number, (kind, value) in enumerate(args.items, start=1):
            status, code, item, message = send_item(sock, kind, value)
            if status == ACCEPTED:
                accepted += 1
                print(f"item {number} accepted" + (f": stored as {message}" if kind == IMAGE else ""))
            else:
                print(f"item {number} rejected ({CODES.get(code, code)}): {message}")
            if status == FATAL:
                break
        else:
            sock.sendall(struct.pack(">BHQ", END, 0, 0))
            read_reply(sock)
    print(f"{accepted} of {len(args.items)} items accepted")
    return 0 if accepted == len(args.items) else 1


if __name__ == "__main__":
    sys.exit(main())
