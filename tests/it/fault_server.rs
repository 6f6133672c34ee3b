//! A fault-injecting HTTP server on 127.0.0.1 that misbehaves below HTTP: it reads a request and
//! answers with exactly the bytes it is told to (wrong Content-Length, broken chunking, a
//! compressed bomb, plain HTTP on an `https` URL), then closes, resets, or trickles a byte a
//! second. The behaviour can change between requests, so a feed can be stored healthy first.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does with each connection.
#[derive(Clone)]
pub enum Wire {
    /// Writes `bytes`, then closes normally (FIN).
    Send(Vec<u8>),
    /// Writes `bytes`, then resets the connection (RST) instead of finishing.
    SendThenReset(Vec<u8>),
    /// Writes `head`, then one byte of body a second until the client leaves.
    Trickle(Vec<u8>),
}

impl Wire {
    /// A complete, correct HTTP/1.1 response.
    pub fn ok(content_type: &str, body: &[u8]) -> Wire {
        Wire::Send(response(
            &format!(
                "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                body.len()
            ),
            body,
        ))
    }
}

/// `HTTP/1.1 200 OK` with `headers` (each ending in CRLF) and `body`, closing the connection.
pub fn response(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 200 OK\r\nConnection: close\r\n{headers}\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

pub struct FaultServer {
    pub port: u16,
    wire: Arc<Mutex<Wire>>,
    connections: Arc<AtomicUsize>,
}

impl FaultServer {
    pub fn start(wire: Wire) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local addr").port();
        let wire = Arc::new(Mutex::new(wire));
        let connections = Arc::new(AtomicUsize::new(0));
        let (w, c) = (wire.clone(), connections.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                c.fetch_add(1, Ordering::SeqCst);
                let behaviour = w.lock().expect("wire").clone();
                std::thread::spawn(move || serve(stream, behaviour));
            }
        });
        FaultServer {
            port,
            wire,
            connections,
        }
    }

    pub fn url(&self, scheme: &str, path: &str) -> String {
        format!("{scheme}://127.0.0.1:{}{path}", self.port)
    }

    pub fn set(&self, wire: Wire) {
        *self.wire.lock().expect("wire") = wire;
    }

    /// Connections accepted so far (one per attempt: every response closes).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn serve(mut stream: TcpStream, wire: Wire) {
    // Read whatever the client sends first: a request head, or a TLS ClientHello.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
        if seen.first() == Some(&0x16) {
            break; // a TLS handshake record: answer it with plain HTTP
        }
    }
    match wire {
        Wire::Send(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
        }
        Wire::SendThenReset(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
            reset(&stream);
        }
        Wire::Trickle(head) => {
            if stream.write_all(&head).is_err() {
                return;
            }
            // The server-side fault itself, not test synchronisation: one byte a second.
            while stream.write_all(b"<").is_ok() {
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }
}

/// Drops the connection with an RST: SO_LINGER on with a zero timeout, then close.
fn reset(stream: &TcpStream) {
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket descriptor and a correctly sized option value.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
}
