# framed-json: JSON messages with a length prefix over TCP, its server and client.

framed-json-about = JSON messages with a length prefix over TCP: answers, typed requests and a mailbox (seeds 001 and 000)
framed-json-after-help =
    Examples:
      framed-json server --bind 127.0.0.1:5000 --store mailbox.json
      framed-json client --to 127.0.0.1:5000 --send hola
      framed-json client --request '{"{"}"type": 1, "data": "AR"{"}"}'
      framed-json client --mailbox send ana "nos vemos a las 5" --from beto
      framed-json client --mailbox poll ana

    The wire format is described in docs/PROTOCOL.md.
framed-json-cmd-server = Answer every message; serve typed requests and the mailbox
framed-json-cmd-client = Send messages and print the replies (scripted with --send/--request/--mailbox, or typed lines)
framed-json-arg-chunk = Pad each JSON text with NUL bytes to a multiple of this many bytes (1 to 65536)
framed-json-arg-byte-order = Byte order of the 4-byte prefix
framed-json-arg-prefix = What the prefix counts: the body's bytes, or its chunks (seed 001's first example)
framed-json-arg-max-frame = Largest body accepted, checked from the prefix before reading it (at most 64MiB)
framed-json-arg-lenient = Accept bodies whose length is not a multiple of --chunk
framed-json-max-frame-below-chunk = --max-frame { $max_frame } is smaller than one chunk (--chunk { $chunk }): every frame would be refused
framed-json-server-after-help =
    Examples:
      framed-json server
      framed-json server --bind 127.0.0.1:0 --mode poll --store mailbox.json --json
framed-json-arg-bind = Address to listen on; port 0 picks a free port (the first line shows it)
framed-json-arg-mode = threads: a thread per client (seed 001); poll: every client from one thread
framed-json-arg-store = Keep the mailbox in this JSON file (saved atomically after every change); memory only if not given
framed-json-arg-max-stored = Most messages the mailbox holds at once; more are refused until some are polled
framed-json-arg-max-clients = Clients served at once; one more gets an error reply and is closed
framed-json-arg-idle-timeout = Close a client that sends nothing for this long
framed-json-arg-quiet = No line per message (connections, refused requests, errors and totals are still reported): for load tests
framed-json-arg-json = One JSON object per line instead of human output
framed-json-mode-threads = A thread per client, blocking reads of exactly the frame's bytes (seed 001)
framed-json-mode-poll = One thread, non-blocking sockets and poll()
framed-json-client-after-help =
    Examples:
      framed-json client --send hola --send chao
      framed-json client --request '{"{"}"type": 2, "data": [1, 2.5, 3]{"}"}'
      framed-json client --mailbox send ana hola --from beto
      framed-json client --send uno --send dos --cut-after 2 --json
      framed-json client            (type lines; each is sent as a JSON string)
framed-json-arg-to = Server address
framed-json-arg-send = Send this text as a JSON string (repeatable; messages go in command-line order)
framed-json-arg-request = Send this JSON value as it is, e.g. '{"{"}"type": 2, "data": [1, 2]{"}"}' (repeatable)
framed-json-arg-mailbox = A mailbox request: `send TO TEXT` or `poll USER` (repeatable)
framed-json-arg-from = The sender named in `--mailbox send` requests
framed-json-arg-pipeline = Write every frame back to back in one write, then read the replies
framed-json-arg-cut-after = Cut the stream of frames after this byte and send the rest once the server has read what came before (repeatable); e.g. 2 splits the first length prefix
framed-json-arg-clients = Open this many connections first, then send every message on each at once; `{"{"}client{"}"}` in a text becomes the connection's number (1 to N)
framed-json-arg-count = Send the messages this many times on each connection and print only a summary (a load test)
framed-json-arg-timeout = Give up when connecting, sending or waiting for a reply takes longer than this
framed-json-arg-raw-json = Interactive: each typed line is JSON to send as it is (instead of a string)
framed-json-arg-linger = After the last reply, keep the connection open this long before closing it (a client that stays, while others must be served)
framed-json-not-json = not JSON: { $error }
framed-json-mailbox-send-args = --mailbox send takes a recipient and a text: --mailbox send TO TEXT
framed-json-mailbox-poll-args = --mailbox poll takes one user name: --mailbox poll USER
framed-json-mailbox-bad-action = --mailbox { $action }: the action is send or poll
framed-json-mailbox-no-action = --mailbox needs an action: send or poll
framed-json-pipeline-needs-messages = --pipeline and --cut-after need messages: give --send, --request or --mailbox

# Client
framed-json-client-number = client { $number }
framed-json-thread-failed = a client thread failed
framed-json-clients-failed = { $failed } of { $clients } clients failed; the first: { $first }
framed-json-summary = { $requests } requests answered in { $seconds }s: { $rate } per second
framed-json-cannot-connect = cannot connect to { $addr }
framed-json-refused-requests = the server refused { $refused } of { $requests } requests (see the "error" of each reply)
framed-json-cannot-send = cannot send
framed-json-reply-failed = reply { $index }: { $why }
framed-json-piece-read = sent bytes { $from }..{ $to }; the server read them
framed-json-piece-unread = sent bytes { $from }..{ $to }; the server did not read them within the timeout
framed-json-piece-unknown = sent bytes { $from }..{ $to }; whether the server read them cannot be seen from here
framed-json-closed-before-reply = the server closed the connection before it
framed-json-closed-inside-reply = the server closed the connection after { $got } bytes of the reply
framed-json-not-a-server = { $error } (its first bytes read { $text }: is this a framed-json server, with the same --chunk and --byte-order?)
framed-json-no-reply-timeout = no reply within the timeout
framed-json-cannot-receive = cannot receive it: { $error }
framed-json-a-reply = a reply: { $why }
framed-json-cannot-read-input = cannot read the input
framed-json-line-not-utf8 = not sent: the line is not UTF-8 text
framed-json-line-not-json = not sent: the line is not JSON ({ $error })
framed-json-replies-due = { $why } ({ $due } replies still due)
framed-json-replies-late = { $due } replies did not come within the timeout

# Mailbox store
framed-json-store-unreadable = cannot read the mailbox store { $path }
framed-json-store-not-mailbox = the mailbox store { $path } is not a mailbox file
framed-json-store-no-dir = the mailbox store's directory { $dir } does not exist
framed-json-store-inconsistent = the mailbox store { $path } is not consistent: { $why }
framed-json-store-over-max = the mailbox store holds { $count } messages, more than --max-stored { $max }: new ones are refused until some are polled
framed-json-store-id-twice = the id { $id } is used twice
framed-json-store-id-range = the id { $id } is not between 1 and next_id ({ $next_id })
framed-json-store-bad-user = message { $id } names the user { $name }

# Server
framed-json-cannot-install-signals = cannot install signal handlers
framed-json-cannot-bind = cannot bind tcp { $addr }
framed-json-poll-failed = poll failed
framed-json-stopped = stopped: { $connections } connections, { $frames_in } frames in, { $frames_out } out, { $errors } errors, { $stored } messages stored
framed-json-refused = refused { $peer }: { $max } clients are served already (--max-clients)
framed-json-connection = connection from { $peer }
framed-json-closed = { $peer } closed ({ $reason }): { $frames_in } frames in, { $frames_out } out
framed-json-frame-error = frame from { $peer }: { $error }
framed-json-reply = reply to { $peer }: { $reply }

# Frame errors, as a person reads them (error replies and JSON events keep the English)
framed-json-frame-too-large = the length prefix announces { $length } bytes, more than the { $max }-byte maximum
framed-json-frame-not-multiple = a body of { $length } bytes is not padded to a multiple of { $chunk } bytes (pad with NUL bytes)
framed-json-frame-truncated = the connection closed after { $got } of the { $wanted } bytes of the { $part }
framed-json-part-header = header
framed-json-part-body = body
framed-json-part-frame = frame
framed-json-frame-bad-utf8 = the body is not UTF-8 (invalid byte at offset { $at })
framed-json-frame-bad-json = the body is not JSON: { $why }
