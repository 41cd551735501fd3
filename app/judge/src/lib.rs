//! The judge's browser bundle (`scripts/build-site.mjs` builds it): the same entry point as
//! the app's, over `app` with the judge's page alone.

/// Called by the page's loader script once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    app::start();
}
