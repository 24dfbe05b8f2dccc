#!/usr/bin/env bash
# The udp-echo lab done by hand, the way course driver scripts do it: start the server in the
# background, poll until its port is bound, run the client, check its output, kill the server.
# usage: udp_echo_lab.sh BIN_DIR PORT
set -u
bin=$1 port=$2
"$bin/udp-chat" server --bind "127.0.0.1:$port" > /dev/null &
server=$!
hex=$(printf '%04X' "$port")
until grep -q ":$hex " /proc/net/udp; do sleep 0.005; done
out=$("$bin/udp-chat" client --to "127.0.0.1:$port")
kill "$server"
wait "$server" 2>/dev/null
[ "$out" = "--> TyR: Echo sobre UDP" ]
