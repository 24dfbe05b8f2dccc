#!/usr/bin/env python3
# Switch de la LAN simulada (guía 000): reenvía paquetes según la IP destino y descarta todo lo que va
# al host 3. Un datagrama UDP = un objeto JSON.
import json
import socket

DIRECCION = ('127.0.0.1', 4000)
BLOQUEADA = '192.168.0.3'


class Switch:
    def __init__(self, nombre):
        self.nombre = nombre
        self.tabla = {}        # ip simulada -> (nombre, dirección UDP)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(DIRECCION)

    def enviar(self, destino, mensaje):
        self.sock.sendto(json.dumps(mensaje).encode(), destino)

    def error(self, destino, motivo):
        print('rechazado:', motivo)
        self.enviar(destino, {'type': 'error', 'reason': motivo})

    def registrar(self, origen, mensaje):
        ip = mensaje.get('addr')
        if ip in self.tabla:
            return self.error(origen, ip + ' ya está registrada')
        otros = sorted(self.tabla)
        for _, direccion in self.tabla.values():
            self.enviar(direccion, {'type': 'joined', 'name': mensaje['name'], 'addr': ip})
        self.tabla[ip] = (mensaje['name'], origen)
        print('registrado', mensaje['name'], ip)
        self.enviar(origen, {'type': 'registered', 'addr': ip, 'hosts': otros})

    def salir(self, origen):
        for ip, (nombre, direccion) in list(self.tabla.items()):
            if direccion == origen:
                del self.tabla[ip]
                aviso = {'type': 'left', 'name': nombre, 'addr': ip}
                for _, otro in self.tabla.values():
                    self.enviar(otro, aviso)
                self.enviar(origen, aviso)

    def paquete(self, origen, datos, mensaje):
        destino = mensaje.get('dst')
        if not self.permitido(destino):
            print('descartado un paquete para', destino)
            return
        if destino not in self.tabla:
            return self.error(origen, 'nadie tiene la dirección ' + str(destino))
        self.sock.sendto(datos, self.tabla[destino][1])

    def permitido(self, destino):
        return True

    def atender(self):
        while True:
            datos, origen = self.sock.recvfrom(8193)
            mensaje = json.loads(datos.decode())
            tipo = mensaje['type']
            if tipo == 'register':
                self.registrar(origen, mensaje)
            elif tipo == 'leave':
                self.salir(origen)
            elif tipo == 'packet':
                self.paquete(origen, datos, mensaje)
            elif tipo != 'error':
                self.error(origen, 'tipo desconocido: ' + str(tipo))


class SwitchFiltro(Switch):
    """El switch de la guía que descarta todos los paquetes para el host 3."""

    def permitido(self, destino):
        return destino != BLOQUEADA


if __name__ == '__main__':
    SwitchFiltro('Mi router').atender()
