# lan: seed 000's simulated LAN, its switch (or hub) and its hosts.

lan-about = Seed 000's simulated LAN: hosts that send packets through a switch, a filtering switch or a hub
lan-after-help =
    Examples:
      lan switch --drop 192.168.0.3
      lan host --name "PC Gamer" --addr 192.168.0.1
      lan host --name Laptop --addr 0xC0A80002 --stay

    The protocol is described in docs/PROTOCOL.md.
lan-cmd-switch = Forward packets between hosts by their destination address
lan-cmd-host = Register an address with the switch, send a packet per typed line, print what arrives
lan-switch-after-help =
    Examples:
      lan switch
      lan switch --drop 192.168.0.3 --json
      lan switch --hub --bind 127.0.0.1:0
lan-arg-switch-bind = Address to listen on; port 0 picks a free port (the first line shows it)
lan-arg-switch-drop = Discard every packet for this simulated address, with a log line each (repeatable): the seed's filtering switch, which drops everything for host 3
lan-arg-switch-hub = Be a hub: send every packet to every other host, whatever its destination, so that the hosts' own "not for me" rejection shows
lan-arg-switch-max-hosts = Most hosts in the table; more registrations are refused
lan-arg-switch-max-datagram = Largest datagram taken; a larger one is rejected with its size
lan-arg-switch-json = One JSON object per line instead of human output
lan-host-after-help =
    Each line typed is `DESTINATION TEXT` (192.168.0.2 Hola!) or only `TEXT`, sent to a known host at random.

    Examples:
      lan host --name "PC Gamer" --addr 192.168.0.1
      printf '192.168.0.2 Hola!\n' | lan host --name PC --addr 192.168.0.1 --json
lan-arg-host-name = The host's name, for people (the seed's `name`)
lan-arg-host-addr = The host's simulated address: 192.168.0.1, or the seed's 0xC0A80001 or 3232235521
lan-arg-host-switch = The switch's UDP address
lan-arg-host-bind = Local UDP address of the host's socket
lan-arg-host-kind = base: seed 000's BasePacket; personal: PersonalPacket, with the broken and danger flags
lan-arg-host-forbidden = A forbidden word for the danger flag (repeatable; default: the seed's isis, terrorismo, bomba)
lan-arg-host-allow-non-text = Send a typed JSON value that is not a string ([1, 2]) as it is, to show the broken flag; by default only text is sent, as the seed asks
lan-arg-host-stay = Keep receiving after the end of input, until stopped (Ctrl-C); by default the host leaves
lan-arg-host-timeout = How long to wait for the switch to answer the registration
lan-arg-host-max-datagram = Largest datagram sent or taken
lan-arg-host-json = One JSON object per line instead of human output

# Values on the command line and in typed lines
lan-not-host-addr = '{ $text }' is not an IPv4 address (192.168.0.1, 0xC0A80001 or 3232235521)
lan-not-one-host = { $addr } cannot be the address of one host (unspecified, broadcast or multicast)
lan-name-empty = the host name is empty
lan-name-too-long = the host name is over { $max } characters
lan-name-control = the host name has control characters
lan-not-a-word = '{ $text }' is not one word of letters or digits
lan-line-not-ipv4 = '{ $text }' is not an IPv4 address
lan-line-nothing-to-send = nothing to send to { $addr }: type the text after the address

# Both
lan-cannot-install-signals = cannot install signal handlers
lan-cannot-bind = cannot bind udp { $addr }
lan-bad-message = bad message: { $reason }
lan-left = { $name } ({ $addr }) left

# Host
lan-cannot-reach-switch = cannot reach the switch at udp { $switch }
lan-no-other-host = no other host yet
lan-other-hosts = other hosts: { $list }
lan-host-registered = { $name } registered as { $addr } with the switch at udp { $switch }; { $knows }
lan-cannot-send-switch = cannot send to the switch at udp { $switch }
lan-registration-refused = the switch at udp { $switch } refused the registration: { $reason }
lan-no-answer = no answer from a switch at udp { $switch } within { $timeout }
lan-datagram-too-large = ignored a datagram of { $length } bytes from the switch (over { $limit })
lan-no-switch = no switch at udp { $switch } (connection refused)
lan-cannot-receive = cannot receive
lan-poll-failed = poll failed
lan-cannot-read-stdin = cannot read stdin
lan-line-not-text = line ignored: it is not UTF-8 text, and only text can be sent
lan-line-too-long = line ignored: it is longer than the limit of { $limit } bytes
lan-line-ignored = line ignored: { $reason }
lan-line-no-host = line ignored: no other host is known yet; type an address first
lan-line-packet-too-large = line ignored: its packet of { $size } bytes is over the limit of { $limit }
lan-cannot-send-switch-error = cannot send to the switch at udp { $switch }: { $error }
lan-sent = sent to { $dst }: { $data }{ $flags }
lan-sent-random = sent to { $dst } (picked at random): { $data }{ $flags }
lan-flag-broken = {"["}broken: not text]
lan-flag-danger = {"["}danger: a forbidden word]
lan-received = received from { $src }: { $data }{ $flags }
lan-host-rejected = rejected: my address is { $addr }, the packet is for { $dst }
lan-joined = { $name } joined as { $addr }
lan-switch-says = the switch says: { $reason }
lan-for-switches = a { $kind } message is for switches: hosts do not get it
lan-ignored-datagram = ignored a datagram from the switch: { $reason }
lan-left-network = { $name } ({ $addr }) left the network
lan-left-network-unconfirmed = { $name } ({ $addr }) left the network (without the switch's answer)

# Switch
lan-receive-failed = receive failed: { $error }
lan-stopped = stopped: { $forwarded } forwarded, { $discarded } discarded, { $rejected } rejected, { $hosts } hosts
lan-datagram-over-limit = the datagram is { $length } bytes, over the limit of { $limit }
lan-for-hosts = a { $kind } message is for hosts: only a switch sends it
lan-cannot-register = cannot register { $name }: { $reason }
lan-socket-registered = cannot register { $name } as { $addr }: this socket is already registered as { $registered } ({ $current })
lan-addr-taken = cannot register { $name } as { $addr }: { $addr } is already registered by { $owner }
lan-name-taken = cannot register { $name } as { $addr }: the name { $name } is already registered ({ $owner })
lan-switch-full = cannot register { $name } as { $addr }: the switch is full ({ $max } hosts)
lan-switch-registered = registered { $name } as { $addr } (udp { $from })
lan-leave-unregistered = a "leave" from a socket that is not registered
lan-packet-unregistered = a packet from udp { $from }, which is not registered
lan-packet-wrong-source = a packet with source { $src } from the host registered as { $registered }
lan-discarded = discarded a packet { $src } → { $dst }: every packet for { $dst } is discarded
lan-flooded = flooded a packet { $src } → { $dst } to { $count ->
        [one] 1 host
       *[other] { $count } hosts
    }
lan-no-such-host = a packet for { $dst }: no host has that address
lan-forwarded = forwarded a packet { $src } → { $dst } ({ $bytes } bytes)
lan-switch-rejected = rejected a datagram from udp { $from }: { $reason }
lan-cannot-send-to = cannot send to udp { $to }: { $error }
