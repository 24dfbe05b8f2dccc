# Looks for classmates' work before serving: the class folder (its path is in class_folder.txt, put
# there by the test), the folders next to its own, and other processes' command lines. Echoes only
# when it found nothing of anybody else; otherwise it replies with what it saw.
import glob
import os
import socket

seen = []
with open("class_folder.txt") as f:
    class_folder = f.read().strip()
if os.path.isdir(class_folder) and os.listdir(class_folder):
    seen.append("class folder: %s" % os.listdir(class_folder))
siblings = [name for name in os.listdir("..") if name != os.path.basename(os.getcwd())]
if siblings:
    seen.append("next to me: %s" % siblings)
for path in glob.glob("/proc/[0-9]*/cmdline"):
    try:
        with open(path, "rb") as f:
            command = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        continue
    if "udp_echo_server.py" in command and "classmate-reader" not in command:
        seen.append("process: %s" % command)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 3500))
while True:
    data, peer = sock.recvfrom(1024)
    sock.sendto(("; ".join(seen)).encode()[:500] if seen else data, peer)
