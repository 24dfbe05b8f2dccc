#!/usr/bin/env python3
# Cliente eco UDP que pide el mensaje con input() en vez de tomarlo de la línea de comandos:
# sin nadie que escriba, se queda esperando y nunca envía nada.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
msg = input("mensaje: ")
s.sendto(msg.encode(), ('127.0.0.1', 3500))
try:
    data, _ = s.recvfrom(1024)
    print('-->', data.decode())
except socket.timeout:
    print('Sin respuesta del servidor')
