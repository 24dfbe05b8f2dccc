//! The UDP echo server of guide §1.2, with the guide's exercises built in: an allowlist (§1.5.2), a
//! receive buffer that shows truncation (§1.5.3), chat (§1.5.4), a shutdown message (§1.5.5) and a
//! message that runs a command (§1.5.6).

use std::net::{IpAddr, SocketAddr};
use std::os::fd::AsFd;
use std::time::Duration;

use anyhow::{Context, Result};
use socket2::{Domain, Protocol, Socket, Type};
use socklab::cli::EXIT_OK;
use socklab::event::{Event, Events, printable};
use socklab::shutdown::Shutdown;
use socklab::tr;

use crate::allowlist::Allowlist;
use crate::batch::{Inbox, Outbox};
use crate::command::{self, Request};
use crate::exec;
use crate::stdin_lines::{NoLine, StdinLines};

pub struct ServerOptions {
    pub bind: SocketAddr,
    pub allow: Allowlist,
    /// Bytes passed to each receive; a longer datagram is truncated.
    pub recv_buf: usize,
    /// SO_RCVBUF to ask the kernel for.
    pub rcvbuf: Option<usize>,
    pub chat: bool,
    /// No line per datagram (for load tests); everything else is still reported.
    pub quiet: bool,
    /// Sleep before each receive: a slow reader whose receive buffer overflows under a burst.
    pub read_delay: Duration,
    pub allow_exec: bool,
    pub exec_timeout: Duration,
}

#[derive(Default)]
struct Counters {
    datagrams: u64,
    bytes: u64,
    ignored: u64,
    truncated: u64,
    replies: u64,
}

/// What to do after a datagram was handled.
enum Next {
    Serve,
    Stop,
}

struct Server {
    socket: Socket,
    options: ServerOptions,
    events: Events,
    shutdown: Shutdown,
    stdin: StdinLines,
    counters: Counters,
    /// Replies not sent yet: they go out together after each batch of datagrams is handled.
    outbox: Outbox,
}

/// The most datagrams taken (and replies sent) per system call. Half of a 32-datagram burst: the
/// sender gets the first replies while the server works on the rest, so both sides work at once
/// instead of taking turns; 16 datagrams already share the cost of a system call well.
const BATCH: usize = 16;

pub fn run(options: ServerOptions, events: Events) -> Result<u8> {
    let shutdown = Shutdown::install().with_context(|| tr!("udp-chat-signal-handlers"))?;
    let socket = bind(&options)?;
    let local = socket.local_addr()?.as_socket().with_context(|| tr!("udp-chat-no-ip-address"))?;
    events.emit(
        Event::new("listening", format!("listening on udp {local}"))
            .field("proto", "udp")
            .field("addr", local.to_string()),
    );
    if let Some(asked) = options.rcvbuf {
        report_rcvbuf(&socket, asked, events)?;
    }
    // A slow reader (--read-delay) and a chat take one datagram at a time, as the guide's server does.
    let batch = if options.read_delay.is_zero() && !options.chat { BATCH } else { 1 };
    let mut server = Server {
        socket,
        options,
        events,
        shutdown,
        stdin: StdinLines::default(),
        counters: Counters::default(),
        outbox: Outbox::new(batch),
    };
    server.serve()
}

fn bind(options: &ServerOptions) -> Result<Socket> {
    let socket = Socket::new(Domain::for_address(options.bind), Type::DGRAM, Some(Protocol::UDP))
        .with_context(|| tr!("udp-chat-cannot-create-socket"))?;
    if let Some(size) = options.rcvbuf {
        socket.set_recv_buffer_size(size).with_context(|| tr!("udp-chat-cannot-set-rcvbuf"))?;
    }
    socket
        .bind(&options.bind.into())
        .with_context(|| tr!("udp-chat-cannot-bind", addr = options.bind.to_string()))?;
    Ok(socket)
}

fn report_rcvbuf(socket: &Socket, asked: usize, events: Events) -> Result<()> {
    let granted = socket.recv_buffer_size()?;
    events.emit(socklab::sockopt::granted(socklab::sockopt::Buffer::Receive, asked, granted));
    Ok(())
}

impl Server {
    fn serve(&mut self) -> Result<u8> {
        // One byte more than the user's buffer is never needed: MSG_TRUNC reports the real length.
        let mut inbox = Inbox::new(self.outbox.capacity(), self.options.recv_buf.max(1));
        // Blocking receives: a stop request shuts the socket's reading side down, which ends the wait.
        self.shutdown.interrupt_reads(&self.socket).with_context(|| tr!("udp-chat-signal-handlers"))?;
        // One datagram at a time (one in flight, --read-delay, --chat) takes recvfrom() and sendto(),
        // several take recvmmsg() and sendmmsg(): see batch.rs.
        while !self.shutdown.requested() {
            if !self.options.read_delay.is_zero() {
                std::thread::sleep(self.options.read_delay);
            }
            let count = match inbox.receive(self.socket.as_fd()) {
                Ok(count) => count,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    self.events.warn(
                        self.events.in_language(|| tr!("udp-chat-receive-failed", error = err.to_string())),
                    );
                    continue;
                }
            };
            if self.shutdown.requested() {
                break;
            }
            for index in 0..count {
                let datagram = inbox.get(index);
                let Some(source) = datagram.source() else { continue };
                if let Next::Stop = self.handle(source, datagram.length, datagram.payload)? {
                    return Ok(EXIT_OK);
                }
            }
            self.send_replies();
        }
        self.report_stop(Stop::Signal);
        Ok(EXIT_OK)
    }

    fn handle(&mut self, source: SocketAddr, length: usize, payload: &[u8]) -> Result<Next> {
        if !self.options.allow.admits(source.ip()) {
            self.counters.ignored += 1;
            self.events.emit(
                Event::new(
                    "ignored",
                    tr!(
                        "udp-chat-ignored",
                        source = source.to_string(),
                        ip = source.ip().to_canonical().to_string(),
                        allowlist = self.options.allow.to_string()
                    ),
                )
                .field("from", source.to_string())
                .field("bytes", length)
                .field("reason", "not in allowlist"),
            );
            return Ok(Next::Serve);
        }
        self.counters.datagrams += 1;
        self.counters.bytes += length as u64;
        if !self.options.quiet {
            self.events.emit(
                Event::new("datagram", tr!("udp-chat-datagram", source = source.to_string(), bytes = length))
                    .field("from", source.to_string())
                    .field("bytes", length)
                    .field("text", printable(payload)),
            );
        }
        if payload.len() < length {
            self.counters.truncated += 1;
            self.events.emit(
                Event::new(
                    "truncated",
                    tr!(
                        "udp-chat-truncated",
                        source = source.to_string(),
                        kept = payload.len(),
                        bytes = length
                    ),
                )
                .field("from", source.to_string())
                .field("kept", payload.len())
                .field("bytes", length)
                .field("buffer", self.options.recv_buf),
            );
        }
        match command::classify(payload) {
            Request::Data if self.options.chat => return self.answer_from_stdin(source, payload),
            Request::Data => self.reply(source, payload),
            Request::Shutdown => {
                self.reply(source, b"bye");
                self.report_stop(Stop::Command(source));
                return Ok(Next::Stop);
            }
            Request::Exec(line) => {
                let answer = self.exec(source, line);
                self.reply(source, answer.as_bytes());
            }
            Request::ExecWithoutCommand => self.reply(source, b"error: /exec needs a command, e.g. /exec ls"),
            Request::Unknown(word) => {
                let answer = format!("error: unknown command {word} (known: {})", command::KNOWN);
                self.reply(source, answer.as_bytes());
            }
        }
        Ok(Next::Serve)
    }

    fn exec(&mut self, source: SocketAddr, line: &str) -> String {
        if let Some(refusal) = exec_refusal(self.options.allow_exec, &self.options.allow, source.ip()) {
            self.events.emit(
                Event::new(
                    "exec",
                    tr!("udp-chat-exec-refused", source = source.to_string(), refusal = refusal),
                )
                .field("from", source.to_string())
                .field("command", line)
                .field("refused", refusal),
            );
            return refusal.to_owned();
        }
        // Earlier echoes should not wait for the command.
        self.send_replies();
        let outcome = exec::run(line, self.options.exec_timeout);
        let answer = outcome.reply();
        let (code, signal, timed_out) = match outcome {
            exec::Outcome::Exited(code) => (Some(code), None, false),
            exec::Outcome::Signalled(signal) => (None, Some(signal), false),
            exec::Outcome::TimedOut(_) => (None, None, true),
            exec::Outcome::CouldNotStart(_) => (None, None, false),
        };
        self.events.emit(
            Event::new(
                "exec",
                tr!(
                    "udp-chat-exec-ran",
                    command = line.to_owned(),
                    source = source.to_string(),
                    reply = answer.clone()
                ),
            )
            .field("from", source.to_string())
            .field("command", line)
            .field("status", code)
            .field("signal", signal)
            .field("timed_out", timed_out)
            .field("reply", answer.clone()),
        );
        answer
    }

    /// Chat (§1.5.4): show the message, wait for the user's answer on stdin, send it.
    fn answer_from_stdin(&mut self, source: SocketAddr, payload: &[u8]) -> Result<Next> {
        self.events.emit(
            Event::new(
                "message",
                tr!("udp-chat-says", source = source.to_string(), text = printable(payload)),
            )
            .field("from", source.to_string())
            .field("text", printable(payload)),
        );
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            eprint!("{}> ", tr!("udp-chat-reply-prompt"));
        }
        match self.stdin.next_line(&self.shutdown).with_context(|| tr!("udp-chat-cannot-read-stdin"))? {
            Ok(line) => {
                self.reply(source, line.as_bytes());
                Ok(Next::Serve)
            }
            Err(NoLine::EndOfInput) => {
                self.report_stop(Stop::EndOfInput);
                Ok(Next::Stop)
            }
            Err(NoLine::Stopped) => {
                self.report_stop(Stop::Signal);
                Ok(Next::Stop)
            }
        }
    }

    fn reply(&mut self, destination: SocketAddr, payload: &[u8]) {
        self.outbox.push(Some(destination), payload);
        if self.outbox.is_full() {
            self.send_replies();
        }
    }

    fn send_replies(&mut self) {
        // A reply event has no human line: it is built only for JSON output.
        let log = !self.options.quiet && self.events.is_json();
        let (events, counters) = (self.events, &mut self.counters);
        self.outbox.flush(self.socket.as_fd(), |destination, payload, result| {
            let to = || destination.map(|address| address.to_string()).unwrap_or_default();
            match result {
                Ok(_) if !log => counters.replies += 1,
                Ok(sent) => {
                    counters.replies += 1;
                    events.emit(
                        Event::quiet("reply")
                            .field("to", to())
                            .field("bytes", sent)
                            .field("text", printable(payload)),
                    );
                }
                Err(err) => events.warn(
                    events.in_language(|| tr!("udp-chat-cannot-reply", to = to(), error = err.to_string())),
                ),
            }
        });
    }

    fn report_stop(&mut self, stop: Stop) {
        self.send_replies();
        let c = &self.counters;
        self.events.emit(
            Event::new(
                "shutdown",
                tr!(
                    "udp-chat-stopping",
                    reason = stop.said(),
                    datagrams = c.datagrams,
                    bytes = c.bytes,
                    truncated = c.truncated,
                    ignored = c.ignored,
                    replies = c.replies
                ),
            )
            .field("reason", stop.reason())
            .field("datagrams", c.datagrams)
            .field("bytes", c.bytes)
            .field("truncated", c.truncated)
            .field("ignored", c.ignored)
            .field("replies", c.replies)
            .field("drops", kernel_drops(&self.socket)),
        );
    }
}

/// Why the server stops.
enum Stop {
    Signal,
    /// `/shutdown` from this source.
    Command(SocketAddr),
    /// Chat mode: stdin ended.
    EndOfInput,
}

impl Stop {
    /// The reason as the `shutdown` event's field gives it (English: an interface).
    fn reason(&self) -> String {
        match self {
            Stop::Signal => "signal".to_owned(),
            Stop::Command(source) => format!("/shutdown from {source}"),
            Stop::EndOfInput => "end of stdin: no more answers to give".to_owned(),
        }
    }

    /// The reason for a person.
    fn said(&self) -> String {
        match self {
            Stop::Signal => tr!("udp-chat-stop-signal"),
            Stop::Command(source) => tr!("udp-chat-stop-command", source = source.to_string()),
            Stop::EndOfInput => tr!("udp-chat-stop-end-of-input"),
        }
    }
}

/// Datagrams the kernel dropped for this socket, mostly because its receive buffer was full: the
/// `drops` count of SO_MEMINFO (what `ss -um` shows as `d`). None where the kernel does not say.
fn kernel_drops(socket: &Socket) -> Option<u64> {
    use std::os::fd::AsRawFd;
    /// Index of the drop counter in the SO_MEMINFO array (SK_MEMINFO_DROPS in linux/sock_diag.h).
    const SK_MEMINFO_DROPS: usize = 8;
    let mut info = [0u32; 16];
    let mut length = std::mem::size_of_val(&info) as libc::socklen_t;
    // SAFETY: `info` is a writable buffer of `length` bytes that outlives the call.
    let result = unsafe {
        libc::getsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_MEMINFO,
            info.as_mut_ptr().cast(),
            &mut length,
        )
    };
    let filled = length as usize / std::mem::size_of::<u32>();
    (result == 0 && filled > SK_MEMINFO_DROPS).then(|| u64::from(info[SK_MEMINFO_DROPS]))
}

/// Why `/exec` from `source` is refused, if it is. Remote command execution needs `--allow-exec`, and
/// then either an allowlist (which already filtered the source) or a loopback source.
fn exec_refusal(allow_exec: bool, allow: &Allowlist, source: IpAddr) -> Option<&'static str> {
    if !allow_exec {
        Some("error: /exec is disabled on this server (start it with --allow-exec)")
    } else if allow.is_empty() && !source.to_canonical().is_loopback() {
        Some("error: /exec is only accepted from loopback unless --allow names the client")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allowlist::parse_network;

    #[test]
    fn exec_needs_the_flag_and_without_an_allowlist_a_loopback_source() {
        let open = Allowlist::default();
        let listed = Allowlist::new(vec![parse_network("192.0.2.0/24").unwrap()]);
        let lan: IpAddr = "192.0.2.7".parse().unwrap();
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(exec_refusal(false, &open, local).unwrap().contains("disabled"));
        assert!(exec_refusal(true, &open, lan).unwrap().contains("only accepted from loopback"));
        assert_eq!(exec_refusal(true, &open, local), None);
        assert_eq!(exec_refusal(true, &open, "::ffff:127.0.0.1".parse().unwrap()), None);
        assert_eq!(exec_refusal(true, &listed, lan), None);
    }
}
