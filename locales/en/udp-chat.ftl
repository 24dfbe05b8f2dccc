# udp-chat: the UDP echo and chat server and client (guide §1).

udp-chat-about = UDP echo and chat peer for the socket lab (guide §1)
udp-chat-after-help =
    Examples:
      udp-chat server --bind 127.0.0.1:3500 --allow 127.0.0.1
      udp-chat client --to 127.0.0.1:3500 hola
      udp-chat client --to 127.0.0.1:3500 --size 1200
      udp-chat server --chat        # answer each message by typing
udp-chat-cmd-server = Echo every datagram back to its sender (or answer it by hand with --chat)
udp-chat-cmd-client = Send a message and print the reply as `--> <reply>`

## Server options
udp-chat-arg-bind = Address to listen on; port 0 picks a free port (the first line shows it)
udp-chat-arg-allow = Only answer sources in this IP or CIDR (repeatable); others are ignored and logged (§1.5.2)
udp-chat-arg-recv-buf = Bytes passed to each receive; longer datagrams are truncated and reported (§1.5.3)
udp-chat-arg-rcvbuf = Ask the kernel for this SO_RCVBUF and report what it granted
udp-chat-arg-chat = Answer each message with a line typed on stdin instead of echoing it (§1.5.4)
udp-chat-arg-quiet = Do not log each datagram (for load tests); ignored, truncated and commands are still reported
udp-chat-arg-read-delay = Wait this long before each receive (`1ms`, `5ms`): a slow reader, so that a burst fills the receive buffer and the kernel drops what does not fit (counted as `drops` at shutdown)
udp-chat-arg-allow-exec = Accept `/exec <command>` (remote command execution: only for trusted sources) (§1.5.6)
udp-chat-arg-exec-timeout = Stop an /exec command (its whole process group) after this long
udp-chat-arg-json = One JSON object per line instead of human output

## Client options
udp-chat-arg-client-to = Server address
udp-chat-arg-client-message = Message to send (default: the guide's "TyR: Echo sobre UDP")
udp-chat-arg-client-size = Send this many bytes of a recognisable pattern instead of a message (at most 65535: no UDP datagram is larger)
udp-chat-arg-client-bind = Source address to send from, e.g. 127.0.0.2:0 to test an allowlist
udp-chat-arg-client-timeout = How long to wait for each reply (default 2s; in --chat mode, for ever)
udp-chat-arg-client-retries = Resend this many times when no reply comes
udp-chat-arg-client-chat = Send each line typed on stdin and print each answer, until end of input (§1.5.4)
udp-chat-arg-client-count = Measure this many round trips (of --size bytes, default 64) and print rate and latency (at most 10000000: each is timed in memory)
udp-chat-arg-client-window = With --count: keep this many datagrams in flight (at most 1024)

## Values on the command line
udp-chat-recv-buf-too-large = at most { $limit } bytes (no UDP datagram is larger than 65535)
udp-chat-count-not-positive = '{ $text }' is not a positive whole number
udp-chat-count-over-limit = '{ $text }' is over the limit of { $limit }
udp-chat-allow-invalid = '{ $text }' is not an IP address or CIDR (e.g. 127.0.0.1, 10.0.0.0/8, ::1)

## Server
udp-chat-signal-handlers = cannot install signal handlers
udp-chat-no-ip-address = the bound socket has no IP address
udp-chat-cannot-create-socket = cannot create a UDP socket
udp-chat-cannot-set-rcvbuf = cannot set SO_RCVBUF
udp-chat-cannot-bind = cannot bind udp { $addr }
udp-chat-receive-failed = receive failed: { $error }
udp-chat-ignored = ignored datagram from { $source }: { $ip } is not in the allowlist ({ $allowlist })
udp-chat-datagram = datagram from { $source }, { $bytes } bytes
udp-chat-truncated = datagram from { $source } truncated: kept { $kept } of { $bytes } bytes
# $refusal is the reply sent to the client, in English (bytes on the wire).
udp-chat-exec-refused = refused /exec from { $source }: { $refusal }
# $reply is the reply sent to the client, in English (bytes on the wire).
udp-chat-exec-ran = ran '{ $command }' for { $source }: { $reply }
udp-chat-says = { $source } says: { $text }
udp-chat-reply-prompt = reply
udp-chat-cannot-read-stdin = cannot read stdin
udp-chat-cannot-reply = cannot reply to { $to }: { $error }
udp-chat-stopping = stopping ({ $reason }): { $datagrams } datagrams, { $bytes } bytes, { $truncated } truncated, { $ignored } ignored, { $replies } replies
udp-chat-stop-signal = signal
udp-chat-stop-command = /shutdown from { $source }
udp-chat-stop-end-of-input = end of stdin: no more answers to give

## Client
udp-chat-ip-versions-differ = --bind { $local } and --to { $to } are of different IP versions
udp-chat-cannot-reach = cannot reach { $to }
udp-chat-message-too-large = the message is { $bytes } bytes; a UDP datagram over { $ip } carries at most { $max } bytes
udp-chat-cannot-send = cannot send to { $to }
udp-chat-resending = no reply from { $to } within { $timeout }, resending ({ $attempt } of { $retries })
udp-chat-poll-failed = poll failed
udp-chat-cannot-receive = cannot receive from { $from }
# After "--> ", for a --size pattern.
udp-chat-reply-identical = { $back } of { $bytes } bytes back, identical to what was sent
udp-chat-reply-differs = { $back } of { $bytes } bytes back, differs from what was sent
udp-chat-no-server = no server at { $to } (connection refused)
udp-chat-no-reply = no reply from { $to } within { $timeout }
udp-chat-no-reply-attempts = no reply from { $to } within { $timeout } ({ $attempts } attempts)
udp-chat-size-over-maximum = --size { $size } is over the UDP maximum of { $max }
udp-chat-cannot-set-timeout = cannot set a receive timeout
udp-chat-bench = { $received } round trips of { $size } bytes, window { $window }: { $rate }/s in { $seconds }s, p50 { $p50 } us, p99 { $p99 } us, max { $max } us, { $lost } lost
