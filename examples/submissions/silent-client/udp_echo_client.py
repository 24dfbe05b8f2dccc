#!/usr/bin/env python3
# Cliente eco UDP (§1.1) que no se cuelga sin servidor (consigna 1.5.1), pero termina sin decir nada.
import socket
import sys

mensaje = sys.argv[1] if len(sys.argv) > 1 else 'TyR: Echo sobre UDP'
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
s.sendto(mensaje.encode(), ('127.0.0.1', 3500))
try:
    data, _ = s.recvfrom(1024)
    print('-->', data.decode())
except socket.timeout:
    pass
