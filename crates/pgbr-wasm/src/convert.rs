//! Values across the boundary: designs and config texts in, results out, and every failure as
//! a JavaScript `Error` with a message a person can act on.

use js_sys::{Array, Error, Reflect, JSON};
use pgbr_core::model::ReadError;
use pgbr_core::{Design, Diagnostic};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// A plain `Error` with `message`.
pub(crate) fn error(message: &str) -> Error {
    Error::new(message)
}

fn set(target: &Error, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Any result as plain JavaScript data, through its JSON: the same shape as the CLI's JSON
/// (objects, `null` for an absent value). Measured on the 256-pooler design (725,000 lines),
/// `generate` took 4.4 s in Node this way against 8.9 s building the objects one call at a time
/// with serde-wasm-bindgen (`JSON.parse` is native code). Inputs go through JSON too, to the
/// same reader as a design file ([`design_from_js`]), so the workspace does not use that crate.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    let text = serde_json::to_string(value).map_err(|e| {
        error(&format!(
            "pgbr-designer: cannot convert a result to JavaScript: {e}"
        ))
    })?;
    JSON::parse(&text).map_err(|_| error("pgbr-designer: cannot convert a result to JavaScript"))
}

/// A design from JavaScript: an object shaped like the design file, or the file's TOML or
/// JSON text. Objects are read as their JSON, by the same reader as `pgbr generate x.json`,
/// so unknown keys are refused exactly as in a file.
pub(crate) fn design_from_js(value: JsValue) -> Result<Design, Error> {
    if let Some(text) = value.as_string() {
        return Design::from_text(&text).map_err(read_error);
    }
    if !value.is_object() || Array::is_array(&value) {
        let got = describe(&value);
        return Err(design_error(
            "",
            &format!("expected an object (or the design's TOML or JSON text), got {got}"),
        ));
    }
    let json = JSON::stringify(&value).map_err(|e| {
        let why = e
            .dyn_ref::<Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default();
        design_error("", &format!("it cannot be read as JSON ({why})"))
    })?;
    Design::from_json(&String::from(json)).map_err(read_error)
}

/// Core's reading error as an `Error` whose `path` names the field.
fn read_error(e: ReadError) -> Error {
    match e {
        ReadError::Field { path, message } => design_error(&path, &message),
        other => design_error("", &strip_position(&other.to_string())),
    }
}

/// `Error("not a design: pooler[1].pg-port: invalid type: ...")` with `path` set.
fn design_error(path: &str, message: &str) -> Error {
    let e = if path.is_empty() {
        error(&format!("not a design: {message}"))
    } else {
        error(&format!("not a design: {path}: {message}"))
    };
    set(&e, "path", &JsValue::from_str(path));
    e
}

/// serde_json's " at line 1 column 57" means nothing for a JavaScript object: drop it.
fn strip_position(message: &str) -> String {
    const AT: &str = " at line ";
    let Some(start) = message.rfind(AT) else {
        return message.to_string();
    };
    let rest = message[start + AT.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix(" column ") else {
        return message.to_string();
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    format!("{}{rest}", &message[..start])
}

/// The files `importConf` reads: a string, an array of strings, or an array of
/// `{ name, text }`. Unnamed texts are called `pgbackrest.conf` (a lone string) or
/// `file-1.conf`, `file-2.conf`, ... (in an array).
pub(crate) fn conf_files_from_js(value: &JsValue) -> Result<Vec<(String, String)>, Error> {
    if let Some(text) = value.as_string() {
        return Ok(vec![(
            pgbr_core::fields::config_file_name().to_string(),
            text,
        )]);
    }
    let Some(items) = value.dyn_ref::<Array>() else {
        return Err(error(&format!(
            "importConf takes a file's text, an array of texts or an array of {{ name, text }}, not {}",
            describe(value)
        )));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            if let Some(text) = item.as_string() {
                return Ok((format!("file-{}.conf", i + 1), text));
            }
            let field = |key: &str| Reflect::get(&item, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
            match (item.is_object(), field("name"), field("text")) {
                (true, Some(name), Some(text)) => Ok((name, text)),
                _ => Err(error(&format!(
                    "importConf: [{i}] must be a string or {{ name: string, text: string }}, not {}",
                    describe(&item)
                ))),
            }
        })
        .collect()
}

/// The error `zip` throws for a design with errors; `diagnostics` lists every finding.
/// An `Error` for a design with errors, its `diagnostics` set: "nothing to `what`".
pub(crate) fn errors_error(diagnostics: &[Diagnostic], what: &str) -> Error {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let first = errors
        .first()
        .map(|d| format!(" (first: {d})"))
        .unwrap_or_default();
    let e = error(&format!(
        "the design has {} error(s), so there is nothing to {what}{first}",
        errors.len()
    ));
    if let Ok(list) = to_js(diagnostics) {
        set(&e, "diagnostics", &list);
    }
    e
}

/// "null", "an array", "a number", ... for messages.
fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if Array::is_array(value) {
        return "an array".into();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("undefined") => "undefined (no argument?)".into(),
        Some("object") => "an object".into(),
        Some(t) => format!("a {t}"),
        None => "a value of unknown type".into(),
    }
}
