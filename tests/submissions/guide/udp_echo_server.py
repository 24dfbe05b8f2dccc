#!/usr/bin/env python3
# The guide's UDP server (seed 003, §1.2), as written there.
import socket

HOST = 'localhost'      # IP o Hostname donde escucha
PORT = 3500             # Puerto de escucha
LONG_MENSAJE = 1024     # Cantidad maxima de bytes a aceptar

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
print ('Socket creado, escuchando en %s:%i' % (HOST, PORT))

while True:
    print ('Esperando clientes...')
    data, address = s.recvfrom(LONG_MENSAJE)
    print ('Conexion desde: %s:%i' % (address[0], address[1]))
    if data:
        s.sendto(data, address)
