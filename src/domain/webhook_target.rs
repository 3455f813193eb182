//! Where a webhook may point: a public address of the Internet, never one inside the network
//! that runs Forprev (server-side request forgery). A URL is checked when it is registered (its
//! host, in whatever spelling: an address literal in decimal, hex, octal or short form is
//! normalised by the URL parser first) and every address its name resolves to is checked again
//! when a call is made (`address_allowed`).

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// The longest URL accepted.
const MAX_LENGTH: usize = 2000;

/// Networks that are not the public Internet (the IANA special-purpose registries, RFC 6890 and
/// later): this network, private, shared (CGNAT), loopback, link-local, protocol assignments,
/// documentation, benchmarking, 6to4 relays, multicast, reserved and broadcast.
const NOT_PUBLIC_V4: [(Ipv4Addr, u8); 15] = [
    (Ipv4Addr::new(0, 0, 0, 0), 8),
    (Ipv4Addr::new(10, 0, 0, 0), 8),
    (Ipv4Addr::new(100, 64, 0, 0), 10),
    (Ipv4Addr::new(127, 0, 0, 0), 8),
    (Ipv4Addr::new(169, 254, 0, 0), 16),
    (Ipv4Addr::new(172, 16, 0, 0), 12),
    (Ipv4Addr::new(192, 0, 0, 0), 24),
    (Ipv4Addr::new(192, 0, 2, 0), 24),
    (Ipv4Addr::new(192, 88, 99, 0), 24),
    (Ipv4Addr::new(192, 168, 0, 0), 16),
    (Ipv4Addr::new(198, 18, 0, 0), 15),
    (Ipv4Addr::new(198, 51, 100, 0), 24),
    (Ipv4Addr::new(203, 0, 113, 0), 24),
    (Ipv4Addr::new(224, 0, 0, 0), 4),
    (Ipv4Addr::new(240, 0, 0, 0), 4),
];

/// The same for IPv6: unspecified and loopback, IPv4-compatible, local NAT64, discard,
/// protocol assignments (Teredo included), documentation, 6to4, unique-local, link-local,
/// site-local and multicast. IPv4-mapped and NAT64 addresses are judged by the IPv4 address they
/// carry.
const NOT_PUBLIC_V6: [(Ipv6Addr, u8); 12] = [
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0), 96),
    (Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48),
    (Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0), 64),
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23),
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32),
    (Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16),
    (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20),
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7),
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10),
    (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10),
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8),
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 1), 128),
];

/// Names that never lead to the public Internet.
const LOCAL_SUFFIXES: [&str; 6] = [
    "localhost",
    ".local",
    ".internal",
    ".localdomain",
    ".home.arpa",
    ".intranet",
];

/// Whether `address` is on the public Internet.
pub fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => !NOT_PUBLIC_V4.iter().any(|&(network, prefix)| {
            Ipv4Net::new(network, prefix).is_ok_and(|net| net.contains(&v4))
        }),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped().or_else(|| nat64_embedded(v6)) {
                return is_public(IpAddr::V4(v4));
            }
            !NOT_PUBLIC_V6.iter().any(|&(network, prefix)| {
                Ipv6Net::new(network, prefix).is_ok_and(|net| net.contains(&v6))
            })
        }
    }
}

/// The IPv4 address inside a well-known-prefix NAT64 address (64:ff9b::/96).
fn nat64_embedded(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let nat64 = IpNet::V6(Ipv6Net::new(Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96).ok()?);
    nat64.contains(&IpAddr::V6(v6)).then(|| {
        let [.., a, b, c, d] = v6.octets();
        Ipv4Addr::new(a, b, c, d)
    })
}

/// Whether a call may go to `address`: a public one, or loopback when the deployment allows it
/// (`WEBHOOK_ALLOW_LOOPBACK`, for tests and local tools; refused in production).
pub fn address_allowed(address: IpAddr, allow_loopback: bool) -> bool {
    is_public(address) || (allow_loopback && address.to_canonical().is_loopback())
}

/// Why a webhook URL is refused, in French for the manager who registers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not an `https://` URL (or `http://` outside production), or over 2000 characters.
    Malformed,
    /// Its host is an address or a name inside a private network.
    NotPublic,
}

impl Refusal {
    pub fn message(self) -> &'static str {
        match self {
            Refusal::Malformed => {
                "L'adresse du webhook doit être une URL https:// sans identifiants (2000 caractères au plus)."
            }
            Refusal::NotPublic => {
                "L'adresse du webhook doit mener à une adresse publique d'Internet, pas à un réseau privé."
            }
        }
    }
}

/// The URL, normalised, if a webhook may point there: `https://` (`http://` outside production),
/// no credentials, and a host that is a public address or a name outside the local namespaces.
pub fn check(text: &str, production: bool, allow_loopback: bool) -> Result<Url, Refusal> {
    if text.len() > MAX_LENGTH || text.contains(char::is_whitespace) {
        return Err(Refusal::Malformed);
    }
    let url = Url::parse(text).map_err(|_| Refusal::Malformed)?;
    let scheme_allowed = url.scheme() == "https" || (url.scheme() == "http" && !production);
    if !scheme_allowed || !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::Malformed);
    }
    let allowed = match url.host() {
        Some(Host::Ipv4(v4)) => address_allowed(IpAddr::V4(v4), allow_loopback),
        Some(Host::Ipv6(v6)) => address_allowed(IpAddr::V6(v6), allow_loopback),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            // A name of one label is resolved through the local search domains.
            name.contains('.') && !LOCAL_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
        }
        None => false,
    };
    if allowed {
        Ok(url)
    } else {
        Err(Refusal::NotPublic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_hosts_are_refused_in_every_spelling() {
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "http://localhost/",
            "http://LOCALHOST./",
            "http://api.localhost/",
            "http://10.0.0.1/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://metadata.google.internal/",
            "http://0.0.0.0/",
            "http://[::]/",
            "http://100.64.0.1/",
            "http://172.16.5.4/",
            "http://192.168.1.1/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://224.0.0.1/",
            "http://[ff02::1]/",
            "http://192.0.2.10/",
            "http://[2001:db8::1]/",
            "http://255.255.255.255/",
            "http://intranet/",
            "http://printer.local/",
        ] {
            assert_eq!(check(url, false, false), Err(Refusal::NotPublic), "{url}");
        }
    }

    #[test]
    fn public_hosts_are_accepted_and_https_only_in_production() {
        assert!(check("https://logiciel.example.fr/hooks", true, false).is_ok());
        assert!(check("https://93.184.216.34/hooks", true, false).is_ok());
        assert!(check("https://[2606:4700::1111]/hooks", true, false).is_ok());
        assert_eq!(
            check("http://logiciel.example.fr/", true, false),
            Err(Refusal::Malformed)
        );
        assert!(check("http://logiciel.example.fr/", false, false).is_ok());
        for url in [
            "ftp://x.fr/",
            "https://x.fr/a b",
            "https://user:secret@x.fr/",
            "not a url",
        ] {
            assert_eq!(check(url, false, false), Err(Refusal::Malformed), "{url}");
        }
    }

    #[test]
    fn loopback_only_when_the_deployment_allows_it() {
        assert!(check("http://127.0.0.1:9/hook", false, true).is_ok());
        assert!(check("http://[::1]:9/hook", false, true).is_ok());
        assert!(address_allowed("::ffff:127.0.0.1".parse().unwrap(), true));
        // Loopback only: private networks stay refused.
        assert_eq!(
            check("http://10.0.0.1/", false, true),
            Err(Refusal::NotPublic)
        );
        assert!(!address_allowed("127.0.0.1".parse().unwrap(), false));
    }
}
