#!/usr/bin/env python3
# Cliente eco TCP (§2.1) que cambió sendall() por un solo send() (consigna 2.5.2) y no mira cuánto envió.
import socket
import sys

HOST = '127.0.0.1'
PORT = 3500
MSG = sys.argv[1] if len(sys.argv) > 1 else 'Hola Mundo!'

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
s.send(MSG.encode())
data = s.recv(1024)
s.close()
print('Recibido: ', data.decode())
