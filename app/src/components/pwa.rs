//! The installed app's notices on the judge's page: a new version to reload into, how to
//! install on this phone, and whether the browser keeps the scores' storage.

use crate::browser::pwa_actions as act;
use crate::i18n::{use_i18n, Msg};
use crate::state::pwa::{Install, PwaCtx};
use leptos::prelude::*;

/// Makes the installed app's signals and, in the browser, starts watching.
pub fn start_pwa() -> PwaCtx {
    let ctx = PwaCtx::new();
    Effect::new(move |_| act::watch(ctx));
    ctx
}

/// "A new version is ready": reloading hands the page to the new service worker; the
/// unsynced scores are in the device's storage, not in the worker, so they stay.
#[component]
pub fn UpdateBanner(ctx: PwaCtx) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || ctx.update_ready.get()>
            <div class="card notice update" data-testid="update-ready" role="status">
                <p>{move || i18n.t(Msg::UpdateReady)}</p>
                <button class="primary" data-testid="update-reload" on:click=move |_| act::apply_update()>
                    {move || i18n.t(Msg::UpdateReload)}
                </button>
            </div>
        </Show>
    }
}

/// How to install on this phone, until it is installed or the judge says "later".
#[component]
pub fn InstallCard(ctx: PwaCtx) -> impl IntoView {
    let i18n = use_i18n();
    let dismissed = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let install = move || ctx.install.get();
    let shown =
        move || !dismissed.get() && !matches!(install(), Install::Unknown | Install::Installed);
    let steps = move || {
        match install() {
        Install::Prompt => view! {
            <p>{i18n.t(Msg::InstallWhy)}</p>
            <button class="primary" data-testid="install-button" on:click=move |_| act::prompt_install(ctx)>
                {i18n.t(Msg::InstallButton)}
            </button>
        }
        .into_any(),
        Install::Ios => view! {
            <ol class="install-steps">
                <li>
                    {i18n.t(Msg::InstallIosCopy)}
                    <button class="primary" data-testid="copy-link" on:click=move |_| copied.set(act::copy_link())>
                        {move || i18n.t(if copied.get() { Msg::InstallCopied } else { Msg::InstallCopyLink })}
                    </button>
                </li>
                <li>{i18n.t(Msg::InstallIosStep1)}</li>
                <li>{i18n.t(Msg::InstallIosStep2)}</li>
                <li>{i18n.t(Msg::InstallIosStep3)}</li>
            </ol>
            <p class="warn">{i18n.t(Msg::InstallIosAdvice)}</p>
        }
        .into_any(),
        _ => view! {
            <p>{i18n.t(Msg::InstallWhy)}</p>
            <p>{i18n.t(Msg::InstallOther)}</p>
        }
        .into_any(),
    }
    };
    view! {
        <Show when=shown>
            <div class="card install" data-testid="install" data-install=move || install().key()>
                <h2>{move || i18n.t(Msg::InstallTitle)}</h2>
                {steps}
                <button class="link" on:click=move |_| dismissed.set(true)>{move || i18n.t(Msg::InstallLater)}</button>
            </div>
        </Show>
    }
}

/// Whether the browser keeps this site's storage, shown under the list once it has answered.
#[component]
pub fn StorageNote(ctx: PwaCtx) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        ctx.persisted.get().map(|kept| {
            // A quiet hint under the list, not a warning on every screen.
            let msg = if kept {
                Msg::StoragePersisted
            } else {
                Msg::StorageNotPersisted
            };
            view! {
                <p class="storage-note muted" data-testid="storage" data-persisted=kept.to_string()>{i18n.t(msg)}</p>
            }
        })
    }
}
