#!/usr/bin/env python3
# A UDP echo server written like the guide's udp_echo_server.py (recvfrom + sendto), port from argv.
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', int(sys.argv[1])))
print('listening', flush=True)
while True:
    data, address = s.recvfrom(1024)
    if data:
        s.sendto(data, address)
