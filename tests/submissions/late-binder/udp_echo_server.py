# Loads something slow before it binds (3 s), then serves and stops on /shutdown.
import socket
import time

time.sleep(3)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 3500))
while True:
    data, peer = sock.recvfrom(1024)
    if data == b"/shutdown":
        sock.sendto(b"bye", peer)
        break
    sock.sendto(data, peer)
