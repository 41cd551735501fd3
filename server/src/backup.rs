//! Backups: one event as one JSON document (`leitai export`, `GET …/backup`) and loading it
//! into a data dir (`leitai import`). The document carries a format marker, a version and a
//! SHA-256 checksum of its content; a file that is not JSON, not a Leitai backup, of another
//! version, changed since it was written, or inconsistent in itself is refused with a clear
//! error before anything is written.

use crate::ledger::SyncRecord;
use crate::store::{AuditRecord, EventDump, RestoreRefusal, Store, StoreError};
use app::domain::audit::AuditAction;
use app::domain::scoring::{canonical_json, hex_lower};
use app::domain::Id;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The marker every backup starts with.
pub const FORMAT: &str = "leitai-event-backup";
/// The version this build writes and reads.
pub const VERSION: u64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("it is not JSON ({0}); it is not a Leitai backup, or it was cut short")]
    NotJson(serde_json::Error),
    #[error("it is not a Leitai backup: it has no \"format\": \"{FORMAT}\" marker")]
    Foreign,
    #[error("it is a Leitai backup of version {0}, and this build reads version {VERSION} only")]
    Version(String),
    #[error("its checksum does not match its content: the file was changed or damaged after it was written")]
    Checksum,
    #[error("its content is not a consistent event: {0}")]
    Invalid(String),
    #[error("{0}")]
    Refused(RestoreRefusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// SHA-256 of the content's canonical form (keys sorted, no spaces), in hex.
fn checksum(event: &Value) -> String {
    hex_lower(&Sha256::digest(canonical_json(event).as_bytes()))
}

/// The backup document of a dump.
pub fn document(dump: &EventDump, exported_at: &str) -> Value {
    let event = serde_json::to_value(dump).expect("records serialise");
    json!({
        "format": FORMAT,
        "version": VERSION,
        "leitai_version": env!("CARGO_PKG_VERSION"),
        "exported_at": exported_at,
        "event_id": dump.config.id,
        "checksum": checksum(&event),
        "event": event,
    })
}

/// The backup of an event as text, or `None` for an unknown event.
pub fn export_text(store: &Store, event: &Id) -> Result<Option<String>, StoreError> {
    let Some(dump) = store.dump(event)? else {
        return Ok(None);
    };
    let doc = document(&dump, &crate::clock::now_rfc3339());
    Ok(Some(
        serde_json::to_string_pretty(&doc).expect("JSON serialises") + "\n",
    ))
}

/// A backup that passed every check.
#[derive(Debug)]
pub struct Verified {
    pub dump: EventDump,
    pub checksum: String,
    pub exported_at: String,
}

/// Reads and checks a backup document.
pub fn verify(text: &str) -> Result<Verified, BackupError> {
    let doc: Value = serde_json::from_str(text).map_err(BackupError::NotJson)?;
    if doc.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(BackupError::Foreign);
    }
    match doc.get("version") {
        Some(v) if v.as_u64() == Some(VERSION) => {}
        Some(v) => return Err(BackupError::Version(v.to_string())),
        None => return Err(BackupError::Version("(none)".into())),
    }
    let event = doc.get("event").ok_or(BackupError::Checksum)?;
    let sum = checksum(event);
    if doc.get("checksum").and_then(Value::as_str) != Some(sum.as_str()) {
        return Err(BackupError::Checksum);
    }
    let mut dump: EventDump =
        serde_json::from_value(event.clone()).map_err(|e| BackupError::Invalid(e.to_string()))?;
    dump.config = dump
        .config
        .validated()
        .map_err(|e| BackupError::Invalid(format!("its config: {e}")))?;
    if doc.get("event_id").and_then(Value::as_str) != Some(dump.config.id.as_str()) {
        return Err(BackupError::Invalid(
            "\"event_id\" is not the id of its config".into(),
        ));
    }
    check_consistent(&dump).map_err(BackupError::Invalid)?;
    Ok(Verified {
        dump,
        checksum: sum,
        exported_at: doc
            .get("exported_at")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    })
}

/// What a sound dump keeps true: its records belong to its event, sequence numbers rise,
/// and every locked or amended result still has the hash it was stored with.
fn check_consistent(dump: &EventDump) -> Result<(), String> {
    let config = &dump.config;
    let id = &config.id;
    for t in &dump.judges {
        if &t.event != id || config.judge(t.judge.as_str()).is_none() || t.token.is_empty() {
            return Err(format!(
                "the sign-in of judge '{}' is not of this event",
                t.judge
            ));
        }
    }
    let mut last = 0;
    for (i, record) in dump.log.iter().enumerate() {
        let seqs = record.ops.iter().map(|op| op.server_seq);
        if record.ops.is_empty() || config.judge(record.judge.as_str()).is_none() {
            return Err(format!("sync record {i} is empty or of an unknown judge"));
        }
        for seq in seqs {
            if seq <= last {
                return Err(format!(
                    "sync record {i}: sequence number {seq} does not follow {last}"
                ));
            }
            last = seq;
        }
    }
    for lock in &dump.locks {
        if config.presenter(lock.presenter.as_str()).is_none() || &lock.result.event != id {
            return Err(format!(
                "the lock of '{}' is not of this event",
                lock.presenter
            ));
        }
        if lock.result.hash() != lock.result_hash {
            return Err(format!(
                "the result locked for '{}' does not match its hash",
                lock.presenter
            ));
        }
    }
    for a in &dump.amendments {
        if !dump.locks.iter().any(|l| l.presenter == a.presenter) {
            return Err(format!(
                "amendment {} of '{}' has no lock",
                a.n, a.presenter
            ));
        }
        if a.result.hash() != a.result_hash {
            return Err(format!(
                "amendment {} of '{}' does not match its hash",
                a.n, a.presenter
            ));
        }
    }
    let mut last = 0;
    for entry in &dump.audit {
        if entry.seq <= last {
            return Err(format!("audit entry {} is out of order", entry.seq));
        }
        last = entry.seq;
    }
    Ok(())
}

/// How many ops a log holds.
fn op_count(log: &[SyncRecord]) -> usize {
    log.iter().map(|r| r.ops.len()).sum()
}

/// `leitai export`: writes the event's backup to `out` (replaced whole, never half-written)
/// or to stdout.
pub fn export_to(data: &Path, event: &str, out: Option<&Path>) -> anyhow::Result<()> {
    let id = Id::parse(event).map_err(|e| anyhow::anyhow!("--event: {e}"))?;
    // Opening a wrong path would make it a new, empty data dir.
    if !data.join(crate::store::MARKER_FILE).exists() {
        anyhow::bail!("{} is not a Leitai data directory", data.display());
    }
    let (store, _) = Store::open(data)?;
    let Some(text) = export_text(&store, &id)? else {
        let known: Vec<String> = store
            .events()?
            .into_iter()
            .map(|c| c.id.to_string())
            .collect();
        anyhow::bail!(
            "{} holds no event '{id}'; it holds: {}",
            data.display(),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        );
    };
    match out {
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
        Some(path) => {
            write_whole(path, &text)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            eprintln!("wrote the backup of event '{id}' to {}", path.display());
        }
    }
    Ok(())
}

/// Writes a file through a temporary one beside it, so a crash leaves the old file or the
/// new one.
fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    let mut file = std::fs::File::create(&part)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&part, path)
}

/// `leitai import`: checks a backup, then loads it into a data dir in one transaction.
pub fn import_from(data: &Path, file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let refuse = |e: BackupError| {
        anyhow::anyhow!(
            "{} was not imported: {e}; nothing was changed",
            file.display()
        )
    };
    let verified = verify(&text).map_err(refuse)?;
    let (store, _) = Store::open(data)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let audit = AuditRecord {
        actor: "cli".into(),
        ..AuditRecord::host(
            AuditAction::Restore.as_str(),
            None,
            json!({"file": name, "checksum": verified.checksum, "exported_at": verified.exported_at}),
        )
    };
    let dump = &verified.dump;
    if let Err(refusal) = store.restore(dump, audit)? {
        return Err(refuse(BackupError::Refused(refusal)));
    }
    store.flush_blocking()?;
    println!(
        "imported event '{}' ({}) into {}: {} ops, {} of {} presenters revealed, {} amendments, {} audit entries",
        dump.config.id,
        dump.config.title,
        data.display(),
        op_count(&dump.log),
        dump.locks.len(),
        dump.config.presenters.len(),
        dump.amendments.len(),
        dump.audit.len() + 1,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_document() -> Value {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        store.create_event(&app::domain::demo_event()).unwrap();
        let text = export_text(&store, &Id::parse("demo").unwrap())
            .unwrap()
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn a_fresh_export_verifies_and_any_change_is_caught() {
        let doc = demo_document();
        let verified = verify(&doc.to_string()).unwrap();
        assert_eq!(verified.dump.config.id.as_str(), "demo");
        assert_eq!(verified.dump.judges.len(), 15);

        let mut changed = doc.clone();
        changed["event"]["config"]["title"] = json!("another title");
        assert!(matches!(
            verify(&changed.to_string()),
            Err(BackupError::Checksum)
        ));
        let mut foreign = doc.clone();
        foreign["format"] = json!("something-else");
        assert!(matches!(
            verify(&foreign.to_string()),
            Err(BackupError::Foreign)
        ));
        let mut newer = doc.clone();
        newer["version"] = json!(2);
        let err = verify(&newer.to_string()).unwrap_err();
        assert!(err.to_string().contains("version 2"), "{err}");
        let text = doc.to_string();
        let cut = text.floor_char_boundary(text.len() / 2);
        assert!(matches!(verify(&text[..cut]), Err(BackupError::NotJson(_))));
    }

    #[test]
    fn a_consistent_looking_file_with_a_changed_result_is_refused() {
        // A forger who recomputes the checksum still cannot change a locked result, whose
        // hash is checked against its content.
        let mut doc = demo_document();
        let lock = json!({"presenter": "shinan", "result_hash": "00",
            "final": 80, "rank": 1, "revealed_at": "t", "server_seq": 1, "forced": true,
            "result": serde_json::to_value(app::domain::scoring::presenter_result(
                &app::domain::demo_event(), &Id::parse("shinan").unwrap(), &Default::default())).unwrap()});
        doc["event"]["locks"] = json!([lock]);
        doc["checksum"] = json!(checksum(&doc["event"]));
        let err = verify(&doc.to_string()).unwrap_err();
        assert!(err.to_string().contains("does not match its hash"), "{err}");
    }
}
