#!/usr/bin/env python3
# Chat UDP (consigna 1.5.4) que lee la respuesta del teclado pero devuelve el mensaje recibido.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('localhost', 3500))
while True:
    data, addr = s.recvfrom(1024)
    print('Cliente:', data.decode())
    texto = input('> ')
    s.sendto(data, addr)
