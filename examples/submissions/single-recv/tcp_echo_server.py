#!/usr/bin/env python3
# Servidor eco TCP de la guía tal cual: un solo recv(1024), así que un mensaje largo vuelve cortado.
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
    data = client.recv(LONG_MENSAJE)
    print('Conexion desde: %s:%i' % address, flush=True)
    if data:
        client.send(data)
    client.close()
