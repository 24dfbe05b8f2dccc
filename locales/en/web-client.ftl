# web-client: seed 000's MyClient, a web client that shows HTTP on the wire.

web-client-about = A web client that shows HTTP on the wire (seed 000's MyClient): GET by hand over TCP or TLS
web-client-after-help =
    Examples:
      web-client get http://127.0.0.1:8000/ --show-wire
      web-client get http://127.0.0.1:8000/a.txt http://127.0.0.1:8000/b.txt --delay 1s --save responses
      web-client show responses
      web-client get https://localhost:8443/ --ca lab-ca.pem
web-client-session-after-help =
    Each line: `get URL [DELAY]` (wait DELAY, e.g. 2 or 500ms, then GET and keep the response), `show` (print every response kept, in order) or `quit`.

    Examples:
      printf 'get http://127.0.0.1:8000/ 1\nshow\n' | web-client session
      web-client session --save responses --show-wire
web-client-get-after-help =
    Output: per request `GET URL`, the status line, a summary (`200 OK, 1234 bytes (Content-Length), text/html, 3ms`) and the body when it is text (a binary body is described by its size). A status such as 404 is not an error; a failed exchange is (one line on stderr, exit 1).

    Examples:
      web-client get http://127.0.0.1:8000/ --show-wire
      web-client get http://127.0.0.1:8000/dir --follow
      web-client get http://127.0.0.1:8000/ --count 3 --delay 500ms --json
web-client-show-after-help =
    Examples:
      web-client show responses
      web-client show responses --json
web-client-cmd-get = GET each URL (one connection per request) and report each response
web-client-cmd-show = Print the responses a `get --save DIR` kept, in the order received
web-client-cmd-session = Read `get URL [DELAY]`, `show` and `quit` lines on stdin: the seed's MyClient as a command loop
web-client-arg-session-save = Keep the responses in DIR (as `get --save`); without it they are kept in a temporary folder
web-client-arg-get-urls = http:// or https:// URLs, fetched in order
web-client-arg-get-delay = Wait this long before each request of the list (e.g. 1s, 250ms); redirect hops follow at once
web-client-arg-get-count = Fetch each URL this many times
web-client-arg-get-save = Keep each response in DIR as NNNN.head, NNNN.body and NNNN.json, numbered after what DIR holds
web-client-arg-exchange-show-wire = Print the request bytes sent (`> `) and the response head received (`< `), like curl -v
web-client-arg-exchange-follow = Follow redirects (301, 302, 303, 307, 308), at most MAX per URL (default 10); each hop is reported
web-client-arg-exchange-max-body = Refuse a body longer than this (checked before reading it when its length is announced)
web-client-arg-exchange-timeout = Give up when connecting, or waiting for any read or write, takes longer than this
web-client-arg-exchange-ca = Also trust the CA certificates in this PEM file (a lab's own CA); certificates are always checked
web-client-arg-exchange-no-body = Do not show bodies (they are still read, counted and saved)
web-client-arg-exchange-json = One JSON object per line instead of human output
web-client-arg-show-dir = A folder written by `web-client get --save DIR`
web-client-arg-show-json = One JSON object per line instead of human output
web-client-not-a-url = not a URL ({ $error }); expected e.g. http://127.0.0.1:8000/
web-client-url-credentials = a user name or password in the URL is not supported: web-client sends no credentials
web-client-bad-scheme = the scheme { $scheme }:// is not supported (only http:// and https://)

# get
web-client-redirect-no-location = GET { $url }: a { $status } redirect without a Location header: there is nowhere to go
web-client-bad-location = GET { $url }: bad Location { $location }: { $error }
web-client-redirect-not-followed = redirect { $status } to { $next }, not followed (add --follow)
web-client-too-many-redirects = GET { $url }: more than { $max } redirects (the last one to { $next }); --follow=MAX allows more
web-client-redirect-scheme = GET { $url }: redirect to { $next }: only http:// and https:// are supported
web-client-redirect-followed = redirect { $status } to { $next } (hop { $hop } of at most { $max })
web-client-connecting = {"*"} connecting to { $host } port { $port }
web-client-connected = {"*"} connected to { $addr }
web-client-tls = {"*"} TLS { $version } { $cipher } — certificate verified for { $host }
web-client-cannot-send = cannot send: { $error }
web-client-saved = saved as { $dir }/{ $index }.{"{"}head,body,json{"}"}
web-client-wire-sent = {"*"} { $bytes } bytes sent:
web-client-wire-sent-tls = {"*"} { $bytes } bytes sent (inside TLS):
web-client-wire-received = {"*"} response head received, { $bytes } bytes:
web-client-wire-received-tls = {"*"} response head received, { $bytes } bytes (inside TLS):
web-client-no-body = no body ({ $status } never has one)
web-client-body-size = { $bytes } bytes ({ $framing })
web-client-framing-close = until the server closed
web-client-framing-none = no body by definition
web-client-binary-body = ({ $bytes } bytes of binary body, not shown; --save DIR keeps it)

# Reading a response
web-client-unasked-upgrade = malformed response: 101 Switching Protocols to a request that asked for no upgrade
web-client-body-too-long = the body is { $length } bytes (Content-Length), over --max-body { $max }
web-client-body-partly-received = { $error } ({ $got } of { $length } bytes received)
web-client-bad-content-length = malformed response: invalid Content-Length { $text }
web-client-conflicting-lengths = malformed response: conflicting Content-Length values { $first } and { $second }
web-client-read-timeout = timed out: the server sent nothing for longer than --timeout
web-client-cannot-receive = cannot receive: { $error }
web-client-head-too-large = malformed response: the head is larger than { $max }
web-client-bad-head = malformed response: { $error } (it starts with "{ $start }")
web-client-closed-no-response = the server closed the connection without a response
web-client-closed-in-head = the server closed the connection in the middle of the response head
web-client-closed-in-body = the server closed the connection before the end of the body
web-client-body-over-until-close = the body is over --max-body { $max } (it had no length; read until the close)
web-client-body-over-chunk = the body is over --max-body { $max } (a chunk of { $size } bytes after { $after } bytes)
web-client-chunk-line-too-long = malformed response: a chunk-size line longer than { $max } bytes
web-client-bad-chunk-line = malformed response: invalid chunk size line "{ $line }"
web-client-closed-in-chunks = the server closed the connection in the middle of a chunked body
web-client-chunk-no-crlf = malformed response: chunk data is not followed by CRLF (the chunk size is wrong)
web-client-trailer-too-large = malformed response: trailer fields larger than { $max }
web-client-closed-in-trailer = the server closed the connection before the end of the chunked body's trailer

# Connections and TLS
web-client-ca-unreadable = cannot read the CA file { $path }: { $error }
web-client-ca-not-pem = the CA file { $path } is not valid PEM: { $error }
web-client-ca-bad-certificate = the CA file { $path } holds a bad certificate: { $error }
web-client-ca-empty = the CA file { $path } holds no CERTIFICATE block
web-client-tls-setup = cannot set up TLS
web-client-no-host = { $url } has no host
web-client-no-port = { $url } has no port
web-client-cannot-resolve = cannot resolve { $host }: { $error }
web-client-no-address = cannot resolve { $host }: no address
web-client-nothing-to-connect = no address to connect to
web-client-connect-timeout = cannot connect to { $addr }: timed out after { $timeout }
web-client-cannot-connect = cannot connect to { $addr }: { $error }
web-client-bad-server-name = { $host } is not a valid TLS server name
web-client-tls-start = cannot start TLS with { $host }: { $error }
web-client-handshake-timeout = TLS handshake with { $host } timed out
web-client-handshake-failed = TLS handshake with { $host } failed: { $error }
web-client-handshake-bad-certificate = TLS handshake with { $host } failed: bad server certificate: { $problem }
web-client-handshake-not-tls = TLS handshake with { $host } failed: the server's answer is not TLS ({ $error }); does it speak plain HTTP? (try http://)
web-client-cert-unknown-issuer = it is signed by an unknown certificate authority (give the lab's CA with --ca FILE)
web-client-cert-wrong-name = it is not valid for this host name
web-client-cert-expired = it has expired
web-client-cert-not-yet-valid = it is not valid yet
web-client-cert-revoked = it has been revoked
web-client-cert-bad-signature = its signature is wrong
web-client-cert-bad-encoding = it is not a valid certificate
web-client-cert-rejected = it was rejected

# Saved responses
web-client-save-not-folder = cannot save to { $dir }: it is not a folder
web-client-cannot-create-folder = cannot create the folder { $dir }
web-client-folder-missing = { $dir } does not exist
web-client-not-a-folder = { $dir } is not a folder
web-client-cannot-list = cannot list { $dir }
web-client-cannot-save-in = cannot save in { $dir }: { $error }
web-client-cannot-write = cannot write { $path }: { $error }
web-client-file-missing = { $path } is missing
web-client-cannot-read = cannot read { $path }: { $error }
web-client-not-metadata = { $path } is not a saved response's metadata: { $error }
web-client-wrong-index = { $path } says it is response { $index }
web-client-wrong-size = { $path } has { $size } bytes but its metadata says { $expected }
web-client-head-file-too-large = { $path } is larger than any response head ({ $max } bytes)
web-client-show-empty = { $dir } holds no saved responses (save some with web-client get --save DIR)
web-client-show-damaged = { $count } saved response(s) in { $dir } are damaged (see the warnings above)

# session
web-client-session-get-args = get takes a URL and an optional delay (get URL [DELAY], show or quit)
web-client-session-show-args = show takes no argument (get URL [DELAY], show or quit)
web-client-session-unknown = unknown command '{ $command }' (get URL [DELAY], show or quit)
web-client-no-temporary-folder = cannot create a temporary folder for the responses
web-client-line-too-long = line ignored: it is longer than { $max } bytes
web-client-line-not-text = line ignored: it is not UTF-8 text
web-client-nothing-kept = no responses kept yet
web-client-cannot-read-stdin = cannot read stdin
