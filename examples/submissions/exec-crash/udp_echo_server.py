# Echoes, but crashes on /exec (a misspelt module), so it never reports any exit status.
import os
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 3500))
while True:
    datos, cliente = s.recvfrom(1024)
    texto = datos.decode()
    if texto.startswith("/exec "):
        estado = os.sytem(texto[6:])
        s.sendto(("exit status: %d" % estado).encode(), cliente)
        continue
    s.sendto(datos, cliente)
