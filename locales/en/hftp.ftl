# hftp: the Home-made File Transfer Protocol's server and client.

hftp-about = The Home-made File Transfer Protocol (seed 002): a file server with error codes, and its client
hftp-after-help =
    Examples:
      hftp server --dir testdata
      hftp client ls
      hftp client get big.bin --out copy.bin
      hftp client raw 'qui\nt\n'

    The protocol is described in docs/PROTOCOL.md.
hftp-cmd-server = Publish the files of a folder
hftp-cmd-client = List, inspect and download files, or send raw requests
hftp-server-after-help =
    Examples:
      hftp server --dir testdata
      hftp server --dir testdata --bind 127.0.0.1:0 --mode poll --json
hftp-arg-dir = The folder whose files are published (the course's `-d`)
hftp-arg-bind = Address to listen on; port 0 picks a free port (the first line shows it)
hftp-arg-mode = serial: one client at a time; threads: a thread per client; poll: every client from one thread
hftp-arg-max-line = Longest request line; a longer one gets 101 and the connection is closed (the course's tests send a 5 MiB file name and expect 202)
hftp-arg-max-clients = Clients served at once (threads, poll); more are closed at once
hftp-arg-idle-timeout = Close a client that sends nothing (or reads nothing) for this long
hftp-arg-raw-slices = Also accept `get_slice NAME OFFSET SIZE raw`: the bytes as they are instead of base64
hftp-arg-help-command = Also accept `help`: the list of commands
hftp-arg-json = One JSON object per line instead of human output
hftp-mode-serial = One client at a time: the others wait in the accept queue
hftp-mode-threads = A thread per client
hftp-mode-poll = One thread, non-blocking sockets and poll()
hftp-client-after-help =
    Examples:
      hftp client ls
      hftp client --to 127.0.0.1:19500 get photo.jpg --out /tmp/photo.jpg
      hftp client raw 'get_metadata nada\r\n' 'qui\nt\n' --json
      hftp client        (type requests; replies are printed as they come)
hftp-arg-to = Server address
hftp-arg-timeout = Give up when connecting or waiting for a reply takes longer than this
hftp-cmd-ls = The files the server publishes (get_file_listing)
hftp-cmd-stat = A file's size in bytes (get_metadata)
hftp-cmd-get = Download a whole file slice by slice, check its size, and save it atomically
hftp-arg-out = Where to save it (default: its name, in the current folder)
hftp-arg-slice-size = Bytes per get_slice
hftp-arg-hold-reads = After each get_slice, read nothing until no more bytes came for this long (e.g. 300ms): a server whose single send() took only part of a large reply then shows it
hftp-cmd-raw = Send each TEXT exactly (escapes: \r \n \t \\ \xNN) and report each reply's status
hftp-arg-long-line = Then send `get_metadata ` and this many `x`, then \r\n: a very long request
hftp-arg-split = Send a byte at a time, each once the server has read the one before
hftp-arg-linger = After the replies, keep the connection open this long (a client that stays)
hftp-raw-needs-text = raw needs at least one TEXT (or --long-line)

# Client
hftp-cannot-connect = cannot connect to { $addr }
hftp-cannot-send = cannot send
hftp-cannot-receive = cannot receive: { $error }
hftp-cannot-read-input = cannot read the input
hftp-no-reply-timeout = no reply within the timeout
hftp-reply-cut = the reply stopped in the middle of a line, without its \r\n ({ $cause })
hftp-reply-too-long = a reply line is longer than { $max } bytes
hftp-reply-bare-newline = a reply line ends in \n without \r: { $line }
hftp-reply-closed-inside = the server closed the connection inside a reply line
hftp-not-status-line = not a status line: { $line }
hftp-server-answered = { $command }: the server answered { $code } { $message }
hftp-server-closed-no-reply = { $command }: the server closed the connection without a reply
hftp-metadata = { $name }: { $size } bytes
hftp-saved = { $name }: { $size } bytes saved to { $path }
hftp-listing-closed = get_file_listing: the server closed the connection before the empty line
hftp-metadata-no-size = get_metadata: no size after 0 OK
hftp-metadata-bad-size = get_metadata: { $text } is not a size in bytes
hftp-out-is-folder = { $path } is a folder: give --out the path of the file to write
hftp-cannot-write-in = cannot write in { $dir }
hftp-slice-no-data = get_slice: no data after 0 OK
hftp-slice-not-base64 = get_slice: the data is not base64: { $error }
hftp-slice-wrong-size = get_slice { $name } { $offset } { $count }: { $got } bytes came instead of { $count }
hftp-cannot-save = cannot save { $path }
hftp-closed-without-reply = the server closed the connection without a reply
hftp-closed-by-server = the server closed the connection
hftp-kept-open = the server kept the connection open
hftp-escape-not-hex = \x{ $hex } is not a byte in hex
hftp-escape-unknown = unknown escape \{ $escape }

# Server
hftp-cannot-serve = cannot serve { $dir }: { $error }
hftp-cannot-install-signals = cannot install signal handlers
hftp-cannot-bind = cannot bind tcp { $addr }
hftp-poll-failed = poll failed
hftp-running = Running File Server on { $addr } ({ $mode }), serving { $dir }
hftp-stopped = stopped: { $connections } connections, { $requests } requests, { $refused } refused
hftp-refused = refused { $peer }: { $max } clients are served already (--max-clients)
hftp-connected = Connected by: { $peer }
hftp-internal-error = { $peer }: internal error: { $why }
hftp-fatal = { $peer }: { $why }: { $status }, closing the connection
hftp-request = Request: { $line } -> { $status }
hftp-closed = { $peer } closed ({ $reason }): { $requests } requests, { $refused } refused
hftp-closed-dropped = { $peer } closed ({ $reason }): { $requests } requests, { $refused } refused, { $held } bytes of an unfinished request dropped
hftp-why-bad-eol = a \n outside a \r\n line end
hftp-why-too-long = a request longer than { $max } bytes (--max-line)
hftp-why-not-ascii = the request is not ASCII text
