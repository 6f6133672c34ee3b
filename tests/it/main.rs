//! Lamplight's one integration-test binary: each module drives real parts (a real HTTP server
//! on 127.0.0.1, a real SQLite file in a temp dir, the real binary where the CLI is the subject).

mod cli;
mod coldsweat;
mod compat;
mod crash;
mod discovery;
mod encodings;
mod fault_server;
mod faults;
mod fever_sync;
mod full_text;
#[cfg(feature = "gui")]
mod gui;
#[cfg(feature = "gui")]
mod gui_comfort;
#[cfg(feature = "gui")]
mod gui_full_text;
#[cfg(feature = "gui")]
mod gui_language;
#[cfg(feature = "gui")]
mod gui_process;
#[cfg(feature = "gui")]
mod gui_scripts;
#[cfg(feature = "gui")]
mod gui_settings;
#[cfg(feature = "gui")]
mod gui_subscriptions;
#[cfg(feature = "gui")]
mod gui_truth;
mod image_faults;
mod images;
mod library;
mod migration;
#[cfg(feature = "notifications")]
mod notifications;
mod refresh;
mod render;
mod schedule;
mod security;
mod slow_dns;
mod store;
mod subscriptions;
mod support;
#[cfg(feature = "gui")]
mod ui_model;
mod wire_faults;
