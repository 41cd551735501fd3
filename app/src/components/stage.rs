//! Pieces of the live stage shared by the screen, the host's console, the results and the
//! judges' app.

use crate::domain::show::{format_clock, CueWatch};
use crate::domain::wire::PublicResult;
use crate::i18n::{use_i18n, Msg};
use crate::state::live::LiveCtx;
use leptos::prelude::*;

/// How long the countdown flashes at a cue.
const CUE_FLASH: std::time::Duration = std::time::Duration::from_secs(3);

pub fn phase_msg(phase: &str) -> Msg {
    match phase {
        "report" => Msg::PhaseReport,
        "defence" => Msg::PhaseDefence,
        "scoring" => Msg::PhaseScoring,
        "revealed" => Msg::PhaseRevealed,
        _ => Msg::PhaseWaiting,
    }
}

/// The timer's cues of a page that gives them (the screen, the host's console): the cue
/// flashing now, in seconds left. Watched by the page rather than by its countdown, which
/// a page may draw afresh at any news: a crossing is seen across redraws.
#[derive(Clone, Copy)]
pub struct Cues {
    flashing: RwSignal<Option<u32>>,
}

impl Cues {
    /// Watches the countdown of `live` for the event's cues for the calling component's
    /// life: at each, it flashes the countdown for a few seconds and beeps.
    pub fn watch(live: LiveCtx) -> Cues {
        let flashing = RwSignal::new(None::<u32>);
        // A run of a phase is its name and its start.
        let watch = StoredValue::new(CueWatch::<(String, Option<i64>)>::default());
        let flashes = StoredValue::new(0u32);
        Effect::new(move |_| {
            let Some(remaining) = live.remaining_ms() else {
                return;
            };
            let cue = live.show.with(|s| {
                let s = s.as_ref()?;
                let run = (s.phase.clone(), s.since_ms);
                watch
                    .try_update_value(|w| w.observe(run, remaining, &s.cues_ms))
                    .flatten()
            });
            let Some(cue_ms) = cue else {
                return;
            };
            let secs = u32::try_from(cue_ms / 1000).unwrap_or(0);
            flashing.set(Some(secs));
            crate::browser::sound_actions::play_cue(secs == 0);
            let n = flashes.try_update_value(|n| {
                *n += 1;
                *n
            });
            // A later cue's flash is not cut short by an earlier one's end.
            set_timeout(
                move || {
                    if flashes.try_get_value() == n {
                        flashing.set(None);
                    }
                },
                CUE_FLASH,
            );
        });
        Cues { flashing }
    }
}

/// The current phase's countdown by the server's clock; an overrun shows with a minus.
/// With `cues`, it flashes at each (`data-cue` says which, in seconds left).
#[component]
pub fn Countdown(live: LiveCtx, #[prop(optional)] cues: Option<Cues>) -> impl IntoView {
    let remaining = move || live.remaining_ms();
    let cue = move || cues.and_then(|c| c.flashing.get());
    view! {
        <Show when=move || remaining().is_some()>
            <p class="countdown" data-testid="countdown"
                class:overrun=move || remaining().is_some_and(|r| r < 0)
                class:cue=move || cue().is_some()
                data-cue=move || cue().map(|s| s.to_string())>
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
