#!/usr/bin/python3
# Cliente eco del blog (seed 004): envía un saludo a localhost:1234 y muestra la respuesta.
import socket


def iniciar():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect(('localhost', 1234))
        s.sendall(b"Buenas, servidor")
        datos = s.recv(1024)
    print(f"[+] Respuesta del servidor: {datos.decode()}")


iniciar()
