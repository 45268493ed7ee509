//! Component tests in headless Chromium: mount the app, let Yew render (`flush`), assert the DOM.
//! `scripts/test.d/50-web.sh` runs them (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use pgbr_web::components::app::App;
use pgbr_web::{fatal, storage};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// The app mounted in a fresh element; dropped apps are destroyed so ids stay unique.
struct Mounted {
    handle: Option<AppHandle<App>>,
    root: Element,
}

impl Mounted {
    async fn new() -> Mounted {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let handle = yew::Renderer::<App>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        Mounted {
            handle: Some(handle),
            root,
        }
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().dyn_into().unwrap())
            .collect()
    }

    fn one(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
    }

    fn text(&self, selector: &str) -> String {
        self.one(selector).text_content().unwrap_or_default()
    }

    async fn type_into(&self, id: &str, value: &str) {
        let input: HtmlInputElement = self.one(&format!("#{id}")).dyn_into().unwrap();
        input.set_value(value);
        let event = web_sys::InputEvent::new("input").unwrap();
        input.dispatch_event(&event).unwrap();
        yew::scheduler::flush().await;
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

fn has_class(e: &Element, class: &str) -> bool {
    e.get_attribute("class")
        .unwrap_or_default()
        .split_whitespace()
        .any(|c| c == class)
}

fn fresh() {
    let s = local_storage();
    s.remove_item(storage::KEY).unwrap();
    s.remove_item(storage::ASIDE).unwrap();
}

#[wasm_bindgen_test]
async fn opens_on_the_example_with_one_column_per_pooler() {
    fresh();
    let app = Mounted::new().await;
    let paths: Vec<String> = app
        .all("article.file")
        .iter()
        .map(|e| e.get_attribute("data-path").unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "pooler-1/pgbackrest.conf",
            "pooler-2/pgbackrest.conf",
            "pooler-3/pgbackrest.conf"
        ]
    );
    assert_eq!(app.text("#summary-title"), "No problems found");
    // pg1 is this pooler's own replica, tinted with its colour and marked.
    let own = app.all("article.file[data-path='pooler-3/pgbackrest.conf'] .ln.own");
    assert!(!own.is_empty());
    assert!(own.iter().all(|e| has_class(e, "r2")));
    assert_eq!(app.all(".legend li").len(), 3);
}

#[wasm_bindgen_test]
async fn a_keystroke_in_a_host_updates_every_file_and_is_saved() {
    fresh();
    let app = Mounted::new().await;
    app.type_into("f-pooler-0-host", "alpha").await;
    assert!(app
        .text("article.file[data-path='pooler-2/pgbackrest.conf'] .code")
        .contains("pg2-host=alpha"));
    assert!(app
        .text("article.file[data-path='pooler-3/pgbackrest.conf'] .code")
        .contains("pg2-host=alpha"));
    let saved = local_storage().get_item(storage::KEY).unwrap().unwrap();
    assert_eq!(storage::decode(&saved).unwrap().0.pooler[0].host, "alpha");
}

#[wasm_bindgen_test]
async fn an_error_shows_beside_its_field_and_blocks_the_zip() {
    fresh();
    let app = Mounted::new().await;
    app.type_into("f-stanza", "global").await;
    assert!(app
        .text("#f-stanza-msg")
        .contains("'global' is pgBackRest's own section"));
    assert_eq!(
        app.one("#f-stanza")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(app.one("#download-zip").has_attribute("disabled"));
    assert!(app.text(".summary").contains("1 error"));
    // The last good files stay, marked outdated.
    assert_eq!(app.all("article.file").len(), 3);
    assert!(has_class(&app.one(".preview"), "stale"));
    app.type_into("f-stanza", "main").await;
    assert!(!app.one("#download-zip").has_attribute("disabled"));
    assert!(app
        .text("article.file[data-path='pooler-1/pgbackrest.conf'] .code")
        .contains("[main]"));
}

#[wasm_bindgen_test]
async fn a_number_field_says_when_its_text_is_left_out() {
    fresh();
    let app = Mounted::new().await;
    app.type_into("f-pooler-0-pg-port", "54x").await;
    assert!(app.text("#hosts").contains("'54x' is not a whole number"));
    assert!(!app
        .text("article.file[data-path='pooler-1/pgbackrest.conf'] .code")
        .contains("pg1-port"));
    app.type_into("f-pooler-0-pg-port", "5433").await;
    assert!(!app.text("#hosts").contains("not a whole number"));
    assert!(app
        .text("article.file[data-path='pooler-1/pgbackrest.conf'] .code")
        .contains("pg1-port=5433"));
}

#[wasm_bindgen_test]
async fn secrets_stay_out_of_storage_unless_kept() {
    fresh();
    let app = Mounted::new().await;
    app.type_into("f-repo-0-cipher-pass", "s3cret-pass").await;
    let saved = || local_storage().get_item(storage::KEY).unwrap().unwrap();
    assert!(!saved().contains("s3cret-pass"));
    let keep: web_sys::HtmlElement = app.one(".toolbar input[type=checkbox]").dyn_into().unwrap();
    keep.click();
    yew::scheduler::flush().await;
    assert!(saved().contains("s3cret-pass"));
}

#[wasm_bindgen_test]
async fn corrupt_saved_data_is_set_aside_and_reported() {
    fresh();
    local_storage().set_item(storage::KEY, "{broken").unwrap();
    let app = Mounted::new().await;
    assert!(app.text(".notice").contains("could not be read"));
    assert_eq!(app.all("article.file").len(), 3);
    assert_eq!(
        local_storage().get_item(storage::ASIDE).unwrap().as_deref(),
        Some("{broken")
    );
}

#[wasm_bindgen_test]
async fn adding_a_pooler_adds_a_column() {
    fresh();
    let app = Mounted::new().await;
    let add: web_sys::HtmlElement = app
        .all("#hosts button.add")
        .pop()
        .unwrap()
        .dyn_into()
        .unwrap();
    add.click();
    yew::scheduler::flush().await;
    assert_eq!(app.all("article.file").len(), 4);
    // Its column may be out of view (header only); the others list it at once.
    assert_eq!(
        app.text("article.file[data-path='pooler-4/pgbackrest.conf'] h3"),
        "pooler-4/pgbackrest.conf"
    );
    assert!(app
        .text("article.file[data-path='pooler-1/pgbackrest.conf'] .order")
        .contains("pg4 pooler-4"));
}

#[wasm_bindgen_test]
fn the_error_banner_offers_reload_and_reset() {
    fatal::show("panicked at 'test'").unwrap();
    let banner = document().get_element_by_id("fatal").unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner
        .text_content()
        .unwrap()
        .contains("panicked at 'test'"));
    let page = web_sys::window().unwrap().location().pathname().unwrap();
    let links = banner.query_selector_all("a").unwrap();
    let hrefs: Vec<String> = (0..links.length())
        .map(|i| {
            let a: Element = links.item(i).unwrap().dyn_into().unwrap();
            a.get_attribute("href").unwrap()
        })
        .collect();
    assert_eq!(hrefs, [page.clone(), format!("{page}?reset")]);
    banner.remove();
}

async fn choose(app: &Mounted, id: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = app.one(&format!("#{id}")).dyn_into().unwrap();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

fn click(app: &Mounted, selector: &str) {
    app.one(selector)
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

#[wasm_bindgen_test]
async fn the_simulator_follows_the_roles_and_the_design() {
    fresh();
    let app = Mounted::new().await;
    let picks = |app: &Mounted| -> Vec<String> {
        app.all("#simulator tbody td")
            .iter()
            .map(|e| e.text_content().unwrap_or_default())
            .collect()
    };
    assert_eq!(
        picks(&app),
        [
            "standby replica2 (pg2, pooler-2)",
            "standby replica2 (pg1, pooler-2)",
            "standby replica3 (pg1, pooler-3)"
        ]
    );
    choose(&app, "sim-role-1", "down").await;
    assert_eq!(picks(&app)[1], "standby replica3 (pg3, pooler-3)");
    app.type_into("f-pooler-2-host", "db-three").await;
    assert_eq!(picks(&app)[0], "standby db-three (pg3, pooler-3)");
    choose(&app, "sim-role-2", "down").await;
    assert!(picks(&app)[0].starts_with("ERROR: "), "{:?}", picks(&app));
    assert!(app.all("#simulator td.error").len() == 3);
}

#[wasm_bindgen_test]
async fn undo_and_redo_buttons_follow_the_history() {
    fresh();
    let app = Mounted::new().await;
    let disabled = |app: &Mounted, id: &str| app.one(id).has_attribute("disabled");
    assert!(disabled(&app, "#undo") && disabled(&app, "#redo"));
    app.type_into("f-pooler-0-host", "a").await;
    app.type_into("f-pooler-0-host", "ab").await;
    assert!(!disabled(&app, "#undo"));
    click(&app, "#undo");
    yew::scheduler::flush().await;
    let host: HtmlInputElement = app.one("#f-pooler-0-host").dyn_into().unwrap();
    assert_eq!(host.value(), "replica1", "typing in one field is one step");
    assert!(disabled(&app, "#undo") && !disabled(&app, "#redo"));
    click(&app, "#redo");
    yew::scheduler::flush().await;
    assert_eq!(host.value(), "ab");
}
