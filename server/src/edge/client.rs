//! Who is asking: the client's address and whether it came over HTTPS, from the socket,
//! or from the forwarding headers of a proxy that `--trusted-proxy` names.

use super::Edge;
use axum::extract::FromRef;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

/// One `--trusted-proxy`: an address or a network (`10.0.0.0/8`, `fd00::/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrustedProxy {
    net: IpAddr,
    prefix: u8,
}

impl FromStr for TrustedProxy {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text.trim(), None),
        };
        let net: IpAddr = addr
            .parse()
            .map_err(|_| format!("'{addr}' is not an IP address"))?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("'/{p}' is not a prefix length from 0 to {max}"))?,
            None => max,
        };
        // Written as ::ffff:a.b.c.d, it means the IPv4 address (see `contains`).
        if let IpAddr::V6(v6) = net {
            if let Some(v4) = v6.to_ipv4_mapped() {
                let prefix = prefix
                    .checked_sub(96)
                    .ok_or_else(|| format!("'{text}' is wider than the IPv4 space"))?;
                return Ok(TrustedProxy {
                    net: IpAddr::V4(v4),
                    prefix,
                });
            }
        }
        Ok(TrustedProxy { net, prefix })
    }
}

impl TrustedProxy {
    pub fn contains(&self, addr: IpAddr) -> bool {
        let bits = |a: IpAddr| match a {
            IpAddr::V4(a) => (u128::from(a.to_bits()), 32),
            // An IPv4 peer on a dual-stack socket arrives as ::ffff:a.b.c.d.
            IpAddr::V6(a) => match a.to_ipv4_mapped() {
                Some(v4) => (u128::from(v4.to_bits()), 32),
                None => (a.to_bits(), 128),
            },
        };
        let ((net, width), (addr, addr_width)) = (bits(self.net), bits(addr));
        if width != addr_width {
            return false;
        }
        let host_bits = u32::from(width - self.prefix);
        net.checked_shr(host_bits).unwrap_or(0) == addr.checked_shr(host_bits).unwrap_or(0)
    }
}

/// The client of one request, put in its extensions by [`identify`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client {
    pub addr: IpAddr,
    /// The client's own connection is HTTPS (ours, or the trusted proxy's).
    pub https: bool,
}

impl super::Edge {
    /// The client, believing the forwarding headers only when the peer is a trusted proxy.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> Client {
        let trusted = |a: IpAddr| self.trusted_proxies.iter().any(|p| p.contains(a));
        let mut client = Client {
            addr: peer,
            https: self.tls,
        };
        if !trusted(peer) {
            return client;
        }
        // Each proxy appends the address it heard from: read from the right, past our own
        // proxies; whatever is left of them was written by the client and proves nothing.
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect::<Vec<_>>();
        for hop in hops.iter().rev() {
            let Some(addr) = parse_hop(hop) else { break };
            client.addr = addr;
            if !trusted(addr) {
                break;
            }
        }
        if let Some(proto) = headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
        {
            let first = proto.split(',').next().unwrap_or_default().trim();
            client.https = first.eq_ignore_ascii_case("https");
        }
        client
    }
}

/// One entry of `X-Forwarded-For`: an address, maybe with a port (`[v6]:port`, `v4:port`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(addr) = hop.parse() {
        return Some(addr);
    }
    hop.parse::<SocketAddr>().ok().map(|s| s.ip())
}

/// Finds the request's client and puts it in the request's extensions.
pub async fn identify(State(edge): State<Arc<Edge>>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    let client = edge.client(peer, req.headers());
    req.extensions_mut().insert(client);
    next.run(req).await
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Client>().copied().unwrap_or(Client {
            addr: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            https: false,
        }))
    }
}

/// Where links to this server start (`https://score.example.org`): `--public-url` when
/// given, else the address this request came to.
pub struct LinkBase(pub String);

impl<S: Send + Sync> FromRequestParts<S> for LinkBase
where
    Arc<Edge>: FromRef<S>,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(url) = &Arc::<Edge>::from_ref(state).public_url {
            return Ok(LinkBase(url.to_string()));
        }
        let Ok(client) = Client::from_request_parts(parts, state).await;
        // HTTP/2 carries the host in the URI's authority rather than a Host header.
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| parts.uri.authority().map(|a| a.as_str()))
            .unwrap_or("localhost");
        let scheme = if client.https { "https" } else { "http" };
        Ok(LinkBase(format!("{scheme}://{host}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edge::Edge;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_trusted_proxy_is_an_address_or_a_network() {
        let one: TrustedProxy = "10.0.0.7".parse().unwrap();
        assert!(one.contains(ip("10.0.0.7")));
        assert!(!one.contains(ip("10.0.0.8")));
        let net: TrustedProxy = "10.0.0.0/8".parse().unwrap();
        assert!(net.contains(ip("10.200.3.4")));
        assert!(net.contains(ip("::ffff:10.1.2.3")));
        assert!(!net.contains(ip("11.0.0.1")));
        let v6: TrustedProxy = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")));
        assert!(!v6.contains(ip("fe80::1")));
        let all: TrustedProxy = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")));
        for bad in ["10.0.0/8", "10.0.0.0/33", "::/129", "proxy", "10.0.0.0/x"] {
            assert!(bad.parse::<TrustedProxy>().is_err(), "{bad}");
        }
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn forwarding_headers_count_only_from_a_trusted_proxy() {
        let edge = Edge {
            trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
            ..Edge::default()
        };
        let forwarded = headers(&[
            ("x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.0.0.2"),
            ("x-forwarded-proto", "https"),
        ]);
        let via_proxy = edge.client(ip("10.0.0.1"), &forwarded);
        assert_eq!(via_proxy.addr, ip("203.0.113.9"), "the first hop not ours");
        assert!(via_proxy.https);
        let direct = edge.client(ip("198.51.100.4"), &forwarded);
        assert_eq!(direct.addr, ip("198.51.100.4"));
        assert!(!direct.https);
        let no_header = edge.client(ip("10.0.0.1"), &HeaderMap::new());
        assert_eq!(no_header.addr, ip("10.0.0.1"));
        let with_port = edge.client(
            ip("10.0.0.1"),
            &headers(&[("x-forwarded-for", "[2001:db8::1]:4711")]),
        );
        assert_eq!(with_port.addr, ip("2001:db8::1"));
    }
}
