//! Every key a lesson's description names is a key of the keymap, and does
//! what the description says when pressed in the lesson as it opens: "c
//! switches it to the rates" is checked by pressing c and looking at the
//! chart.
//!
//! A description names keys in a few forms, which this reads:
//! - `press KEYS to EFFECT[, KEYS to EFFECT]…` and `press KEY twice`;
//! - `KEY toggles it`, `KEY hides it`, `KEY switches it (back) to X`;
//! - `select NAME (N)`;
//! - `with KEYS` (keys that move what was just named).
//!
//! An effect this does not know, or a `press` it cannot read, is a failure:
//! a new lesson text either uses these forms or extends them here.

use losscape::core::scenario::{ChartQuantity, Layout, Scenario};
use losscape::lessons;
use losscape::tui::action::Action;
use losscape::tui::app::{App, Mode, Panel};
use losscape::tui::keymap::action_for;
use losscape::tui::theme::ColorMode;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a description says a key does.
#[derive(Debug, Clone, PartialEq)]
enum Claim {
    Plays,
    ChangesSpeed,
    SplitsPlots,
    Opens(Panel),
    ChartShows(ChartQuantity),
    ChartCounts {
        evals: bool,
    },
    Toggles,
    Hides,
    Selects(String),
    /// Pressed twice, the selected optimizer's rate rises (to this, if said).
    RaisesTwice(Option<f64>),
    /// Each key changes the selected optimizer's rate or momentum.
    Tunes,
}

#[derive(Debug, Clone)]
struct Mention {
    keys: Vec<String>,
    claim: Claim,
    /// The words it was read from, for messages.
    text: String,
}

/// What `press KEYS to …` may promise, and what it means.
fn effect(words: &str) -> Option<Claim> {
    let table: [(&str, Claim); 5] = [
        ("play", Claim::Plays),
        ("change the speed", Claim::ChangesSpeed),
        ("see each path on its own plot", Claim::SplitsPlots),
        ("see each one's accumulators and effective rates", Claim::Opens(Panel::Explain)),
        ("see the blend c and its sign", Claim::Opens(Panel::Explain)),
    ];
    table.into_iter().find(|(w, _)| words.trim() == *w).map(|(_, c)| c)
}

/// What `switches it to X` may name.
fn switched_to(words: &str) -> Option<Claim> {
    let words = words.trim().trim_start_matches("back ").trim_start_matches("to ").trim();
    Some(match words {
        "the loss" => Claim::ChartShows(ChartQuantity::Loss),
        "the rates" | "the learning rates" | "the learning rate" => Claim::ChartShows(ChartQuantity::LearningRate),
        "|∇f|" | "the gradient's length" => Claim::ChartShows(ChartQuantity::GradNorm),
        "the distance" => Claim::ChartShows(ChartQuantity::Distance),
        "steps" => Claim::ChartCounts { evals: false },
        "evaluations" | "gradient evaluations" => Claim::ChartCounts { evals: true },
        _ => return None,
    })
}

/// A key as a description writes it: `space`, a punctuation mark, or a
/// letter or digit standing alone.
fn key_token(word: &str) -> Option<String> {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        _ if word == "space" => Some(word.into()),
        (Some(c), None) if !c.is_whitespace() => Some(word.into()),
        _ => None,
    }
}

/// `K`, `K or K`, `K and K`, `K K`: the keys at the start of `words` and what follows them.
fn keys_at(words: &str) -> Option<(Vec<String>, String)> {
    let mut keys = Vec::new();
    let mut rest: Vec<&str> = words.split_whitespace().collect();
    while let Some(first) = rest.first() {
        if let Some(k) = key_token(first) {
            keys.push(k);
            rest.remove(0);
        } else if !keys.is_empty() && (*first == "or" || *first == "and") && rest.len() > 1 {
            if key_token(rest[1]).is_none() {
                break;
            }
            rest.remove(0);
        } else {
            break;
        }
    }
    (!keys.is_empty()).then(|| (keys, rest.join(" ")))
}

/// The text up to the end of its sentence, clause or parenthesis.
fn up_to_stop(text: &str) -> &str {
    let mut end = text.len();
    for stop in [". ", ": ", "; ", ")"] {
        if let Some(i) = text.find(stop) {
            end = end.min(i);
        }
    }
    let head = &text[..end];
    head.strip_suffix('.').unwrap_or(head)
}

/// The sentence around byte `at`.
fn sentence_at(text: &str, at: usize) -> &str {
    let start = text[..at].rfind(". ").map_or(0, |i| i + 2);
    let end = text[at..].find(". ").map_or(text.len(), |i| at + i);
    &text[start..end]
}

fn word_starts(text: &str, word: &str) -> Vec<usize> {
    let lower = text.to_lowercase();
    lower
        .match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || !lower[..i].chars().next_back().unwrap().is_alphanumeric())
        .filter(|&i| lower[i + word.len()..].starts_with(' '))
        .collect()
}

/// Every key mention in a description, or what could not be read.
fn mentions(text: &str) -> Result<Vec<Mention>, String> {
    let mut found = Vec::new();
    // press KEYS to EFFECT[, KEYS to EFFECT]…, press KEY twice
    for at in word_starts(text, "press") {
        let clause = up_to_stop(&text[at + "press ".len()..]);
        let mut read_one = false;
        for part in clause.split(", ") {
            let Some((keys, rest)) = keys_at(part) else { break };
            let claim = if rest == "twice" {
                let sentence = sentence_at(text, at);
                let rate = sentence.split("rate is ").nth(1).and_then(|r| {
                    r.split(|c: char| c == ',' || c.is_whitespace()).next().and_then(|n| n.parse::<f64>().ok())
                });
                Claim::RaisesTwice(rate)
            } else if let Some(words) = rest.strip_prefix("to ") {
                effect(words).ok_or_else(|| format!("`press {part}`: unknown effect `{words}`"))?
            } else if !read_one {
                return Err(format!("`press {clause}`: no effect said for {keys:?}"));
            } else {
                break;
            };
            found.push(Mention { keys, claim, text: format!("press {part}") });
            read_one = true;
        }
        if !read_one {
            return Err(format!("`press {clause}`: no key read"));
        }
    }
    // KEY toggles it, KEY hides it, KEY switches it (back) to X
    for verb in ["toggles", "hides", "switches"] {
        for (at, _) in text.match_indices(&format!(" {verb} ")) {
            let before = &text[..at];
            let token = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
            let Some(key) = key_token(token) else { continue };
            let after = up_to_stop(&text[at + verb.len() + 2..]);
            let claim = match verb {
                "toggles" if after == "it" => Claim::Toggles,
                "hides" if after == "it" => Claim::Hides,
                "switches" => {
                    let target =
                        after.strip_prefix("it ").or_else(|| after.strip_prefix("the chart ")).unwrap_or(after);
                    switched_to(target).ok_or_else(|| format!("`{key} switches {after}`: unknown target"))?
                }
                _ => return Err(format!("`{key} {verb} {after}`: not a form this reads")),
            };
            found.push(Mention { keys: vec![key.clone()], claim, text: format!("{key} {verb} {after}") });
        }
    }
    // select NAME (N)
    for at in word_starts(text, "select") {
        let clause = &text[at..];
        let Some(open) = clause.find(" (") else { continue };
        let name = &clause["select ".len()..open];
        let Some(close) = clause[open..].find(')') else { continue };
        let inner = &clause[open + 2..open + close];
        if name.contains('.') || inner.len() != 1 || !inner.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let last = name.split_whitespace().last().unwrap_or("").to_string();
        found.push(Mention {
            keys: vec![inner.into()],
            claim: Claim::Selects(last),
            text: clause[..=open + close].into(),
        });
    }
    // with KEYS: punctuation keys only (`with a` is English)
    for (at, _) in text.match_indices(" with ") {
        let rest = up_to_stop(&text[at + " with ".len()..]);
        if let Some((keys, _)) = keys_at(rest)
            && keys.iter().all(|k| k.chars().all(|c| c.is_ascii_punctuation()))
        {
            found.push(Mention { keys, claim: Claim::Tunes, text: format!("with {rest}") });
        }
    }
    Ok(found)
}

fn key_event(key: &str) -> KeyEvent {
    let c = if key == "space" { ' ' } else { key.chars().next().unwrap() };
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn opened(scenario: &Scenario) -> App {
    App::new(scenario.clone(), ColorMode::TrueColor)
}

fn rates(app: &App) -> (f64, Option<f64>) {
    let o = app.optimizer_of(app.selected());
    (o.lr, o.momentum_like().map(|m| m.value))
}

/// What is wrong with the key mentions of a scenario's description, checked
/// by pressing each in the scenario as it opens.
fn problems(scenario: &Scenario) -> Vec<String> {
    let text = scenario.description.clone().unwrap_or_default();
    let found = match mentions(&text) {
        Ok(found) => found,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    for m in &found {
        let actions: Vec<Action> = m.keys.iter().filter_map(|k| action_for(key_event(k))).collect();
        if actions.len() != m.keys.len() {
            problems.push(format!("`{}`: not every key is in the keymap", m.text));
            continue;
        }
        let fresh = || opened(scenario);
        let wrong = |what: String| format!("`{}`: {what}", m.text);
        for (key, &action) in m.keys.iter().zip(&actions) {
            let mut app = fresh();
            let before = (app.panel(), app.chart_quantity(), app.speed(), rates(&app));
            app.apply(action);
            let problem = match &m.claim {
                Claim::Plays => (app.mode() != Mode::Playing).then(|| "does not play".to_string()),
                Claim::ChangesSpeed => (app.speed() == before.2).then(|| format!("{key} leaves the speed")),
                Claim::SplitsPlots => (app.layout() != Layout::Split).then(|| "plots not split".to_string()),
                Claim::Opens(panel) => (app.panel() != *panel).then(|| format!("opens {:?}", app.panel())),
                Claim::ChartShows(q) => (app.chart_quantity() != *q)
                    .then(|| format!("the chart goes from {:?} to {:?}, not {q:?}", before.1, app.chart_quantity())),
                Claim::ChartCounts { evals } => (app.chart_by_evals() != *evals).then(|| "wrong x axis".to_string()),
                Claim::Toggles => {
                    let changed = app.panel() != before.0;
                    app.apply(action);
                    (!changed || app.panel() != before.0).then(|| format!("{:?} is not toggled", before.0))
                }
                Claim::Hides => (before.0 == Panel::Chart || app.panel() != Panel::Chart)
                    .then(|| format!("{:?} is open and stays {:?}", before.0, app.panel())),
                Claim::Selects(name) => {
                    let label = app.label_of(app.selected()).to_lowercase();
                    (!label.contains(&name.to_lowercase())).then(|| format!("selects `{label}`"))
                }
                Claim::RaisesTwice(rate) => {
                    app.apply(action);
                    let lr = rates(&app).0;
                    match rate {
                        Some(r) if (lr - r).abs() > 1e-12 * r => Some(format!("twice gives lr {lr}, not {r}")),
                        _ if lr <= before.3.0 => Some(format!("lr {} → {lr}", before.3.0)),
                        _ => None,
                    }
                }
                Claim::Tunes => (rates(&app) == before.3).then(|| format!("{key} changes neither rate nor momentum")),
            };
            if let Some(p) = problem {
                problems.push(wrong(p));
            }
        }
    }
    problems
}

#[test]
fn every_key_a_lesson_names_does_what_its_text_says() {
    let mut named = 0;
    for lesson in lessons::LESSONS {
        let scenario = lesson.scenario().unwrap();
        let text = scenario.description.clone().unwrap_or_default();
        named += mentions(&text).map_or(0, |m| m.len());
        let problems = problems(&scenario);
        assert!(problems.is_empty(), "{}: {problems:#?}", lesson.file);
    }
    // 00 (space, > <, v), 08 (e), 09 (c), 16 (b, 2, ], 3), 17 (C), 19 (m, [ ] { }).
    assert!(named >= 12, "{named} mentions read");
}

#[test]
fn the_reader_finds_every_form() {
    let m = mentions(
        "Press space to play, > or < to change the speed, v to see each path on its own plot. The map (m toggles \
         it) shows. Select the second GD (2), whose rate is 0.05, or press ] twice: and so. Counted in evaluations \
         (the chart's x axis; C switches it back to steps). Move it with [ ] and { }.",
    )
    .unwrap();
    let claims: Vec<(Vec<String>, Claim)> = m.into_iter().map(|m| (m.keys, m.claim)).collect();
    let k = |keys: &[&str]| keys.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for want in [
        (k(&["space"]), Claim::Plays),
        (k(&[">", "<"]), Claim::ChangesSpeed),
        (k(&["v"]), Claim::SplitsPlots),
        (k(&["]"]), Claim::RaisesTwice(Some(0.05))),
        (k(&["m"]), Claim::Toggles),
        (k(&["C"]), Claim::ChartCounts { evals: false }),
        (k(&["2"]), Claim::Selects("GD".into())),
        (k(&["[", "]", "{", "}"]), Claim::Tunes),
    ] {
        assert!(claims.contains(&want), "{want:?} not in {claims:#?}");
    }
    assert!(mentions("Press q to frobnicate.").is_err(), "an unknown effect is refused");
    assert!(mentions("Press the button.").is_err(), "a press without a key is refused");
    assert!(mentions("Gradient descent with a Hessian, momentum with lr = 0.5.").unwrap().is_empty());
}

#[test]
fn a_text_that_names_the_wrong_key_is_caught() {
    // Lesson 09 as it was: it opened on the learning rates and said "c
    // switches it to the loss", but c goes on to |∇f| (the loss was three
    // presses away).
    let lesson = lessons::find("schedules").unwrap();
    let old = lesson.text.replace("\"chart\": \"loss\"", "\"chart\": \"lr\"");
    let mut value: serde_json::Value = serde_json::from_str(&old).unwrap();
    value["description"] = "The chart shows each rate against step (c switches it to the loss).".into();
    let scenario = Scenario::parse(&value.to_string(), "09", std::path::Path::new("."), "09").unwrap();
    let problems = problems(&scenario);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("LearningRate to GradNorm, not Loss"), "{}", problems[0]);
}
