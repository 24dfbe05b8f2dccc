# A correct echo server, but bound to every address of the machine instead of 127.0.0.1.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 3500))
s.listen(5)
while True:
    cliente, direccion = s.accept()
    while True:
        datos = cliente.recv(4096)
        if not datos:
            break
        cliente.sendall(datos)
    cliente.close()
