//! The app's browser bundle (`scripts/build-site.mjs` builds it): only its entry point lives
//! here, so this crate and the judge's are the only wasm modules, and `app` stays a library.

/// Called by the page's loader script once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    app::start();
}
