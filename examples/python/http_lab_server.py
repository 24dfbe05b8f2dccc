#!/usr/bin/env python3
"""The web server of the HTTP labs: Python's own http.server (SimpleHTTPRequestHandler) serving one
folder, configured for what the labs look at. The server is Python's; this file only sets it up.

    python3 examples/python/http_lab_server.py --bind 127.0.0.1 --port 8000 --dir site
    python3 examples/python/http_lab_server.py --port 0 --dir site --http11 --chunked --json-log
    python3 examples/python/http_lab_server.py --port 8443 --dir site --tls-cert cert.pem --tls-key key.pem

--http11          answer in HTTP/1.1 (Python's default is HTTP/1.0, which closes after each response)
--close-delimited (HTTP/1.0 only) send files without Content-Length: the body ends when the server closes
--chunked         (HTTP/1.1 only) send files with Transfer-Encoding: chunked, in several chunks
--tls-cert/--tls-key  serve HTTPS with this certificate chain and key (PEM)
--json-log        stdout is JSON lines: {"event":"listening","port":N,...} first, then one
                  {"event":"request","method","path","version","headers","t"} per request (t: monotonic seconds)

Without --json-log the first line is `listening on tcp HOST:PORT`. Port 0 picks a free port; the
first line shows the real one. SIGTERM and SIGINT stop the server cleanly (exit status 0).
"""
import argparse
import http.server
import json
import signal
import socket
import ssl
import sys
import threading
import time

# Chunk sizes used in turn for --chunked: several chunks even for a small file, of varied sizes.
CHUNK_SIZES = (1, 10, 100, 1000, 8192)

print_lock = threading.Lock()


def emit(line):
    with print_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class LabHandler(http.server.SimpleHTTPRequestHandler):
    # Set from the command line in main().
    json_log = False
    chunked = False
    close_delimited = False

    def log_message(self, format, *args):
        if not self.json_log:
            super().log_message(format, *args)

    def log_request_event(self):
        if self.json_log:
            emit(json.dumps({
                "event": "request",
                "method": self.command,
                "path": self.path,
                "version": self.request_version,
                "headers": {name: value for name, value in self.headers.items()},
                "t": time.monotonic(),
            }))

    # A client that stops talking is dropped after this many seconds.
    timeout = 60

    def handle(self):
        if isinstance(self.connection, ssl.SSLSocket):
            try:
                self.connection.do_handshake()
            except (ssl.SSLError, OSError) as err:
                if self.json_log:
                    emit(json.dumps({"event": "tls_error", "message": str(err)}))
                else:
                    sys.stderr.write(f"TLS handshake with {self.client_address[0]} failed: {err}\n")
                return
        super().handle()

    def do_GET(self):
        self.log_request_event()
        self.reframing = True
        self.sending_chunks = False
        super().do_GET()

    def do_HEAD(self):
        self.log_request_event()
        self.reframing = False
        self.sending_chunks = False
        super().do_HEAD()

    def send_response(self, code, message=None):
        # Only a 200 with a file or listing body is reframed; errors and redirects keep Content-Length.
        if code != 200:
            self.reframing = False
        super().send_response(code, message)

    def send_header(self, keyword, value):
        if keyword.lower() == "content-length" and getattr(self, "reframing", False):
            if self.chunked and self.request_version == "HTTP/1.1" and self.protocol_version == "HTTP/1.1":
                self.sending_chunks = True
                super().send_header("Transfer-Encoding", "chunked")
                return
            if self.close_delimited and self.protocol_version == "HTTP/1.0":
                self.close_connection = True
                return
        super().send_header(keyword, value)

    def copyfile(self, source, outputfile):
        if not getattr(self, "sending_chunks", False):
            return super().copyfile(source, outputfile)
        turn = 0
        while True:
            data = source.read(CHUNK_SIZES[turn % len(CHUNK_SIZES)])
            turn += 1
            if not data:
                break
            outputfile.write(b"%x\r\n" % len(data) + data + b"\r\n")
        outputfile.write(b"0\r\n\r\n")
        outputfile.flush()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    tls_context = None

    def get_request(self):
        conn, addr = super().get_request()
        if self.tls_context is not None:
            # The handshake happens on the handler's thread, at its first read: a client that never
            # speaks TLS cannot hold up the accept loop.
            conn = self.tls_context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
        return conn, addr


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bind", default="127.0.0.1", metavar="HOST")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--dir", default=".", metavar="DIR")
    parser.add_argument("--http11", action="store_true", help="answer in HTTP/1.1")
    parser.add_argument("--chunked", action="store_true", help="(with --http11) chunked file bodies")
    parser.add_argument("--close-delimited", action="store_true",
                        help="(HTTP/1.0) file bodies without Content-Length, ended by the close")
    parser.add_argument("--tls-cert", metavar="PEM")
    parser.add_argument("--tls-key", metavar="PEM")
    parser.add_argument("--json-log", action="store_true", help="JSON lines on stdout")
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if args.chunked and not args.http11:
        parser.error("--chunked needs --http11 (HTTP/1.0 has no chunked coding)")
    if args.close_delimited and args.http11:
        parser.error("--close-delimited is for HTTP/1.0 (leave out --http11)")
    return args


def main():
    args = parse_args()
    LabHandler.protocol_version = "HTTP/1.1" if args.http11 else "HTTP/1.0"
    LabHandler.json_log = args.json_log
    LabHandler.chunked = args.chunked
    LabHandler.close_delimited = args.close_delimited

    def handler(*handler_args, **kwargs):
        return LabHandler(*handler_args, directory=args.dir, **kwargs)

    Server.address_family = socket.AF_INET6 if ":" in args.bind else socket.AF_INET
    try:
        server = Server((args.bind, args.port), handler)
    except OSError as err:
        sys.exit(f"error: cannot listen on {args.bind}:{args.port}: {err.strerror}")
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        try:
            context.load_cert_chain(args.tls_cert, args.tls_key)
        except (OSError, ssl.SSLError) as err:
            sys.exit(f"error: cannot load the certificate or key: {err}")
        server.tls_context = context

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    host, port = server.server_address[:2]
    shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if args.json_log:
        scheme = "https" if args.tls_cert else "http"
        emit(json.dumps({"event": "listening", "port": port, "addr": shown, "scheme": scheme}))
    else:
        emit(f"listening on tcp {shown}")
    try:
        server.serve_forever()
    except SystemExit:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
