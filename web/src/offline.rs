//! Working without the network. Served over http(s), the page registers `./sw.js`, the service
//! worker that keeps this build's files (one versioned set) so the designer opens offline after
//! one visit; a newer build is installed beside it and offered, never swapped in: the page reloads
//! into it only when the user says so. `pgbr-designer.html`, the whole designer in one file, needs
//! none of this and registers nothing.

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

/// The message `sw.js` answers by activating itself (`skipWaiting`).
const SKIP_WAITING: &str = "skip-waiting";

/// True in `pgbr-designer.html`, the single-file designer (its `<html data-single-file>`).
pub fn is_single_file() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .is_some_and(|e| e.has_attribute("data-single-file"))
}

/// A newer build, installed and waiting for the user's go-ahead.
#[derive(Clone, PartialEq)]
pub struct Update {
    worker: ServiceWorker,
}

impl Update {
    /// Switches to the newer build and reloads the page into it, once its worker is in control.
    /// The design is saved on every change, so the reloaded page opens it.
    pub fn apply(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if self.worker.state() == ServiceWorkerState::Activated {
            // Another tab switched already.
            let _ = window.location().reload();
            return;
        }
        let container = window.navigator().service_worker();
        EventListener::once(&container, "controllerchange", move |_| {
            let _ = window.location().reload();
        })
        .forget();
        let _ = self.worker.post_message(&JsValue::from_str(SKIP_WAITING));
    }
}

/// The service worker container, when the page can have a service worker: served over http(s)
/// in a secure context (https, or http on localhost), and not the single file.
fn container() -> Option<ServiceWorkerContainer> {
    let window = web_sys::window()?;
    let navigator = window.navigator();
    let has = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    (has && !is_single_file()).then(|| navigator.service_worker())
}

/// Registers `./sw.js` and calls `offer` whenever a newer build is waiting. Nothing happens where
/// the page cannot have a service worker, or when the site has none (an old copy of `dist/`).
pub fn register(offer: impl Fn(Update) + Clone + 'static) {
    let Some(container) = container() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(reg) = JsFuture::from(container.register("./sw.js")).await else {
            return;
        };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        let follow = move |worker: ServiceWorker| watch(&container, worker, offer.clone());
        // A newer build may be waiting already, or installing since this page's navigation.
        if let Some(worker) = reg.waiting().or_else(|| reg.installing()) {
            follow(worker);
        }
        EventListener::new(&reg.clone(), "updatefound", move |_| {
            if let Some(worker) = reg.installing() {
                follow(worker);
            }
        })
        .forget();
    });
}

/// Offers `worker` once it is installed, to a page that some build already controls (on a first
/// visit the worker that installs is this page's own build, nothing to offer).
fn watch(
    container: &ServiceWorkerContainer,
    worker: ServiceWorker,
    offer: impl Fn(Update) + 'static,
) {
    let container = container.clone();
    let ready = move |worker: &ServiceWorker| {
        worker.state() == ServiceWorkerState::Installed && container.controller().is_some()
    };
    if ready(&worker) {
        offer(Update { worker });
        return;
    }
    EventListener::new(&worker.clone(), "statechange", move |_| {
        if ready(&worker) {
            offer(Update {
                worker: worker.clone(),
            });
        }
    })
    .forget();
}
