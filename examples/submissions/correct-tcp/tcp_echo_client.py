#!/usr/bin/env python3
# Cliente eco TCP (guía §2.1) que envía todo y lee hasta el final (consignas 2.5.2 y 2.5.3).
import socket
import sys

HOST = '127.0.0.1'
PORT = 3500
MSG = sys.argv[1] if len(sys.argv) > 1 else 'Hola Mundo!'
LONG_MENSAJE = 1024

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
s.sendall(MSG.encode())
s.shutdown(socket.SHUT_WR)
partes = []
while True:
    data = s.recv(LONG_MENSAJE)
    if not data:
        break
    partes.append(data)
s.close()
print('Recibido: ', b''.join(partes).decode())
