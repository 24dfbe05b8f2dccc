# Writes 33 files of 64 MiB in /tmp (about 2 GiB) and never removes them, then serves the echo.
import os
import socket

block = b"x" * (1 << 20)
for n in range(33):
    try:
        with open("/tmp/socklab-test-filler-%d.bin" % n, "wb") as f:
            for _ in range(64):
                f.write(block)
    except OSError as err:
        print("stopped writing:", err)
        break

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 3500))
while True:
    data, peer = sock.recvfrom(1024)
    sock.sendto(data, peer)
