//! `pgbr`: the designer's engine for scripts and provisioners. Argument parsing and I/O only;
//! every rule lives in pgbr-core.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use pgbr_core::import::ImportError;
use pgbr_core::simulate::{self, Role};
use pgbr_core::{bundle, generate, import_with, share, Design, ImportOptions, Severity};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes, documented in `pgbr --help`.
const EXIT_INVALID: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_IO: u8 = 3;
/// `import`: the design is printed, but something in the files was left out or read
/// differently (each said on standard error); `diff`: the files differ from the design's.
const EXIT_LEFT_OUT: u8 = 4;

#[derive(Parser)]
#[command(
    name = "pgbr",
    version,
    after_help = "Exit codes: 0 success (warnings allowed); 1 the design has errors (nothing written); 2 bad usage or unreadable design/config file; 3 the output could not be written; 4 (import) the design is printed but something in the files was left out or read differently, each said on standard error; (diff) the files differ from what the design generates."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a design and write one pgbackrest.conf per pooler (and secrets files).
    Generate {
        /// The design file (.toml or .json).
        design: PathBuf,
        /// Write DIR/<pooler>/pgbackrest.conf, ... (nothing is written when there is an error).
        #[arg(long, value_name = "DIR", required_unless_present = "zip")]
        out: Option<PathBuf>,
        /// Also (or instead) write every file, the design and an install guide as one zip.
        #[arg(long, value_name = "FILE")]
        zip: Option<PathBuf>,
    },
    /// Print every diagnostic of a design; exit 1 when there is an error.
    Check {
        /// The design file (.toml or .json).
        design: PathBuf,
    },
    /// Read existing pgbackrest.conf files (and .env / conf.d secrets files) into a design;
    /// what could not be mapped, and the design's own diagnostics, go to standard error.
    Import {
        /// The files; the design goes to standard output, what could not be mapped to standard error.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON instead of TOML.
        #[arg(long)]
        json: bool,
        /// The stanza to import when the files hold several (without it they are refused).
        #[arg(long, value_name = "NAME")]
        stanza: Option<String>,
    },
    /// Show what generating the design would change against existing files: per file, the
    /// options it would add (+), remove (-) or change (~); exit 4 when anything differs.
    Diff {
        /// The design file (.toml or .json).
        design: PathBuf,
        /// The existing pgbackrest.conf files (best in folders named after the poolers).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show which replica a backup with each file would copy from, for given replica states.
    Simulate {
        /// The design file (.toml or .json).
        design: PathBuf,
        /// The pooler (name or host) whose replica is the primary.
        #[arg(long)]
        primary: String,
        /// A pooler (name or host) whose replica is down; repeatable.
        #[arg(long)]
        down: Vec<String>,
    },
    /// Print a share link's fragment for a design (secrets left out): append it to the designer's URL.
    Link {
        /// The design file (.toml or .json).
        design: PathBuf,
    },
    /// Print a shipped example design (without a name: list them).
    Example { name: Option<String> },
    /// List the options a pgBackRest release documents, one per line: NAME<TAB>WHERE, where
    /// WHERE is global, stanza (only in a stanza's sections) or command-line.
    Options {
        /// The release, e.g. 2.55 (default: the newest the designer knows).
        #[arg(long, value_name = "VERSION")]
        target: Option<String>,
    },
}

fn main() -> ExitCode {
    // The about line names the file as core does.
    let about = format!(
        "Design pgBackRest configurations for replicated PostgreSQL clusters: one {} per pooler, its own replica first.",
        pgbr_core::fields::config_file_name()
    );
    let cli = Cli::from_arg_matches(&Cli::command().about(about).get_matches())
        .unwrap_or_else(|e| e.exit());
    match run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err((code, message)) => {
            eprintln!("pgbr: {message}");
            ExitCode::from(code)
        }
    }
}

type Failure = (u8, String);

fn read_design(path: &Path) -> Result<Design, Failure> {
    let text = read_text(path)?;
    Design::from_named(&path.to_string_lossy(), &text)
        .map_err(|e| (EXIT_USAGE, format!("{}: {e}", path.display())))
}

fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes =
        fs::read(path).map_err(|e| (EXIT_USAGE, format!("cannot read {}: {e}", path.display())))?;
    pgbr_core::encoding::decode(bytes).map_err(|e| (EXIT_USAGE, format!("{}: {e}", path.display())))
}

fn print_diagnostics(diags: &[pgbr_core::Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn run(command: Command) -> Result<u8, Failure> {
    match command {
        Command::Generate { design, out, zip } => {
            let d = read_design(&design)?;
            let output = generate(&d);
            print_diagnostics(&output.diagnostics);
            if output.has_errors() {
                let n = output
                    .diagnostics
                    .iter()
                    .filter(|x| x.severity == Severity::Error)
                    .count();
                return Err((
                    EXIT_INVALID,
                    format!("{n} error(s) in {}; nothing written", design.display()),
                ));
            }
            if let Some(dir) = out {
                write_tree(&dir, &output)?;
                for f in &output.files {
                    println!("{}", dir.join(&f.path).display());
                }
            }
            if let Some(zip_path) = zip {
                let bytes = bundle::zip(&d, &output).expect("no errors, so a zip");
                write_atomic(&zip_path, &bytes, 0o644)?;
                println!("{}", zip_path.display());
            }
            Ok(0)
        }
        Command::Check { design } => {
            let d = read_design(&design)?;
            let output = generate(&d);
            print_diagnostics(&output.diagnostics);
            let errors = output.diagnostics.iter().filter(|x| x.is_error()).count();
            let warnings = output.diagnostics.len() - errors;
            println!(
                "{}: {errors} error(s), {warnings} warning(s)",
                design.display()
            );
            Ok(if errors > 0 { EXIT_INVALID } else { 0 })
        }
        Command::Import {
            files,
            json,
            stanza,
        } => {
            let mut texts = Vec::new();
            for f in &files {
                texts.push((f.to_string_lossy().into_owned(), read_text(f)?));
            }
            let result = import_with(&texts, &ImportOptions { stanza }).map_err(|e| match e {
                ImportError::SeveralStanzas(_) => (EXIT_USAGE, format!("{e} with --stanza NAME")),
                e => (EXIT_USAGE, e.to_string()),
            })?;
            for u in &result.unmapped {
                eprintln!("not mapped: {u}");
            }
            // What the files say that pgBackRest or the designer would refuse, said now.
            let problems = generate(&result.design).diagnostics;
            if problems.iter().any(|d| d.is_error()) {
                eprintln!(
                    "the imported design does not validate yet; fix these before generating:"
                );
            }
            print_diagnostics(&problems);
            let text = if json {
                result.design.to_json() + "\n"
            } else {
                result.design.to_toml()
            };
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|e| (EXIT_IO, e.to_string()))?;
            Ok(if result.unmapped.iter().any(|u| u.lost) {
                EXIT_LEFT_OUT
            } else {
                0
            })
        }
        Command::Diff { design, files } => {
            let d = read_design(&design)?;
            let output = generate(&d);
            if output.has_errors() {
                print_diagnostics(&output.diagnostics);
                return Ok(EXIT_INVALID);
            }
            let mut texts = Vec::new();
            for f in &files {
                texts.push((f.to_string_lossy().into_owned(), read_text(f)?));
            }
            let diffs = pgbr_core::diff::compare(&d, &texts);
            std::io::stdout()
                .write_all(pgbr_core::diff::render(&diffs).as_bytes())
                .map_err(|e| (EXIT_IO, e.to_string()))?;
            let differs = !pgbr_core::diff::unchanged(&diffs);
            Ok(if differs { EXIT_LEFT_OUT } else { 0 })
        }
        Command::Simulate {
            design,
            primary,
            down,
        } => {
            let d = read_design(&design)?;
            let output = generate(&d);
            if output.has_errors() {
                print_diagnostics(&output.diagnostics);
                return Err((
                    EXIT_INVALID,
                    format!("{} has errors; fix them first", design.display()),
                ));
            }
            let find = |who: &str| {
                d.pooler
                    .iter()
                    .position(|p| p.name == who || p.host == who)
                    .ok_or((EXIT_USAGE, format!("no pooler is named or hosted '{who}'")))
            };
            let mut roles = vec![Role::Standby; d.pooler.len()];
            roles[find(&primary)?] = Role::Primary;
            for x in &down {
                roles[find(x)?] = Role::Down;
            }
            for fp in simulate::for_design(&d, &roles) {
                println!("{}\t{}", fp.path, fp.pick.describe(&d));
            }
            Ok(0)
        }
        Command::Link { design } => {
            let d = read_design(&design)?;
            println!("#{}", share::encode(&d));
            Ok(0)
        }
        Command::Example { name } => match name {
            None => {
                for e in pgbr_core::examples::EXAMPLES {
                    println!("{:32} {}", e.file, e.title);
                }
                Ok(0)
            }
            Some(n) => {
                let e = pgbr_core::examples::find(&n).ok_or((
                    EXIT_USAGE,
                    format!("no example named {n}; `pgbr example` lists them"),
                ))?;
                print!("{}", e.toml);
                Ok(0)
            }
        },
        Command::Options { target } => {
            let version = match target {
                None => pgbr_core::Version::NEWEST,
                Some(t) => pgbr_core::Version::parse(&t).map_err(|e| (EXIT_USAGE, e))?,
            };
            if !pgbr_core::Version::targets().any(|v| v == version) {
                return Err((
                    EXIT_USAGE,
                    format!(
                        "pgBackRest {version} is outside what the designer knows ({} to {})",
                        pgbr_core::Version::OLDEST,
                        pgbr_core::Version::NEWEST
                    ),
                ));
            }
            let mut lines: Vec<_> = pgbr_core::catalog::OPTIONS
                .iter()
                .filter(|o| o.public_at(version))
                .map(|o| format!("{}\t{}", o.name, o.section().as_str()))
                .collect();
            lines.sort();
            let mut out = std::io::stdout().lock();
            for l in lines {
                writeln!(out, "{l}").map_err(|e| (EXIT_IO, e.to_string()))?;
            }
            Ok(0)
        }
    }
}

/// Writes every file under `dir`; files are staged first so an I/O failure leaves no half set.
fn write_tree(dir: &Path, output: &pgbr_core::Output) -> Result<(), Failure> {
    for f in &output.files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| (EXIT_IO, format!("cannot create {}: {e}", parent.display())))?;
        }
        write_atomic(&path, f.text().as_bytes(), f.mode)?;
    }
    Ok(())
}

fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Failure> {
    let tmp = path.with_extension("pgbr-tmp");
    let io = |e: std::io::Error| (EXIT_IO, format!("cannot write {}: {e}", path.display()));
    {
        let mut f = fs::File::create(&tmp).map_err(io)?;
        f.write_all(bytes).map_err(io)?;
        set_mode(&f, mode).map_err(io)?;
    }
    fs::rename(&tmp, path).map_err(io)
}

#[cfg(unix)]
fn set_mode(f: &fs::File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &fs::File, _: u32) -> std::io::Result<()> {
    Ok(())
}
