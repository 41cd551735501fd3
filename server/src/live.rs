//! Live news for the host, the screen and online judges: a broadcast of "this event
//! changed". The first open stream to take a piece of news reads the store and writes the
//! frame it sends; every other stream sends that same frame (shared bytes, not a copy).

use bytes::Bytes;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

/// What changed in an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The run of show: phase, presenter, order.
    Show,
    /// Judges' sheets arrived (counts only; never scores).
    Progress,
    /// A presenter was revealed or a result amended.
    Results,
}

#[derive(Clone, Debug)]
pub struct News {
    pub event: String,
    pub change: Change,
    /// Increases with every piece of news; the streams' event ids.
    pub seq: u64,
    /// The frames this news makes, built once by whichever stream needs them first.
    pub frames: Arc<OnceLock<Vec<Bytes>>>,
}

/// An event's whole state as frames, with the news id it is as of.
type StateFrames = (u64, Arc<Vec<Bytes>>);

#[derive(Clone)]
pub struct Live {
    tx: broadcast::Sender<News>,
    seq: Arc<AtomicU64>,
    /// The last whole state sent to a new stream, per event, with the news id it is as of:
    /// a room of screens connecting at once reads the store once.
    states: Arc<std::sync::Mutex<std::collections::HashMap<String, StateFrames>>>,
    /// Cancelled when the server shuts down: open streams end, so the shutdown does not
    /// wait forever on a screen that never hangs up.
    closing: CancellationToken,
}

impl Default for Live {
    fn default() -> Self {
        Live::new()
    }
}

impl Live {
    pub fn new() -> Live {
        let (tx, _) = broadcast::channel(1024);
        // Ids start from the clock, so they keep rising across restarts of the server.
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        Live {
            tx,
            seq: Arc::new(AtomicU64::new(start)),
            states: Arc::default(),
            closing: CancellationToken::new(),
        }
    }

    pub fn publish(&self, event: &str, change: Change) {
        let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
        // No subscriber is not an error: nobody is watching.
        let _ = self.tx.send(News {
            event: event.to_string(),
            change,
            seq,
            frames: Arc::default(),
        });
    }

    pub fn current(&self) -> u64 {
        self.seq.load(Ordering::SeqCst)
    }

    /// The whole state of `event` as of news `seq`: the one built for an earlier stream at
    /// the same news, or built now by `build` and kept for the next.
    pub fn state_as_of(
        &self,
        event: &str,
        seq: u64,
        build: impl FnOnce() -> Vec<Bytes>,
    ) -> Arc<Vec<Bytes>> {
        let mut states = self.states.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, frames)) = states.get(event) {
            if *at == seq {
                return frames.clone();
            }
        }
        let frames = Arc::new(build());
        states.insert(event.to_string(), (seq, frames.clone()));
        frames
    }

    pub fn subscribe(&self) -> broadcast::Receiver<News> {
        self.tx.subscribe()
    }

    /// Ends every open stream, now and for any opened later.
    pub fn close(&self) {
        self.closing.cancel();
    }

    /// Resolves once `close` has been called.
    pub fn closed(&self) -> tokio_util::sync::WaitForCancellationFutureOwned {
        self.closing.clone().cancelled_owned()
    }
}

/// When a judge's device last reached the server, and what it said was still pending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub judge: String,
    pub last_seen: String,
    pub pending: Option<u64>,
}

/// The devices heard from since the server started. Kept in memory only: it is a view of
/// contact, not data anybody was promised.
#[derive(Clone, Default)]
pub struct Devices {
    inner: Arc<std::sync::Mutex<std::collections::BTreeMap<(String, String), Seen>>>,
}

impl Devices {
    /// Notes a device's contact. A judge keeps at most `MAX_DEVICES_PER_JUDGE` devices here
    /// (any UUID may be sent with `state`): the one heard from longest ago makes room.
    pub fn seen(&self, event: &str, device: &str, judge: &str, pending: Option<u64>, at: String) {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let key = (event.to_string(), device.to_string());
        if !map.contains_key(&key) {
            let of_judge: Vec<(&(String, String), &Seen)> = map
                .range((event.to_string(), String::new())..)
                .take_while(|((e, _), _)| e == event)
                .filter(|(_, s)| s.judge == judge)
                .collect();
            if of_judge.len() >= app::domain::limits::MAX_DEVICES_PER_JUDGE {
                let oldest = of_judge
                    .iter()
                    .min_by(|a, b| a.1.last_seen.cmp(&b.1.last_seen))
                    .map(|(k, _)| (*k).clone());
                if let Some(oldest) = oldest {
                    map.remove(&oldest);
                }
            }
        }
        let entry = map.entry(key).or_insert_with(|| Seen {
            judge: judge.to_string(),
            last_seen: String::new(),
            pending: None,
        });
        entry.judge = judge.to_string();
        entry.last_seen = at;
        if pending.is_some() {
            entry.pending = pending;
        }
    }

    pub fn of_event(&self, event: &str) -> Vec<(String, Seen)> {
        let map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        map.iter()
            .filter(|((e, _), _)| e == event)
            .map(|((_, d), s)| (d.clone(), s.clone()))
            .collect()
    }
}

/// Folds bursts of sheet news into one update per event every half second, so a room of
/// judges syncing at once does not make every stream re-read the store per request.
#[derive(Clone, Default)]
pub struct ProgressTicker {
    dirty: Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>,
}

impl ProgressTicker {
    pub fn mark(&self, event: &str) {
        self.dirty
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(event.to_string());
    }

    /// Runs for the life of the server.
    pub fn spawn(&self, live: Live) {
        let dirty = self.dirty.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
            loop {
                tick.tick().await;
                let events = std::mem::take(&mut *dirty.lock().unwrap_or_else(|e| e.into_inner()));
                for event in events {
                    live.publish(&event, Change::Progress);
                }
            }
        });
    }
}
