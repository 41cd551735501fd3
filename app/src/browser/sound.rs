//! The timer's cue sounds on the screen and the host's console: a short beep made with Web
//! Audio, once a tap has let the page play sound (browsers refuse it before one).

use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AudioContext, AudioContextState, OscillatorType};

/// One beep, and the pause between the two beeps of time up, in seconds.
const BEEP_S: f64 = 0.3;
const GAP_S: f64 = 0.15;
/// A clear tone that carries across a hall without being shrill.
const PITCH_HZ: f32 = 880.0;
const VOLUME: f32 = 0.4;
/// The rise and the fall of a beep, so it starts and stops without a click.
const EDGE_S: f64 = 0.02;

thread_local! {
    /// The page's one audio context, made by `unlock_on_tap`.
    static CONTEXT: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
}

fn running(context: &AudioContext) -> bool {
    context.state() == AudioContextState::Running
}

/// See `sound_actions::unlock_on_tap`.
pub fn unlock_on_tap(locked: Option<RwSignal<bool>>) {
    let context = CONTEXT.with(|c| c.borrow().clone()).or_else(|| {
        let made = AudioContext::new().ok()?;
        CONTEXT.with(|c| *c.borrow_mut() = Some(made.clone()));
        Some(made)
    });
    // No Web Audio here: there is no sound to turn on, so nothing to ask for.
    let Some(context) = context else {
        return;
    };
    let show_lock = move |context: &AudioContext| {
        if let Some(locked) = locked {
            locked.set(!running(context));
        }
    };
    show_lock(&context);
    // Followed for the page's life: a browser may suspend the sound again (an iPad when a
    // call comes in), and then the next tap resumes it.
    let on_change = {
        let context = context.clone();
        Closure::<dyn FnMut()>::new(move || show_lock(&context))
    };
    let _ =
        context.add_event_listener_with_callback("statechange", on_change.as_ref().unchecked_ref());
    on_change.forget();
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_tap = Closure::<dyn FnMut()>::new(move || {
        if !running(&context) {
            // Resumed inside the tap's own handler, as browsers require.
            let _ = context.resume();
        }
    });
    for name in ["click", "touchend", "keydown"] {
        let _ = window.add_event_listener_with_callback(name, on_tap.as_ref().unchecked_ref());
    }
    on_tap.forget();
}

/// See `sound_actions::play_cue`.
pub fn play_cue(time_up: bool) {
    let Some(context) = CONTEXT.with(|c| c.borrow().clone()) else {
        return;
    };
    if !running(&context) {
        return;
    }
    let start = context.current_time();
    let beeps = if time_up { 2 } else { 1 };
    for i in 0..beeps {
        let _ = beep(&context, start + f64::from(i) * (BEEP_S + GAP_S));
    }
}

/// One beep at `at` on the context's clock: a tone through a gain that fades it in and out.
fn beep(context: &AudioContext, at: f64) -> Result<(), JsValue> {
    let tone = context.create_oscillator()?;
    tone.set_type(OscillatorType::Sine);
    tone.frequency().set_value(PITCH_HZ);
    let fade = context.create_gain()?;
    let gain = fade.gain();
    gain.set_value_at_time(0.0, at)?;
    gain.linear_ramp_to_value_at_time(VOLUME, at + EDGE_S)?;
    gain.set_value_at_time(VOLUME, at + BEEP_S - EDGE_S)?;
    gain.linear_ramp_to_value_at_time(0.0, at + BEEP_S)?;
    tone.connect_with_audio_node(&fade)?;
    fade.connect_with_audio_node(&context.destination())?;
    tone.start_with_when(at)?;
    tone.stop_with_when(at + BEEP_S)?;
    Ok(())
}
