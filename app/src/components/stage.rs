//! Pieces of the live stage shared by the screen, the host's console, the results and the
//! judges' app.

use crate::domain::show::format_clock;
use crate::domain::wire::PublicResult;
use crate::i18n::{use_i18n, Msg};
use crate::state::live::LiveCtx;
use leptos::prelude::*;

pub fn phase_msg(phase: &str) -> Msg {
    match phase {
        "report" => Msg::PhaseReport,
        "defence" => Msg::PhaseDefence,
        "scoring" => Msg::PhaseScoring,
        "revealed" => Msg::PhaseRevealed,
        _ => Msg::PhaseWaiting,
    }
}

/// The current phase's countdown by the server's clock; an overrun shows with a minus.
#[component]
pub fn Countdown(live: LiveCtx) -> impl IntoView {
    let remaining = move || live.remaining_ms();
    view! {
        <Show when=move || remaining().is_some()>
            <p class="countdown" data-testid="countdown"
                class:overrun=move || remaining().is_some_and(|r| r < 0)>
                {move || remaining().map(format_clock)}
            </p>
        </Show>
    }
}

/// One revealed result: each counted total by group (dropped ones struck through), the
/// group averages and the final score, appearing one after another.
#[component]
pub fn Breakdown(result: PublicResult) -> impl IntoView {
    let i18n = use_i18n();
    let count = result.marks.len();
    view! {
        <div class="breakdown" data-testid="breakdown">
            <ol class="marks">
                {result.marks.into_iter().enumerate().map(|(i, m)| {
                    let dropped = m.dropped.clone();
                    let is_dropped = dropped.is_some();
                    let dropped_attr = dropped.clone().unwrap_or_default();
                    let label = m.judge.clone().map(|j| format!("{} · {j}", m.group_name)).unwrap_or(m.group_name.clone());
                    view! {
                        <li class="mark" class:dropped=is_dropped style=format!("--i:{i}")
                            data-dropped=dropped_attr>
                            <span class="mark-group">{label}</span>
                            <span class="mark-total">{m.total.to_string()}</span>
                            {dropped.map(|d| view! {
                                <span class="mark-why">
                                    {move || format!("{} {}", i18n.t(Msg::Dropped),
                                        i18n.t(if d == "highest" { Msg::DroppedHighest } else { Msg::DroppedLowest }))}
                                </span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div class="groups" style=format!("--i:{count}")>
                <h3>{move || i18n.t(Msg::GroupSubtotals)}</h3>
                <ul>
                    {result.groups.into_iter().map(|g| view! {
                        <li><span>{g.name}</span><strong>{g.subtotal.unwrap_or_else(|| "—".into())}</strong></li>
                    }).collect_view()}
                </ul>
            </div>
            <p class="final-score" style=format!("--i:{}", count + 1) data-testid="final-score">
                <span>{move || i18n.t(Msg::FinalLabel)}</span>
                <strong>{result.final_display.unwrap_or_else(|| "—".into())}</strong>
            </p>
        </div>
    }
}
