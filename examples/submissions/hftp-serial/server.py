#!/usr/bin/env python3
# Servidor HFTP que atiende un cliente por vez
import base64
import optparse
import os
import socket
import sys
import threading

EOL = b'\r\n'
MENSAJES = {0: 'OK', 100: 'BAD EOL', 101: 'BAD REQUEST', 199: 'INTERNAL SERVER ERROR',
            200: 'NO SUCH COMMAND', 201: 'INVALID ARGUMENTS FOR COMMAND', 202: 'FILE NOT FOUND',
            203: 'OFFSET EXCEEDS FILE SIZE'}
VALIDOS = set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_')
MAXIMO = 8 * 2 ** 20


class Conexion:
    def __init__(self, sock, directorio):
        self.sock = sock
        self.directorio = directorio
        self.buffer = b''
        self.viva = True

    def estado(self, codigo):
        self.sock.sendall(f'{codigo} {MENSAJES[codigo]}'.encode('ascii') + EOL)
        if 100 <= codigo < 200:
            self.viva = False

    def ruta(self, nombre):
        if not nombre or nombre in ('.', '..') or not set(nombre) <= VALIDOS:
            return None
        ruta = os.path.join(self.directorio, nombre)
        return ruta if os.path.isfile(ruta) and not os.path.islink(ruta) else None

    def listar(self, args):
        if args:
            return self.estado(201)
        self.estado(0)
        for nombre in sorted(os.listdir(self.directorio)):
            if self.ruta(nombre):
                self.sock.sendall(nombre.encode('ascii') + EOL)
        self.sock.sendall(EOL)

    def metadata(self, args):
        if len(args) != 1:
            return self.estado(201)
        ruta = self.ruta(args[0])
        if ruta is None:
            return self.estado(202)
        self.estado(0)
        self.sock.sendall(str(os.path.getsize(ruta)).encode('ascii') + EOL)

    def slice(self, args):
        if len(args) != 3 or not args[1].isdigit() or not args[2].isdigit():
            return self.estado(201)
        ruta = self.ruta(args[0])
        if ruta is None:
            return self.estado(202)
        desde, cuanto = int(args[1]), int(args[2])
        if desde + cuanto > os.path.getsize(ruta):
            return self.estado(203)
        with open(ruta, 'rb') as f:
            f.seek(desde)
            datos = f.read(cuanto)
        self.estado(0)
        self.sock.sendall(base64.b64encode(datos) + EOL)

    def salir(self, args):
        if args:
            return self.estado(201)
        self.estado(0)
        self.viva = False

    def atender(self, linea):
        try:
            texto = linea.decode('ascii')
        except UnicodeDecodeError:
            return self.estado(101)
        comando, *args = texto.split(' ')
        acciones = {'get_file_listing': self.listar, 'get_metadata': self.metadata,
                    'get_slice': self.slice, 'quit': self.salir}
        if comando not in acciones:
            return self.estado(200)
        acciones[comando](args)

    def manejar(self):
        try:
            while self.viva:
                while EOL not in self.buffer:
                    if b'\n' in self.buffer:
                        return self.estado(100)
                    if len(self.buffer) > MAXIMO:
                        return self.estado(101)
                    datos = self.sock.recv(65536)
                    if not datos:
                        return
                    self.buffer += datos
                linea, self.buffer = self.buffer.split(EOL, 1)
                if b'\n' in linea:
                    return self.estado(100)
                self.atender(linea)
        except OSError as error:
            print(f'Error con el cliente: {error}')
        finally:
            self.sock.close()


def main():
    parser = optparse.OptionParser()
    parser.add_option('-p', '--port', type='int', default=19500)
    parser.add_option('-a', '--address', default='localhost')
    parser.add_option('-d', '--datadir', default='testdata')
    opciones, _ = parser.parse_args()
    servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    servidor.bind((opciones.address, opciones.port))
    servidor.listen(5)
    print(f'Running File Server on port {opciones.port}.')
    while True:
        try:
            sock, direccion = servidor.accept()
        except socket.timeout:
            continue
        print(f'Connected by: {direccion}')
        Conexion(sock, opciones.datadir).manejar()


if __name__ == '__main__':
    sys.exit(main())
