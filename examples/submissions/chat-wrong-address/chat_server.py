#!/usr/bin/env python3
# Chat UDP (consigna 1.5.4) que contesta a la dirección fija del servidor en vez de a quien escribió.
import socket

HOST = '127.0.0.1'
PORT = 3500

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
while True:
    data, addr = s.recvfrom(1024)
    print('Recibido:', data.decode())
    respuesta = input('Responder: ')
    s.sendto(respuesta.encode(), (HOST, PORT))
