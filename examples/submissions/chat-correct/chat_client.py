#!/usr/bin/env python3
# Chat UDP por turnos (consigna 1.5.4), lado cliente: envía cada línea escrita y muestra la respuesta,
# hasta que se termina la entrada (Ctrl-D).
import socket

SERVIDOR = ('127.0.0.1', 3500)

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(10)
while True:
    try:
        linea = input('Vos: ')
    except EOFError:
        print('\nChau')
        break
    s.sendto(linea.encode(), SERVIDOR)
    respuesta, _ = s.recvfrom(1024)
    print('Servidor:', respuesta.decode())
s.close()
