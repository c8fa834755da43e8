//! Which requests go through a proxy: `HTTPS_PROXY`, `HTTP_PROXY` and
//! `NO_PROXY` (upper case first, then lower case), read through the
//! client's [`Env`] so tests and programs can replace them.
//!
//! A proxy URL is `http://[user[:password]@]host[:port]` (the scheme may be
//! left out; port 80 by default). The credentials become a
//! `Proxy-Authorization: Basic` header and appear nowhere else: `Debug`,
//! errors and logs show the proxy's host and port only.

use std::fmt;
use std::net::IpAddr;

use http::HeaderValue;
use http::uri::{Scheme, Uri};

use super::profile::Env;

/// The proxies of one client, and the hosts that bypass them.
#[derive(Clone, Default)]
pub(crate) struct Proxies {
    https: Option<Proxy>,
    http: Option<Proxy>,
    no_proxy: NoProxy,
}

/// One proxy: where to connect, and the credentials to send.
#[derive(Clone)]
pub(crate) struct Proxy {
    /// `host:port`, brackets around an IPv6 address.
    authority: String,
    /// `Basic ...`, marked sensitive.
    auth: Option<HeaderValue>,
}

impl Proxies {
    /// The proxies `env` names; an unusable value is an error naming the
    /// variable (its credentials left out).
    pub(crate) fn from_env(env: &Env) -> Result<Self, String> {
        // Under CGI a request's `Proxy:` header arrives as HTTP_PROXY ("httpoxy"), so only the lower-case name counts there.
        let cgi = env.var("REQUEST_METHOD").is_some();
        let first = |names: [&'static str; 2]| names.into_iter().filter(|n| !(cgi && *n == "HTTP_PROXY")).find_map(|n| env.var(n).map(|v| (n, v)));
        let parse = |found: Option<(&str, String)>| found.map(|(name, value)| Proxy::parse(&value).map_err(|why| format!("{name}: {why}"))).transpose();
        Ok(Self {
            https: parse(first(["HTTPS_PROXY", "https_proxy"]))?,
            http: parse(first(["HTTP_PROXY", "http_proxy"]))?,
            no_proxy: NoProxy::parse(&first(["NO_PROXY", "no_proxy"]).map(|(_, v)| v).unwrap_or_default()),
        })
    }

    /// The proxy for `uri`, if any.
    pub(crate) fn for_uri(&self, uri: &Uri) -> Option<&Proxy> {
        let proxy = if uri.scheme() == Some(&Scheme::HTTPS) { self.https.as_ref() } else { self.http.as_ref() }?;
        let host = uri.host()?;
        (!self.no_proxy.matches(host)).then_some(proxy)
    }
}

impl fmt::Debug for Proxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxies").field("https", &self.https).field("http", &self.http).field("no_proxy", &self.no_proxy).finish()
    }
}

impl Proxy {
    fn parse(value: &str) -> Result<Self, String> {
        let rest = match value.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) => return Err(format!("proxy scheme `{scheme}` is not supported; use an http:// proxy URL")),
            None => value,
        };
        let authority = rest.split('/').next().unwrap_or("");
        let (userinfo, host_port) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let uri: Uri = format!("http://{host_port}/")
            .parse()
            .map_err(|_| format!("`{host_port}` is not a host[:port] (the proxy URL's credentials are not shown)"))?;
        let host = uri.host().filter(|h| !h.is_empty()).ok_or_else(|| format!("`{host_port}` has no host"))?;
        let authority = format!("{host}:{}", uri.port_u16().unwrap_or(80));
        let auth = userinfo.map(|u| {
            let (user, password) = u.split_once(':').unwrap_or((u, ""));
            let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
            let token = aws_smithy_types::base64::encode(format!("{}:{}", decode(user), decode(password)));
            let mut header = HeaderValue::from_str(&format!("Basic {token}")).expect("base64 is a valid header value");
            header.set_sensitive(true);
            header
        });
        Ok(Self { authority, auth })
    }

    /// `host:port` of the proxy, for logs and errors.
    pub(crate) fn authority(&self) -> &str {
        &self.authority
    }

    /// Where the TCP connection goes.
    pub(crate) fn uri(&self) -> Uri {
        format!("http://{}/", self.authority).parse().expect("checked when parsed")
    }

    /// The `Proxy-Authorization` value, if the URL had credentials.
    pub(crate) fn auth(&self) -> Option<&HeaderValue> {
        self.auth.as_ref()
    }
}

impl fmt::Debug for Proxy {
    // Never the credentials: only whether there are some.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = if self.auth.is_some() { "basic (redacted)" } else { "none" };
        f.debug_struct("Proxy").field("authority", &self.authority).field("auth", &auth).finish()
    }
}

/// `NO_PROXY`: a comma-separated list of `*`, host names (matching the name
/// and its subdomains; a leading `.` or `*.` is ignored), IP addresses and
/// CIDR blocks. Some hosts always bypass the proxy: `localhost` and loopback
/// addresses (as in Go's and Java's defaults: a local endpoint or container
/// credentials agent is never behind the proxy), and the link-local
/// addresses of the instance metadata and container credential endpoints
/// (169.254.0.0/16, fe80::/10, `fd00:ec2::254`, `fd00:ec2::23`).
#[derive(Clone, Debug, Default)]
struct NoProxy {
    all: bool,
    domains: Vec<String>,
    nets: Vec<(IpAddr, u8)>,
}

impl NoProxy {
    fn parse(value: &str) -> Self {
        let mut out = Self::default();
        for entry in value.split(',').map(|e| e.trim().to_ascii_lowercase()).filter(|e| !e.is_empty()) {
            if entry == "*" {
                out.all = true;
            } else if let Some(net) = parse_net(&entry) {
                out.nets.push(net);
            } else {
                let domain = entry.trim_start_matches("*.").trim_start_matches('.').trim_end_matches('.');
                out.domains.push(domain.to_owned());
            }
        }
        out
    }

    fn matches(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']').trim_end_matches('.').to_ascii_lowercase();
        if let Ok(ip) = host.parse::<IpAddr>() {
            return self.all || always_direct(ip) || self.nets.iter().any(|&(net, bits)| in_net(ip, net, bits));
        }
        host == "localhost"
            || host.ends_with(".localhost")
            || self.all
            || self.domains.iter().any(|d| host == *d || (host.ends_with(d.as_str()) && host[..host.len() - d.len()].ends_with('.')))
    }
}

/// `10.0.0.0/8`, `::1`, `192.168.1.7`: an address and its prefix length.
fn parse_net(entry: &str) -> Option<(IpAddr, u8)> {
    let (addr, bits) = match entry.split_once('/') {
        Some((a, b)) => (a, Some(b.parse::<u8>().ok()?)),
        None => (entry, None),
    };
    let ip: IpAddr = addr.trim_start_matches('[').trim_end_matches(']').parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    Some((ip, bits.unwrap_or(max).min(max)))
}

fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if bits == 0 { 0 } else { u32::MAX << (32 - u32::from(bits)) };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if bits == 0 { 0 } else { u128::MAX << (128 - u32::from(bits)) };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

fn always_direct(ip: IpAddr) -> bool {
    let aws = |last| std::net::Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, last);
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_loopback() || (v6.segments()[0] & 0xffc0) == 0xfe80 || v6 == aws(0x254) || v6 == aws(0x23),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(vars: &[(&str, &str)]) -> Proxies {
        Proxies::from_env(&Env::from_map(vars)).unwrap()
    }

    fn via<'a>(p: &'a Proxies, url: &str) -> Option<&'a str> {
        p.for_uri(&url.parse().unwrap()).map(Proxy::authority)
    }

    #[test]
    fn https_and_http_proxies_by_scheme_in_either_case() {
        let p = proxies(&[("HTTPS_PROXY", "http://secure:3128"), ("http_proxy", "plain")]);
        assert_eq!(via(&p, "https://connect.us-east-1.amazonaws.com/x"), Some("secure:3128"));
        assert_eq!(via(&p, "http://local.test:4566/"), Some("plain:80"));
        let p = proxies(&[("https_proxy", "http://lower:1"), ("HTTPS_PROXY", "http://upper:2")]);
        assert_eq!(via(&p, "https://a/"), Some("upper:2"), "upper case wins");
        assert_eq!(via(&proxies(&[]), "https://a/"), None);
        assert_eq!(via(&proxies(&[("HTTPS_PROXY", "http://[::1]:8080")]), "https://a/"), Some("[::1]:8080"));
    }

    #[test]
    fn no_proxy_lists_hosts_suffixes_addresses_and_blocks() {
        let p = proxies(&[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", " .internal.example, amazonaws.com.cn,10.0.0.0/8 , fd00::1,*.corp")]);
        let direct = [
            "https://x.internal.example/",
            "https://internal.example/",
            "https://sts.cn-north-1.amazonaws.com.cn/",
            "https://10.1.2.3/",
            "https://[fd00::1]:443/",
        ];
        let always =
            ["https://a.corp/", "https://169.254.169.254/", "https://[fd00:ec2::254]/", "https://127.0.0.1:8/", "https://[::1]/", "https://localhost:9/"];
        for direct in direct.into_iter().chain(always) {
            assert_eq!(via(&p, direct), None, "{direct}");
        }
        for proxied in ["https://notinternal.example/", "https://amazonaws.com/", "https://11.0.0.1/", "https://[fd00::2]/", "https://corp.example/"] {
            assert_eq!(via(&p, proxied), Some("p:1"), "{proxied}");
        }
        let p = proxies(&[("HTTPS_PROXY", "http://p:1"), ("no_proxy", "*")]);
        assert_eq!(via(&p, "https://anything/"), None);
    }

    #[test]
    fn under_cgi_the_upper_case_http_proxy_is_a_request_header_and_is_ignored() {
        let p = proxies(&[("REQUEST_METHOD", "GET"), ("HTTP_PROXY", "http://attacker:1")]);
        assert_eq!(via(&p, "http://a/"), None);
        let p = proxies(&[("REQUEST_METHOD", "GET"), ("HTTP_PROXY", "http://attacker:1"), ("http_proxy", "http://mine:2")]);
        assert_eq!(via(&p, "http://a/"), Some("mine:2"));
    }

    #[test]
    fn credentials_become_a_sensitive_basic_header_and_are_never_shown() {
        let p = proxies(&[("HTTPS_PROXY", "http://al%40ice:s3cr%3At@proxy.corp:8080/")]);
        let proxy = p.for_uri(&"https://a/".parse().unwrap()).unwrap();
        // base64("al@ice:s3cr:t")
        assert_eq!(proxy.auth().unwrap(), "Basic YWxAaWNlOnMzY3I6dA==");
        assert!(proxy.auth().unwrap().is_sensitive());
        assert_eq!(proxy.authority(), "proxy.corp:8080");
        let shown = format!("{p:?}");
        assert!(!shown.contains("s3cr") && !shown.contains("YWxA") && shown.contains("redacted"), "{shown}");
        let err = Proxies::from_env(&Env::from_map(&[("HTTP_PROXY", "socks5://u:hunter2@h:1")])).unwrap_err();
        assert!(err.starts_with("HTTP_PROXY: proxy scheme `socks5`") && !err.contains("hunter2"), "{err}");
        let err = Proxies::from_env(&Env::from_map(&[("HTTPS_PROXY", "http://u:hunter2@")])).unwrap_err();
        assert!(err.starts_with("HTTPS_PROXY") && !err.contains("hunter2"), "{err}");
    }
}
