# Echoes only if its environment is the one a terminal gives: a HOME, a UTF-8 locale, unbuffered
# Python, and nothing of the grader's own (the test sets SOCKLAB_TEST_SECRET for socklab itself).
import os
import socket

problems = []
if "SOCKLAB_TEST_SECRET" in os.environ:
    problems.append("the grader's environment leaked")
if not os.environ.get("HOME"):
    problems.append("no HOME")
if os.environ.get("LANG") != "C.UTF-8":
    problems.append("LANG is %r" % os.environ.get("LANG"))
if os.environ.get("PYTHONUNBUFFERED") != "1":
    problems.append("output is buffered")

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 3500))
while True:
    data, peer = sock.recvfrom(1024)
    sock.sendto(("; ".join(problems)).encode() if problems else data, peer)
