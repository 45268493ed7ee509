//! Reads a type from a `serde_json::Value` and, when a value does not fit, says where:
//! `pooler[1].pg-port`, `pooler[1]` for a missing field, `pooler[1].hots` for an unknown one.
//!
//! Every design is read through one `Value` ([`crate::model::Design::from_value`]), so this
//! deserializer takes the place of serde_json's own `Value` deserializer rather than wrapping
//! it. It records the path only on the way out of an error: map and sequence access add their
//! key or index to the error that passes through them. Measured against `serde_path_to_error`,
//! which wraps every visitor of every type it reads: the designer's wasm after `wasm-opt -Oz`
//! went from 1 010 981 to 1 005 142 bytes (444 667 to 441 389 gzip), for the same paths and
//! messages (`pgbr check` printed the same on 3 000 damaged designs and the fuzz corpus).

use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::{Map, Value};
use std::fmt;

/// What did not fit, and where: `path` is empty for the document itself.
///
/// Boxed, as serde_json's is: every `Result` the reading code passes around stays small, which
/// is most of this module's weight in a wasm build.
#[derive(Debug)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    /// Innermost step first; [`Error::path`] prints them outermost first.
    steps: Vec<Step>,
    message: String,
}

#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

impl Error {
    /// `pooler[1].pg-port`, or empty when the document itself is wrong.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for step in self.0.steps.iter().rev() {
            match step {
                Step::Key(k) if out.is_empty() => out.push_str(k),
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// serde's own message (`invalid type: string "five", expected i64`).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    fn at(mut self, step: Step) -> Error {
        self.0.steps.push(step);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path() {
            p if p.is_empty() => f.write_str(self.message()),
            p => write!(f, "{p}: {}", self.message()),
        }
    }
}

impl std::error::Error for Error {}

/// Messages are serde_json's own: it names `null` and prints floats its way.
impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(Box::new(Inner {
            steps: Vec::new(),
            message: msg.to_string(),
        }))
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Error {
        Error::custom(<serde_json::Error as de::Error>::invalid_type(unexp, exp))
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Error {
        Error::custom(<serde_json::Error as de::Error>::invalid_value(unexp, exp))
    }
}

/// Reads a `T` from `value`; the error names the key or index where it went wrong.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(Doc(value))
}

/// One value of the document.
struct Doc(Value);

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (_, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

impl<'de> de::Deserializer<'de> for Doc {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (_, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => {
                let len = items.len();
                let mut seq = Items {
                    items: items.into_iter(),
                    index: 0,
                };
                let out = visitor.visit_seq(&mut seq)?;
                match seq.items.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements in array")),
                }
            }
            Value::Object(map) => {
                let len = map.len();
                let mut entries = Entries {
                    entries: map.into_iter(),
                    pending: None,
                };
                let out = visitor.visit_map(&mut entries)?;
                match entries.entries.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements in map")),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// A variant is a string (`"ssh"`) or a table of one key (`{ ssh = ... }`), as serde_json
    /// reads them.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (variant, value) = match self.0 {
            Value::String(s) => (s, None),
            Value::Object(map) if map.len() == 1 => {
                let (k, v) = map.into_iter().next().expect("one entry");
                (k, Some(v))
            }
            Value::Object(_) => {
                return Err(de::Error::invalid_value(
                    Unexpected::Map,
                    &"map with a single key",
                ))
            }
            other => {
                return Err(de::Error::invalid_type(
                    unexpected(&other),
                    &"string or map",
                ))
            }
        };
        visitor.visit_enum(Variant { variant, value })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// An enum's variant name and what it holds.
struct Variant {
    variant: String,
    value: Option<Value>,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), Error> {
        let name = seed.deserialize(self.variant.as_str().into_deserializer())?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.value {
            None => Ok(()),
            Some(v) => <()>::deserialize(Doc(v)).map_err(|e| e.at(Step::Key(self.variant))),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        let (key, doc) = self.held("newtype variant")?;
        seed.deserialize(doc).map_err(|e| e.at(key))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let (key, doc) = self.held("tuple variant")?;
        de::Deserializer::deserialize_seq(doc, visitor).map_err(|e| e.at(key))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (key, doc) = self.held("struct variant")?;
        de::Deserializer::deserialize_map(doc, visitor).map_err(|e| e.at(key))
    }
}

impl Variant {
    /// What a variant that carries a value holds, and the step an error inside it is at (the
    /// variant's name, as the table spells it); a bare name holds nothing.
    fn held(self, what: &'static str) -> Result<(Step, Doc), Error> {
        match self.value {
            Some(v) => Ok((Step::Key(self.variant), Doc(v))),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &what)),
        }
    }
}

/// A sequence's items; an error inside one gains its index.
struct Items {
    items: std::vec::IntoIter<Value>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(Doc(item))
            .map(Some)
            .map_err(|e| e.at(Step::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A table's entries; an error in a key (an unknown field) or in its value gains the key.
struct Entries {
    entries: <Map<String, Value> as IntoIterator>::IntoIter,
    pending: Option<(String, Value)>,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        match seed.deserialize(key.as_str().into_deserializer()) {
            Ok(k) => {
                self.pending = Some((key, value));
                Ok(Some(k))
            }
            Err(e) => Err(Error::at(e, Step::Key(key))),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let (key, value) = self
            .pending
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its key"))?;
        seed.deserialize(Doc(value))
            .map_err(|e| e.at(Step::Key(key)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Inner {
        host: String,
        port: Option<i64>,
        #[serde(default)]
        kind: Kind,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        #[default]
        Tls,
        Ssh,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        name: String,
        inner: Vec<Inner>,
    }

    fn error(v: Value) -> String {
        from_value::<Outer>(v).unwrap_err().to_string()
    }

    #[test]
    fn reads_what_fits() {
        let o: Outer = from_value(json!({"name": "a", "inner": [
            {"host": "h", "port": null}, {"host": "i", "port": 5, "kind": "ssh"}]}))
        .unwrap();
        assert_eq!(o.inner[1].port, Some(5));
        assert_eq!(o.inner[1].kind, Kind::Ssh);
        assert_eq!(o.inner[0].port, None);
    }

    #[test]
    fn errors_name_where() {
        assert_eq!(
            error(json!({"name": "a", "inner": [{"host": "h"}, {"host": "i", "port": "five"}]})),
            "inner[1].port: invalid type: string \"five\", expected i64"
        );
        assert_eq!(
            error(json!({"name": "a", "inner": [{"host": "h"}, {"port": 1}]})),
            "inner[1]: missing field `host`"
        );
        assert_eq!(
            error(json!({"name": "a", "inner": [{"host": "h", "hots": 1}]})),
            "inner[0].hots: unknown field `hots`, expected one of `host`, `port`, `kind`"
        );
        assert_eq!(
            error(json!({"name": "a", "inner": [{"host": "h", "kind": "tcp"}]})),
            "inner[0].kind: unknown variant `tcp`, expected `tls` or `ssh`"
        );
        assert_eq!(
            error(json!({"name": "a", "inner": [{"host": "h", "kind": 3}]})),
            "inner[0].kind: invalid type: integer `3`, expected string or map"
        );
        assert_eq!(error(json!({"inner": []})), "missing field `name`");
        // A variant written as a table names itself, as serde_path_to_error did.
        assert_eq!(
            error(json!({"name": "a", "inner": [{"host": "h", "kind": {"ssh": 1}}]})),
            "inner[0].kind.ssh: invalid type: integer `1`, expected unit"
        );
        assert_eq!(
            error(json!({"name": "a", "inner": "many"})),
            "inner: invalid type: string \"many\", expected a sequence"
        );
    }
}
