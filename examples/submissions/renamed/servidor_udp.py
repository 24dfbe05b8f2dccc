# A correct echo server under the name this course uses for it.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("localhost", 3500))
while True:
    datos, cliente = s.recvfrom(65535)
    s.sendto(datos, cliente)
