//! The machine facts an experiment's numbers depend on, recorded beside every result: the same sweep
//! on another kernel or with other sysctls gives other numbers, and the reader must be able to tell.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachineFacts {
    pub kernel: String,
    pub cores: usize,
    /// net.core.somaxconn: the cap on a listen() backlog.
    pub somaxconn: Option<u64>,
    pub rmem_default: Option<u64>,
    pub rmem_max: Option<u64>,
    pub wmem_default: Option<u64>,
    pub wmem_max: Option<u64>,
    /// net.ipv4.tcp_syn_retries and the first SYN retransmission timeout shape the backlog experiment.
    pub tcp_syn_retries: Option<u64>,
}

impl MachineFacts {
    pub fn read() -> Self {
        let number = |name: &str| {
            std::fs::read_to_string(format!("/proc/sys/{name}"))
                .ok()
                .and_then(|text| text.trim().parse().ok())
        };
        MachineFacts {
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .map(|text| text.trim().to_owned())
                .unwrap_or_else(|_| "unknown".to_owned()),
            cores: std::thread::available_parallelism().map(usize::from).unwrap_or(1),
            somaxconn: number("net/core/somaxconn"),
            rmem_default: number("net/core/rmem_default"),
            rmem_max: number("net/core/rmem_max"),
            wmem_default: number("net/core/wmem_default"),
            wmem_max: number("net/core/wmem_max"),
            tcp_syn_retries: number("net/ipv4/tcp_syn_retries"),
        }
    }

    /// One line for the top of a table or the foot of a plot.
    pub fn summary(&self) -> String {
        let show = |value: Option<u64>| value.map_or("?".to_owned(), |v| v.to_string());
        format!(
            "Linux {}, {} cores, somaxconn {}, rmem default/max {}/{}, wmem default/max {}/{}",
            self.kernel,
            self.cores,
            show(self.somaxconn),
            show(self.rmem_default),
            show(self.rmem_max),
            show(self.wmem_default),
            show(self.wmem_max)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_running_kernel() {
        let facts = MachineFacts::read();
        assert!(!facts.kernel.is_empty());
        assert!(facts.cores >= 1);
        assert!(facts.summary().starts_with("Linux "));
    }
}
