#!/usr/bin/env python3
# Servidor eco TCP con un hilo por cliente: listen(1), pero acepta en cuanto llega cada conexión,
# así que la cola nunca se llena.
import socket
import threading

HOST = '127.0.0.1'
PORT = 3500


def atender(conexion, origen):
    with conexion:
        while True:
            datos = conexion.recv(1024)
            if not datos:
                break
            conexion.sendall(datos)
    print('Fin de', origen)


servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
servidor.bind((HOST, PORT))
servidor.listen(1)
while True:
    conexion, origen = servidor.accept()
    threading.Thread(target=atender, args=(conexion, origen), daemon=True).start()
