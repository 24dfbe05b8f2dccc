//! Receiving one datagram with its real length: a datagram over the limit is reported with its size
//! (MSG_TRUNC, recv(2)) instead of being read in part and misunderstood.

use std::io;
use std::mem::MaybeUninit;
use std::net::{SocketAddr, UdpSocket};

/// A received datagram: `length` is its size on the wire, larger than the buffer when it was cut.
pub struct Received {
    pub length: usize,
    pub from: SocketAddr,
}

/// Receives into `buffer` (one byte larger than the limit is enough to tell an oversize datagram),
/// without waiting: the callers poll first, and `WouldBlock` means nothing was there.
pub fn receive(socket: &UdpSocket, buffer: &mut [u8]) -> io::Result<Received> {
    // SAFETY: recvfrom(2) only writes initialised bytes into the buffer, never uninitialised ones.
    let uninit = unsafe { &mut *(buffer as *mut [u8] as *mut [MaybeUninit<u8>]) };
    let (length, from) =
        socket2::SockRef::from(socket).recv_from_with_flags(uninit, libc::MSG_TRUNC | libc::MSG_DONTWAIT)?;
    let from = from.as_socket().ok_or_else(|| io::Error::other("a datagram without an IP source"))?;
    Ok(Received { length, from })
}
