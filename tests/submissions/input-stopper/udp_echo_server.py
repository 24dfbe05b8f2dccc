# The server loop runs on a thread; the main thread waits for Enter on the keyboard to stop, a common
# way students end their servers.
import socket
import threading

def serve():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 3500))
    print("servidor listo, Enter para salir")
    while True:
        data, peer = sock.recvfrom(1024)
        sock.sendto(data, peer)

threading.Thread(target=serve, daemon=True).start()
input()
print("chau")
