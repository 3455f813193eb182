//! The client's address, for throttling. Behind a reverse proxy the peer is the proxy: the client
//! is then read from the header the proxy writes (`X-Forwarded-For` or `Forwarded`), as the
//! right-most address that no trusted proxy added. Each proxy appends the address it received
//! the request from, so everything left of that was written by the client itself, which could
//! write anything.

use crate::config::ProxyHeader;
use actix_web::HttpRequest;
use actix_web::http::header::HeaderName;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// The address to throttle `req` by: the peer, or what the trusted proxies say it is.
pub fn of(req: &HttpRequest, header: ProxyHeader, trusted: &[IpNet]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip().to_canonical();
    let name = match header {
        ProxyHeader::Off => return Some(peer),
        ProxyHeader::XForwardedFor => HeaderName::from_static("x-forwarded-for"),
        ProxyHeader::Forwarded => HeaderName::from_static("forwarded"),
    };
    let values: Vec<&str> = req
        .headers()
        .get_all(name)
        .filter_map(|value| value.to_str().ok())
        .collect();
    let hops = match header {
        ProxyHeader::Forwarded => forwarded_for(&values),
        _ => x_forwarded_for(&values),
    };
    Some(client(peer, &hops, trusted))
}

/// From the peer leftwards along the hops: the first address that is not a trusted proxy. A hop
/// that is not an address (`unknown`, an obfuscated name) stops the walk: nothing left of it can
/// be relied on, so the last trusted proxy's address is used.
pub fn client(peer: IpAddr, hops: &[Option<IpAddr>], trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |address: &IpAddr| trusted.iter().any(|net| net.contains(address));
    let mut client = peer;
    for hop in hops.iter().rev() {
        if !is_trusted(&client) {
            break;
        }
        match hop {
            Some(address) => client = *address,
            None => break,
        }
    }
    client
}

/// The addresses of `X-Forwarded-For`, left to right, over all its lines.
fn x_forwarded_for(values: &[&str]) -> Vec<Option<IpAddr>> {
    values
        .iter()
        .flat_map(|value| value.split(','))
        .map(address)
        .collect()
}

/// The `for=` addresses of `Forwarded` (RFC 7239), left to right, over all its lines.
fn forwarded_for(values: &[&str]) -> Vec<Option<IpAddr>> {
    values
        .iter()
        .flat_map(|value| value.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| address(value.trim().trim_matches('"')))
            })
        })
        .collect()
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]:4711`.
fn address(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>()
        .or_else(|_| text.parse::<SocketAddr>().map(|socket| socket.ip()))
        .or_else(|_| text.trim_start_matches('[').trim_end_matches(']').parse())
        .ok()
        .map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn trusted() -> Vec<IpNet> {
        vec!["10.0.0.0/8".parse().unwrap()]
    }

    #[test]
    fn the_client_is_the_rightmost_address_no_trusted_proxy_added() {
        // The client wrote "1.1.1.1"; the proxy appended the address it saw.
        let hops = x_forwarded_for(&["1.1.1.1, 198.51.100.7"]);
        assert_eq!(
            client(ip("10.0.0.5"), &hops, &trusted()),
            ip("198.51.100.7")
        );
        // Two proxies, both trusted.
        let hops = x_forwarded_for(&["1.1.1.1, 198.51.100.7", "10.0.0.9"]);
        assert_eq!(
            client(ip("10.0.0.5"), &hops, &trusted()),
            ip("198.51.100.7")
        );
        // Not from a trusted proxy: the header is the client's own words.
        assert_eq!(
            client(ip("203.0.113.9"), &hops, &trusted()),
            ip("203.0.113.9")
        );
        // Garbage in the chain stops the walk at the last trusted proxy.
        let hops = x_forwarded_for(&["198.51.100.7, nonsense"]);
        assert_eq!(client(ip("10.0.0.5"), &hops, &trusted()), ip("10.0.0.5"));
    }

    #[test]
    fn forwarded_is_read_the_same_way() {
        let hops = forwarded_for(&[
            r#"for=1.1.1.1;proto=https, for="[2001:db8:cafe::17]:4711";by=10.0.0.5"#,
        ]);
        assert_eq!(
            hops,
            vec![Some(ip("1.1.1.1")), Some(ip("2001:db8:cafe::17"))]
        );
        assert_eq!(
            client(ip("10.0.0.5"), &hops, &trusted()),
            ip("2001:db8:cafe::17")
        );
        let hops = forwarded_for(&["for=unknown"]);
        assert_eq!(client(ip("10.0.0.5"), &hops, &trusted()), ip("10.0.0.5"));
    }
}
