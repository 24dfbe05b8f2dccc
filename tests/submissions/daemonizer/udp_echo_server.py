# Detaches like a daemon: double fork, the parent exits 0 at once, the grandchild serves 3500.
import os
import socket
import time

if os.fork() > 0:
    os._exit(0)
os.setsid()
if os.fork() > 0:
    os._exit(0)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 3500))
while True:
    data, peer = sock.recvfrom(1024)
    sock.sendto(data, peer)
