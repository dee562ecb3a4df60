//! `losscape schema` against an independent JSON Schema validator: every
//! lesson and every valid fixture follows it, the invalid fixtures that are
//! wrong in shape break it, and those wrong only in their values (which
//! `losscape check` tells) do not.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn schema() -> Value {
    let out = Command::cargo_bin("losscape").unwrap().arg("schema").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    jsonschema::meta::validate(&schema).expect("the schema follows the draft 2020-12 meta-schema");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn json_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no files in {}", dir.display());
    files
}

fn errors(validator: &jsonschema::Validator, file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn every_lesson_and_valid_fixture_follows_the_schema() {
    let validator = validator();
    let mut files = json_files("scenarios");
    files.extend(json_files("tests/fixtures/valid"));
    for file in files {
        let errors = errors(&validator, &file);
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

/// The invalid fixtures, by what is wrong with them: a JSON value of the
/// wrong shape (a type, an unknown field, a missing field, a name off a
/// closed list), a value of the right shape that losscape refuses, or no
/// JSON at all.
const INVALID: &[(&str, Wrong)] = &[
    ("bad_color.json", Wrong::Value),
    ("batch_size_without_data.json", Wrong::Value),
    ("beta_of_one.json", Wrong::Value),
    ("clip_norm_zero.json", Wrong::Value),
    ("domain_inverted.json", Wrong::Value),
    ("domain_missing_y.json", Wrong::Value),
    ("duplicate_label.json", Wrong::Value),
    ("empty.json", Wrong::NotJson),
    ("expression_nested_too_deep.json", Wrong::Value),
    ("expression_syntax.json", Wrong::Value),
    ("expression_unknown_variable.json", Wrong::Value),
    ("function_duplicate_key.json", Wrong::Value),
    ("function_parameter_unknown.json", Wrong::Shape),
    ("hyperparameter_of_another_optimizer.json", Wrong::Shape),
    ("lbfgs_history_zero.json", Wrong::Value),
    ("lbfgs_unknown_line_search.json", Wrong::Shape),
    ("lbfgs_with_noise.json", Wrong::Shape),
    ("lr_not_a_number.json", Wrong::Shape),
    ("missing_comma.json", Wrong::NotJson),
    ("missing_csv.json", Wrong::Value),
    ("missing_steps.json", Wrong::Shape),
    ("misspelled_field.json", Wrong::Shape),
    ("mlp_data_misspelled_field.json", Wrong::Shape),
    ("mlp_start_wrong_length.json", Wrong::Value),
    ("mlp_units_out_of_range.json", Wrong::Value),
    ("momentum_above_one.json", Wrong::Value),
    ("negative_lr.json", Wrong::Value),
    ("nesterov_with_dampening.json", Wrong::Value),
    ("no_optimizers.json", Wrong::Value),
    ("no_start.json", Wrong::Value),
    ("not_an_object.json", Wrong::Shape),
    ("number_out_of_range.json", Wrong::NotJson),
    ("plane_random_of_a_function.json", Wrong::Value),
    ("plane_unknown_kind.json", Wrong::Shape),
    ("schedule_missing_gamma.json", Wrong::Shape),
    ("sharpness_of_a_function.json", Wrong::Value),
    ("start_wrong_length.json", Wrong::Value),
    ("thirteen_optimizers.json", Wrong::Value),
    ("too_many_steps.json", Wrong::Value),
    ("truncated.json", Wrong::NotJson),
    ("unknown_function.json", Wrong::Shape),
    ("unknown_optimizer.json", Wrong::Shape),
    ("unknown_schedule.json", Wrong::Shape),
    ("zero_steps.json", Wrong::Value),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Wrong {
    Shape,
    Value,
    NotJson,
}

#[test]
fn invalid_fixtures_break_the_schema_exactly_when_their_shape_is_wrong() {
    let validator = validator();
    let files = json_files("tests/fixtures/invalid");
    let named: Vec<String> = files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    let listed: Vec<&str> = INVALID.iter().map(|(name, _)| *name).collect();
    assert_eq!(named, listed, "every invalid fixture is classified here");
    for (file, (_, wrong)) in files.iter().zip(INVALID) {
        let text = std::fs::read_to_string(file).unwrap();
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            assert_eq!(*wrong, Wrong::NotJson, "{} is not JSON", file.display());
            continue;
        };
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        match wrong {
            Wrong::Shape => assert!(!errors.is_empty(), "{} follows the schema", file.display()),
            Wrong::Value => assert!(errors.is_empty(), "{}: {errors:#?}", file.display()),
            Wrong::NotJson => panic!("{} is JSON", file.display()),
        }
    }
}

#[test]
fn a_scenario_may_name_its_schema() {
    let dir = tempdir();
    let file = dir.join("with-schema.json");
    std::fs::write(
        &file,
        r#"{"$schema": "./scenario.schema.json", "function": "rosenbrock", "start": [0, 0], "steps": 5,
            "optimizers": [{"type": "gd"}]}"#,
    )
    .unwrap();
    Command::cargo_bin("losscape").unwrap().arg("check").arg(&file).assert().success();
    Command::cargo_bin("losscape").unwrap().args(["run", "--format", "csv"]).arg(&file).assert().success();
    assert!(errors(&validator(), &file).is_empty());
    // Only the one name: `$schemas` is an unknown field, found by the checker.
    std::fs::write(
        &file,
        r#"{"$schemas": "x", "function": "rosenbrock", "start": [0, 0], "steps": 5, "optimizers": [{"type": "gd"}]}"#,
    )
    .unwrap();
    let out = Command::cargo_bin("losscape").unwrap().arg("check").arg(&file).output().unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("$schemas: unknown field; did you mean `$schema`?"), "{said}");
    assert!(!errors(&validator(), &file).is_empty());
    // `$schema` must be text, as the schema says.
    std::fs::write(
        &file,
        r#"{"$schema": 3, "function": "rosenbrock", "start": [0, 0], "steps": 5, "optimizers": [{"type": "gd"}]}"#,
    )
    .unwrap();
    let out = Command::cargo_bin("losscape").unwrap().arg("check").arg(&file).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("$schema: must be text in quotes, not 3"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_schema_helps_an_editor() {
    let schema = schema();
    let optimizer = &schema["$defs"]["OptimizerFile"];
    let lr = &optimizer["properties"]["lr"]["description"];
    assert!(lr.as_str().unwrap().contains("learning rate"), "{lr}");
    assert!(!lr.as_str().unwrap().contains('\n'), "descriptions are one paragraph: {lr}");
    let types = optimizer["properties"]["type"]["enum"].as_array().unwrap();
    assert_eq!(types.len(), losscape::core::optim::OptimizerType::ALL.len());
    assert!(types.contains(&Value::from("adamw")) && types.contains(&Value::from("lion")));
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("losscape-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
