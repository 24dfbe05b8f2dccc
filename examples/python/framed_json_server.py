#!/usr/bin/env python3
"""A server in the style of seed 001's final example, in plain Python 3: a thread accepts clients,
a thread per client reads framed JSON messages and answers each one.

    python3 examples/python/framed_json_server.py [PORT]      (default 5000; 0 picks a free port)

A message is a 4-byte big-endian length, then the JSON text padded with NUL bytes to a multiple of
60 (docs/PROTOCOL.md). Unlike the seed, the length and the body are read exactly (a loop until all
bytes are there), so messages that arrive in pieces, or back to back, are cut where they end.
"""
import json
import socket
import sys
import threading

CHUNK = 60


class Server:
    def __init__(self, host, port):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, port))
        self.listener.listen()
        host, port = self.listener.getsockname()
        print(f"Servidor escuchando en {host}:{port}", flush=True)

    def accept_clients(self):
        while True:
            client, address = self.listener.accept()
            print(f"Cliente con dirección {address} se ha conectado al servidor", flush=True)
            threading.Thread(target=self.serve_client, args=(client,), daemon=True).start()

    def serve_client(self, client):
        with client:
            try:
                while True:
                    message = self.receive(client)
                    if message is None:
                        return
                    reply = self.handle(message)
                    print(f"Enviando respuesta: {reply}", flush=True)
                    self.send(reply, client)
            except (ConnectionError, OSError):
                print("Error de conexión con el cliente", flush=True)

    @staticmethod
    def receive_exactly(client, count):
        data = bytearray()
        while len(data) < count:
            piece = client.recv(count - len(data))
            if not piece:
                return None
            data += piece
        return bytes(data)

    def receive(self, client):
        header = self.receive_exactly(client, 4)
        if header is None:
            return None
        length = int.from_bytes(header, byteorder="big")
        body = self.receive_exactly(client, length)
        if body is None:
            return None
        try:
            return json.loads(body.rstrip(b"\x00"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            print("No se pudo decodificar el mensaje", flush=True)
            return ""

    @staticmethod
    def send(message, client):
        body = json.dumps(message).encode("utf-8")
        body += b"\x00" * (-len(body) % CHUNK)
        client.sendall(len(body).to_bytes(4, byteorder="big") + body)

    @staticmethod
    def handle(message):
        return f"Respuesta asociada al mensaje {message}"


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    server = Server("127.0.0.1", port)
    try:
        server.accept_clients()
    except KeyboardInterrupt:
        pass
