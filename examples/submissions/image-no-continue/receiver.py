#!/usr/bin/env python3
# Receptor de texto e imágenes por un socket TCP (consigna 2.5.4), con el protocolo de
# docs/PROTOCOL.md, pero sin el CONTINUE: espera el contenido apenas lee el encabezado.
#   python3 receiver.py CARPETA
import hashlib
import os
import socket
import struct
import sys

TEXTO, IMAGEN, FIN = 1, 2, 3
SIGUE, ACEPTADO, RECHAZADO, FATAL = 0, 1, 2, 3
CARPETA = sys.argv[1] if len(sys.argv) > 1 else '.'


def leer_exacto(c, n):
    datos = b''
    while len(datos) < n:
        trozo = c.recv(min(n - len(datos), 65536))
        if not trozo:
            raise ConnectionError('el emisor cerró la conexión')
        datos += trozo
    return datos


def responder(c, estado, codigo, item, mensaje=''):
    texto = mensaje.encode()
    c.sendall(struct.pack('>BBIH', estado, codigo, item, len(texto)) + texto)


def atender(c):
    if leer_exacto(c, 5) != b'TXIM\x01':
        responder(c, FATAL, 1, 0, 'no es TXIM 1')
        return
    item = 0
    while True:
        item += 1
        tipo, largo_nombre, largo = struct.unpack('>BHQ', leer_exacto(c, 11))
        nombre = leer_exacto(c, largo_nombre).decode()
        if tipo == FIN:
            responder(c, ACEPTADO, 0, item)
            return
        if tipo == IMAGEN and ('/' in nombre or nombre.startswith('.')):
            responder(c, RECHAZADO, 6, item, 'nombre inválido')
            continue
        contenido = leer_exacto(c, largo)
        if leer_exacto(c, 32) != hashlib.sha256(contenido).digest():
            responder(c, RECHAZADO, 7, item, 'checksum')
            continue
        if tipo == TEXTO:
            print('Texto:', contenido.decode(), flush=True)
            responder(c, ACEPTADO, 0, item)
        else:
            with open(os.path.join(CARPETA, nombre), 'wb') as f:
                f.write(contenido)
            print('Imagen guardada:', nombre, flush=True)
            responder(c, ACEPTADO, 0, item, nombre)


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 3500))
s.listen(5)
while True:
    conexion, origen = s.accept()
    with conexion:
        try:
            atender(conexion)
        except ConnectionError as error:
            print('Conexión cortada:', error)
