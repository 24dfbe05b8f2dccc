#!/usr/bin/env python3
# Chat UDP (consigna 1.5.4), cliente en un bucle sin fin: al terminarse la entrada, input() falla.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(10)
while True:
    mensaje = input('Mensaje: ')
    s.sendto(mensaje.encode(), ('127.0.0.1', 3500))
    data, _ = s.recvfrom(1024)
    print('-->', data.decode())
