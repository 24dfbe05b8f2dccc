//! Many datagrams per system call: recvmmsg() takes every datagram already queued (up to a batch) once
//! the first one is there, and sendmmsg() sends a batch of replies at once. When several datagrams are
//! in flight, most of an echo's cost is the kernel's work per datagram, not copying 64 bytes.
//!
//! With one datagram in flight a batch is pure cost: recvmmsg() with MSG_WAITFORONE tries a second,
//! non-blocking receive after the first datagram (which fails: the peer is waiting for the reply),
//! and recvmmsg() and sendmmsg() copy message headers in and out that recvfrom() and sendto() do
//! without. So one datagram at a time goes through recvfrom() and sendto(), the two calls a plain C
//! echo server makes. A receiver that knows it expects one at a time calls `Inbox::receive_one`; a
//! server, which cannot know, calls `Inbox::receive`, which takes one at a time after a batch of one
//! and tries a recvmmsg() again every `PROBE_EVERY` datagrams, to notice when they start to queue up.
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
//! So a receiver that expects more datagrams soon can have `receive_batch` poll for a short while
//! before it sleeps: it tries without blocking, yielding its CPU between tries (a peer on the same CPU
//! still runs), and sleeps only if nothing came. A receiver that expects nothing sleeps at once, as
//! recvfrom() does.
//!
//! The system calls are made through libc rather than nix: their argument arrays (iovecs, message
//! headers, addresses) live in the `Inbox` and `Outbox` and are reused, so that neither a receive nor a
//! send allocates, where nix's wrappers want new lists of slices for every call.

use std::io;
use std::mem;
use std::net::SocketAddr;
use std::ops::Range;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::ptr;
use std::time::{Duration, Instant};

use libc::{c_int, c_uint, c_void, iovec, mmsghdr, msghdr, sockaddr_storage, socklen_t};
use socket2::{SockAddr, SockRef};

/// How long a receiver that expects more datagrams polls before it sleeps: longer than a busy peer
/// takes to answer a batch, short enough that the CPU spent when the traffic stops does not matter.
pub const POLL_BEFORE_SLEEP: Duration = Duration::from_micros(100);

/// How many datagrams `Inbox::receive` takes one at a time before it tries a recvmmsg() again. The
/// try costs a one-datagram exchange little more than a recvfrom(); a burst is noticed within this
/// many datagrams.
const PROBE_EVERY: u32 = 16;

/// The room for a sender's address.
const ADDRESS_BYTES: socklen_t = mem::size_of::<sockaddr_storage>() as socklen_t;

/// One received datagram.
pub struct Datagram<'a> {
    /// Its real length: longer than `payload` when it was truncated (MSG_TRUNC).
    pub length: usize,
    /// The part of it that fit in the buffer.
    pub payload: &'a [u8],
    address: &'a sockaddr_storage,
    address_length: socklen_t,
}

impl Datagram<'_> {
    /// Who sent it; None when a shutdown ended the wait, which yields no datagram and no address.
    pub fn source(&self) -> Option<SocketAddr> {
        if self.address_length == 0 {
            return None;
        }
        // SAFETY: the kernel wrote a socket address of `address_length` bytes into `address`.
        unsafe { SockAddr::new(*self.address, self.address_length) }.as_socket()
    }
}

/// Receive buffers for up to `capacity` datagrams of `size` bytes each.
pub struct Inbox {
    size: usize,
    /// One buffer of `size` bytes per datagram, back to back.
    buffers: Vec<u8>,
    /// Who sent each datagram.
    addresses: Vec<sockaddr_storage>,
    /// iovec `i` describes buffer `i`.
    #[expect(dead_code, reason = "never read by name: `headers` points at it")]
    iovecs: Vec<iovec>,
    /// recvmmsg()'s array: header `i` points at iovec `i` and address `i`. These vectors never grow,
    /// so the pointers, set once, stay valid. The kernel writes each datagram's length and address
    /// length back into its header; `receive_one` writes them into header 0 likewise.
    headers: Vec<mmsghdr>,
    /// Whether the last `receive` took several datagrams: more are coming.
    several: bool,
    /// Datagrams `receive` took one at a time since it last tried a recvmmsg().
    singles: u32,
}

impl Inbox {
    pub fn new(capacity: usize, size: usize) -> Self {
        let capacity = capacity.max(1);
        let mut buffers = vec![0u8; capacity * size];
        // SAFETY: all zeros is a valid sockaddr_storage (family AF_UNSPEC).
        let mut addresses = vec![unsafe { mem::zeroed::<sockaddr_storage>() }; capacity];
        let base = buffers.as_mut_ptr();
        let mut iovecs: Vec<iovec> = (0..capacity)
            .map(|index| iovec { iov_base: base.wrapping_add(index * size).cast(), iov_len: size })
            .collect();
        let headers = iovecs
            .iter_mut()
            .zip(&mut addresses)
            .map(|(iovec, address)| mmsghdr {
                msg_hdr: message_header(iovec, ptr::from_mut(address).cast(), ADDRESS_BYTES),
                msg_len: 0,
            })
            .collect();
        Self { size, buffers, addresses, iovecs, headers, several: false, singles: 0 }
    }

    /// For a receiver that cannot know how datagrams come (a server): after a batch of several, more
    /// are coming, so it polls for the next batch (`receive_batch`); after a batch of one it takes one
    /// at a time (`receive_one`), with a recvmmsg() every `PROBE_EVERY` datagrams to notice a burst.
    pub fn receive(&mut self, fd: BorrowedFd<'_>) -> io::Result<usize> {
        let count = if self.headers.len() == 1 {
            self.receive_one(fd)?
        } else if self.several {
            self.receive_batch(fd, POLL_BEFORE_SLEEP)?
        } else if self.singles < PROBE_EVERY {
            self.singles += 1;
            self.receive_one(fd)?
        } else {
            self.singles = 0;
            self.receive_batch(fd, Duration::ZERO)?
        };
        self.several = count > 1;
        Ok(count)
    }

    /// Waits for one datagram with recvfrom(), as the socket's blocking mode and receive timeout say,
    /// and returns 1; `get(0)` reads it. A signal during the wait returns `Interrupted`.
    pub fn receive_one(&mut self, fd: BorrowedFd<'_>) -> io::Result<usize> {
        let mut address_length = ADDRESS_BYTES;
        // SAFETY: buffer 0 is `size` writable bytes and address 0 is `ADDRESS_BYTES` writable bytes,
        // both owned by `self`, which the call borrows mutably.
        let length = check(unsafe {
            libc::recvfrom(
                fd.as_raw_fd(),
                self.buffers.as_mut_ptr().cast(),
                self.size,
                libc::MSG_TRUNC,
                self.addresses.as_mut_ptr().cast(),
                &mut address_length,
            )
        })?;
        let header = &mut self.headers[0];
        header.msg_len = length as c_uint;
        header.msg_hdr.msg_namelen = address_length;
        Ok(1)
    }

    /// Waits for one datagram, then takes those already queued behind it, up to the capacity, with
    /// recvmmsg(). Returns how many it took; `get` reads them. The wait polls for up to `poll` (see
    /// the module docs), then sleeps as the socket's blocking mode and receive timeout say. A signal
    /// during the sleep returns `Interrupted`.
    pub fn receive_batch(&mut self, fd: BorrowedFd<'_>, poll: Duration) -> io::Result<usize> {
        if !poll.is_zero() {
            let deadline = Instant::now() + poll;
            loop {
                match self.take(fd, libc::MSG_DONTWAIT) {
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
        self.take(fd, 0)
    }

    fn take(&mut self, fd: BorrowedFd<'_>, wait: c_int) -> io::Result<usize> {
        // The kernel wrote the length of the last addresses over the room for them.
        for header in &mut self.headers {
            header.msg_hdr.msg_namelen = ADDRESS_BYTES;
        }
        let flags = libc::MSG_WAITFORONE | libc::MSG_TRUNC | wait;
        // SAFETY: every header points into this Inbox's buffers and addresses (see `headers`), which
        // the call borrows mutably.
        check(unsafe {
            libc::recvmmsg(
                fd.as_raw_fd(),
                self.headers.as_mut_ptr(),
                self.headers.len() as c_uint,
                // An int in glibc, an unsigned int in musl.
                flags as _,
                ptr::null_mut(),
            )
        } as isize)
    }

    /// The `index`th datagram of the last receive.
    pub fn get(&self, index: usize) -> Datagram<'_> {
        let header = &self.headers[index];
        let length = header.msg_len as usize;
        let start = index * self.size;
        Datagram {
            length,
            payload: &self.buffers[start..start + length.min(self.size)],
            address: &self.addresses[index],
            address_length: header.msg_hdr.msg_namelen,
        }
    }
}

/// The most datagrams one UDP_SEGMENT send may carry (UDP_MAX_SEGMENTS of older kernels).
const MAX_SEGMENTS: usize = 64;
/// The most bytes one UDP_SEGMENT send may carry: one IPv6 UDP datagram's worth, with room for headers.
const MAX_SEGMENTED_BYTES: usize = 65_000;
/// The control message of a UDP_SEGMENT send: a cmsghdr and the segment size (a u16).
// SAFETY: CMSG_SPACE is arithmetic.
const SEGMENT_CONTROL_BYTES: usize = unsafe { libc::CMSG_SPACE(mem::size_of::<u16>() as c_uint) } as usize;

/// Replies waiting to be sent together.
pub struct Outbox {
    capacity: usize,
    /// Whether UDP_SEGMENT is worth trying (false once the kernel said it cannot do it).
    segmentation: bool,
    bytes: Vec<u8>,
    /// Where each goes (None: the socket's connected peer) and its bytes in `bytes`.
    messages: Vec<(Option<SocketAddr>, Range<usize>)>,
    /// sendmmsg()'s arguments: filled just before the call and emptied after it, kept so that their
    /// memory is reused.
    addresses: Vec<Option<SockAddr>>,
    iovecs: Vec<iovec>,
    headers: Vec<mmsghdr>,
}

impl Outbox {
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            capacity,
            segmentation: true,
            bytes: Vec::new(),
            messages: Vec::with_capacity(capacity),
            addresses: Vec::with_capacity(capacity),
            iovecs: Vec::with_capacity(capacity),
            headers: Vec::with_capacity(capacity),
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
        let address = destination.map(SockAddr::from);
        let mut iovec = iovec { iov_base: payload.as_ptr().cast_mut().cast(), iov_len: payload.len() };
        let mut header = outgoing_header(&mut iovec, address.as_ref());
        // Words, for a cmsghdr's alignment.
        let mut control = [0u64; SEGMENT_CONTROL_BYTES.div_ceil(8)];
        header.msg_control = control.as_mut_ptr().cast();
        header.msg_controllen = SEGMENT_CONTROL_BYTES as _;
        // SAFETY: `control` has room for the first control message of `header` and its u16 of data.
        unsafe {
            let message = libc::CMSG_FIRSTHDR(&header);
            (*message).cmsg_level = libc::SOL_UDP;
            (*message).cmsg_type = libc::UDP_SEGMENT;
            (*message).cmsg_len = libc::CMSG_LEN(mem::size_of::<u16>() as c_uint) as _;
            libc::CMSG_DATA(message).cast::<u16>().write_unaligned(first.len() as u16);
        }
        loop {
            // SAFETY: `header` points at `iovec`, `address` and `control`, all alive until it returns.
            match check(unsafe { libc::sendmsg(fd.as_raw_fd(), &header, libc::MSG_NOSIGNAL) }) {
                Ok(_) => return true,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    if matches!(err.raw_os_error(), Some(libc::ENOPROTOOPT | libc::EOPNOTSUPP | libc::EIO)) {
                        self.segmentation = false;
                    }
                    return false;
                }
            }
        }
    }

    /// `messages` one datagram each: sendto() for one, sendmmsg() for more. Returns the index after
    /// the last one handled.
    fn send_each(
        &mut self,
        fd: BorrowedFd<'_>,
        messages: Range<usize>,
        report: &mut impl FnMut(Option<SocketAddr>, &[u8], io::Result<usize>),
    ) -> usize {
        let sent = if messages.len() == 1 {
            let (destination, range) = &self.messages[messages.start];
            send_one(fd, *destination, &self.bytes[range.clone()]).map(|_| 1)
        } else {
            self.send_many(fd, messages.clone())
        };
        match sent {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => messages.start,
            // sendmmsg() fails only when the first datagram does: report it and go on with the rest.
            Err(err) => {
                let (destination, range) = &self.messages[messages.start];
                report(*destination, &self.bytes[range.clone()], Err(err));
                messages.start + 1
            }
            Ok(count) => {
                // A UDP datagram is sent whole or not at all.
                for (destination, range) in &self.messages[messages.start..messages.start + count] {
                    report(*destination, &self.bytes[range.clone()], Ok(range.len()));
                }
                // The kernel always takes at least one; never loop on nothing.
                messages.start + count.max(1)
            }
        }
    }

    /// One sendmmsg() for `messages`; returns how many the kernel took.
    fn send_many(&mut self, fd: BorrowedFd<'_>, messages: Range<usize>) -> io::Result<usize> {
        for (destination, range) in &self.messages[messages] {
            self.addresses.push(destination.map(SockAddr::from));
            let payload = &self.bytes[range.clone()];
            self.iovecs.push(iovec { iov_base: payload.as_ptr().cast_mut().cast(), iov_len: payload.len() });
        }
        for (iovec, address) in self.iovecs.iter_mut().zip(&self.addresses) {
            self.headers.push(mmsghdr { msg_hdr: outgoing_header(iovec, address.as_ref()), msg_len: 0 });
        }
        // SAFETY: every header points at an iovec and an address in `self`, and every iovec at
        // `self.bytes`; none of them changes until the call returns.
        let sent = unsafe {
            libc::sendmmsg(
                fd.as_raw_fd(),
                self.headers.as_mut_ptr(),
                self.headers.len() as c_uint,
                libc::MSG_NOSIGNAL as _,
            )
        };
        // No pointer into `bytes` outlives the call.
        self.headers.clear();
        self.iovecs.clear();
        self.addresses.clear();
        check(sent as isize)
    }
}

/// sendto() on an unconnected socket, send() to the connected peer when `destination` is None.
fn send_one(fd: BorrowedFd<'_>, destination: Option<SocketAddr>, payload: &[u8]) -> io::Result<usize> {
    let socket = SockRef::from(&fd);
    match destination {
        Some(address) => socket.send_to_with_flags(payload, &address.into(), libc::MSG_NOSIGNAL),
        None => socket.send_with_flags(payload, libc::MSG_NOSIGNAL),
    }
}

/// A msghdr for one datagram in `iovec`, from or to the address at `name` (null: the connected peer).
fn message_header(iovec: *mut iovec, name: *mut c_void, name_length: socklen_t) -> msghdr {
    // SAFETY: all zeros is a valid msghdr: null pointers, zero lengths, no flags.
    let mut header: msghdr = unsafe { mem::zeroed() };
    header.msg_name = name;
    header.msg_namelen = name_length;
    header.msg_iov = iovec;
    header.msg_iovlen = 1;
    header
}

/// A msghdr that sends `iovec` to `destination`, or to the connected peer.
fn outgoing_header(iovec: *mut iovec, destination: Option<&SockAddr>) -> msghdr {
    match destination {
        Some(address) => message_header(iovec, address.as_ptr().cast_mut().cast(), address.len()),
        None => message_header(iovec, ptr::null_mut(), 0),
    }
}

/// A system call's result: the error in errno when it is negative.
fn check(result: isize) -> io::Result<usize> {
    if result < 0 { Err(io::Error::last_os_error()) } else { Ok(result as usize) }
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
        assert_eq!(inbox.receive_batch(server.as_fd(), Duration::ZERO).unwrap(), 3);
        let from = client.local_addr().unwrap();
        let first = inbox.get(0);
        assert_eq!((first.length, first.source(), first.payload), (3, Some(from), &b"one"[..]));
        let third = inbox.get(2);
        assert_eq!((third.length, third.payload), (5, &b"thre"[..]), "truncated, with its real length");
    }

    #[test]
    fn one_at_a_time_a_datagram_is_taken_alone_with_its_source_and_real_length() {
        let server = UdpSocket::bind("[::1]:0").unwrap();
        let client = UdpSocket::bind("[::1]:0").unwrap();
        let mut outbox = Outbox::new(1);
        outbox.push(Some(server.local_addr().unwrap()), b"hello");
        outbox.flush(client.as_fd(), |_, _, result| assert_eq!(result.unwrap(), 5));
        client.send_to(b"again", server.local_addr().unwrap()).unwrap();
        let mut inbox = Inbox::new(8, 4);
        for expected in ["hell", "agai"] {
            assert_eq!(inbox.receive_one(server.as_fd()).unwrap(), 1);
            let datagram = inbox.get(0);
            assert_eq!((datagram.length, datagram.payload), (5, expected.as_bytes()));
            assert_eq!(datagram.source(), Some(client.local_addr().unwrap()), "an IPv6 address fits");
        }
    }

    #[test]
    fn a_receiver_taking_one_at_a_time_notices_a_burst_and_then_takes_it_in_batches() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        let to = server.local_addr().unwrap();
        let mut inbox = Inbox::new(4, 16);
        client.send_to(b"ping", to).unwrap();
        assert_eq!(inbox.receive(server.as_fd()).unwrap(), 1);
        for index in 0..100u8 {
            client.send_to(&[index], to).unwrap();
        }
        let mut taken = Vec::new();
        while taken.iter().sum::<usize>() < 100 {
            taken.push(inbox.receive(server.as_fd()).unwrap());
        }
        let singles = taken.iter().take_while(|&&count| count == 1).count();
        assert!(singles <= PROBE_EVERY as usize, "{taken:?}");
        let (_, batches) = taken[singles..].split_last().unwrap();
        assert!(batches.iter().all(|&count| count == 4), "batches of 4 once noticed: {taken:?}");
    }

    #[test]
    fn a_polling_receive_takes_what_is_queued_and_sleeps_with_the_socket_timeout_when_nothing_comes() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        server.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let mut inbox = Inbox::new(8, 16);
        let started = Instant::now();
        let err = inbox.receive_batch(server.as_fd(), POLL_BEFORE_SLEEP).unwrap_err();
        assert!(matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut), "{err}");
        assert!(started.elapsed() >= Duration::from_millis(50), "it slept after polling");
        for text in ["one", "two"] {
            client.send_to(text.as_bytes(), server.local_addr().unwrap()).unwrap();
        }
        assert_eq!(inbox.receive_batch(server.as_fd(), POLL_BEFORE_SLEEP).unwrap(), 2);
        assert_eq!(inbox.get(1).payload, b"two");
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
