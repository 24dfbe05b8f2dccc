# An echo server that reads its settings from config.json next to it, by a relative path, as a
# student runs it from its own folder.
import json
import socket

with open("config.json") as f:
    config = json.load(f)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((config["host"], config["port"]))
print("listening with", config)
while True:
    data, peer = sock.recvfrom(config["buffer"])
    sock.sendto(data, peer)
