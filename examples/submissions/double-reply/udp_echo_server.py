# Sends every reply twice (once "to be sure"): each client gets a stray second datagram.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 3500))
while True:
    datos, cliente = s.recvfrom(1024)
    s.sendto(datos, cliente)
    s.sendto(datos, cliente)
