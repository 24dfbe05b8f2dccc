#!/usr/bin/env python3
# Servidor que atiende a un cliente por vez (sin threads): un thread por cliente, paquetes
# tipados (1 = hora de un país, 2 = suma) y un buzón de mensajes guardado en buzon.json.
import json
import os
import socket
import threading
from datetime import datetime, timedelta, timezone

HOST = 'localhost'
PORT = 5000
CHUNK = 60
BUZON = 'buzon.json'

# Hora estándar de algunos países (sin horario de verano).
DIFERENCIAS = {'AR': -3, 'CL': -4, 'UY': -3, 'PE': -5, 'CO': -5, 'MX': -6, 'ES': 1, 'BR': -3}

candado = threading.Lock()


def recibir_exacto(sock, n):
    datos = bytearray()
    while len(datos) < n:
        parte = sock.recv(n - len(datos))
        if not parte:
            raise ConnectionResetError('el cliente se fue')
        datos += parte
    return bytes(datos)


def recibir(sock):
    largo = int.from_bytes(recibir_exacto(sock, 4), byteorder='big')
    cuerpo = recibir_exacto(sock, largo)
    try:
        return json.loads(cuerpo.rstrip(b'\x00'))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {'error': 'no se pudo decodificar el mensaje'}


def enviar(sock, mensaje):
    cuerpo = json.dumps(mensaje).encode('utf-8')
    while len(cuerpo) % CHUNK != 0:
        cuerpo += b'\x00'
    sock.sendall(len(cuerpo).to_bytes(4, byteorder='big') + cuerpo)


def leer_buzon():
    if not os.path.exists(BUZON):
        return []
    with open(BUZON) as f:
        return json.load(f)


def guardar_buzon(mensajes):
    temporal = f'{BUZON}.{threading.get_ident()}.tmp'
    with open(temporal, 'w') as f:
        json.dump(mensajes, f)
    os.replace(temporal, BUZON)


def manejar(mensaje):
    if not isinstance(mensaje, dict) or 'type' not in mensaje:
        return f'Respuesta asociada al mensaje {mensaje}'
    tipo = mensaje['type']
    if tipo == 1:
        pais = str(mensaje.get('data', '')).upper()
        if pais not in DIFERENCIAS:
            return dict(mensaje, error=f'país desconocido: {pais}')
        hora = datetime.now(timezone.utc) + timedelta(hours=DIFERENCIAS[pais])
        return dict(mensaje, response=hora.strftime('%H:%M:%S'))
    if tipo == 2:
        datos = mensaje.get('data')
        if not isinstance(datos, list) or not all(isinstance(x, (int, float)) for x in datos):
            return dict(mensaje, error='data debe ser una lista de números')
        return dict(mensaje, response=sum(datos))
    if tipo == 3:
        with candado:
            mensajes = leer_buzon()
            mensajes.append({'to': mensaje['to'], 'from': mensaje.get('from'), 'text': mensaje['text']})
            guardar_buzon(mensajes)
        return dict(mensaje, response='guardado')
    if tipo == 4:
        with candado:
            mensajes = leer_buzon()
            mios = [m for m in mensajes if m['to'] == mensaje['user']]
            guardar_buzon([m for m in mensajes if m['to'] != mensaje['user']])
        return dict(mensaje, response=mios)
    return dict(mensaje, error=f'tipo desconocido: {tipo}')


def escuchar_cliente(sock):
    with sock:
        try:
            while True:
                enviar(sock, manejar(recibir(sock)))
        except (ConnectionResetError, BrokenPipeError):
            pass


def main():
    servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    servidor.bind((HOST, PORT))
    servidor.listen()
    print(f'Servidor escuchando en {HOST}:{PORT}')
    while True:
        sock, direccion = servidor.accept()
        print(f'Cliente con dirección {direccion} se ha conectado al servidor')
        escuchar_cliente(sock)


if __name__ == '__main__':
    main()
