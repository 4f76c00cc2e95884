//! Tests of the config file parser: settings, keys, theme, errors and warnings.

use super::*;

#[test]
fn huge_steps_are_errors_at_their_place_not_panics() {
    for step in [
        "999999999999d",
        "100000000d",
        "366d",
        "9999999999999999999s",
    ] {
        let text = format!("[scheduler]\nlearning_steps = [\"1m\", \"{step}\"]\n");
        let err = parse("c.toml", &text).expect_err(step);
        assert_eq!((err.line, err.col), (2, 25), "{step}: {err}");
        assert!(err.message.contains("is not a step"), "{}", err.message);
    }
    let ok = parse("c.toml", "[scheduler]\nrelearning_steps = [\"365d\"]\n").unwrap();
    assert_eq!(
        ok.config.scheduler.to_config().relearning_steps,
        vec![chrono::Duration::days(365)]
    );
    let err = parse(
        "c.toml",
        "[scheduler]\nmaximum_interval_days = 4000000000\n",
    )
    .expect_err("too long");
    assert_eq!((err.line, err.col), (2, 1), "{err}");
}

#[test]
fn config_errors_escape_what_they_quote() {
    let err = parse(
        "c\u{1b}]0;t\u{7}.toml",
        "[keys.reader]\n\"\u{1b}[2J\" = \"quit\"\n",
    )
    .expect_err("bad key");
    let shown = err.to_string();
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(shown.contains("\\u{1b}"), "{shown:?}");
}

#[test]
fn no_way_to_quit_is_refused_and_one_key_spelled_twice_is_warned() {
    let err = parse(
        "c.toml",
        "[keys.global]\nq = \"search\"\nctrl-c = \"help\"\n",
    )
    .unwrap_err();
    assert_eq!((err.line, err.col), (2, 5), "{err}");
    assert!(
        err.message.contains("no key quits from the reader screen"),
        "{err}"
    );
    // quit bound only in the card preview, which no key of a screen opens
    let err = parse(
        "c.toml",
        "[keys.global]\nctrl-c = \"down\"\nq = \"up\"\n[keys.preview]\nx = \"quit\"\n",
    )
    .unwrap_err();
    assert_eq!(err.line, 2, "{err}");
    // an overlay with no key back: the line that took it
    let err = parse(
        "c.toml",
        "[keys.help]\nj = \"down\"\nesc = \"top\"\n\"?\" = \"top\"\nq = \"top\"\n",
    )
    .unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    assert!(err.message.contains("no key leaves help"), "{err}");
    let loaded = parse(
        "c.toml",
        "[keys.reader]\nctrl-x = \"quit\"\nCTRL-X = \"help\"\n",
    )
    .unwrap();
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[0].contains("same key"),
        "{:?}",
        loaded.warnings
    );
    assert!(parse("c.toml", "").unwrap().warnings.is_empty());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_directory_as_config_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let err = load(&fifo).expect_err("fifo");
        assert!(err.message.contains("not a regular file"), "{err}");
    }
    let err = load(dir.path()).expect_err("directory");
    assert!(err.message.contains("not a regular file"), "{err}");
}

#[test]
fn bad_action_is_located() {
    let err = parse("c.toml", "[keys.reader]\nx = \"fly\"\n").expect_err("bad action");
    assert_eq!((err.line, err.col), (2, 5));
    assert!(
        err.message.contains("unknown action `fly`"),
        "{}",
        err.message
    );
}

#[test]
fn unknown_section_is_an_error() {
    let err = parse("c.toml", "[nope]\n").expect_err("unknown key");
    assert_eq!(err.line, 1);
}

#[test]
fn scheduler_settings_parse_and_check() {
    let loaded = parse(
        "c.toml",
        "[scheduler]\nnew_per_day = 5\nlearning_steps = [\"2m\", \"1h\"]\nfuzz = false\n",
    )
    .expect("valid");
    let config = loaded.config.scheduler.to_config();
    assert_eq!(config.new_per_day, 5);
    assert_eq!(
        config.learning_steps,
        vec![chrono::Duration::minutes(2), chrono::Duration::hours(1)]
    );
    assert!(!config.fuzz);
    let err =
        parse("c.toml", "\n[scheduler]\nlearning_steps = [\"soon\"]\n").expect_err("bad step");
    assert_eq!((err.line, err.col), (3, 19), "points at the step");
    assert!(
        err.message.contains("`soon` is not a step"),
        "{}",
        err.message
    );
    assert!(parse("c.toml", "[scheduler]\ndesired_retention = 1.5\n").is_err());
    let config = parse(
        "c.toml",
        "[scheduler]\nday_starts_at = 0\nbury_siblings = false\n",
    )
    .expect("valid")
    .config
    .scheduler
    .to_config();
    assert_eq!(config.day_starts_at, 0);
    assert!(!config.bury_siblings);
    let err = parse(
        "c.toml",
        "# mine\n[scheduler]\nfuzz = true\nday_starts_at = 24\n",
    )
    .expect_err("not an hour");
    assert_eq!((err.line, err.col), (4, 1));
    assert!(err.message.contains("expected 0 to 23"), "{}", err.message);
    assert_eq!(SchedulerSettings::default().to_config().day_starts_at, 4);
}

#[test]
fn bad_mode_and_bad_key_are_errors() {
    let err = parse("c.toml", "[keys.nowhere]\nx = \"down\"\n").expect_err("bad mode");
    assert!(
        err.message.contains("unknown mode `nowhere`"),
        "{}",
        err.message
    );
    let err = parse("c.toml", "[keys.reader]\nctrl-nope = \"down\"\n").expect_err("bad key");
    assert!(err.message.contains("unknown key"), "{}", err.message);
}

#[test]
fn a_mode_binding_hiding_a_global_one_is_a_conflict() {
    let loaded = parse("c.toml", "[keys.reader]\nq = \"down\"\n").expect("valid");
    let found = conflicts(&loaded.keymap);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("[keys.reader] q = \"down\""),
        "{}",
        found[0]
    );
    assert!(found[0].contains("\"quit\""), "{}", found[0]);
    let loaded = parse("c.toml", "[keys.global]\nj = \"help\"\n").expect("valid");
    assert!(
        !conflicts(&loaded.keymap).is_empty(),
        "global j is hidden by reader j"
    );
    assert!(conflicts(&Keymap::default()).is_empty());
}

#[test]
fn theme_section_is_checked_with_positions() {
    let loaded = parse(
        "c.toml",
        "[theme]\ncolors = \"never\"\naccent = \"magenta\"\n",
    )
    .expect("valid");
    assert_eq!(
        loaded.theme.colors,
        crate::tui::theme_config::ColorMode::Never
    );
    assert_eq!(loaded.theme.overrides.len(), 1);
    let err = parse("c.toml", "[theme]\naccent = \"blurple\"\n").expect_err("bad colour");
    assert_eq!((err.line, err.col), (2, 10));
    assert!(
        err.message.contains("unknown colour `blurple`"),
        "{}",
        err.message
    );
    let err = parse("c.toml", "[theme]\ncolors = \"sometimes\"\n").expect_err("bad mode");
    assert_eq!(err.line, 2);
}

#[test]
fn interview_settings_default_parse_and_are_located_when_out_of_range() {
    let loaded = parse("c.toml", "").expect("empty is fine");
    assert_eq!(loaded.interview, InterviewSettings::default());
    assert_eq!(loaded.interview.minutes, 2);
    assert!(loaded.interview.drill_missed);
    let loaded =
        parse("c.toml", "[interview]\nminutes = 4\ndrill_missed = false\n").expect("valid");
    assert_eq!(loaded.interview.minutes, 4);
    assert!(!loaded.interview.drill_missed);
    let err = parse("c.toml", "[interview]\nminutes = 9\n").expect_err("too long");
    assert_eq!((err.line, err.col), (2, 11));
    assert!(err.message.contains("expected 1 to 5"), "{}", err.message);
    let err = parse("c.toml", "[interview]\nminutes = 0\n").expect_err("zero");
    assert_eq!((err.line, err.col), (2, 11));
    let err = parse("c.toml", "[interview]\nseconds = 3\n").expect_err("unknown key");
    assert_eq!(err.line, 2);
}

#[test]
fn override_applies() {
    let loaded = parse("c.toml", "[keys.reader]\nx = \"down\"\n").expect("valid");
    let key = crate::tui::action::Key::plain(crate::tui::action::KeyCode::Char('x'));
    assert_eq!(
        loaded
            .keymap
            .resolve(crate::tui::keymap::KeyMode::Reader, key),
        Some(crate::tui::action::Command::Down)
    );
}
