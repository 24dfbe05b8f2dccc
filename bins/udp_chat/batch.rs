//! Many datagrams per system call: recvmmsg() takes every datagram already queued (up to a batch) once
//! the first one is there, and sendmmsg() sends a batch of replies at once. When several datagrams are
//! in flight, most of an echo's cost is the kernel's work per datagram, not copying 64 bytes; with one
//! in flight a batch of one costs what recvfrom()/sendto() cost.
//!
//! Consecutive replies of one size to one destination go further: one sendmsg() with UDP_SEGMENT
//! (UDP generic segmentation offload) hands them to the kernel as a single buffer that is routed once
//! and cut into the separate datagrams only on the way out (on loopback, at the receiving socket). The
//! receiver still gets one datagram per reply. Where the kernel or device cannot do it, the replies go
//! out one datagram each as before.
//!
//! Batching has a catch. A peer that takes a whole burst at once and answers it at once is done
//! before the next burst arrives, and sleeps; two such peers take turns, and every turn wakes a process
//! whose CPU has gone idle. That wake-up can cost more than the batch: in a virtual machine whose idle
//! vCPUs halt, the waker's send waits while the host delivers the wake-up's IPI, and the sleeper's vCPU
//! has to be resumed (one datagram in flight between two CPUs: about 50 µs, against 8 µs on one CPU).
//! So a receiver that expects more datagrams soon can have `receive` poll for a short while before it
//! sleeps: it tries without blocking, yielding its CPU between tries (a peer on the same CPU still
//! runs), and sleeps only if nothing came. A receiver that expects nothing sleeps at once, as
//! recvfrom() does.

use std::io::{self, IoSlice, IoSliceMut};
use std::net::SocketAddr;
use std::ops::Range;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::sys::socket::{
    ControlMessage, MsgFlags, MultiHeaders, SockaddrStorage, recvmmsg, sendmmsg, sendmsg,
};

/// How long a receiver that expects more datagrams polls before it sleeps: longer than a busy peer
/// takes to answer a batch, short enough that the CPU spent when the traffic stops does not matter.
pub const POLL_BEFORE_SLEEP: Duration = Duration::from_micros(100);

/// One received datagram: its real length (longer than the payload kept when it was truncated) and
/// who sent it (None on a connected socket, or when a shutdown ended the wait).
#[derive(Clone, Copy, Debug)]
pub struct Received {
    pub length: usize,
    pub source: Option<SocketAddr>,
}

/// Receive buffers for up to `capacity` datagrams of `size` bytes each.
pub struct Inbox {
    size: usize,
    buffers: Vec<Vec<u8>>,
    headers: MultiHeaders<SockaddrStorage>,
    received: Vec<Received>,
}

impl Inbox {
    pub fn new(capacity: usize, size: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            size,
            buffers: vec![vec![0u8; size]; capacity],
            headers: MultiHeaders::preallocate(capacity, None),
            received: Vec::with_capacity(capacity),
        }
    }

    /// Waits for one datagram, then takes those already queued behind it, up to the capacity. Returns
    /// how many it took; `get` reads them. The wait polls for up to `poll` (see the module docs), then
    /// sleeps as the socket's blocking mode and receive timeout say. The real length of a truncated
    /// datagram is reported (MSG_TRUNC). A signal during the sleep returns `Interrupted`.
    pub fn receive(&mut self, fd: BorrowedFd<'_>, poll: Duration) -> io::Result<usize> {
        if !poll.is_zero() {
            let deadline = Instant::now() + poll;
            loop {
                match self.take(fd, MsgFlags::MSG_DONTWAIT) {
                    Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                        if Instant::now() >= deadline {
                            break;
                        }
                        std::thread::yield_now();
                    }
                    taken => return taken,
                }
            }
        }
        self.take(fd, MsgFlags::empty())
    }

    fn take(&mut self, fd: BorrowedFd<'_>, wait: MsgFlags) -> io::Result<usize> {
        self.received.clear();
        let mut slices: Vec<[IoSliceMut<'_>; 1]> =
            self.buffers.iter_mut().map(|buffer| [IoSliceMut::new(buffer)]).collect();
        let flags = MsgFlags::MSG_WAITFORONE | MsgFlags::MSG_TRUNC | wait;
        let results = recvmmsg(fd.as_raw_fd(), &mut self.headers, slices.iter_mut(), flags, None)
            .map_err(io::Error::from)?;
        self.received.extend(results.map(|message| Received {
            length: message.bytes,
            source: message.address.and_then(socket_address),
        }));
        Ok(self.received.len())
    }

    /// The `index`th datagram of the last `receive`, with the part of it that fit in the buffer.
    pub fn get(&self, index: usize) -> (Received, &[u8]) {
        let received = self.received[index];
        (received, &self.buffers[index][..received.length.min(self.size)])
    }
}

/// The most datagrams one UDP_SEGMENT send may carry (UDP_MAX_SEGMENTS of older kernels).
const MAX_SEGMENTS: usize = 64;
/// The most bytes one UDP_SEGMENT send may carry: one IPv6 UDP datagram's worth, with room for headers.
const MAX_SEGMENTED_BYTES: usize = 65_000;

/// Replies waiting to be sent together.
pub struct Outbox {
    capacity: usize,
    /// Whether UDP_SEGMENT is worth trying (false once the kernel said it cannot do it).
    segmentation: bool,
    bytes: Vec<u8>,
    /// Where each goes (None: the socket's connected peer) and its bytes in `bytes`.
    messages: Vec<(Option<SocketAddr>, Range<usize>)>,
    headers: MultiHeaders<SockaddrStorage>,
}

impl Outbox {
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            capacity,
            segmentation: true,
            bytes: Vec::new(),
            messages: Vec::with_capacity(capacity),
            headers: MultiHeaders::preallocate(capacity, None),
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn is_full(&self) -> bool {
        self.messages.len() >= self.capacity
    }

    pub fn push(&mut self, destination: Option<SocketAddr>, payload: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(payload);
        self.messages.push((destination, start..self.bytes.len()));
    }

    /// Sends every queued reply, in order, with as few system calls as the kernel allows, and tells
    /// `report` how each went (bytes sent, or the error of that one datagram).
    pub fn flush(
        &mut self,
        fd: BorrowedFd<'_>,
        mut report: impl FnMut(Option<SocketAddr>, &[u8], io::Result<usize>),
    ) {
        let mut next = 0;
        while next < self.messages.len() {
            let run = self.segmentable_run(next);
            if run > 1 && self.send_segmented(fd, next..next + run) {
                for (destination, range) in &self.messages[next..next + run] {
                    report(*destination, &self.bytes[range.clone()], Ok(range.len()));
                }
                next += run;
                continue;
            }
            // One datagram each, up to where the next run of same-size replies starts.
            let mut end = next + run;
            while end < self.messages.len() && self.segmentable_run(end) == 1 {
                end += 1;
            }
            next = self.send_each(fd, next..end, &mut report);
        }
        self.messages.clear();
        self.bytes.clear();
    }

    /// How many messages from `first` on can go as one UDP_SEGMENT send: same destination, the same
    /// length (the last one may be shorter), within the kernel's limits. 1 when segmentation is off.
    fn segmentable_run(&self, first: usize) -> usize {
        let (destination, range) = &self.messages[first];
        let size = range.len();
        if !self.segmentation || size == 0 {
            return 1;
        }
        let (mut count, mut total) = (1, size);
        for (other, range) in &self.messages[first + 1..] {
            let length = range.len();
            if other != destination || length == 0 || length > size {
                break;
            }
            if count == MAX_SEGMENTS || total + length > MAX_SEGMENTED_BYTES {
                break;
            }
            count += 1;
            total += length;
            if length < size {
                break;
            }
        }
        count
    }

    /// One sendmsg() with UDP_SEGMENT for `messages` (whose bytes are contiguous). False when the
    /// kernel refused it: the caller then sends them one by one, and an error for one of them is
    /// reported exactly.
    fn send_segmented(&mut self, fd: BorrowedFd<'_>, messages: Range<usize>) -> bool {
        let (destination, first) = &self.messages[messages.start];
        let payload = &self.bytes[first.start..self.messages[messages.end - 1].1.end];
        let segment = first.len() as u16;
        let address = destination.map(SockaddrStorage::from);
        loop {
            match sendmsg(
                fd.as_raw_fd(),
                &[IoSlice::new(payload)],
                &[ControlMessage::UdpGsoSegments(&segment)],
                MsgFlags::MSG_NOSIGNAL,
                address.as_ref(),
            ) {
                Ok(_) => return true,
                Err(Errno::EINTR) => continue,
                Err(err) => {
                    if matches!(err, Errno::ENOPROTOOPT | Errno::EOPNOTSUPP | Errno::EIO) {
                        self.segmentation = false;
                    }
                    return false;
                }
            }
        }
    }

    /// sendmmsg() of `messages`, one datagram each; returns the index after the last one handled.
    fn send_each(
        &mut self,
        fd: BorrowedFd<'_>,
        messages: Range<usize>,
        report: &mut impl FnMut(Option<SocketAddr>, &[u8], io::Result<usize>),
    ) -> usize {
        let pending = &self.messages[messages.clone()];
        let slices: Vec<[IoSlice<'_>; 1]> =
            pending.iter().map(|(_, range)| [IoSlice::new(&self.bytes[range.clone()])]).collect();
        let addresses: Vec<Option<SockaddrStorage>> =
            pending.iter().map(|(destination, _)| destination.map(SockaddrStorage::from)).collect();
        match sendmmsg(fd.as_raw_fd(), &mut self.headers, &slices, &addresses, [], MsgFlags::MSG_NOSIGNAL) {
            Err(Errno::EINTR) => messages.start,
            // sendmmsg() fails only when the first datagram does: report it and go on with the rest.
            Err(err) => {
                let (destination, range) = &self.messages[messages.start];
                report(*destination, &self.bytes[range.clone()], Err(err.into()));
                messages.start + 1
            }
            Ok(results) => {
                let mut next = messages.start;
                for ((destination, range), sent) in pending.iter().zip(results) {
                    report(*destination, &self.bytes[range.clone()], Ok(sent.bytes));
                    next += 1;
                }
                // The kernel always takes at least one; never loop on nothing.
                next.max(messages.start + 1)
            }
        }
    }
}

fn socket_address(address: SockaddrStorage) -> Option<SocketAddr> {
    if let Some(v4) = address.as_sockaddr_in() {
        return Some(SocketAddr::V4((*v4).into()));
    }
    address.as_sockaddr_in6().map(|v6| SocketAddr::V6((*v6).into()))
}

#[cfg(test)]
mod tests {
    use std::net::UdpSocket;
    use std::os::fd::AsFd;

    use super::*;

    #[test]
    fn a_batch_of_replies_arrives_in_order_and_a_burst_is_taken_in_one_call() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        let to = server.local_addr().unwrap();
        let mut outbox = Outbox::new(8);
        for text in ["one", "two", "three"] {
            outbox.push(Some(to), text.as_bytes());
        }
        let mut sent = Vec::new();
        outbox.flush(client.as_fd(), |_, payload, result| sent.push((payload.to_vec(), result.unwrap())));
        assert_eq!(sent, [(b"one".to_vec(), 3), (b"two".to_vec(), 3), (b"three".to_vec(), 5)]);

        let mut inbox = Inbox::new(8, 4);
        assert_eq!(inbox.receive(server.as_fd(), Duration::ZERO).unwrap(), 3);
        let from = client.local_addr().unwrap();
        let (first, payload) = inbox.get(0);
        assert_eq!((first.length, first.source, payload), (3, Some(from), &b"one"[..]));
        let (third, payload) = inbox.get(2);
        assert_eq!((third.length, payload), (5, &b"thre"[..]), "truncated, with its real length");
    }

    #[test]
    fn a_polling_receive_takes_what_is_queued_and_sleeps_with_the_socket_timeout_when_nothing_comes() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        server.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let mut inbox = Inbox::new(8, 16);
        let started = Instant::now();
        let err = inbox.receive(server.as_fd(), POLL_BEFORE_SLEEP).unwrap_err();
        assert!(matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut), "{err}");
        assert!(started.elapsed() >= Duration::from_millis(50), "it slept after polling");
        for text in ["one", "two"] {
            client.send_to(text.as_bytes(), server.local_addr().unwrap()).unwrap();
        }
        assert_eq!(inbox.receive(server.as_fd(), POLL_BEFORE_SLEEP).unwrap(), 2);
        assert_eq!(inbox.get(1).1, b"two");
    }

    #[test]
    fn same_size_replies_sent_as_one_segmented_buffer_arrive_as_separate_datagrams() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        let to = server.local_addr().unwrap();
        let mut outbox = Outbox::new(128);
        let replies: Vec<Vec<u8>> =
            (0..100u8).map(|i| vec![i; 64]).chain([vec![b'x'; 10], vec![b'y'; 64]]).collect();
        for reply in &replies {
            outbox.push(Some(to), reply);
        }
        assert_eq!(outbox.segmentable_run(0), MAX_SEGMENTS, "at most {MAX_SEGMENTS} per send");
        assert_eq!(outbox.segmentable_run(64), 37, "the rest, up to and including the shorter one");
        let mut reported = 0;
        outbox.flush(client.as_fd(), |_, payload, result| {
            assert_eq!(result.unwrap(), payload.len());
            reported += 1;
        });
        assert_eq!(reported, replies.len());
        server.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
        let mut buffer = [0u8; 256];
        for reply in &replies {
            let length = server.recv(&mut buffer).unwrap();
            assert_eq!(&buffer[..length], &reply[..]);
        }
    }

    #[test]
    fn a_reply_the_kernel_refuses_is_reported_and_the_rest_still_go() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        let to = server.local_addr().unwrap();
        let mut outbox = Outbox::new(4);
        client.connect(to).unwrap();
        outbox.push(None, b"before");
        outbox.push(None, &vec![0u8; 70_000]);
        outbox.push(Some(to), b"after");
        let mut outcomes = Vec::new();
        outbox.flush(client.as_fd(), |_, payload, result| outcomes.push((payload.len(), result.is_ok())));
        assert_eq!(outcomes, [(6, true), (70_000, false), (5, true)]);
    }
}
