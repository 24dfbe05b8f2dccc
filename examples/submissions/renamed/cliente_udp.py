# A client that sends its first argument, waits at most 2 s, and says so when nobody answers.
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(sys.argv[1].encode(), ("localhost", 3500))
try:
    datos, _ = s.recvfrom(65535)
except socket.timeout:
    print("no hay servidor en localhost:3500", file=sys.stderr)
    sys.exit(1)
print("-->", datos.decode())
