//! Which sources the server answers (guide §1.5.2): a list of IP networks given with `--allow`.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;
use socklab::tr;

/// Parses `--allow`: a single address (`127.0.0.1`, `::1`) or a network (`10.0.0.0/8`, `fd00::/8`).
pub fn parse_network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    if let Ok(network) = text.parse::<IpNet>() {
        return Ok(network.trunc());
    }
    text.parse::<IpAddr>().map(IpNet::from).map_err(|_| tr!("udp-chat-allow-invalid", text = text.to_owned()))
}

/// The sources the server accepts. Empty means everyone.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    networks: Vec<IpNet>,
}

impl Allowlist {
    pub fn new(networks: Vec<IpNet>) -> Self {
        Self { networks }
    }

    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }

    /// Whether `source` may talk to the server. An IPv4 client of a dual-stack socket shows up as
    /// `::ffff:a.b.c.d`; it is matched as the IPv4 address it is.
    pub fn admits(&self, source: IpAddr) -> bool {
        let source = source.to_canonical();
        self.networks.is_empty() || self.networks.iter().any(|network| network.contains(&source))
    }
}

impl fmt::Display for Allowlist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.networks.iter().map(ToString::to_string).collect();
        write!(f, "{}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Allowlist {
        Allowlist::new(items.iter().map(|item| parse_network(item).unwrap()).collect())
    }

    #[test]
    fn single_addresses_and_networks_are_accepted() {
        assert_eq!(parse_network("127.0.0.1").unwrap().to_string(), "127.0.0.1/32");
        assert_eq!(parse_network("10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(parse_network("::1").unwrap().to_string(), "::1/128");
        assert!(parse_network("localhost").is_err());
        assert!(parse_network("10.0.0.0/33").is_err());
    }

    #[test]
    fn admits_only_listed_sources() {
        let allow = list(&["127.0.0.1", "fd00::/8"]);
        assert!(allow.admits("127.0.0.1".parse().unwrap()));
        assert!(!allow.admits("127.0.0.2".parse().unwrap()));
        assert!(allow.admits("fd00::5".parse().unwrap()));
        assert!(allow.admits("::ffff:127.0.0.1".parse().unwrap()));
        assert!(list(&[]).admits("192.0.2.1".parse().unwrap()));
    }
}
