//! pgbr-wasm: pgbr-core as a typed JavaScript API.
//!
//! Every function converts its arguments from JavaScript, calls one core function and converts
//! the result back; no rule of the domain lives here. The TypeScript types in `types.d.ts` are
//! shipped in the package's `.d.ts` and describe exactly what these functions take and return.

mod convert;
mod panic;
#[cfg(test)]
mod types_check;

use convert::{design_from_js, error, to_js};
use js_sys::Error;
use pgbr_core::{bundle, catalog, examples, fields, Design, Version, FORMAT_VERSION};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// A generated file as JavaScript sees it: core's structured file plus its text. The shape of
/// [`generate`]'s result, which reads `content` and `lines` lazily (`js/lazy.js`).
#[cfg(test)]
#[derive(ts_rs::TS)]
#[ts(rename = "GeneratedFile")]
#[allow(dead_code)] // Only its TypeScript is used, by types_check.
struct JsFile<'a> {
    #[ts(flatten)]
    file: &'a pgbr_core::File,
    content: String,
}

#[cfg(test)]
#[derive(ts_rs::TS)]
#[ts(rename = "GenerateResult")]
#[allow(dead_code)] // Only its TypeScript is used, by types_check.
struct JsOutput<'a> {
    files: Vec<JsFile<'a>>,
    diagnostics: &'a [pgbr_core::Diagnostic],
}

/// A file's data other than its lines and text, which JavaScript reads when it uses them.
#[derive(Serialize)]
struct JsFileHead<'a> {
    path: &'a str,
    mode: u32,
    kind: pgbr_core::output::FileKind,
    host: &'a str,
    pooler: Option<usize>,
    sections: &'a [String],
    #[serde(rename = "pg-order")]
    pg_order: &'a [(u16, usize)],
}

#[derive(Serialize)]
struct JsHead<'a> {
    files: Vec<JsFileHead<'a>>,
    diagnostics: &'a [pgbr_core::Diagnostic],
}

/// One generation, kept in wasm memory while its result is in use (wasm-bindgen frees it when
/// JavaScript collects the result). Not part of the API: `js/lazy.js` reads it.
#[wasm_bindgen(skip_typescript)]
pub struct Generation {
    output: pgbr_core::Output,
}

#[wasm_bindgen]
impl Generation {
    /// Every file's path, mode, kind, host, pooler, sections and pg order, and the diagnostics.
    pub fn head(&self) -> Result<JsValue, Error> {
        let o = &self.output;
        to_js(&JsHead {
            files: o
                .files
                .iter()
                .map(|f| JsFileHead {
                    path: &f.path,
                    mode: f.mode,
                    kind: f.kind,
                    host: &f.host,
                    pooler: f.pooler,
                    sections: &f.sections,
                    pg_order: &f.pg_order,
                })
                .collect(),
            diagnostics: &o.diagnostics,
        })
    }
    /// File `i`'s bytes.
    pub fn content(&self, i: usize) -> String {
        self.output.files[i].text()
    }
    /// File `i`'s lines, each with its data.
    pub fn lines(&self, i: usize) -> Result<JsValue, Error> {
        to_js(&self.output.files[i].lines)
    }
}

#[wasm_bindgen(module = "/js/lazy.js")]
extern "C" {
    #[wasm_bindgen(js_name = lazyResult)]
    fn lazy_result(generation: Generation) -> JsValue;
}

/// Validates a design and, when it has no error, produces its files (the same bytes as
/// `pgbr generate`) with the structure of every line. Each file's `content` and `lines` cross
/// into JavaScript when first read: on the 256-pooler design, reading them all costs what it
/// did when they were made eagerly, reading one file costs one file (README.md, "Figures").
#[wasm_bindgen(unchecked_return_type = "GenerateResult")]
pub fn generate(
    #[wasm_bindgen(unchecked_param_type = "DesignInput")] design: JsValue,
) -> Result<JsValue, Error> {
    panic::install();
    let design = design_from_js(design)?;
    let output = pgbr_core::generate(&design);
    Ok(lazy_result(Generation { output }))
}

/// Every diagnostic of a design (errors and warnings), as `pgbr check` prints them.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "DesignInput")] design: JsValue,
) -> Result<JsValue, Error> {
    panic::install();
    let design = design_from_js(design)?;
    to_js(&pgbr_core::generate(&design).diagnostics)
}

/// Reads existing `pgbackrest.conf` files (and `.env` / `conf.d` secrets files) into a design;
/// `stanza` picks one when the files hold several.
#[wasm_bindgen(js_name = importConf, unchecked_return_type = "ImportResult")]
pub fn import_conf(
    #[wasm_bindgen(unchecked_param_type = "ConfInput")] files: JsValue,
    stanza: Option<String>,
) -> Result<JsValue, Error> {
    panic::install();
    let files = convert::conf_files_from_js(&files)?;
    let options = pgbr_core::ImportOptions { stanza };
    let result = pgbr_core::import_with(&files, &options)
        .map_err(|e| error(&format!("cannot import: {e}")))?;
    to_js(&result)
}

#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "Comparison"))]
#[derive(Serialize)]
struct JsComparison {
    /// Per existing file: what it was paired with and the options generate would change.
    files: Vec<pgbr_core::diff::FileDiff>,
    /// Each paired file before and after, whole, the changed lines marked.
    views: Vec<pgbr_core::diff::BeforeAfter>,
    /// Generating leaves every file as it is (and every file was compared).
    unchanged: bool,
    /// The comparison as `pgbr diff` prints it.
    text: String,
}

/// What generating `design` would change in existing `pgbackrest.conf` files, per host: the
/// options it adds, removes or changes (`pgbr diff`), and each file before and after. A design
/// with errors throws an `Error` whose `diagnostics` property lists them; environment files
/// among `files` are left out.
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn diff(
    #[wasm_bindgen(unchecked_param_type = "DesignInput")] design: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ConfInput")] files: JsValue,
) -> Result<JsValue, Error> {
    panic::install();
    let design = design_from_js(design)?;
    let output = pgbr_core::generate(&design);
    if output.has_errors() {
        return Err(convert::errors_error(&output.diagnostics, "compare"));
    }
    // Environment files hold variables, not options: `importConf` reads them, this does not.
    let files: Vec<(String, String)> = convert::conf_files_from_js(&files)?
        .into_iter()
        .filter(|(name, _)| !pgbr_core::env_file::is_env_file(name))
        .collect();
    let diffs = pgbr_core::diff::compare(&design, &files);
    to_js(&JsComparison {
        views: pgbr_core::diff::before_after(&design, &files, &diffs),
        unchanged: pgbr_core::diff::unchanged(&diffs),
        text: pgbr_core::diff::render(&diffs),
        files: diffs,
    })
}

#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "Example"))]
#[derive(Serialize)]
struct JsExample {
    file: &'static str,
    title: &'static str,
    toml: &'static str,
    design: Design,
}

/// The example designs shipped with the designer, the three-pooler cluster first.
#[wasm_bindgen(unchecked_return_type = "Example[]")]
pub fn examples() -> Result<JsValue, Error> {
    panic::install();
    let list: Vec<JsExample> = examples::EXAMPLES
        .iter()
        .map(|e| JsExample {
            file: e.file,
            title: e.title,
            toml: e.toml,
            design: e.design(),
        })
        .collect();
    to_js(&list)
}

/// The pgBackRest options the designer knows; with a version (`"2.45"`), only those that
/// release knows.
#[wasm_bindgen(js_name = optionCatalog, unchecked_return_type = "OptionDef[]")]
pub fn option_catalog(version: Option<String>) -> Result<JsValue, Error> {
    panic::install();
    let options: Vec<JsOption> = match version {
        None => catalog::OPTIONS.iter().map(JsOption::from).collect(),
        Some(text) => {
            let version = Version::parse(&text).map_err(|e| error(&e))?;
            catalog::for_version(version).map(JsOption::from).collect()
        }
    };
    to_js(&options)
}

/// Every field of the design format (key, the option it becomes, label, help, kind, choices,
/// default) at a release (`"2.45"`); without one, at the release a design targets by default.
#[wasm_bindgen(js_name = designFields, unchecked_return_type = "DesignFields")]
pub fn design_fields(version: Option<String>) -> Result<JsValue, Error> {
    panic::install();
    let version = match version {
        None => pgbr_core::model::default_version(),
        Some(text) => Version::parse(&text).map_err(|e| error(&e))?,
    };
    to_js(&fields::describe(version))
}

/// An option as the catalog has it, and where pgBackRest's configuration reference documents it.
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "OptionDef"))]
#[derive(Serialize)]
struct JsOption {
    #[serde(flatten)]
    def: &'static catalog::OptionDef,
    #[serde(rename = "doc-url")]
    doc_url: Option<String>,
}

impl From<&'static catalog::OptionDef> for JsOption {
    fn from(def: &'static catalog::OptionDef) -> JsOption {
        JsOption {
            def,
            doc_url: def.doc_url(),
        }
    }
}

#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "VersionInfo"))]
#[derive(Serialize)]
struct JsVersion {
    designer: &'static str,
    format: u32,
    #[cfg_attr(test, ts(inline))]
    pgbackrest: JsReleases,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Serialize)]
struct JsReleases {
    #[cfg_attr(test, ts(type = "string"))]
    oldest: Version,
    #[cfg_attr(test, ts(type = "string"))]
    newest: Version,
    #[cfg_attr(test, ts(type = "string"))]
    default: Version,
}

/// This package's version, the design format it reads and the pgBackRest releases it targets.
#[wasm_bindgen(unchecked_return_type = "VersionInfo")]
pub fn version() -> Result<JsValue, Error> {
    panic::install();
    to_js(&JsVersion {
        designer: env!("CARGO_PKG_VERSION"),
        format: FORMAT_VERSION,
        pgbackrest: JsReleases {
            oldest: Version::OLDEST,
            newest: Version::NEWEST,
            default: pgbr_core::model::default_version(),
        },
    })
}

/// The bundle `pgbr generate --zip` writes, byte for byte: every file, the design without
/// secrets and the install guide. A design with errors throws an `Error` whose `diagnostics`
/// property lists them.
#[wasm_bindgen]
pub fn zip(
    #[wasm_bindgen(unchecked_param_type = "DesignInput")] design: JsValue,
) -> Result<Vec<u8>, Error> {
    panic::install();
    let design = design_from_js(design)?;
    let output = pgbr_core::generate(&design);
    bundle::zip(&design, &output).ok_or_else(|| convert::errors_error(&output.diagnostics, "zip"))
}
