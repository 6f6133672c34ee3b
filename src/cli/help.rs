//! The command line's help and parse errors in the user's language. The grammar is clap's
//! (`args.rs`); each subcommand's description is the message `help-NAME` (`help-folder-move`
//! for a nested one) and each argument's `help-NAME--ARG`, or `help--ARG` where one text
//! serves every subcommand (a test checks that nothing is left without). In a language other
//! than English, clap's headings and the common parse errors are said in it too; clap's own
//! placeholders (`[OPTIONS]`, `<URL>`, `[default: …]`) stay as they are.

use clap::error::{ContextKind, ErrorKind};
use clap::{CommandFactory, FromArgMatches};

use super::Cli;
use crate::i18n::{Lang, language, try_tr};
use crate::t;

/// The command line as given, parsed; on an error or `--help`, prints and exits as clap does.
/// The texts are only read when something is to be shown: a command line that parses costs
/// no message lookups (`articles --unread` starts in a few milliseconds).
pub fn parse() -> Cli {
    let parsed = Cli::command()
        .try_get_matches_from(std::env::args_os())
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.unwrap_or_else(|e| {
        if e.kind() == ErrorKind::DisplayVersion {
            e.exit()
        }
        // Again, with every text in the user's language, for the help or the error to show.
        let mut command = command();
        let parsed = command
            .try_get_matches_from_mut(std::env::args_os())
            .and_then(|matches| Cli::from_arg_matches(&matches));
        parsed.unwrap_or_else(|e| exit_with(e))
    })
}

/// The whole grammar with every help text in the current language.
pub fn command() -> clap::Command {
    let mut command = Cli::command();
    // Built first, so that clap's own `--help`, `--version` and `help` are there to be said.
    command.build();
    say(command, &[])
}

/// The message id of the subcommand at `path` (empty for lamplight itself). `help`'s own
/// subcommands (`lamplight help folder move`) mirror the others and say what they say.
fn own_id(path: &[&str]) -> String {
    match path.last() {
        None => "help-lamplight".to_owned(),
        Some(&"help") => "help-help".to_owned(),
        Some(_) => {
            let names: Vec<&str> = path.iter().copied().filter(|n| *n != "help").collect();
            format!("help-{}", names.join("-"))
        }
    }
}

/// The help text of argument `arg` of the subcommand whose id is `own`.
pub fn argument_text(own: &str, arg: &str) -> Option<&'static str> {
    try_tr(&format!("{own}--{arg}")).or_else(|| try_tr(&format!("help--{arg}")))
}

fn say(command: clap::Command, path: &[&str]) -> clap::Command {
    let own = own_id(path);
    let mut command = match try_tr(&own) {
        Some(text) => command.about(text).long_about(None),
        None => command,
    };
    let headings = language() != Lang::En;
    command = command.mut_args(|arg| {
        let name = arg.get_id().as_str().to_owned();
        let arg = match argument_text(&own, &name) {
            Some(text) => arg.help(text),
            None => arg,
        };
        match (headings, arg.is_positional()) {
            (false, _) => arg,
            (true, true) => arg.help_heading(t!("help-heading-arguments")),
            (true, false) => arg.help_heading(t!("help-heading-options")),
        }
    });
    if headings {
        let usage = t!("help-heading-usage");
        // "Usage: lamplight …", "用法：lamplight …": a space only after a narrow colon.
        let gap = if usage.ends_with(':') { " " } else { "" };
        command = command
            .subcommand_help_heading(t!("help-heading-commands"))
            .help_template(format!(
                "{{before-help}}{{about-with-newline}}\n{usage}{gap}{{usage}}\n\n{{all-args}}{{after-help}}"
            ));
    }
    command.mut_subcommands(|sub| {
        let name = sub.get_name().to_owned();
        let mut path = path.to_vec();
        path.push(&name);
        say(sub, &path)
    })
}

/// Prints a parse error (in the user's language where it has words for it) and exits with
/// clap's status; help and version are printed as clap prints them.
fn exit_with(e: clap::Error) -> ! {
    let shown_as_is = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if language() == Lang::En || shown_as_is {
        e.exit()
    }
    let get = |kind| e.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let line = match e.kind() {
        ErrorKind::UnknownArgument => {
            t!(
                "help-error-unknown-argument",
                arg = get(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidSubcommand => t!(
            "help-error-unknown-command",
            arg = get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => {
            t!("help-error-missing", arg = get(ContextKind::InvalidArg))
        }
        ErrorKind::ArgumentConflict => t!(
            "help-error-conflict",
            arg = get(ContextKind::InvalidArg),
            other = get(ContextKind::PriorArg)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => t!(
            "help-error-invalid-value",
            value = get(ContextKind::InvalidValue),
            arg = get(ContextKind::InvalidArg)
        ),
        _ => {
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            let detail = first.strip_prefix("error: ").unwrap_or(first).to_owned();
            t!("help-error-other", detail = detail)
        }
    };
    eprintln!("{}: {line}", t!("cli-error-prefix"));
    eprintln!("{}", t!("help-error-more", command = "lamplight"));
    std::process::exit(e.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::set_language;

    /// Every subcommand and argument has its text in every language (the locales' files hold
    /// the same ids, which another test checks), so no help is left blank or in English.
    #[test]
    fn every_subcommand_and_argument_has_its_help() {
        set_language(Lang::En);
        let mut command = Cli::command();
        command.build();
        let mut missing = Vec::new();
        fn walk(command: &clap::Command, path: &[&str], missing: &mut Vec<String>) {
            let own = own_id(path);
            if try_tr(&own).is_none() {
                missing.push(own.clone());
            }
            for arg in command.get_arguments() {
                let name = arg.get_id().as_str();
                // `help SUBCOMMAND`'s argument names itself.
                if argument_text(&own, name).is_none() && own != "help-help" {
                    missing.push(format!("{own}--{name}"));
                }
            }
            for sub in command.get_subcommands() {
                let mut path = path.to_vec();
                path.push(sub.get_name());
                walk(sub, &path, missing);
            }
        }
        walk(&command, &[], &mut missing);
        assert!(missing.is_empty(), "no help message for {missing:?}");
    }

    #[test]
    fn help_is_said_in_the_users_language() {
        set_language(Lang::ZhCn);
        let help = command()
            .find_subcommand_mut("add")
            .expect("add")
            .render_help()
            .to_string();
        set_language(Lang::En);
        assert!(help.contains("订阅一个订阅源"), "{help}");
        assert!(help.contains("用法：") && help.contains("选项:"), "{help}");
        assert!(
            !help.contains("Subscribe to a feed") && !help.contains("Usage"),
            "{help}"
        );
        let english = command()
            .find_subcommand_mut("add")
            .expect("add")
            .render_help()
            .to_string();
        assert!(english.contains("Subscribe to a feed") && english.contains("Usage:"));
    }
}
