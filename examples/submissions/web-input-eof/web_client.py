#!/usr/bin/env python3
# Cliente web de la guía 000 (MyClient): lee órdenes por la entrada estándar.
#   get URL [DEMORA]   espera DEMORA segundos, pide la página y guarda la respuesta
#   show               muestra todas las respuestas guardadas
import socket
import sys
import time
from urllib.parse import urlsplit


class MyClient:
    def __init__(self):
        self.respuestas = []

    def send_request(self, url, demora=0):
        time.sleep(demora)
        partes = urlsplit(url)
        puerto = partes.port or 80
        ruta = partes.path or '/'
        with socket.create_connection((partes.hostname, puerto), timeout=10) as sock:
            pedido = ('GET ' + ruta + ' HTTP/1.1\r\n'
                      'Host: ' + partes.hostname + ':' + str(puerto) + '\r\n'
                      'Connection: close\r\n\r\n')
            sock.sendall(pedido.encode('ascii'))
            datos = b''
            while True:
                trozo = sock.recv(4096)
                if not trozo:
                    break
                datos += trozo
        cabecera, _, cuerpo = datos.partition(b'\r\n\r\n')
        self.respuestas.append((url, cabecera.decode('iso-8859-1'), cuerpo))
        print(cabecera.decode('iso-8859-1').split('\r\n')[0])
        print(cuerpo.decode('utf-8', 'replace'))

    def print_requests(self):
        for numero, (url, cabecera, cuerpo) in enumerate(self.respuestas, 1):
            estado = cabecera.split('\r\n')[0].split(' ')[1]
            print('#' + str(numero), url, estado)
            print(cabecera)
            print()
            print(cuerpo.decode('utf-8', 'replace'))


if __name__ == '__main__':
    cliente = MyClient()
    while True:
        linea = input('> ')
        palabras = linea.split()
        if not palabras:
            continue
        if palabras[0] == 'get' and len(palabras) in (2, 3):
            demora = float(palabras[2]) if len(palabras) == 3 else 0
            try:
                cliente.send_request(palabras[1], demora)
            except OSError as error:
                print('no pude pedir', palabras[1] + ':', error)
        elif palabras[0] == 'show':
            cliente.print_requests()
        else:
            print('orden desconocida:', linea.strip())
