#!/usr/bin/env python3
# Cliente eco TCP (§2.1) que envía con send() en trozos chicos y repite hasta enviar todo (consigna 2.5.2).
import socket
import sys

HOST = '127.0.0.1'
PORT = 3500
MSG = (sys.argv[1] if len(sys.argv) > 1 else 'Hola Mundo!').encode()
TROZO = 1000             # bytes por llamada a send()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
enviados = 0
llamadas = 0
while enviados < len(MSG):
    # send() devuelve cuántos bytes tomó: puede ser menos que el trozo
    enviados += s.send(MSG[enviados:enviados + TROZO])
    llamadas += 1
print('Enviados %i bytes en %i llamadas a send()' % (enviados, llamadas))
recibido = b''
while len(recibido) < len(MSG):
    datos = s.recv(4096)
    if not datos:
        break
    recibido += datos
s.close()
print('Recibido:', recibido.decode())
