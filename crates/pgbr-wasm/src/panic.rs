//! A panic is a bug; say so readably in the console instead of a bare `unreachable` trap.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Installs the hook once; every exported function calls this first (a `start` function
/// would show up in the package's API).
pub(crate) fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error(&format!(
                "pgbr-designer: internal error (a bug; please report it with the design that caused it): {info}"
            ));
        }));
    });
}
