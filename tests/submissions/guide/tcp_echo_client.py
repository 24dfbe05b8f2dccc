#!/usr/bin/env python3
# The guide's TCP client (seed 003, §2.1), as written there: its message is fixed.
import socket

HOST = '127.0.0.1'
PORT = 3500
MSG = 'Hola Mundo!'
LONG_MENSAJE = 1024

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
s.sendall(MSG.encode())
data = s.recv(LONG_MENSAJE)
s.close()
print ('Recibido: ', data.decode())
