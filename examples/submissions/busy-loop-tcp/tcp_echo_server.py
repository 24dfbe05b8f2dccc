# Accepts one client and then stays in its receive loop for ever: recv() on the closed connection
# returns b'' at once, so it spins and never calls accept() again. Its echo loop itself is right.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 3500))
s.listen(5)
cliente, direccion = s.accept()
while True:
    datos = cliente.recv(4096)
    if datos:
        cliente.sendall(datos)
    else:
        try:
            cliente.shutdown(socket.SHUT_WR)
        except OSError:
            pass
