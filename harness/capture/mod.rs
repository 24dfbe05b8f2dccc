//! Packet capture of a lab's own network namespace, for the guide's Wireshark tasks (§1.4, §2.4) and
//! for checks on what actually crossed the network.
//!
//! A [`Capture`] opens an AF_PACKET socket (packet(7)) on the calling thread, so it sees the interfaces
//! of that thread's network namespace only: the private loopback (and bridge) a lab gets, never the
//! machine's own interfaces. A thread of its own reads every frame and writes it to a `.pcap` file
//! (the `pcap-file` crate) that Wireshark, tshark and tcpdump open. Frames a namespace sends are seen
//! twice by a packet socket, once leaving and once arriving; like libpcap on `lo`, the copy marked
//! PACKET_OUTGOING is left out, so each packet is in the file once (at the interface it arrived on).
//!
//! Loopback normally hands TCP 64 KiB "super-segments" around (TSO/GSO: segmentation offload) and
//! never cuts them, so a capture of it would not show the MSS at all; [`Capture::start`] turns those
//! offloads off on the namespace's loopback, so that each packet is what a network card would have
//! put on the wire (§2.5.2: a 100 KB send in segments of at most the MSS).
//!
//! A capture is bounded: at most [`Limits::packets`] packets and [`Limits::bytes`] bytes are written,
//! each cut to [`Limits::snaplen`]; what came after the cap is counted, not kept, and [`Summary`] says
//! so. [`packet`] reads the file back for summaries and [`condition`] judges packet checks.

pub mod args;
pub mod condition;
pub mod packet;

use std::fs::File;
use std::io::{self, BufWriter};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use pcap_file::DataLink;
use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};

/// How much one capture may keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Packets written at most.
    pub packets: u64,
    /// Bytes of packet data written at most (after the snap length cut).
    pub bytes: u64,
    /// Bytes kept of each packet (tcpdump's `-s`); the rest is counted in its original length.
    pub snaplen: u32,
}

impl Default for Limits {
    /// 100 000 packets, 64 MiB, whole packets (loopback's MTU is 65536).
    fn default() -> Self {
        Self { packets: 100_000, bytes: 64 << 20, snaplen: 65_535 + 14 }
    }
}

/// What a finished capture holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub path: PathBuf,
    /// Packets written to the file.
    pub packets: u64,
    /// Packets seen after a cap was reached, not written.
    pub over_cap: u64,
    /// Packets the kernel dropped because the capture's buffer was full (PACKET_STATISTICS).
    pub dropped: u64,
}

/// A capture running on its own thread.
pub struct Capture {
    stop: Arc<AtomicBool>,
    reader: JoinHandle<io::Result<Summary>>,
}

/// ETH_P_ALL in network byte order, as packet(7) wants the protocol.
const ALL_PROTOCOLS: u16 = (libc::ETH_P_ALL as u16).to_be();
/// How often the reader looks at the stop flag while no packet comes.
const POLL: Duration = Duration::from_millis(20);
/// The socket's receive buffer: a burst of a lab's packets waits here until the reader writes them.
const BUFFER: usize = 8 << 20;

impl Capture {
    /// Starts capturing every packet of the calling thread's network namespace into `path` (created
    /// or truncated). Errors: no CAP_NET_RAW (not root), or the file cannot be created.
    pub fn start(path: &Path, limits: Limits) -> io::Result<Capture> {
        segment_like_a_wire("lo")?;
        // SAFETY: socket(2) with constant arguments; the result is checked before use.
        let fd = unsafe {
            libc::socket(libc::AF_PACKET, libc::SOCK_RAW | libc::SOCK_CLOEXEC, i32::from(ALL_PROTOCOLS))
        };
        if fd < 0 {
            let err = io::Error::last_os_error();
            return Err(io::Error::new(
                err.kind(),
                crate::tr!("run-no-packet-socket", error = err.to_string()),
            ));
        }
        // SAFETY: fd is a new descriptor that nothing else owns.
        let socket = unsafe { OwnedFd::from_raw_fd(fd) };
        let _ = nix::sys::socket::setsockopt(&socket, nix::sys::socket::sockopt::RcvBufForce, &BUFFER)
            .or_else(|_| nix::sys::socket::setsockopt(&socket, nix::sys::socket::sockopt::RcvBuf, &BUFFER));
        let file = File::create(path).map_err(|err| {
            let error =
                crate::tr!("run-cannot-create", path = path.display().to_string(), error = err.to_string());
            io::Error::new(err.kind(), error)
        })?;
        let header =
            PcapHeader { datalink: DataLink::ETHERNET, snaplen: limits.snaplen, ..PcapHeader::default() };
        let writer = PcapWriter::with_header(BufWriter::new(file), header).map_err(io::Error::other)?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let path = path.to_path_buf();
        let reader = std::thread::Builder::new()
            .name("capture".to_owned())
            .spawn(move || record(socket, writer, limits, &flag, path))?;
        Ok(Capture { stop, reader })
    }

    /// Stops after writing what the kernel already queued, and closes the file.
    pub fn finish(self) -> io::Result<Summary> {
        self.stop.store(true, Ordering::SeqCst);
        self.reader.join().map_err(|_| io::Error::other(crate::tr!("run-capture-thread-failed")))?
    }
}

fn record(
    socket: OwnedFd,
    mut writer: PcapWriter<BufWriter<File>>,
    limits: Limits,
    stop: &AtomicBool,
    path: PathBuf,
) -> io::Result<Summary> {
    let mut buffer = vec![0u8; limits.snaplen as usize];
    let (mut packets, mut bytes, mut over_cap) = (0u64, 0u64, 0u64);
    let mut bridges = std::collections::HashMap::new();
    loop {
        let stopping = stop.load(Ordering::SeqCst);
        if !stopping {
            let mut fds = [PollFd::new(socket.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, PollTimeout::try_from(POLL).unwrap_or(PollTimeout::MAX)) {
                Ok(0) | Err(nix::errno::Errno::EINTR) => continue,
                Ok(_) => {}
                Err(err) => return Err(err.into()),
            }
        }
        let Some((length, outgoing, interface)) = receive(&socket, &mut buffer)? else {
            if stopping {
                break;
            }
            continue;
        };
        // A frame between lab hosts arrives on a host's link and, when it is a broadcast, once more on
        // the bridge that joins them: the bridge's copy is left out.
        let on_bridge = *bridges
            .entry(interface)
            .or_insert_with(|| name_of(interface).as_deref() == Some(crate::hosts::BRIDGE));
        if outgoing || on_bridge {
            continue;
        }
        let kept = length.min(buffer.len());
        if packets >= limits.packets || bytes + kept as u64 > limits.bytes {
            over_cap += 1;
            continue;
        }
        let time = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let orig_len = u32::try_from(length).unwrap_or(u32::MAX);
        writer.write_packet(&PcapPacket::new(time, orig_len, &buffer[..kept])).map_err(io::Error::other)?;
        packets += 1;
        bytes += kept as u64;
    }
    let dropped = dropped(&socket);
    let mut file = writer.into_writer();
    io::Write::flush(&mut file)?;
    Ok(Summary { path, packets, over_cap, dropped })
}

/// One frame without waiting: its real length and whether it is the outgoing copy; `None` when
/// nothing is queued.
fn receive(socket: &OwnedFd, buffer: &mut [u8]) -> io::Result<Option<(usize, bool, i32)>> {
    // SAFETY: sockaddr_ll is plain old data; recvfrom writes at most `len` bytes into it and at most
    // buffer.len() bytes into the buffer.
    unsafe {
        let mut from: libc::sockaddr_ll = std::mem::zeroed();
        let mut len = std::mem::size_of::<libc::sockaddr_ll>() as libc::socklen_t;
        let n = libc::recvfrom(
            socket.as_raw_fd(),
            buffer.as_mut_ptr().cast(),
            buffer.len(),
            libc::MSG_DONTWAIT | libc::MSG_TRUNC,
            (&mut from as *mut libc::sockaddr_ll).cast(),
            &mut len,
        );
        if n < 0 {
            let err = io::Error::last_os_error();
            return match err.kind() {
                io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted => Ok(None),
                _ => Err(err),
            };
        }
        Ok(Some((n as usize, from.sll_pkttype == libc::PACKET_OUTGOING, from.sll_ifindex)))
    }
}

/// The name of interface `index` in the calling thread's network namespace.
fn name_of(index: i32) -> Option<String> {
    let mut name = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: if_indextoname writes at most IF_NAMESIZE bytes, a NUL-terminated name, into `name`.
    let found = unsafe { libc::if_indextoname(index as libc::c_uint, name.as_mut_ptr()) };
    if found.is_null() {
        return None;
    }
    // SAFETY: on success `name` holds a NUL-terminated string.
    Some(unsafe { std::ffi::CStr::from_ptr(name.as_ptr()) }.to_string_lossy().into_owned())
}

/// The kernel's count of frames it could not queue for the socket.
fn dropped(socket: &OwnedFd) -> u64 {
    // SAFETY: tpacket_stats is plain old data of the size passed.
    unsafe {
        let mut stats: libc::tpacket_stats = std::mem::zeroed();
        let mut len = std::mem::size_of::<libc::tpacket_stats>() as libc::socklen_t;
        let ok = libc::getsockopt(
            socket.as_raw_fd(),
            libc::SOL_PACKET,
            libc::PACKET_STATISTICS,
            (&mut stats as *mut libc::tpacket_stats).cast(),
            &mut len,
        );
        if ok == 0 { u64::from(stats.tp_drops) } else { 0 }
    }
}

/// ethtool commands (linux/ethtool.h) that set TCP segmentation, generic segmentation and generic
/// receive offload.
const ETHTOOL_STSO: u32 = 0x1f;
const ETHTOOL_SGSO: u32 = 0x24;
const ETHTOOL_SGRO: u32 = 0x2c;

/// `ethtool -K INTERFACE tso off gso off gro off`, with the SIOCETHTOOL ioctl, in the calling thread's
/// network namespace.
pub(crate) fn segment_like_a_wire(interface: &str) -> io::Result<()> {
    #[repr(C)]
    struct EthtoolValue {
        cmd: u32,
        data: u32,
    }
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::DGRAM, None)?;
    for cmd in [ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SGRO] {
        let mut value = EthtoolValue { cmd, data: 0 };
        // SAFETY: ifreq is plain old data; all-zero is a valid value. The ioctl reads the interface
        // name and the ethtool_value ifr_data points to, which outlives the call.
        unsafe {
            let mut request: libc::ifreq = std::mem::zeroed();
            for (slot, byte) in request.ifr_name.iter_mut().zip(interface.bytes().chain([0])) {
                *slot = byte as libc::c_char;
            }
            request.ifr_ifru.ifru_data = (&mut value as *mut EthtoolValue).cast();
            if libc::ioctl(socket.as_raw_fd(), libc::SIOCETHTOOL as _, &mut request) < 0 {
                let err = io::Error::last_os_error();
                return Err(io::Error::new(
                    err.kind(),
                    crate::tr!(
                        "run-offload-not-off",
                        interface = interface.to_string(),
                        error = err.to_string()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Whether this process may capture: a packet socket opens (tried and closed at once).
pub fn available() -> bool {
    // SAFETY: socket(2) and close(2) on the descriptor it returned.
    unsafe {
        let fd = libc::socket(libc::AF_PACKET, libc::SOCK_RAW | libc::SOCK_CLOEXEC, i32::from(ALL_PROTOCOLS));
        if fd >= 0 {
            libc::close(fd);
        }
        fd >= 0
    }
}
