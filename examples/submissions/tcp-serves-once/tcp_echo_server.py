# Echoes one client whole (receives until the client is done, replies with sendall) and then exits.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 3500))
s.listen(5)
cliente, direccion = s.accept()
while True:
    datos = cliente.recv(4096)
    if not datos:
        break
    cliente.sendall(datos)
cliente.close()
s.close()
