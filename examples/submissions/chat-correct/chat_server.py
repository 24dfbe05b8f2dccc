#!/usr/bin/env python3
# Chat UDP por turnos (consigna 1.5.4), lado servidor: muestra cada mensaje y lo contesta con lo que
# se escribe por teclado.
import socket

HOST = '127.0.0.1'
PORT = 3500

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
print('Chat escuchando en %s:%i' % (HOST, PORT))
while True:
    mensaje, origen = s.recvfrom(1024)
    print('%s:%i dice: %s' % (origen[0], origen[1], mensaje.decode()))
    respuesta = input('Respuesta: ')
    s.sendto(respuesta.encode(), origen)
