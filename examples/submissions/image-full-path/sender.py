#!/usr/bin/env python3
# Texto e imagen por un socket TCP (consigna 2.5.4); manda como nombre la ruta entera de la imagen:
#   python3 sender.py TEXTO IMAGEN
import hashlib
import os
import socket
import struct
import sys

TEXTO, IMAGEN, FIN = 1, 2, 3
SIGUE, ACEPTADO, RECHAZADO, FATAL = 0, 1, 2, 3


def leer_exacto(s, n):
    datos = b''
    while len(datos) < n:
        trozo = s.recv(n - len(datos))
        if not trozo:
            raise ConnectionError('el receptor cerró la conexión')
        datos += trozo
    return datos


def respuesta(s):
    estado, codigo, item, largo = struct.unpack('>BBIH', leer_exacto(s, 8))
    return estado, codigo, leer_exacto(s, largo).decode()


def enviar(s, tipo, nombre, contenido):
    s.sendall(struct.pack('>BHQ', tipo, len(nombre), len(contenido)) + nombre)
    if tipo == FIN:
        return respuesta(s)
    estado, codigo, mensaje = respuesta(s)
    if estado != SIGUE:
        return estado, codigo, mensaje
    s.sendall(contenido + hashlib.sha256(contenido).digest())
    return respuesta(s)


texto, ruta = sys.argv[1], sys.argv[2]
with open(ruta, 'rb') as f:
    imagen = f.read()
s = socket.create_connection(('127.0.0.1', 3500))
s.sendall(b'TXIM\x01')
todo_bien = True
for tipo, nombre, contenido in [(TEXTO, b'', texto.encode()),
                                (IMAGEN, ruta.encode(), imagen),
                                (FIN, b'', b'')]:
    estado, codigo, mensaje = enviar(s, tipo, nombre, contenido)
    print('item %i: estado %i, código %i %s' % (tipo, estado, codigo, mensaje))
    todo_bien = todo_bien and estado == ACEPTADO
    if estado == FATAL:
        break
s.close()
sys.exit(0 if todo_bien else 1)
