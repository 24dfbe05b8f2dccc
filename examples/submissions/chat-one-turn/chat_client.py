#!/usr/bin/env python3
# Chat UDP (consigna 1.5.4), cliente que envía una sola línea, muestra la respuesta y termina.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(10)
mensaje = input('Mensaje: ')
s.sendto(mensaje.encode(), ('127.0.0.1', 3500))
data, _ = s.recvfrom(1024)
print('-->', data.decode())
