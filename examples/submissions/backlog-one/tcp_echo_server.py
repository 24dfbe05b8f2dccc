#!/usr/bin/env python3
# Servidor eco TCP de la guía (§2.2) con la cola de listen() en 1 (consigna 2.5.1).
import socket

HOST = '127.0.0.1'
PORT = 3500
maxpedidos = 1           # consigna 2.5.1: cola de listen() en 1
LONG_MENSAJE = 1024

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(maxpedidos)
print('Escuchando en %s:%i con cola %i' % (HOST, PORT, maxpedidos))

while True:
    cliente, direccion = s.accept()
    datos = cliente.recv(LONG_MENSAJE)
    print('Conexion desde: %s:%i' % direccion)
    if datos:
        cliente.sendall(datos)
    cliente.close()
