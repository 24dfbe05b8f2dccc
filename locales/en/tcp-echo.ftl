# tcp-echo: the TCP echo server and client (guide §2).

tcp-echo-about = TCP echo server and client for the socket lab (guide §2)
tcp-echo-after-help =
    Examples:
      tcp-echo server --bind 127.0.0.1:3500 --mode threads
      tcp-echo client --to 127.0.0.1:3500 'Hola Mundo!'
      tcp-echo client --bytes 1G                       # bulk echo, verified, with MiB/s
      tcp-echo server --mode serial --backlog 1 --accept-delay 5000
      tcp-echo client --clients 5 --connect-timeout 500   # how many fit in the accept queue?
      tcp-echo server --transform upper                 # send QUIT to close the connection
tcp-echo-cmd-server = Echo what each client sends until it shuts down its side (or sends QUIT)
tcp-echo-cmd-client = Send a message, a pattern or a file, read the echo back and check it

## Options
tcp-echo-arg-server-bind = Address to listen on; port 0 picks a free port (the first line shows it)
tcp-echo-arg-server-backlog = listen() backlog, passed as given (§2.5.1); Linux caps it at net.core.somaxconn
tcp-echo-arg-server-accept-delay = Wait this long (milliseconds, or e.g. 2s) once a client is waiting, before each accept()
tcp-echo-arg-server-recv-size = Bytes asked for per recv() call (§2.5.3; at most 16MiB)
tcp-echo-arg-server-send-size = At most this many bytes per send() call; partial sends are completed (§2.5.2; at most 16MiB)
tcp-echo-arg-server-send-once = Bug reproduction: one send() per echo, ignoring how much it took (the rest is lost)
tcp-echo-arg-server-zero-copy = Echo with splice() through a pipe: the bytes never enter the program (plain echo with --no-quit, --mode serial or threads)
tcp-echo-arg-server-collect = Keep the echo back until this many bytes arrived (a message of known length, §2.5.2), then echo them unchanged: a client reads no reply before the server has its whole message, so what the server counts is what the client sent (at most 64MiB; --mode serial or threads)
tcp-echo-arg-server-hold-reads = Once a client's first bytes arrive, read nothing until none have arrived for this long (e.g. 300ms): the client's sends stop on a full window, so a send() that does not block returns with only part of a large message (§2.5.2) whatever the scheduling (--mode serial or threads)
tcp-echo-arg-server-mode = serial: one client at a time; threads: a thread per client; poll: one thread, poll()
tcp-echo-arg-server-transform = What to send back
tcp-echo-arg-server-no-quit = Treat a line `QUIT` as data instead of closing the connection (for arbitrary binary data)
tcp-echo-arg-server-exit-on-quit = Stop the server (exit 0) when a client sends QUIT
tcp-echo-arg-server-max-clients = Serve at most N clients at the same time (threads and poll); others wait in the accept queue
tcp-echo-arg-json = One JSON object per line instead of human output
tcp-echo-arg-client-to = Server address
tcp-echo-arg-client-message = Message to send (default: the guide's "Hola Mundo!")
tcp-echo-arg-client-bytes = Send this many bytes of a recognisable pattern (e.g. 100000, 64K, 1G; made as it is sent, at most 1TiB)
tcp-echo-arg-client-file = Send the contents of this file
tcp-echo-arg-client-send-size = At most this many bytes per send() call (at most 16MiB)
tcp-echo-arg-client-recv-size = Bytes asked for per recv() call (at most 16MiB)
tcp-echo-arg-client-send-once = Bug reproduction: the whole payload in one send(), ignoring how much it took
tcp-echo-arg-client-pause = Take turns like a person at an interactive client: after each --send-size chunk, wait for its echo, then this long (e.g. 5ms), then send the next. A serial server makes everyone else wait
tcp-echo-arg-client-expect = What the reply must be: the bytes sent (echo), upper-cased, vowels as digits, or anything
tcp-echo-arg-client-clients = Open this many connections at once and report each (§2.5.1)
tcp-echo-arg-client-connect-timeout = Give up on connect() after this long (milliseconds, or e.g. 2s)
tcp-echo-arg-client-timeout = Give up when a send or receive makes no progress for this long (e.g. 30s)
tcp-echo-arg-sndbuf = Ask for this SO_SNDBUF and report what the kernel granted (a server's accepted sockets inherit it; at most 1GiB)
tcp-echo-arg-rcvbuf = Ask for this SO_RCVBUF and report what the kernel granted (a server's accepted sockets inherit it; at most 1GiB)
tcp-echo-arg-mss = Ask for this TCP_MAXSEG, the largest segment, before connect() or listen() (88 to 65535, tcp(7)). On loopback (MTU 65536) small segments keep the peer's send buffer small, so that its large send() calls take only part of what they are given (§2.5.2)
tcp-echo-mode-serial = One client at a time, like the guide's server
tcp-echo-mode-threads = One thread per client
tcp-echo-mode-poll = One thread, poll() over non-blocking sockets
tcp-echo-transform-echo = Send every byte back unchanged (the guide's echo)
tcp-echo-transform-upper = Upper-case ASCII letters (seed 000's ServerDump)
tcp-echo-transform-vowels = Replace each ASCII vowel with a random digit (seed 000's exercise)

## Socket options and the listening socket
tcp-echo-cannot-set-sndbuf = cannot set SO_SNDBUF
tcp-echo-cannot-set-rcvbuf = cannot set SO_RCVBUF
tcp-echo-cannot-set-mss = cannot set TCP_MAXSEG
tcp-echo-backlog-capped = backlog { $requested } exceeds net.core.somaxconn = { $cap }: the kernel uses { $cap }
tcp-echo-cannot-create-socket = cannot create a TCP socket
tcp-echo-cannot-set-reuseaddr = cannot set SO_REUSEADDR
tcp-echo-cannot-bind = cannot bind tcp { $addr }
tcp-echo-cannot-listen = cannot listen on tcp { $addr }
tcp-echo-cannot-make-nonblocking = cannot make the listening socket non-blocking
tcp-echo-no-ip-address = the bound socket has no IP address

## Server
tcp-echo-signal-handlers = cannot install signal handlers
tcp-echo-zero-copy-transform = --zero-copy cannot apply --transform { $transform }: the bytes never enter the program
# $option: --zero-copy, --collect or --hold-reads.
tcp-echo-not-poll = { $option } works with --mode serial or threads, not poll
tcp-echo-connection = connection from { $peer }
tcp-echo-connection-error = connection from { $peer }: { $error }
tcp-echo-accept-failed = accept failed: { $error }
tcp-echo-poll-failed = poll failed
tcp-echo-splice-nothing = splice() moved nothing to the socket
tcp-echo-held = { $peer }: reading after a quiet spell, { $queued } bytes queued
# $dropped is tcp-echo-closed-dropped or nothing.
tcp-echo-closed = closed { $peer } ({ $reason }): { $bytes_in } bytes in { $recv_calls } recv() calls, { $bytes_out } bytes out in { $send_calls } send() calls, { $partial_sends } partial sends{ $dropped }
tcp-echo-closed-dropped = , { $dropped } bytes dropped by --send-once
tcp-echo-close-eof = eof
tcp-echo-close-quit = quit
tcp-echo-close-error = error
tcp-echo-close-shutdown = shutdown
tcp-echo-stopping = stopping ({ $reason }): { $connections } connections, { $bytes_in } bytes in { $recv_calls } recv() calls, { $bytes_out } bytes out in { $send_calls } send() calls, { $partial_sends } partial sends, { $quits } quits, { $errors } errors
tcp-echo-stop-signal = signal
tcp-echo-stop-quit = quit

## Client
tcp-echo-cannot-read = cannot read { $path }
tcp-echo-cannot-open = cannot open { $path }
tcp-echo-connection-refused = connection refused
tcp-echo-timed-out = timed out
tcp-echo-sent-got = sent { $sent } bytes, got { $back } back
tcp-echo-send-once-took = {" "}(--send-once: the single send() took only { $took } of { $bytes } bytes)
# $counts is tcp-echo-sent-got (with tcp-echo-send-once-took); $expected: echo, upper, vowels or any.
tcp-echo-differs-echo = { $counts }: the echo differs from what was sent at byte { $at } (expected { $expected }; for a server that transforms, pass --expect upper, vowels or any)
tcp-echo-differs = { $counts }: the echo differs from what was sent at byte { $at } (expected { $expected })
tcp-echo-cannot-share-socket = cannot share the socket with the sending thread
tcp-echo-no-data = no data from the server for { $timeout } (got { $back } bytes back)
tcp-echo-receive-failed = receive failed after { $back } bytes back: { $error }
tcp-echo-send-failed = send failed after { $sent } bytes: { $error }
tcp-echo-reset = the server reset the connection after { $back } bytes back
tcp-echo-refused-by = connection refused by { $to } (is the server running?)
tcp-echo-no-answer = no answer from { $to } within { $timeout }
tcp-echo-cannot-connect = cannot connect to { $to }
# $dropped is tcp-echo-never-sent or nothing; $verified is tcp-echo-verified or nothing.
tcp-echo-echo = sent { $bytes_out } bytes in { $send_calls } send() calls ({ $partial_sends } partial{ $dropped }), got { $bytes_in } back in { $recv_calls } recv() calls{ $verified } in { $seconds }s, { $rate } MiB/s
tcp-echo-never-sent = , { $dropped } bytes never sent (--send-once)
tcp-echo-verified = , echo verified,

## Several clients (--clients)
tcp-echo-clients = { $count } clients: { $first_try } connected at the first try, { $connected } within { $timeout }, { $echo_ok } got their echo
tcp-echo-not-connected = not connected
tcp-echo-not-connected-within = not connected within { $timeout }
tcp-echo-not-connected-because = not connected: { $reason }
tcp-echo-client-not-connected = client { $number }: { $problem }
tcp-echo-client-ok = client { $number }: connected in { $ms }ms, echo ok ({ $bytes } bytes)
tcp-echo-client-failed = client { $number }: connected in { $ms }ms, echo failed: { $problem }
