#!/usr/bin/env python3
# Servidor eco TCP que recibe en un bucle (consigna 2.5.3) pero se queda solo con el último trozo.
import socket

HOST = '127.0.0.1'
PORT = 3500

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(5)
while True:
    cliente, direccion = s.accept()
    data = b''
    while True:
        trozo = cliente.recv(1024)
        if not trozo:
            break
        data = trozo
    cliente.sendall(data)
    cliente.close()
