#!/usr/bin/env python3
# Servidor eco TCP (guía §2.2) que recibe hasta que el cliente cierra (consigna 2.5.3).
import socket

HOST = '127.0.0.1'
PORT = 3500
maxpedidos = 5
LONG_MENSAJE = 1024

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(maxpedidos)
print('Socket creado, escuchando en %s:%i' % (HOST, PORT), flush=True)

while True:
    client, address = s.accept()
    print('Conexion desde: %s:%i' % address, flush=True)
    while True:
        data = client.recv(LONG_MENSAJE)
        if not data:
            break
        client.sendall(data)
    client.close()
