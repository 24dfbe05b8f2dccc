# Why a check failed: the reasons a student reads in a report. labs.toml hints (`when`, `unless`)
# are matched against the English wording, so the English text is an interface: change it with the
# hints that match it.

checks-so = { $cause }; so: { $reason }
checks-never-started = { $name } was never started
checks-closed-port-not-reached = no UDP datagram reached the closed port: the client never sent one
checks-udp-counters-unreadable = cannot read the UDP counters of /proc/net/snmp
checks-failed-in-thread = { $name } failed in a thread (the program kept running): { $last }
checks-crashed = { $name } crashed: { $last }{ $hint }
checks-crashed-with-status = { $name } crashed ({ $status }): { $last }{ $hint }
checks-crash-accept-not-listening = accept() on a socket that is not listening: call listen() after bind()
checks-crash-python2 = written for Python 2? the grader runs python3
checks-crash-no-module = the grading machine does not have the module { $module }: use only Python's standard library
checks-crash-input-ended = it read input() and its input ended
checks-no-longer-serving = { $server } was no longer serving when { $client } tried (connection refused)
checks-signal-number = signal { $number }
checks-sigterm-then-exit = SIGTERM, then it exited { $code }
checks-socklab-stopped-it = socklab stopped it ({ $how })
checks-socklab-stopped-it-after = socklab stopped it ({ $how }) after { $seconds }s
checks-while-waiting-on-input = while it was waiting on input() for a line nobody typed
checks-and-it-left = , and it left { $what }
checks-not-running-at-end = { $name } was not running at the end ({ $status })
checks-took-longer = { $name } took { $took } to finish, more than { $limit }
checks-not-finished-within = { $name } did not finish by itself within { $limit }: { $stopped }
checks-not-finished-within-last-line = { $name } did not finish by itself within { $limit }: { $stopped }; its last line on stderr: { $line }
checks-ended-before-stopped = { $name } ended by itself ({ $status }) before socklab stopped it
checks-killed-after-grace = { $name } did not end within the grace period after SIGTERM and was killed with SIGKILL
checks-printed-nothing = { $name } printed nothing of its own, on stdout or stderr ({ $status })
checks-ended-with = { $name } ended with { $status }
checks-capture-hit-cap = { $reason } (the capture hit its cap: { $more } later packets were not kept)
checks-packets-unreadable = the lab's packets could not be read: { $reason }
checks-no-packets = the lab recorded no packets (its capture did not run)
checks-other-stream-said = { $reason } ({ $stream } said: { $line })
checks-not-counted = not counted: its own conditions held, but it counts only when "{ $other }" passes, which failed: { $reason }
checks-not-ip-port = '{ $addr }' is not an IP:PORT address
checks-bound-to-every-address = { $name } is bound to { $bound } (every address of the machine) instead of { $addr } as asked
checks-not-listening = { $name } has no socket listening on { $proto } { $addr }
checks-not-listening-has = { $name } has no socket listening on { $proto } { $addr } (it has { $bound })
checks-did-not-exit = { $name } did not exit
checks-expected-exit = exit { $code }
checks-expected-success = success (exit 0)
checks-expected-failure = failure (a non-zero exit)
checks-expected-killed = killed by a signal
checks-left-processes-behind = { $name } ended with { $status }; a program that leaves processes behind has not ended, so its exit status does not count
checks-did-not-end-by-itself = { $name } did not end by itself (expected { $wanted }): { $stopped }
checks-ended-with-expected = { $name } ended with { $status }, expected { $wanted }
checks-last-stderr-line = its last line on stderr: { $line }
checks-printed-excluded = { $name } printed { $text } on { $stream }
checks-should-print = { $name } should print { $expected } on { $stream }, it printed { $got }
checks-should-print-got-nothing = { $name } should print { $expected } on { $stream }, it printed nothing
checks-lacks-text = { $stream } of { $name } does not contain { $wanted } (it was { $shown })
checks-lacks-text-got-nothing = { $stream } of { $name } does not contain { $wanted } (it was nothing)
checks-no-matching-line = { $stream } of { $name } has no line matching /{ $pattern }/ (it was { $shown })
checks-no-matching-line-got-nothing = { $stream } of { $name } has no line matching /{ $pattern }/ (it was nothing)
checks-event-field-differs = { $field } = { $got } (expected { $wanted })
checks-event-field-missing = no { $field } (expected { $wanted })
checks-event-differs = { $name }'s { $kind } event has { $differences }
checks-no-such-event = { $name } printed no JSON event with { $fields }
checks-cannot-read = cannot read { $path }: { $error }
checks-does-not-exist = { $path } does not exist
checks-cannot-list = cannot list { $path }: { $error }
checks-nothing = nothing
checks-folder-holds = { $path } holds { $got }, expected exactly { $wanted }
checks-sha256-differs = { $path } has SHA-256 { $got }, expected { $wanted }
checks-file-differs = { $path } differs from { $other }

# A lab as a whole (harness/lab.rs).
checks-capture-packets = { $count } packets
checks-capture-over-cap = the cap was hit: { $more } more not kept
checks-capture-dropped = { $count } dropped by the kernel
checks-capture-kept = capture: { $path } ({ $notes })
checks-capture-not-kept = not kept: --capture DIR keeps the file
checks-capture-summary = capture: { $notes }
checks-line-cut = { $more } more bytes on this line, not shown
checks-skipped-records-packets = it records packets, which needs a network namespace of its own: { $error }
checks-skipped-has-hosts = it has hosts, which needs a network namespace of its own: { $error }
checks-play-failed = socklab failed while playing this lab
checks-cannot-capture = cannot record the lab's packets: { $error }
checks-cannot-prepare = cannot prepare the lab: { $error }
checks-argument-bytes = { $count } bytes

# Packet conditions (harness/capture/condition.rs): "expected 1 UDP datagram to 127.0.0.1:3500, saw 3".
checks-packet-udp = { $count ->
    [one] UDP datagram
   *[other] UDP datagrams
}
checks-packet-tcp = { $count ->
    [one] TCP segment
   *[other] TCP segments
}
checks-packet-syn = { $count ->
    [one] SYN
   *[other] SYNs
}
checks-packet-syn-retransmission = { $count ->
    [one] retransmitted SYN
   *[other] retransmitted SYNs
}
checks-packet-handshake = { $count ->
    [one] completed three-way handshake
   *[other] completed three-way handshakes
}
checks-packet-close = { $count ->
    [one] connection closed with FIN or RST
   *[other] connections closed with FIN or RST
}
checks-packet-fin = { $count ->
    [one] FIN
   *[other] FINs
}
checks-packet-rst = { $count ->
    [one] RST
   *[other] RSTs
}
checks-packet-port-unreachable = { $count ->
    [one] ICMP port unreachable
   *[other] ICMP port unreachables
}
checks-packet-data-segment = { $count ->
    [one] TCP segment with data
   *[other] TCP segments with data
}
checks-packets-expected = expected { $wanted }{ $route }, saw { $total }
checks-packets-exactly = { $count } { $noun }
checks-packets-at-least = at least { $count } { $noun }
checks-packets-at-most = at most { $count } { $noun }
checks-largest-at-most = the largest TCP segment{ $route } carried { $largest } bytes of data (expected at most { $bound }), in { $total } { $noun }
checks-largest-at-least = the largest TCP segment{ $route } carried { $largest } bytes of data (expected at least { $bound }), in { $total } { $noun }
checks-no-data-segment = no TCP segment with data{ $route } was seen
checks-route-from = from { $from }
checks-route-to = to { $to }
checks-endpoint-port = port { $port }
checks-endpoint-anywhere = anywhere
checks-endpoint-invalid = '{ $text }' is not IP:PORT, IP or :PORT
