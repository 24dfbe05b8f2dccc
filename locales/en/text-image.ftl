# text-image: texts and images over one TCP connection (guide §2.5.4).

text-image-about = Send a text message and images over one TCP connection, with framing, checksums and acks (guide §2.5.4)
text-image-after-help =
    Examples:
      text-image recv --bind 127.0.0.1:3500 --out received
      text-image send --to 127.0.0.1:3500 --text hola --image cat.png --image dog.jpg
      text-image recv --bind 127.0.0.1:0 --out received --once --max-size 1M --json

    The protocol is described in docs/PROTOCOL.md.
text-image-cmd-send = Send texts and images, in the order given, and print the receiver's verdict on each
text-image-cmd-recv = Receive: print each text, store each image in DIR, answer every item
text-image-send-after-help =
    Examples:
      text-image send --to 127.0.0.1:3500 --text hola --image cat.png
      text-image send --to 127.0.0.1:3500 --image a.png --text "between the two" --image b.jpg --json
text-image-recv-after-help =
    Examples:
      text-image recv --bind 127.0.0.1:3500 --out received
      text-image recv --bind 127.0.0.1:0 --out received --once --max-size 1M --timeout 5s --json

## Options
text-image-arg-send-to = Receiver address
text-image-arg-send-text = A text message to send (repeatable; texts and images go in command-line order)
text-image-arg-send-image = An image file to send (repeatable); the receiver stores it under the file's name
text-image-arg-send-timeout = Give up when connecting, or waiting for a reply or for the socket, takes longer than this
text-image-arg-json = One JSON object per line instead of human output
text-image-arg-recv-bind = Address to listen on; port 0 picks a free port (the first line shows it)
text-image-arg-recv-out = Directory the images are written to (it must exist)
text-image-arg-recv-once = Serve one sender, then exit (0 if it sent END and every item was accepted, 1 otherwise)
text-image-arg-recv-max-size = Largest item accepted; a larger one is refused from its header, before any payload is sent
text-image-arg-recv-accept-any = Store payloads that are not a known image format as plain data instead of refusing them
text-image-arg-recv-overwrite = Replace a file of the same name instead of storing the new one as NAME-1.EXT
text-image-arg-recv-timeout = Drop a sender that sends nothing for this long

## Errors
text-image-nothing-to-send = nothing to send: give at least one --text MESSAGE or --image FILE (see --help)
# A byte count under 10 KiB; larger ones are written 200.0 MiB.
text-image-size-bytes = { $bytes } bytes

## Sender
text-image-cannot-connect = cannot connect to { $to }
text-image-connected = connected to { $to }
text-image-cannot-send-stream-header = cannot send the stream header
text-image-receiver-closed = the receiver closed the connection
text-image-transfer-stopped = transfer stopped: { $failure }
text-image-done = { $accepted } of { $total } items accepted, { $rejected } rejected, { $unsent } not sent
text-image-cannot-open = cannot open { $path }
text-image-cannot-read = cannot read { $path }
text-image-no-file-name = { $path } has no file name
text-image-cannot-send-frame-header = cannot send a frame header
text-image-cannot-send-text = cannot send the text
text-image-cannot-send-image = cannot send the image
text-image-shrank = { $label } shrank while being sent ({ $sent } of { $bytes } bytes)
text-image-cannot-send-checksum = cannot send the checksum
text-image-cannot-send-payload = cannot send the payload
text-image-cannot-send-end = cannot send END
# $reason is the receiver's reply, as it sent it.
text-image-end-frame-refused = the receiver refused END: { $reason }
text-image-no-reply = no reply from the receiver in time (--timeout)
text-image-cannot-read-reply = cannot read the receiver's reply
text-image-wrong-item = the receiver answered about item { $answered } while item { $item } was in flight
# $kind is text or image; $label the quoted text or the file name; $size like 1479 bytes.
text-image-accepted = accepted: { $kind } { $label } ({ $size })
text-image-accepted-stored = accepted: { $kind } { $label } ({ $size }), stored as { $stored }
# $reason is the receiver's reply, as it sent it; $code its code (too-large, checksum...).
text-image-rejected = rejected: { $kind } { $label }: { $reason } [{ $code }]
text-image-progress = sending { $label }: { $sent } of { $total } ({ $percent }%)

## Replies read by the sender
text-image-name-too-long = name longer than 65535 bytes
text-image-unknown-status = unknown reply status { $status }
text-image-unknown-code = unknown reply code { $code }

## Receiver: why an item is refused (also sent to the sender, always in English)
text-image-cannot-read-payload = cannot read the stored payload: { $error }
text-image-not-an-image = not a known image format (PNG, JPEG, GIF, WebP, BMP)
# $format is png, jpeg, gif...; $error the decoder's own words.
text-image-does-not-decode = a { $format } header, but the image does not decode: { $error }
text-image-too-large-to-check = a { $format } image too large to check: decoding it needs more than { $mib } MiB
text-image-no-free-name = no free name like '{ $name }'
text-image-name-not-utf8 = the name is not valid UTF-8
text-image-name-empty = the name is empty
text-image-name-too-long-for-disk = the name is longer than { $max } bytes
text-image-name-separator = the name contains a path separator (only a file name is allowed)
text-image-name-nul = the name contains a NUL byte
text-image-name-control = the name contains a control character
# $code is like U+202E.
text-image-name-bidi = the name contains the bidirectional control character { $code }, which makes it display differently from what it is (cat, U+202E, gnp.exe shows as catexe.png)
text-image-name-dot = the name starts with '.' (no '.', '..' or hidden files)
# $bytes is the first four bytes received, like [48, 54, 54, 50].
text-image-bad-magic = bad magic { $bytes }: not a text-image stream (expected "TXIM")
text-image-bad-version = protocol version { $version } is not supported (this receiver speaks { $supported })
text-image-unknown-type = unknown frame type { $kind } (known: 1 text, 2 image, 3 end)
# $kind is text or image.
text-image-too-large = { $kind } of { $size } exceeds the receiver's limit of { $limit }
# $name is the name in double quotes.
text-image-bad-name = bad name { $name }: { $why }
text-image-cannot-create-file = cannot create a file in { $dir }: { $error }
text-image-checksum = SHA-256 mismatch: received { $received }, computed { $computed }
text-image-text-not-utf8 = the text is not valid UTF-8 (bad byte at offset { $offset })
text-image-cannot-write = cannot write to { $dir }: { $error }
text-image-accept-any-hint = { $reason }; start the receiver with --accept-any to store any data
text-image-cannot-store = cannot store the file in { $dir }: { $error }
text-image-image-without-name = an image frame without a name
text-image-name-too-long-in-frame = a name of { $bytes } bytes (at most { $max })
# $kind is text or end.
text-image-frame-with-name = a { $kind } frame with a name ({ $bytes } bytes); only images have names
text-image-end-with-payload = an end frame with a payload of { $bytes } bytes

## Receiver: how a connection broke ($what is one of the parts below)
text-image-part-stream-header = the stream header
text-image-part-frame-header = a frame header
text-image-part-name = the name
text-image-part-payload = the payload
text-image-part-digest = the SHA-256 after the payload
text-image-cannot-send-reply = cannot send a reply: { $error }
text-image-closed-in = connection closed in { $what }: { $got } of { $bytes } bytes received
# $kind is text or image.
text-image-closed-in-item = connection closed in { $what } of a { $kind }: { $got } of { $bytes } bytes received
text-image-closed-before = connection closed before { $what }
text-image-cannot-read-part = cannot read { $what }: { $error }

## Receiver
text-image-signal-handlers = cannot install signal handlers
text-image-no-output-dir = the output directory { $dir } does not exist (create it first)
text-image-cannot-bind = cannot bind tcp { $addr }
text-image-poll-failed = poll failed
text-image-accept-failed = accept failed
text-image-connection = connection from { $peer }
text-image-cannot-use-connection = cannot use the connection from { $peer }: { $error }
text-image-ended-finished = sender finished
text-image-ended-peer-closed = sender closed the connection without END
text-image-ended-broken = connection lost: { $why }; the partial item was discarded
# $code is like bad-magic.
text-image-ended-refused = stream refused ({ $code }), connection closed
text-image-ended-timed-out = sender idle for { $idle }, connection closed
text-image-ended-stopped = stop requested, connection closed
# $detail is one of the text-image-ended-* messages.
text-image-closed = { $peer }: { $detail } ({ $accepted } accepted, { $rejected } rejected)
text-image-text = text from { $peer }: { $text }
# After the name the sender gave.
text-image-renamed = (as { $stored }: the name was taken)
text-image-image = image { $name }: { $format } { $width }x{ $height }, { $size }, sha256 { $sha256 }
text-image-data = data { $name }: not a known image format, stored anyway (--accept-any), { $size }, sha256 { $sha256 }
# $kind is text, image, stream or frame; $name is empty or a space and the name.
text-image-rejected-item = rejected { $kind }{ $name } (item { $item }) from { $peer }: { $reason } [{ $code }]
text-image-stop-once = served one connection (--once)
text-image-stop-signal = signal
text-image-stopping = stopping ({ $reason }): { $connections } connections, { $accepted } items accepted, { $rejected } rejected
