//! The downloadable bundle: every file, the design (without secrets) and the install guide,
//! as one zip. Deterministic: same design, same bytes, in native code and in wasm.

use crate::model::Design;
use crate::output::Output;
use crate::validate::secret_keys;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// One file of the bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub mode: u32,
    pub content: String,
}

/// The bundle's file name: `<stanza>-pgbackrest.zip`.
pub fn zip_name(design: &Design) -> String {
    format!("{}-pgbackrest.zip", design.stanza)
}

/// The design as shipped in the bundle: secret values removed.
pub fn design_without_secrets(design: &Design) -> Design {
    let mut d = design.clone();
    for r in &mut d.repo {
        let keys: Vec<String> = secret_keys(r).map(|(k, _)| k.clone()).collect();
        for k in keys {
            r.options.remove(&k);
        }
    }
    d
}

/// Every entry of the bundle, in order: the generated files, each host's TLS server unit and
/// preflight script, `design.toml`, `README.md`.
/// Empty when the output has errors.
pub fn entries(design: &Design, output: &Output) -> Vec<Entry> {
    if output.has_errors() {
        return Vec::new();
    }
    let mut out: Vec<Entry> = output
        .files
        .iter()
        .map(|f| Entry {
            path: f.path.clone(),
            mode: f.mode,
            content: f.text(),
        })
        .collect();
    out.extend(
        crate::deploy::extras(design, output)
            .into_iter()
            .map(|(path, mode, content)| Entry {
                path,
                mode,
                content,
            }),
    );
    let mut toml = String::from("# The design these files were made from. Secret values are left out: each is listed in its\n# repository's deploy-secrets, to supply on the hosts (or type it again in the designer).\n");
    let mut shipped = design_without_secrets(design);
    for (r, orig) in shipped.repo.iter_mut().zip(&design.repo) {
        for (k, _) in secret_keys(orig) {
            if !r.deploy_secrets.contains(k) {
                r.deploy_secrets.push(k.clone());
            }
        }
    }
    toml.push_str(&shipped.to_toml());
    out.push(Entry {
        path: "design.toml".into(),
        mode: 0o644,
        content: toml,
    });
    out.push(Entry {
        path: "README.md".into(),
        mode: 0o644,
        content: crate::install::guide(design, &output.files),
    });
    out
}

/// The zip of [`entries`]; `None` when the output has errors.
pub fn zip(design: &Design, output: &Output) -> Option<Vec<u8>> {
    if output.has_errors() {
        return None;
    }
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for e in entries(design, output) {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(e.mode);
        w.start_file(e.path.as_str(), options)
            .expect("writing to memory cannot fail");
        w.write_all(e.content.as_bytes())
            .expect("writing to memory cannot fail");
    }
    Some(
        w.finish()
            .expect("writing to memory cannot fail")
            .into_inner(),
    )
}
