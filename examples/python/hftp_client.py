#!/usr/bin/env python3
"""An HFTP client in plain Python 3, written from docs/PROTOCOL.md: downloads one file whole, slice by
slice, and checks its size.

    python3 examples/python/hftp_client.py [-H HOST] [-p PORT] NAME      (default localhost 19500)
"""
import argparse
import base64
import socket
import sys

SLICE = 256 * 1024


class Client:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.pending = b""

    def request(self, line):
        self.sock.sendall(line.encode("ascii") + b"\r\n")

    def line(self):
        while b"\r\n" not in self.pending:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed the connection")
            self.pending += data
        line, self.pending = self.pending.split(b"\r\n", 1)
        return line.decode("ascii")

    def expect_ok(self, what):
        code, _, message = self.line().partition(" ")
        if code != "0":
            sys.exit(f"error: {what}: the server answered {code} {message}")

    def size(self, name):
        self.request(f"get_metadata {name}")
        self.expect_ok("get_metadata")
        return int(self.line())

    def slice(self, name, offset, size):
        self.request(f"get_slice {name} {offset} {size}")
        self.expect_ok("get_slice")
        return base64.b64decode(self.line())

    def quit(self):
        self.request("quit")
        self.expect_ok("quit")
        self.sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-H", "--host", default="localhost")
    parser.add_argument("-p", "--port", type=int, default=19500)
    parser.add_argument("name")
    args = parser.parse_args()
    client = Client(args.host, args.port)
    size = client.size(args.name)
    with open(args.name, "wb") as out:
        offset = 0
        while offset < size:
            data = client.slice(args.name, offset, min(SLICE, size - offset))
            out.write(data)
            offset += len(data)
    client.quit()
    print(f"{args.name}: {size} bytes")


if __name__ == "__main__":
    main()
