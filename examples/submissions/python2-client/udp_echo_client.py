# A client written for Python 2: print is a statement there, a SyntaxError in Python 3.
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(sys.argv[1], ("localhost", 3500))
respuesta, servidor = s.recvfrom(1024)
print "-->", respuesta
