//! The shipped Fluent files parse, hold the same messages with the same arguments, and the
//! environment picks the language as documented.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::*;

/// Each message (and attribute) id with the variables it uses.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("a Fluent file does not parse: {errors:?}"));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &m.value {
                variables(value, &mut vars);
            }
            out.insert(m.id.name.to_owned(), vars);
            for attribute in &m.attributes {
                let mut vars = BTreeSet::new();
                variables(&attribute.value, &mut vars);
                out.insert(format!("{}.{}", m.id.name, attribute.id.name), vars);
            }
        }
    }
    out
}

fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                variables(&variant.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

#[test]
fn every_locale_has_every_message_with_the_same_arguments() {
    let english = messages(SOURCES[0].1);
    assert!(english.len() > 100, "the English file holds the messages");
    for (tag, source) in &SOURCES[1..] {
        let other = messages(source);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{tag} lacks {missing:?}");
        assert!(extra.is_empty(), "{tag} has ids English lacks: {extra:?}");
        for (id, vars) in &english {
            assert_eq!(
                &other[id], vars,
                "{tag}: {id} uses other arguments than English"
            );
        }
    }
}

#[test]
fn messages_are_looked_up_in_the_thread_language() {
    set_language(Lang::ZhCn);
    assert_eq!(tr("cmd-reader"), "阅读");
    assert_eq!(t!("feeds-count", count = 3), "3 个订阅源");
    set_language(Lang::En);
    assert_eq!(tr("cmd-reader"), "Reader");
    assert_eq!(t!("feeds-count", count = 1), "1 feed");
    assert_eq!(t!("feeds-count", count = 3), "3 feeds");
    // An unknown id is shown as itself rather than nothing.
    assert_eq!(tr("no-such-message"), "no-such-message");
}

#[test]
fn the_environment_chooses_the_language() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(language_from(env(&[("LANG", "zh_CN.UTF-8")])), Lang::ZhCn);
    assert_eq!(language_from(env(&[("LANG", "C")])), Lang::En);
    assert_eq!(language_from(env(&[])), Lang::En);
    assert_eq!(language_from(env(&[("LANG", "fr_FR.UTF-8")])), Lang::En);
    assert_eq!(
        language_from(env(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")])),
        Lang::En,
        "LC_ALL outranks LANG"
    );
    assert_eq!(
        language_from(env(&[
            ("LC_MESSAGES", "zh_TW.UTF-8"),
            ("LANG", "en_US.UTF-8")
        ])),
        Lang::ZhCn
    );
    assert_eq!(
        language_from(env(&[("LAMPLIGHT_LANG", "zh-CN"), ("LC_ALL", "C")])),
        Lang::ZhCn,
        "LAMPLIGHT_LANG outranks the locale"
    );
    assert_eq!(
        language_from(env(&[("LAMPLIGHT_LANG", "xx"), ("LANG", "zh_CN")])),
        Lang::ZhCn,
        "an unknown LAMPLIGHT_LANG is passed over"
    );
}

/// The engine's error types word themselves with thiserror; each text must be its `engine-*`
/// message, or the window could not say it in another language.
#[test]
fn the_engines_error_texts_are_its_english_messages() {
    use crate::engine::EngineError;
    use crate::extract::ExtractError;
    use crate::feed::FeedError;
    use crate::images::ImageError;
    use crate::store::{FeedId, StoreError};
    let x = || "x".to_owned();
    let pairs: Vec<(String, String)> = vec![
        (
            FeedError::HtmlPage.to_string(),
            english!("engine-html-page").into(),
        ),
        (
            FeedError::Empty.to_string(),
            english!("engine-body-empty").into(),
        ),
        (
            FeedError::Invalid(x()).to_string(),
            english!("engine-not-a-feed", cause = "x"),
        ),
        (
            FeedError::NothingInIt(String::new()).to_string(),
            english!("engine-nothing-in-it").into(),
        ),
        (
            FeedError::NothingInIt(" (x)".into()).to_string(),
            english!("engine-nothing-in-it-because", cause = "x"),
        ),
        (
            ImageError::Download(x()).to_string(),
            english!("engine-download-failed", cause = "x"),
        ),
        (
            ImageError::Empty.to_string(),
            english!("engine-body-empty").into(),
        ),
        (
            ImageError::NotAnImage(x()).to_string(),
            english!("engine-not-an-image", what = "x"),
        ),
        (
            ImageError::Unsupported(x()).to_string(),
            english!("engine-unsupported-image", format = "x"),
        ),
        (
            ImageError::TooLarge {
                width: 2,
                height: 3,
            }
            .to_string(),
            english!("engine-image-too-large", width = 2, height = 3),
        ),
        (
            ImageError::Limits(x()).to_string(),
            english!("engine-decode-limits", cause = "x"),
        ),
        (
            ImageError::Corrupt(x()).to_string(),
            english!("engine-corrupt-image", cause = "x"),
        ),
        (
            ImageError::Encode(x()).to_string(),
            english!("engine-webp-failed", cause = "x"),
        ),
        (
            ImageError::Refused(x()).to_string(),
            english!("engine-refused", cause = "x"),
        ),
        (
            ExtractError::NotHtml(x()).to_string(),
            english!("engine-not-html", what = "x"),
        ),
        (
            ExtractError::NothingFound.to_string(),
            english!("engine-no-article-text").into(),
        ),
        (
            ExtractError::TooComplex(7).to_string(),
            english!("engine-page-too-complex", count = 7),
        ),
        (
            EngineError::NoFeed {
                url: "u".into(),
                cause: x(),
            }
            .to_string(),
            english!("engine-names-no-feed", url = "u", cause = "x"),
        ),
        (
            EngineError::Task(x()).to_string(),
            english!("engine-task-failed", cause = "x"),
        ),
        (
            StoreError::NoSuchFeed(FeedId(4)).to_string(),
            english!("engine-no-feed-with-id", id = 4),
        ),
        (
            StoreError::TooNew { found: 9, known: 8 }.to_string(),
            english!("engine-store-too-new", found = 9, known = 8),
        ),
        (
            StoreError::NoSuchRemoval(5).to_string(),
            english!("engine-nothing-to-undo", id = 5),
        ),
    ];
    for (shown, message) in pairs {
        assert_eq!(shown, message);
    }
}

/// The plain-text fast path hands out exactly what Fluent would format.
#[test]
fn plain_lines_read_straight_from_the_source_are_what_fluent_formats() {
    for lang in Lang::ALL {
        let bundle = super::bundle(lang);
        let index = super::index(super::SOURCES[lang as usize].1);
        let mut plain = 0;
        for (id, text) in &index {
            let message = bundle.get_message(id);
            assert!(message.is_some(), "{id} is indexed but not a message");
            let Some(text) = text else { continue };
            let pattern = message.and_then(|m| m.value()).expect("a value");
            let mut errors = Vec::new();
            let formatted = bundle.format_pattern(pattern, None, &mut errors);
            assert!(errors.is_empty(), "{id}: {errors:?}");
            assert_eq!(*text, formatted, "{id} in {}", lang.tag());
            plain += 1;
        }
        assert!(
            plain > 300,
            "most labels take the fast path ({plain} in {})",
            lang.tag()
        );
        let source = super::SOURCES[lang as usize].1;
        for (id, text) in &index {
            assert_eq!(
                super::find_message(source, id),
                Some(*text),
                "{id}: searching the source finds what the index holds"
            );
        }
        assert_eq!(super::find_message(source, "no-such-message"), None);
        assert_eq!(
            super::find_message(source, "offline"),
            None,
            "a prefix is not an id"
        );
        for id in messages(source).keys().filter(|k| !k.contains('.')) {
            assert!(index.contains_key(id.as_str()), "{id} is not indexed");
        }
    }
}
