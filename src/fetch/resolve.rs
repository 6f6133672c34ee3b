//! Host names to addresses without holding a thread: lookups are asynchronous DNS queries
//! (hickory), so a resolver that answers slowly delays only the fetches for that host.
//!
//! The system resolver (`getaddrinfo`) blocks a thread per lookup, and reqwest runs it on the
//! runtime's blocking threads, the same two that parse and store feeds: a burst of slow lookups
//! for picture hosts then stalled every feed's parse stage. Names are resolved here from
//! `/etc/hosts` and the servers in `/etc/resolv.conf`; when that configuration cannot be read,
//! each lookup falls back to `getaddrinfo` on a thread of its own, never a shared one.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{LookupIpStrategy, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Where names are looked up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Nameservers {
    /// The system's configuration: `/etc/hosts`, then the servers of `/etc/resolv.conf`.
    #[default]
    System,
    /// These DNS servers (over UDP) and nothing else; for a network of one's own, and tests.
    At(Vec<SocketAddr>),
}

/// The resolver the HTTP client asks. Built on first use, inside the runtime that uses it.
#[derive(Clone)]
pub(super) struct AsyncResolver {
    servers: Nameservers,
    /// How long one DNS query may take before it is asked again (twice in all).
    query_timeout: Duration,
    state: Arc<OnceLock<Option<TokioResolver>>>,
}

impl AsyncResolver {
    pub(super) fn new(servers: Nameservers, query_timeout: Duration) -> AsyncResolver {
        AsyncResolver {
            servers,
            query_timeout,
            state: Arc::default(),
        }
    }

    /// The DNS resolver, or `None` when the system's configuration cannot be read.
    fn resolver(&self) -> Option<&TokioResolver> {
        self.state
            .get_or_init(|| match build(&self.servers, self.query_timeout) {
                Ok(resolver) => Some(resolver),
                Err(e) => {
                    tracing::warn!("DNS configuration unreadable, using the system resolver: {e}");
                    None
                }
            })
            .as_ref()
    }
}

fn build(servers: &Nameservers, query_timeout: Duration) -> Result<TokioResolver, String> {
    let mut builder = match servers {
        Nameservers::System => TokioResolver::builder_tokio().map_err(|e| e.to_string())?,
        Nameservers::At(addrs) => {
            let configs = addrs
                .iter()
                .map(|addr| {
                    let mut server = NameServerConfig::udp(addr.ip());
                    for connection in &mut server.connections {
                        connection.port = addr.port();
                    }
                    server
                })
                .collect();
            TokioResolver::builder_with_config(
                ResolverConfig::from_name_servers(configs),
                TokioRuntimeProvider::default(),
            )
        }
    };
    let options = builder.options_mut();
    // Both families, so the connector can race them ("happy eyeballs"), as reqwest does.
    options.ip_strategy = LookupIpStrategy::Ipv6AndIpv4;
    options.timeout = query_timeout;
    builder.build().map_err(|e| e.to_string())
}

impl AsyncResolver {
    /// Looks `host` up, so that the client's own lookup that follows is answered from the
    /// cache; the error says why the name has no address.
    pub(super) async fn look_up(&self, host: &str) -> Result<(), String> {
        match self.resolver() {
            Some(_) => self.addresses(host).await.map(drop),
            // getaddrinfo keeps no cache: the client's lookup is the only one.
            None => Ok(()),
        }
    }

    async fn addresses(&self, host: &str) -> Result<Vec<SocketAddr>, String> {
        let Some(resolver) = self.resolver() else {
            return lookup_on_own_thread(host.to_owned()).await;
        };
        match resolver.lookup_ip(host).await {
            Ok(found) => Ok(found
                .iter()
                .map(|ip: IpAddr| SocketAddr::new(ip, 0))
                .collect()),
            Err(e) if e.is_nx_domain() => Err(crate::english!("engine-no-such-host", host = host)),
            Err(e) if e.is_no_records_found() => Err(format!("{host} has no address")),
            Err(e) => Err(format!("{host}: {e}")),
        }
    }
}

impl Resolve for AsyncResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        Box::pin(async move {
            let addrs = this.addresses(name.as_str()).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// `getaddrinfo` on a thread started for this one lookup, so that a slow answer holds only it.
async fn lookup_on_own_thread(host: String) -> Result<Vec<SocketAddr>, String> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("lamplight-dns".to_owned())
        .spawn(move || {
            let addrs = (host.as_str(), 0)
                .to_socket_addrs()
                .map(Iterator::collect::<Vec<_>>)
                .map_err(|e| format!("{host}: {e}"));
            let _ = answer.send(addrs);
        })
        .map_err(|e| crate::english!("engine-lookup-not-started", cause = e.to_string()))?;
    answered
        .await
        .map_err(|_| crate::english!("engine-lookup-stopped").to_owned())?
}
