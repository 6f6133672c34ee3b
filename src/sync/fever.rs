//! A Fever API client (https://feedafever.com/api), as its specification has it: every request
//! is a POST to `<endpoint>?api&<command>`, the `api_key` (the MD5 of `email:password`) and
//! any write's arguments in the form body, the paging arguments (`since_id`, `with_ids`) in the
//! query beside the command. Servers differ in whether ids are numbers or strings; both are
//! read. Timeouts and a size cap as for feeds; one clear cause for each way it can fail.

use std::time::Duration;

use md5::{Digest, Md5};
use serde::Deserialize;

use super::SyncError;
use crate::english;

/// Items per page, as the specification fixes it.
pub const PAGE: usize = 50;
/// The largest answer read (a page of 50 long articles is a few MB).
const MAX_ANSWER_BYTES: usize = 64 << 20;

/// The API key for `user` and `password`.
pub fn api_key(user: &str, password: &str) -> String {
    let digest = Md5::digest(format!("{user}:{password}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A group (a folder) on the server, with the ids of its feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: i64,
    pub title: String,
    pub feed_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Feed {
    #[serde(deserialize_with = "number")]
    pub id: i64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub site_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Item {
    #[serde(deserialize_with = "number")]
    pub id: i64,
    #[serde(deserialize_with = "number")]
    pub feed_id: i64,
    #[serde(default, deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "text")]
    pub author: String,
    #[serde(default, deserialize_with = "text")]
    pub html: String,
    #[serde(default, deserialize_with = "text")]
    pub url: String,
    #[serde(default, deserialize_with = "flag")]
    pub is_saved: bool,
    #[serde(default, deserialize_with = "flag")]
    pub is_read: bool,
    #[serde(default, deserialize_with = "optional_number")]
    pub created_on_time: Option<i64>,
}

/// What the server has: its groups and feeds.
#[derive(Debug, Clone, Default)]
pub struct Subscriptions {
    pub groups: Vec<Group>,
    pub feeds: Vec<Feed>,
}

/// A Fever server and the key to it.
pub struct FeverClient {
    http: reqwest::Client,
    endpoint: String,
    api_key: String,
}

impl FeverClient {
    pub fn new(endpoint: &str, api_key: &str, timeout: Duration) -> Result<Self, SyncError> {
        let http = reqwest::Client::builder()
            .user_agent(crate::fetch::USER_AGENT)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .timeout(timeout)
            .build()
            .map_err(|e| {
                SyncError::Server(english!("engine-http-client", cause = e.to_string()))
            })?;
        Ok(FeverClient {
            http,
            endpoint: endpoint.trim().to_owned(),
            api_key: api_key.to_owned(),
        })
    }

    /// One call: `query` after `?api`, `form` beside the key. Checks that the server answered
    /// as a Fever server and that the key was accepted.
    async fn call(&self, query: &str, form: &[(&str, String)]) -> Result<Answer, SyncError> {
        let separator = if self.endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        let url = format!("{}{separator}api{query}", self.endpoint);
        let body = {
            let mut body = url::form_urlencoded::Serializer::new(String::new());
            body.append_pair("api_key", &self.api_key);
            for (name, value) in form {
                body.append_pair(name, value);
            }
            body.finish()
        };
        let response = self
            .http
            .post(&url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
            .send()
            .await
            .map_err(|e| SyncError::Unreachable(crate::fetch::send_error_in_words(e)))?;
        let status = response.status();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let bytes = read_capped(response).await?;
        if !status.is_success() {
            return Err(SyncError::Server(english!(
                "engine-sync-http-status",
                status = status.to_string()
            )));
        }
        let answer: Answer = serde_json::from_slice(&bytes).map_err(|_| {
            let what = if content_type.is_empty() {
                "no content type".to_owned()
            } else {
                content_type.clone()
            };
            SyncError::Server(english!("engine-sync-not-fever", what = what))
        })?;
        if answer.auth != Some(1) {
            return Err(SyncError::Refused(
                english!("engine-sync-refused").to_owned(),
            ));
        }
        Ok(answer)
    }

    /// Groups and feeds.
    pub async fn subscriptions(&self) -> Result<Subscriptions, SyncError> {
        let answer = self.call("&groups&feeds", &[]).await?;
        let mut groups: Vec<Group> = answer
            .groups
            .unwrap_or_default()
            .into_iter()
            .map(|g| Group {
                id: g.id,
                title: g.title,
                feed_ids: Vec::new(),
            })
            .collect();
        for link in answer.feeds_groups.unwrap_or_default() {
            if let Some(group) = groups.iter_mut().find(|g| g.id == link.group_id) {
                group.feed_ids = ids(&link.feed_ids);
            }
        }
        Ok(Subscriptions {
            groups,
            feeds: answer.feeds.unwrap_or_default(),
        })
    }

    /// Up to [`PAGE`] items with ids above `since_id`, and the total the server holds.
    pub async fn items_since(&self, since_id: i64) -> Result<(Vec<Item>, Option<i64>), SyncError> {
        let answer = self
            .call(&format!("&items&since_id={since_id}"), &[])
            .await?;
        Ok((answer.items.unwrap_or_default(), answer.total_items))
    }

    /// The items with these ids (at most [`PAGE`]).
    pub async fn items_with_ids(&self, ids: &[i64]) -> Result<Vec<Item>, SyncError> {
        let list: Vec<String> = ids.iter().take(PAGE).map(i64::to_string).collect();
        let answer = self
            .call(&format!("&items&with_ids={}", list.join(",")), &[])
            .await?;
        Ok(answer.items.unwrap_or_default())
    }

    /// The ids of the unread items and of the saved (starred) ones.
    pub async fn marks(&self) -> Result<(Vec<i64>, Vec<i64>), SyncError> {
        let answer = self.call("&unread_item_ids&saved_item_ids", &[]).await?;
        let unread = answer.unread_item_ids.ok_or_else(missing)?;
        let saved = answer.saved_item_ids.ok_or_else(missing)?;
        Ok((ids(&unread), ids(&saved)))
    }

    /// Marks one item "read", "unread", "saved" or "unsaved".
    pub async fn mark_item(&self, id: i64, mark: &str) -> Result<(), SyncError> {
        let form = [
            ("mark", "item".to_owned()),
            ("as", mark.to_owned()),
            ("id", id.to_string()),
        ];
        self.call("&mark", &form).await.map(|_| ())
    }
}

fn missing() -> SyncError {
    SyncError::Server(english!("engine-sync-not-fever", what = "no mark lists").to_owned())
}

/// Reads the body up to the cap.
async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, SyncError> {
    let mut bytes = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > MAX_ANSWER_BYTES {
                    return Err(SyncError::Server(english!(
                        "engine-body-larger-than-limit",
                        limit = MAX_ANSWER_BYTES
                    )));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(bytes),
            Err(e) => return Err(SyncError::Unreachable(crate::fetch::body_error_in_words(e))),
        }
    }
}

/// "1,2,3" (or a list of numbers) as ids; anything else is skipped.
fn ids(list: &IdList) -> Vec<i64> {
    match list {
        IdList::Text(text) => text
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        IdList::Numbers(numbers) => numbers.clone(),
    }
}

#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(default, deserialize_with = "optional_number")]
    auth: Option<i64>,
    groups: Option<Vec<GroupAnswer>>,
    feeds: Option<Vec<Feed>>,
    feeds_groups: Option<Vec<FeedsGroup>>,
    items: Option<Vec<Item>>,
    #[serde(default, deserialize_with = "optional_number")]
    total_items: Option<i64>,
    unread_item_ids: Option<IdList>,
    saved_item_ids: Option<IdList>,
}

#[derive(Debug, Deserialize)]
struct GroupAnswer {
    #[serde(deserialize_with = "number")]
    id: i64,
    #[serde(default)]
    title: String,
}

#[derive(Debug, Deserialize)]
struct FeedsGroup {
    #[serde(deserialize_with = "number")]
    group_id: i64,
    feed_ids: IdList,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum IdList {
    Text(String),
    Numbers(Vec<i64>),
}

/// A number the server may send as a number or as a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Loose {
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
}

impl Loose {
    fn as_i64(&self) -> Option<i64> {
        match self {
            Loose::Int(n) => Some(*n),
            Loose::Float(f) => Some(*f as i64),
            Loose::Text(s) => s.trim().parse().ok(),
            Loose::Bool(b) => Some(i64::from(*b)),
        }
    }
}

fn number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Loose::deserialize(d)?
        .as_i64()
        .ok_or_else(|| serde::de::Error::custom("not a number"))
}

fn optional_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<Loose>::deserialize(d)?.and_then(|n| n.as_i64()))
}

fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(optional_number(d)?.unwrap_or(0) != 0)
}

/// Text that may be null.
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_the_md5_of_user_and_password() {
        // md5("a@b.c:secret") computed with coreutils' md5sum.
        assert_eq!(
            api_key("a@b.c", "secret"),
            "2d56d0405a491e533a09673e3ac735d6"
        );
    }

    #[test]
    fn ids_and_flags_may_be_numbers_or_strings() {
        let answer: Answer = serde_json::from_str(
            r#"{"auth":"1","items":[{"id":"7","feed_id":2,"title":null,"html":"<p>x</p>",
                "is_read":"1","is_saved":0,"created_on_time":"1600000000"}],
                "unread_item_ids":"1, 2,x,3","saved_item_ids":[4,5]}"#,
        )
        .expect("parses");
        assert_eq!(answer.auth, Some(1));
        let item = &answer.items.as_ref().expect("items")[0];
        assert_eq!(
            (item.id, item.feed_id, item.is_read, item.is_saved),
            (7, 2, true, false)
        );
        assert_eq!(item.created_on_time, Some(1_600_000_000));
        assert_eq!(
            ids(answer.unread_item_ids.as_ref().expect("ids")),
            vec![1, 2, 3]
        );
        assert_eq!(
            ids(answer.saved_item_ids.as_ref().expect("ids")),
            vec![4, 5]
        );
    }
}
