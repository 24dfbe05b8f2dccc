#!/usr/bin/env python3
# The guide's UDP client (seed 003, §1.1), as written there: its message is fixed.
import socket

HOST = 'localhost'
PORT = 3500
LONG_MENSAJE = 1024
mensaje = 'TyR: Echo sobre UDP'

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(mensaje.encode(), (HOST, PORT))
data = s.recvfrom(LONG_MENSAJE)
s.close()
print ('-->', data[0].decode())
