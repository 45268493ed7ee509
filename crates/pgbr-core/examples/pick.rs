//! Which replica a backup run with one generated file copies from, as the core predicts it.
//!
//! Used by the real-server acceptance test (tests/acceptance/run.sh) as its expectation:
//! the file's pg order comes from `generate` (the same output `pgbr generate` writes) and the
//! choice from `simulate::pick`, so the test checks pgBackRest against the core's own answer.
//!
//! Usage: cargo run -p pgbr-core --example pick -- DESIGN.toml FOLDER ROLE...
//!   FOLDER  the generated file's folder (`pooler-2`, or the repository host's host)
//!   ROLE    primary | standby | down, one per pooler in the design's order
//! Prints `standby <pooler-name> pg<N>`, `primary <pooler-name> pg<N>` or `error <message>`.

use pgbr_core::simulate::{pick, Pick, Role, Standby};
use pgbr_core::{generate, Design};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("pick: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<String, String> {
    let [design_path, folder, roles @ ..] = args.as_slice() else {
        return Err("usage: pick DESIGN.toml FOLDER ROLE...".into());
    };
    let text = std::fs::read_to_string(design_path).map_err(|e| format!("{design_path}: {e}"))?;
    let design = Design::from_named(design_path, &text).map_err(|e| e.to_string())?;
    if roles.len() != design.pooler.len() {
        return Err(format!(
            "{} roles for {} poolers",
            roles.len(),
            design.pooler.len()
        ));
    }
    let roles = roles
        .iter()
        .map(|r| match r.as_str() {
            "primary" => Ok(Role::Primary),
            "standby" => Ok(Role::Standby),
            "down" => Ok(Role::Down),
            other => Err(format!("unknown role '{other}'")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let output = generate(&design);
    if output.has_errors() {
        return Err(format!("the design has errors: {:?}", output.diagnostics));
    }
    let path = format!("{folder}/pgbackrest.conf");
    let file = output
        .files
        .iter()
        .find(|f| f.path == path)
        .ok_or_else(|| format!("no generated file {path}"))?;
    let order: Vec<usize> = file.pg_order.iter().map(|&(_, pooler)| pooler).collect();
    let standby = Standby::from_option(
        design
            .global
            .get("backup-standby")
            .and_then(|v| v.single())
            .as_deref(),
    );
    let name = |i: usize| design.pooler[i].name.clone();
    Ok(match pick(&order, &roles, standby) {
        Pick::Standby { pooler, pg } => format!("standby {} pg{pg}", name(pooler)),
        Pick::Primary { pooler, pg, .. } => format!("primary {} pg{pg}", name(pooler)),
        Pick::Error { message } => format!("error {message}"),
    })
}
