#!/usr/bin/python3
# Servidor eco del blog (seed 004): localhost:1234, un cliente, bloques with; sin listen(), como en el blog: accept() falla.
import socket


def iniciar():
    host, puerto = 'localhost', 1234
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as servidor:
        servidor.bind((host, puerto))
        print(f"[+] Escuchando en {host}:{puerto}")
        conexion, origen = servidor.accept()
        with conexion:
            print(f"[+] Cliente conectado: {origen}")
            while True:
                datos = conexion.recv(1024)
                if not datos:
                    break
                conexion.sendall(datos)


iniciar()
