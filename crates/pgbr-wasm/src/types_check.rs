//! `types.d.ts` is written by hand, with documentation for JavaScript readers; this test keeps
//! it in step with the Rust types whose JSON the functions return. ts-rs derives each type's
//! TypeScript from its serde attributes (core's behind its `ts` feature, this crate's result
//! types under `cfg(test)`), and every declaration of `types.d.ts` that describes one of them
//! must say the same: the same keys, each optional or not alike, of the same type. A field added
//! to `Design` (or renamed, or retyped) without `types.d.ts` fails here, naming it.
//!
//! Both sides are read into one normal form, so spelling does not matter: `T[]` is
//! `Array<T>`, `Record<string, T>` is `{ [key in string]: T }`, union order is free, `bigint`
//! is `number` (results come through `JSON.parse`), an optional key may also say `| null`, and a
//! name that stands for a union (`OptValue`, `RepoType`) is compared by what it stands for.

use pgbr_core::fields::Description;
use std::any::TypeId;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use ts_rs::{Config, TypeVisitor, TS};

/// What the functions return, as ts-rs declares it (`type Name = ...;`): each result type and
/// every declared type it is made of, found by walking their fields.
fn derived() -> Vec<String> {
    struct Walk {
        cfg: Config,
        seen: HashSet<TypeId>,
        decls: Vec<String>,
    }
    impl TypeVisitor for Walk {
        fn visit<T: TS + 'static + ?Sized>(&mut self) {
            // Only derived types have a file of their own; `String`, `Vec<T>`, ... are inlined.
            if T::output_path().is_some() && self.seen.insert(TypeId::of::<T>()) {
                self.decls.push(T::decl(&self.cfg));
                T::visit_dependencies(self);
            }
        }
    }
    let mut walk = Walk {
        cfg: Config::default(),
        seen: HashSet::new(),
        decls: Vec::new(),
    };
    walk.visit::<crate::JsOutput<'static>>();
    walk.visit::<crate::JsExample>();
    walk.visit::<crate::JsVersion>();
    walk.visit::<Description>();
    walk.visit::<crate::JsOption>();
    walk.visit::<pgbr_core::ImportResult>();
    walk.visit::<crate::JsComparison>();
    walk.decls
}

/// Declarations of `types.d.ts` that no derived type describes, and why.
const BY_HAND: [(&str, &str); 5] = [
    ("DesignInput", "an argument: a Design or its text"),
    ("ConfFile", "an argument, read by convert.rs"),
    ("ConfInput", "an argument, read by convert.rs"),
    ("DesignError", "a thrown Error's extra property"),
    ("ZipError", "a thrown Error's extra property"),
];

#[test]
fn types_d_ts_says_what_the_rust_types_serialise() {
    let ours = declarations(include_str!("types.d.ts"));
    let theirs: BTreeMap<String, Ty> = derived().iter().flat_map(|d| declarations(d)).collect();
    let mut problems = Vec::new();
    for (name, derived) in &theirs {
        match ours.get(name) {
            None => problems.push(format!("{name}: not declared in types.d.ts")),
            Some(written) => compare(
                name,
                &expand(derived, &theirs),
                &expand(written, &ours),
                &mut problems,
            ),
        }
    }
    let by_hand: BTreeSet<&str> = BY_HAND.iter().map(|(n, _)| *n).collect();
    for name in ours.keys() {
        if !theirs.contains_key(name) && !by_hand.contains(name.as_str()) {
            problems.push(format!(
                "{name}: declared in types.d.ts but neither derived nor listed in BY_HAND"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "crates/pgbr-wasm/src/types.d.ts does not match the Rust types (ts-rs):\n  {}",
        problems.join("\n  ")
    );
}

/// A TypeScript type in normal form.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Ty {
    /// `string`, `number`, `boolean`, `null`, `undefined`.
    Prim(String),
    /// A string literal.
    Lit(String),
    /// Another declaration, by name.
    Ref(String),
    Array(Box<Ty>),
    Tuple(Vec<Ty>),
    /// Sorted, without duplicates, never one member.
    Union(Vec<Ty>),
    Object(Object),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Object {
    /// key -> (optional, type)
    fields: BTreeMap<String, (bool, Ty)>,
    /// `[key: string]: T`
    index: Option<Box<Ty>>,
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Prim(p) | Ty::Ref(p) => f.write_str(p),
            Ty::Lit(l) => write!(f, "{l:?}"),
            Ty::Array(t) => write!(f, "Array<{t}>"),
            Ty::Tuple(items) => write!(f, "[{}]", join(items, ", ")),
            Ty::Union(items) => f.write_str(&join(items, " | ")),
            Ty::Object(o) => {
                f.write_str("{ ")?;
                for (k, (optional, t)) in &o.fields {
                    write!(f, "{k:?}{}: {t}; ", if *optional { "?" } else { "" })?;
                }
                if let Some(t) = &o.index {
                    write!(f, "[key: string]: {t}; ")?;
                }
                f.write_str("}")
            }
        }
    }
}

fn join(items: &[Ty], sep: &str) -> String {
    items
        .iter()
        .map(Ty::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

fn field(optional: bool, t: &Ty) -> String {
    format!("{}: {t}", if optional { "?" } else { "" })
}

/// Differences between what Rust serialises (`derived`) and what `types.d.ts` says (`written`).
fn compare(at: &str, derived: &Ty, written: &Ty, problems: &mut Vec<String>) {
    match (derived, written) {
        (Ty::Object(d), Ty::Object(w)) => {
            for (key, (opt, t)) in &d.fields {
                match w.fields.get(key) {
                    None => problems.push(format!(
                        "{at}: Rust has \"{key}\"{}, types.d.ts lacks it",
                        field(*opt, t)
                    )),
                    Some((wopt, wt)) if (opt, t) != (wopt, wt) => problems.push(format!(
                        "{at}.{key}: Rust has \"{key}\"{}, types.d.ts says \"{key}\"{}",
                        field(*opt, t),
                        field(*wopt, wt)
                    )),
                    Some(_) => {}
                }
            }
            for (key, (opt, t)) in &w.fields {
                if !d.fields.contains_key(key) {
                    problems.push(format!(
                        "{at}: types.d.ts has \"{key}\"{}, Rust has no such key",
                        field(*opt, t)
                    ));
                }
            }
            if d.index != w.index {
                let show =
                    |i: &Option<Box<Ty>>| i.as_ref().map_or("none".into(), |t| t.to_string());
                problems.push(format!(
                    "{at}: other keys: Rust has {}, types.d.ts says {}",
                    show(&d.index),
                    show(&w.index)
                ));
            }
        }
        _ if derived != written => problems.push(format!(
            "{at}: Rust has {derived}, types.d.ts says {written}"
        )),
        _ => {}
    }
}

/// `t` with every name that stands for something other than an object replaced by it.
fn expand(t: &Ty, decls: &BTreeMap<String, Ty>) -> Ty {
    match t {
        Ty::Ref(name) => match decls.get(name) {
            Some(def) if !matches!(def, Ty::Object(_)) => expand(def, decls),
            _ => t.clone(),
        },
        Ty::Array(t) => Ty::Array(Box::new(expand(t, decls))),
        Ty::Tuple(items) => Ty::Tuple(items.iter().map(|t| expand(t, decls)).collect()),
        Ty::Union(items) => union(items.iter().map(|t| expand(t, decls)).collect()),
        Ty::Object(o) => Ty::Object(Object {
            fields: o
                .fields
                .iter()
                .map(|(k, (opt, t))| (k.clone(), (*opt, expand(t, decls))))
                .collect(),
            index: o.index.as_ref().map(|t| Box::new(expand(t, decls))),
        }),
        Ty::Prim(_) | Ty::Lit(_) => t.clone(),
    }
}

fn union(items: Vec<Ty>) -> Ty {
    let mut flat = BTreeSet::new();
    for t in items {
        match t {
            Ty::Union(inner) => flat.extend(inner),
            t => {
                flat.insert(t);
            }
        }
    }
    let mut flat: Vec<Ty> = flat.into_iter().collect();
    if flat.len() == 1 {
        flat.remove(0)
    } else {
        Ty::Union(flat)
    }
}

/// `t` without `null` and `undefined`: what an optional key holds when present.
fn present(t: Ty) -> Ty {
    let absent = |t: &Ty| matches!(t, Ty::Prim(p) if p == "null" || p == "undefined");
    match t {
        Ty::Union(items) => union(items.into_iter().filter(|t| !absent(t)).collect()),
        t => t,
    }
}

/// Every `export interface` / `export type` (or ts-rs's `type X = ...;`) of a declaration file.
fn declarations(text: &str) -> BTreeMap<String, Ty> {
    let mut p = Parser {
        tokens: tokens(text),
        at: 0,
    };
    let mut out = BTreeMap::new();
    while p.peek().is_some() {
        p.eat("export");
        if p.eat("interface") {
            let name = p.ident();
            if p.eat("extends") {
                p.ident();
            }
            p.expect("{");
            out.insert(name, p.object());
        } else {
            p.expect("type");
            let name = p.ident();
            p.expect("=");
            let t = p.ty();
            p.expect(";");
            out.insert(name, t);
        }
    }
    out
}

/// Words, string literals and punctuation, comments left out.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else if let Some(r) = rest.strip_prefix("//") {
            rest = r.find('\n').map_or("", |i| &r[i..]);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.find("*/").map_or("", |i| &r[i + 2..]);
        } else if c == '"' {
            let end = rest[1..].find('"').expect("a closed string") + 2;
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
                .unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        } else {
            out.push(c.to_string());
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

struct Parser {
    tokens: Vec<String>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }
    fn next(&mut self) -> String {
        let t = self
            .tokens
            .get(self.at)
            .cloned()
            .expect("more declarations");
        self.at += 1;
        t
    }
    fn eat(&mut self, token: &str) -> bool {
        let found = self.peek() == Some(token);
        if found {
            self.at += 1;
        }
        found
    }
    fn expect(&mut self, token: &str) {
        let got = self.next();
        assert_eq!(got, token, "declaration syntax, near token {}", self.at);
    }
    fn ident(&mut self) -> String {
        self.next()
    }

    fn ty(&mut self) -> Ty {
        self.eat("|");
        let mut items = vec![self.intersection()];
        while self.eat("|") {
            items.push(self.intersection());
        }
        union(items)
    }

    fn intersection(&mut self) -> Ty {
        let mut t = self.postfix();
        while self.eat("&") {
            let (Ty::Object(mut a), Ty::Object(b)) = (t, self.postfix()) else {
                panic!("an intersection of objects only");
            };
            a.fields.extend(b.fields);
            a.index = a.index.or(b.index);
            t = Ty::Object(a);
        }
        t
    }

    fn postfix(&mut self) -> Ty {
        let mut t = self.primary();
        while self.peek() == Some("[")
            && self.tokens.get(self.at + 1).map(String::as_str) == Some("]")
        {
            self.at += 2;
            t = Ty::Array(Box::new(t));
        }
        t
    }

    fn primary(&mut self) -> Ty {
        let token = self.next();
        match token.as_str() {
            "(" => {
                let t = self.ty();
                self.expect(")");
                t
            }
            "{" => self.object(),
            "[" => {
                let mut items = vec![self.ty()];
                while self.eat(",") {
                    items.push(self.ty());
                }
                self.expect("]");
                Ty::Tuple(items)
            }
            "string" | "number" | "boolean" | "null" | "undefined" => Ty::Prim(token),
            "bigint" => Ty::Prim("number".into()),
            _ if token.starts_with('"') => Ty::Lit(token.trim_matches('"').to_string()),
            "Array" => {
                self.expect("<");
                let t = self.ty();
                self.expect(">");
                Ty::Array(Box::new(t))
            }
            "Record" => {
                self.expect("<");
                self.expect("string");
                self.expect(",");
                let t = self.ty();
                self.expect(">");
                Ty::Object(Object {
                    fields: BTreeMap::new(),
                    index: Some(Box::new(present(t))),
                })
            }
            _ => Ty::Ref(token),
        }
    }

    /// The members of `{ ... }`, its `{` read.
    fn object(&mut self) -> Ty {
        let mut o = Object::default();
        while !self.eat("}") {
            if self.eat("[") {
                // `[option: string]` or ts-rs's `[key in string]`
                self.ident();
                if !self.eat(":") {
                    self.expect("in");
                }
                self.expect("string");
                self.expect("]");
                self.eat("?");
                self.expect(":");
                o.index = Some(Box::new(present(self.ty())));
            } else {
                let key = self.next().trim_matches('"').to_string();
                let optional = self.eat("?");
                self.expect(":");
                let t = self.ty();
                let t = if optional { present(t) } else { t };
                o.fields.insert(key, (optional, t));
            }
            if !self.eat(",") {
                self.eat(";");
            }
        }
        Ty::Object(o)
    }
}

#[test]
fn the_check_reads_both_spellings_alike_and_names_each_difference() {
    let derived = declarations(
        r#"type A = { a: Array<string>, "b-c"?: bigint | null, m: { [key in string]: B }, gone: string, };
        type B = "x" | "y";"#,
    );
    let written = declarations(
        r#"export type B = "y" | "x";
        /** docs */
        export interface A { a: string[]; "b-c"?: number; m: Record<string, B>; extra?: boolean }"#,
    );
    let mut problems = Vec::new();
    compare(
        "A",
        &expand(&derived["A"], &derived),
        &expand(&written["A"], &written),
        &mut problems,
    );
    assert_eq!(
        problems,
        [
            r#"A: Rust has "gone": string, types.d.ts lacks it"#,
            r#"A: types.d.ts has "extra"?: boolean, Rust has no such key"#,
        ]
    );
    let mut problems = Vec::new();
    let retyped = declarations(r#"type A = { a: Array<number>, "b-c": number };"#);
    compare("A", &retyped["A"], &written["A"], &mut problems);
    assert_eq!(
        problems,
        [
            r#"A.a: Rust has "a": Array<number>, types.d.ts says "a": Array<string>"#,
            r#"A.b-c: Rust has "b-c": number, types.d.ts says "b-c"?: number"#,
            r#"A: types.d.ts has "extra"?: boolean, Rust has no such key"#,
            r#"A: types.d.ts has "m": { [key: string]: B; }, Rust has no such key"#,
        ]
    );
}
