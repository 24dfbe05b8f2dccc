#!/usr/bin/env python3
"""A client in the style of seed 001's final example, in plain Python 3: each line typed is sent as a
framed JSON string, and a listener thread prints every message that arrives.

    python3 examples/python/framed_json_client.py [HOST] [PORT]      (default localhost 5000)

At the end of the input it waits (up to 10 s) for the replies still due, then exits.
"""
import json
import socket
import sys
import threading

CHUNK = 60


class Client:
    def __init__(self, host, port):
        self.socket = socket.create_connection((host, port))
        self.replies = threading.Semaphore(0)
        threading.Thread(target=self.listen, daemon=True).start()

    def receive_exactly(self, count):
        data = bytearray()
        while len(data) < count:
            piece = self.socket.recv(count - len(data))
            if not piece:
                raise ConnectionError("the server closed the connection")
            data += piece
        return bytes(data)

    def listen(self):
        try:
            while True:
                length = int.from_bytes(self.receive_exactly(4), byteorder="big")
                message = json.loads(self.receive_exactly(length).rstrip(b"\x00"))
                print(f"Mensaje recibido: {message}", flush=True)
                self.replies.release()
        except (ConnectionError, OSError):
            print("Error de conexión con el servidor", flush=True)

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        body += b"\x00" * (-len(body) % CHUNK)
        self.socket.sendall(len(body).to_bytes(4, byteorder="big") + body)

    def run(self):
        sent = 0
        for line in sys.stdin:
            message = line.rstrip("\n")
            print(f"Enviando mensaje: {message}", flush=True)
            self.send(message)
            sent += 1
        for _ in range(sent):
            if not self.replies.acquire(timeout=10):
                sys.exit("error: a reply did not come within 10 s")
        self.socket.close()


if __name__ == "__main__":
    host = sys.argv[1] if len(sys.argv) > 1 else "localhost"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    Client(host, port).run()
