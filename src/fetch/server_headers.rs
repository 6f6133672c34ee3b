//! What a server said about when to come back, as it said it: `Cache-Control`, `Expires`,
//! `Date` and `Retry-After` of the last response. Kept as text so that the schedule can say
//! which value it used and which it ignored, and why.

use reqwest::header::{self, HeaderMap};
use serde::{Deserialize, Serialize};

/// The timing headers of one response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerHeaders {
    pub cache_control: Option<String>,
    pub expires: Option<String>,
    pub date: Option<String>,
    pub retry_after: Option<String>,
}

impl ServerHeaders {
    pub fn from_headers(headers: &HeaderMap) -> ServerHeaders {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(|v| v.trim().chars().take(200).collect())
        };
        ServerHeaders {
            cache_control: text(header::CACHE_CONTROL),
            expires: text(header::EXPIRES),
            date: text(header::DATE),
            retry_after: text(header::RETRY_AFTER),
        }
    }
}
