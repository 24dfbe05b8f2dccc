#!/usr/bin/env python3
# The guide's TCP server (seed 003, §2.2), as written there: one recv(1024) per client.
import socket

HOST = '127.0.0.1'
PORT = 3500
maxpedidos = 5
LONG_MENSAJE = 1024

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(maxpedidos)
print ('Socket creado, escuchando en %s:%i' % (HOST, PORT))

while True:
    client, address = s.accept()
    data = client.recv(LONG_MENSAJE)
    print ('Conexion desde: %s:%i' % (address[0], address[1]))
    if data:
        client.send(data)
    client.close()
