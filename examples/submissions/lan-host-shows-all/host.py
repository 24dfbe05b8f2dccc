#!/usr/bin/env python3
# Host de la LAN simulada (guía 000): python3 host.py NOMBRE IP
import json
import socket
import sys
import threading

SWITCH = ('127.0.0.1', 4000)
PROHIBIDAS = ['isis', 'terrorismo', 'bomba']


class Host:
    def __init__(self, nombre, ip):
        self.nombre = nombre
        self.ip = ip
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.connect(SWITCH)

    def registrar(self):
        self.sock.send(json.dumps({'type': 'register', 'name': self.nombre, 'addr': self.ip}).encode())
        respuesta = json.loads(self.sock.recv(8193).decode())
        if respuesta['type'] != 'registered':
            sys.exit('el switch no me acepta: ' + respuesta.get('reason', '?'))
        print('registrado como', self.ip, flush=True)

    def enviar(self, destino, texto):
        palabras = texto.lower().split()
        peligro = any(p in palabras for p in PROHIBIDAS)
        paquete = {'type': 'packet', 'kind': 'personal', 'src': self.ip, 'dst': destino,
                   'data': texto, 'broken': not isinstance(texto, str), 'danger': peligro}
        self.sock.send(json.dumps(paquete).encode())

    def recibir(self):
        while True:
            mensaje = json.loads(self.sock.recv(8193).decode())
            if mensaje.get('type') != 'packet':
                continue
            print('Paquete de', mensaje['src'] + ':', mensaje['data'], flush=True)


if __name__ == '__main__':
    host = Host(sys.argv[1], sys.argv[2])
    host.registrar()
    threading.Thread(target=host.recibir, daemon=True).start()
    for linea in sys.stdin:
        partes = linea.split(maxsplit=1)
        if len(partes) == 2:
            host.enviar(partes[0], partes[1].strip())
