//! The command-line options of packet capture, the same on `socklab run` and `socklab grade`.

use std::path::PathBuf;

use clap::Args;

use super::Limits;
use crate::cli::parse_positive_size;
use crate::runner::CaptureSettings;

#[derive(Args, Debug, Clone)]
pub struct CaptureArgs {
    /// Record every lab's packets into DIR/LAB.pcap (grading: DIR/SUBMISSION/LAB.pcap), which
    /// Wireshark, tshark and tcpdump open. Needs root: each lab then runs in a network namespace of
    /// its own, and only that namespace's packets are recorded.
    #[arg(long, value_name = "DIR")]
    pub capture: Option<PathBuf>,
    /// List the packets of each lab that records them in the report, one line each (time, addresses,
    /// protocol, TCP flags, sizes), like a packet analyser's list view.
    #[arg(long)]
    pub show_packets: bool,
    /// Most packets one lab's capture keeps; later ones are counted, not kept.
    #[arg(long, value_name = "N", default_value_t = Limits::default().packets,
          value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub capture_packets: u64,
    /// Most bytes of packets one lab's capture keeps.
    #[arg(long, value_name = "BYTES", default_value = "64MiB", value_parser = parse_positive_size)]
    pub capture_bytes: usize,
    /// Bytes kept of each packet (the rest is counted in its length, as tcpdump's -s does); at least
    /// 128, so that every header of a packet is kept and the packet checks can judge it.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().snaplen,
          value_parser = clap::value_parser!(u32).range(128..=262_144))]
    pub snaplen: u32,
}

impl CaptureArgs {
    /// Refuses `--capture DIR` that cannot work, before anything runs: without root (a packet socket
    /// and a namespace per lab), or when DIR cannot be a folder.
    pub fn check(&self) -> Result<(), String> {
        let Some(dir) = &self.capture else { return Ok(()) };
        if !super::available() || !crate::sandbox::private_network_available() {
            return Err(crate::tr!("run-capture-needs-root"));
        }
        let shown = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|err| {
            crate::tr!("run-cannot-keep-captures", dir = shown.clone(), error = err.to_string())
        })?;
        if !dir.is_dir() {
            return Err(crate::tr!("run-captures-not-a-folder", dir = shown));
        }
        Ok(())
    }

    /// The settings for lab runs; `dir` is where this run's files go (grading adds the submission).
    pub fn settings(&self, dir: Option<PathBuf>) -> CaptureSettings {
        CaptureSettings {
            dir,
            limits: Limits {
                packets: self.capture_packets,
                bytes: self.capture_bytes as u64,
                snaplen: self.snaplen,
            },
            show_packets: self.show_packets,
        }
    }
}
