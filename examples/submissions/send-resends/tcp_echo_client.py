#!/usr/bin/env python3
# Cliente eco TCP (§2.1) que envía en un bucle de send() (consigna 2.5.2), pero guarda lo que devolvió
# el último send() en vez de sumarlo: vuelve a enviar lo ya enviado.
import socket
import sys

MSG = (sys.argv[1] if len(sys.argv) > 1 else 'Hola Mundo!').encode()
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 3500))
enviado = 0
while enviado < len(MSG):
    enviado = s.send(MSG[enviado:enviado + 4096])
data = s.recv(1024)
s.close()
print('Recibido:', data.decode())
