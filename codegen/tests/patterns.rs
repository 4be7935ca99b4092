//! Every `@pattern` of the shared AWS models is checked, except those with look-around or
//! back-references (which no automaton engine has): they are counted and listed here.

mod common;

#[test]
fn shared_model_patterns_are_checked() {
    let Some(dir) = common::shared_models() else {
        eprintln!("skipped: ../shared/models/aws is not present");
        return;
    };
    let mut total = 0;
    let mut inexpressible = Vec::new();
    let mut failures = Vec::new();
    for model in common::json_files(&dir) {
        let text = std::fs::read_to_string(&model).expect("readable model");
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON model");
        for p in smelt_codegen::pattern::patterns_in(&json) {
            total += 1;
            if let Err(reason) = smelt_codegen::pattern::translate(&p) {
                let line = format!("{}: `{p}`: {reason}", model.display());
                if smelt_codegen::pattern::is_inexpressible(&reason) {
                    inexpressible.push(line);
                } else {
                    failures.push(line);
                }
            }
        }
    }
    eprintln!(
        "{total} patterns; {} not checkable (look-around, back-references):\n{}",
        inexpressible.len(),
        inexpressible.join("\n")
    );
    assert!(total > 100, "only {total} patterns found");
    assert!(
        failures.is_empty(),
        "patterns left unchecked:\n{}",
        failures.join("\n")
    );
}
