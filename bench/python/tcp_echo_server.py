#!/usr/bin/env python3
# A TCP echo server written like seed 004's (recv + sendall until EOF), one client after another.
# usage: tcp_echo_server.py PORT RECV_SIZE
import socket
import sys

port, recv_size = int(sys.argv[1]), int(sys.argv[2])
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', port))
    s.listen(5)
    print('listening', flush=True)
    while True:
        conn, addr = s.accept()
        with conn:
            while True:
                data = conn.recv(recv_size)
                if not data:
                    break
                conn.sendall(data)
