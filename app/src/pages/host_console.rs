//! The host's console once signed in: the run of show with its controls and countdown,
//! the reveal (forced only when confirmed), a private preview, live progress of every
//! judge and device, and the late scores.

use crate::backend::screen_event;
use crate::browser::api_call;
use crate::components::stage::{phase_msg, Breakdown, Countdown};
use crate::domain::wire::PublicResult;
use crate::i18n::{use_i18n, Msg};
use crate::live::LiveCtx;
use leptos::prelude::*;
use serde_json::{json, Value};

/// How often the console refreshes the progress grid and the late list.
const REFRESH: std::time::Duration = std::time::Duration::from_secs(3);

#[component]
pub fn HostConsole(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let token = StoredValue::new(token);
    let event = Resource::new(|| (), |_| screen_event());
    view! {
        <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(Some(e)) => view! { <Console event=e.id token=token/> }.into_any(),
                    Ok(None) => view! { <p class="muted">{move || i18n.t(Msg::ScreenNoEvent)}</p> }.into_any(),
                    Err(_) => view! { <p class="error">{move || i18n.t(Msg::LoadFailed)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Preview {
    presenter: String,
    result: PublicResult,
}

#[component]
fn Console(event: String, token: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let live = LiveCtx::new();
    let ev = StoredValue::new(event.clone());
    Effect::new(move |_| live.follow(ev.get_value()));
    let problem = RwSignal::new(None::<String>);
    let force_offer = RwSignal::new(None::<String>);
    let grid = RwSignal::new(None::<Value>);
    let late = RwSignal::new(None::<Value>);
    let preview = RwSignal::new(None::<Preview>);
    let busy = RwSignal::new(false);

    let refresh = move || {
        leptos::task::spawn_local(async move {
            let base = format!("/api/v1/events/{}", ev.get_value());
            if let Ok((200, text)) =
                api_call("GET", &format!("{base}/progress"), &token.get_value(), None).await
            {
                grid.set(serde_json::from_str(&text).ok());
            }
            if let Ok((200, text)) =
                api_call("GET", &format!("{base}/late"), &token.get_value(), None).await
            {
                late.set(serde_json::from_str(&text).ok());
            }
        });
    };
    Effect::new(move |_| {
        // Refresh whenever the stage changes, and every few seconds.
        live.show.track();
        refresh();
    });
    Effect::new(move |started: Option<bool>| {
        if started.is_none() {
            let _ = set_interval_with_handle(refresh, REFRESH);
        }
        true
    });

    let send = move |path: String, body: Value, on_conflict: Option<fn(&Value) -> bool>| {
        busy.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            let url = format!("/api/v1/events/{}{path}", ev.get_value());
            match api_call("POST", &url, &token.get_value(), Some(body.to_string())).await {
                Ok((200, _)) => {
                    force_offer.set(None);
                    preview.set(None);
                }
                Ok((_, text)) => {
                    let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                    let handled = on_conflict.is_some_and(|f| f(&body));
                    let message = body["error"]["message"]
                        .as_str()
                        .unwrap_or(&text)
                        .to_string();
                    if handled {
                        force_offer.set(Some(message));
                    } else {
                        problem.set(Some(message));
                    }
                }
                Err(()) => problem.set(Some(i18n.t(Msg::HostOffline).to_string())),
            }
            busy.set(false);
            refresh();
        });
    };
    let act = move |action: &'static str| send("/show".into(), json!({ "action": action }), None);
    let current = move || {
        live.show
            .with(|s| s.as_ref().and_then(|s| s.current.clone()))
    };
    let phase = move || {
        live.show
            .with(|s| s.as_ref().map(|s| s.phase.clone()).unwrap_or_default())
    };
    let started = move || live.show.with(|s| s.as_ref().is_some_and(|s| s.started));
    let can_undo = move || live.show.with(|s| s.as_ref().is_some_and(|s| s.can_undo));
    let reveal = move |force: bool| {
        if let Some(p) = current() {
            let quorum = |b: &Value| b["error"]["code"] == "quorum_not_met";
            send(
                format!("/presenters/{}/reveal", p.id),
                json!({ "force": force }),
                Some(quorum),
            );
        }
    };
    let show_preview = move |_| {
        let Some(p) = current() else { return };
        leptos::task::spawn_local(async move {
            let url = format!(
                "/api/v1/events/{}/presenters/{}/preview",
                ev.get_value(),
                p.id
            );
            if let Ok((200, text)) = api_call("GET", &url, &token.get_value(), None).await {
                let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                if let Ok(result) = serde_json::from_value(body["breakdown"].clone()) {
                    preview.set(Some(Preview {
                        presenter: p.id.clone(),
                        result,
                    }));
                }
            }
        });
    };
    let reorder = move |index: usize, up: bool| {
        let Some(mut order) = live.show.with_untracked(|s| {
            s.as_ref()
                .map(|s| s.order.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
        }) else {
            return;
        };
        let other = if up {
            index.checked_sub(1)
        } else {
            Some(index + 1).filter(|i| *i < order.len())
        };
        if let Some(other) = other {
            order.swap(index, other);
            send(
                "/show".into(),
                json!({ "action": "reorder", "order": order }),
                None,
            );
        }
    };
    let on_amend = Callback::new(
        move |(op_id, presenter, reason): (String, String, String)| {
            send(
                format!("/presenters/{presenter}/amend"),
                json!({ "reason": reason, "include_late": [op_id] }),
                None,
            );
        },
    );
    let quorum_line = move || {
        live.show.with(|s| {
            let pr = s.as_ref()?.progress.clone()?;
            Some((
                pr.quorum.met,
                format!(
                    "{} / {} · {}",
                    pr.submitted, pr.eligible, pr.quorum.min_sheets
                ),
            ))
        })
    };

    view! {
        <div class="console" data-testid="console" data-phase=phase>
            <section class="card run">
                <h2>{move || i18n.t(Msg::RunOfShow)}</h2>
                {move || match current() {
                    None => view! { <p class="muted">{i18n.t(Msg::PhaseNotStarted)}</p> }.into_any(),
                    Some(p) => view! {
                        <p class="now"><span class="badge revealed">{move || i18n.t(phase_msg(&phase()))}</span>" "
                            <strong data-testid="current-presenter">{p.unit.clone()}</strong>" "<span class="muted">{p.name.clone()}</span></p>
                    }.into_any(),
                }}
                <Countdown live=live/>
                {move || quorum_line().map(|(met, line)| view! {
                    <p class=if met { "quorum ok" } else { "quorum short" } data-testid="quorum">
                        {i18n.t(if met { Msg::QuorumOk } else { Msg::QuorumShort })}" · "{line}
                    </p>
                })}
                <div class="controls">
                    {move || {
                        let ph = phase();
                        let mut buttons: Vec<(&'static str, Msg)> = Vec::new();
                        if !started() {
                            buttons.push(("start_report", Msg::StartFirst));
                        } else {
                            match ph.as_str() {
                                "waiting" => buttons.push(("start_report", Msg::StartReport)),
                                "report" => {
                                    buttons.push(("start_defence", Msg::StartDefence));
                                    buttons.push(("open_scoring", Msg::OpenScoring));
                                }
                                "defence" => buttons.push(("open_scoring", Msg::OpenScoring)),
                                _ => {}
                            }
                        }
                        buttons.into_iter().map(|(action, msg)| view! {
                            <button class="primary" data-action=action disabled=move || busy.get()
                                on:click=move |_| act(action)>{i18n.t(msg)}</button>
                        }).collect_view()
                    }}
                    <Show when=move || started() && !matches!(phase().as_str(), "waiting" | "revealed")>
                        <button class="primary reveal" data-action="reveal" disabled=move || busy.get()
                            on:click=move |_| reveal(false)>{move || i18n.t(Msg::Reveal)}</button>
                        <button data-action="preview" on:click=show_preview>{move || i18n.t(Msg::Preview)}</button>
                    </Show>
                    <Show when=started>
                        <button data-action="next" disabled=move || busy.get() on:click=move |_| act("next")>
                            {move || i18n.t(Msg::NextPresenter)}
                        </button>
                    </Show>
                    <Show when=can_undo>
                        <button data-action="undo" disabled=move || busy.get() on:click=move |_| act("undo")>
                            {move || i18n.t(Msg::Undo)}
                        </button>
                    </Show>
                </div>
                {move || force_offer.get().map(|m| view! {
                    <div class="card force" data-testid="force-offer">
                        <p class="error">{i18n.t(Msg::QuorumRefused)}" "{m}</p>
                        <button class="primary" data-action="force-reveal" on:click=move |_| reveal(true)>
                            {i18n.t(Msg::ForceReveal)}
                        </button>
                    </div>
                })}
                {move || problem.get().map(|m| view! {
                    <p class="error" role="alert" data-testid="console-error">{i18n.t(Msg::ActionFailed)}" "{m}</p>
                })}
                {move || preview.get().filter(|p| current().is_some_and(|c| c.id == p.presenter)).map(|p| view! {
                    <div class="card preview" data-testid="preview"><Breakdown result=p.result/></div>
                })}
                <ol class="run-order" data-testid="run-order">
                    {move || live.show.with(|s| s.as_ref().map(|s| s.order.clone()).unwrap_or_default())
                        .into_iter().enumerate().map(|(i, p)| {
                            let is_current = current().is_some_and(|c| c.id == p.id);
                            view! {
                                <li class:current=is_current class:revealed=p.revealed data-presenter=p.id.clone()>
                                    <span class="order-no">{i + 1}</span>
                                    <span class="order-name">{p.unit.clone()}</span>
                                    <Show when=move || !started()>
                                        <button class="small" aria-label=move || i18n.t(Msg::MoveUp)
                                            on:click=move |_| reorder(i, true)>"↑"</button>
                                        <button class="small" aria-label=move || i18n.t(Msg::MoveDown)
                                            on:click=move |_| reorder(i, false)>"↓"</button>
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                </ol>
                <p><a href="/host/links" data-testid="links-page">{move || i18n.t(Msg::OpenLinks)}</a></p>
            </section>
            <ProgressGrid grid=grid/>
            <LateList late=late on_amend=on_amend/>
        </div>
    }
}

fn cell_mark(state: &str) -> &'static str {
    match state {
        "submitted" => "✓",
        "in_progress" => "…",
        "recused" => "—",
        _ => "·",
    }
}

#[component]
fn ProgressGrid(grid: RwSignal<Option<Value>>) -> impl IntoView {
    let i18n = use_i18n();
    let local = |iso: &str| crate::browser::judge_actions::local_time(iso);
    view! {
        <section class="card progress-grid">
            <h2>{move || i18n.t(Msg::ProgressTitle)}</h2>
            {move || grid.get().map(|g| {
                let presenters: Vec<Value> = g["presenters"].as_array().cloned().unwrap_or_default();
                let judges: Vec<Value> = g["judges"].as_array().cloned().unwrap_or_default();
                let devices: Vec<Value> = g["devices"].as_array().cloned().unwrap_or_default();
                view! {
                    <div class="table-wrap">
                        <table data-testid="progress-grid">
                            <thead><tr><th></th>{presenters.iter().enumerate().map(|(i, p)| view! {
                                <th title=p["name"].as_str().unwrap_or_default().to_string()>{i + 1}</th>
                            }).collect_view()}</tr></thead>
                            <tbody>{judges.into_iter().map(|j| {
                                let cells: Vec<(String, String, String)> = presenters.iter().map(|p| {
                                    let id = p["id"].as_str().unwrap_or_default();
                                    let cell = &j["cells"][id];
                                    let state = cell["state"].as_str().unwrap_or("empty").to_string();
                                    let when = cell["synced_at"].as_str().map(local).unwrap_or_default();
                                    (id.to_string(), state, when)
                                }).collect();
                                view! {
                                    <tr data-judge=j["id"].as_str().unwrap_or_default().to_string()>
                                        <th>{j["name"].as_str().unwrap_or_default().to_string()}
                                            <small class="muted">" "{j["group_name"].as_str().unwrap_or_default().to_string()}</small></th>
                                        {cells.into_iter().map(|(id, state, when)| view! {
                                            <td class=format!("cell {state}") data-presenter=id data-state=state.clone() title=when>
                                                {cell_mark(&state)}
                                            </td>
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                    <h3>{i18n.t(Msg::DevicesTitle)}</h3>
                    <table class="devices" data-testid="devices">
                        <thead><tr><th>{i18n.t(Msg::LateJudge)}</th><th>{i18n.t(Msg::DeviceLastSeen)}</th><th>{i18n.t(Msg::DevicePending)}</th></tr></thead>
                        <tbody>{devices.into_iter().map(|d| view! {
                            <tr>
                                <td>{d["judge"].as_str().unwrap_or_default().to_string()}" "
                                    <small class="muted">{d["device"].as_str().unwrap_or_default().chars().take(8).collect::<String>()}</small></td>
                                <td>{d["last_seen"].as_str().map(local).unwrap_or_default()}</td>
                                <td>{d["pending"].as_u64().map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                }
            })}
        </section>
    }
}

#[component]
fn LateList(
    late: RwSignal<Option<Value>>,
    on_amend: Callback<(String, String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Reasons being typed, by late op, so a refresh of the list keeps them.
    let reasons = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    view! {
        <section class="card late" data-testid="late">
            <h2>{move || i18n.t(Msg::LateTitle)}</h2>
            {move || {
                let rows: Vec<Value> = late.get().and_then(|l| l["late"].as_array().cloned()).unwrap_or_default();
                if rows.is_empty() {
                    return view! { <p class="muted">{i18n.t(Msg::LateNone)}</p> }.into_any();
                }
                view! {
                    <table>
                        <thead><tr><th>{i18n.t(Msg::LateJudge)}</th><th>{i18n.t(Msg::LatePresenter)}</th>
                            <th>{i18n.t(Msg::LateValues)}</th><th>{i18n.t(Msg::LateReceived)}</th><th></th></tr></thead>
                        <tbody>{rows.into_iter().map(|r| {
                            let op_id = r["op_id"].as_str().unwrap_or_default().to_string();
                            let key = StoredValue::new(op_id.clone());
                            let reason = Signal::derive(move || {
                                reasons.with(|m| m.get(&*key.read_value()).cloned().unwrap_or_default())
                            });
                            let presenter = r["presenter"].as_str().unwrap_or_default().to_string();
                            view! {
                            <tr data-op=op_id.clone()>
                                <td>{r["judge"].as_str().unwrap_or_default().to_string()}</td>
                                <td>{r["presenter"].as_str().unwrap_or_default().to_string()}</td>
                                <td>{r["values"].as_object().map(|v| v.iter().map(|(k, x)| format!("{k} {x}")).collect::<Vec<_>>().join(" · ")).unwrap_or_default()}</td>
                                <td>{r["received_at"].as_str().map(crate::browser::judge_actions::local_time).unwrap_or_default()}</td>
                                <td class="amend">
                                    <input type="text" placeholder=i18n.t(Msg::AmendReason) aria-label=i18n.t(Msg::AmendReason)
                                        data-testid="amend-reason"
                                        prop:value=move || reason.get_untracked()
                                        on:input=move |ev| reasons.update(|m| { m.insert(key.get_value(), event_target_value(&ev)); })/>
                                    <button class="small" data-action="amend"
                                        disabled=move || reason.get().trim().is_empty()
                                        on:click={
                                            let (op_id, presenter) = (op_id.clone(), presenter.clone());
                                            move |_| on_amend.run((op_id.clone(), presenter.clone(), reason.get_untracked()))
                                        }>
                                        {i18n.t(Msg::AmendCount)}
                                    </button>
                                </td>
                            </tr>
                        }}).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
