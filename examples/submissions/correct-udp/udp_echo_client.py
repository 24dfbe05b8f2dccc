#!/usr/bin/env python3
# Cliente eco UDP (guía §1.1), que no se cuelga sin servidor (consigna 1.5.1).
import socket
import sys

HOST = 'localhost'
PORT = 3500
LONG_MENSAJE = 1024
mensaje = sys.argv[1] if len(sys.argv) > 1 else 'TyR: Echo sobre UDP'

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect((HOST, PORT))
try:
    s.send(mensaje.encode())
    data = s.recv(LONG_MENSAJE)
except ConnectionRefusedError:
    print('No hay servidor en %s:%i' % (HOST, PORT))
    sys.exit(1)
except socket.timeout:
    print('Sin respuesta de %s:%i' % (HOST, PORT))
    sys.exit(1)
s.close()
print('-->', data.decode())
