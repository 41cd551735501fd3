//! What readers may see: only what is on disk. The writer's records of sync and reveal reach
//! readers through the ledger, published after their flush; every other write (an imported
//! config, a move of the run of show, an amendment, a reissued link, an audit entry, a kept
//! answer) goes through [`Store::write_keys`], which keeps each key's value from before the
//! write in a shadow that readers see instead, until a flush covers the write. Configs are
//! published the same way: readers' copy changes after the flush, the writer's at once.

use super::{Result, Store, StoreError};
use crate::ledger::Ledger;
use app::domain::{EventConfig, Id};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, PoisonError};

/// Keys written but not yet flushed, with the value readers see meanwhile.
#[derive(Default)]
pub(super) struct Shadow {
    /// Counts the writes that went through `write_keys`.
    writes: u64,
    /// Key → (its value on disk before the first unflushed write, the last write's number;
    /// `u64::MAX` while that write is under way).
    keys: HashMap<Vec<u8>, (Option<sled::IVec>, u64)>,
    /// Configs written, for readers once flushed.
    configs: Vec<Arc<EventConfig>>,
}

/// What a flush about to begin will make durable: every write counted so far.
pub struct Mark {
    writes: u64,
    configs: Vec<Arc<EventConfig>>,
}

impl Store {
    /// Writes `keys` with `write` (one atomic batch or transaction), so that readers go on
    /// seeing their earlier values until a flush covers it. The writer's thread only.
    pub(super) fn write_keys<T>(
        &self,
        keys: &[&[u8]],
        write: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        {
            let mut shadow = self.shadow.write().unwrap_or_else(PoisonError::into_inner);
            for key in keys {
                let old = match shadow.keys.get(*key) {
                    Some((old, _)) => old.clone(),
                    None => self.db.get(key)?,
                };
                shadow.keys.insert(key.to_vec(), (old, u64::MAX));
            }
        }
        let written = write();
        let mut shadow = self.shadow.write().unwrap_or_else(PoisonError::into_inner);
        shadow.writes += 1;
        let n = shadow.writes;
        for key in keys {
            if let Some(entry) = shadow.keys.get_mut(*key) {
                entry.1 = n;
            }
        }
        written
    }

    /// A config the writer stored: the writer's own copy now, readers' after the flush.
    pub(super) fn stage_config(&self, config: &EventConfig) {
        self.head_configs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(config.id.clone(), Arc::new(config.clone()));
        self.shadow
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .configs
            .push(Arc::new(config.clone()));
    }

    /// Taken just before a flush begins.
    pub fn mark(&self) -> Mark {
        let mut shadow = self.shadow.write().unwrap_or_else(PoisonError::into_inner);
        Mark {
            writes: shadow.writes,
            configs: std::mem::take(&mut shadow.configs),
        }
    }

    /// After the flush that followed `mark`: what it covered becomes readable.
    pub fn flushed(&self, mark: Mark) {
        let mut configs = self.configs.write().unwrap_or_else(PoisonError::into_inner);
        let mut shadow = self.shadow.write().unwrap_or_else(PoisonError::into_inner);
        shadow.keys.retain(|_, (_, n)| *n > mark.writes);
        for config in mark.configs {
            configs.insert(config.id.clone(), config);
        }
    }

    /// A value as readers may see it.
    pub(super) fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let shadow = self.shadow.read().unwrap_or_else(PoisonError::into_inner);
        let bytes = match shadow.keys.get(key.as_bytes()) {
            Some((old, _)) => old.clone(),
            None => self.db.get(key)?,
        };
        bytes.map(|b| super::decode(key.as_bytes(), &b)).transpose()
    }

    /// The values under a prefix as readers may see them, in key order.
    pub(super) fn scan<T: DeserializeOwned>(&self, prefix: &str) -> Result<Vec<T>> {
        let shadow = self.shadow.read().unwrap_or_else(PoisonError::into_inner);
        let mut found: BTreeMap<sled::IVec, sled::IVec> = BTreeMap::new();
        for item in self.db.scan_prefix(prefix) {
            let (key, value) = item?;
            found.insert(key, value);
        }
        for (key, (old, _)) in shadow.keys.iter() {
            if key.starts_with(prefix.as_bytes()) {
                match old {
                    Some(value) => found.insert(key.as_slice().into(), value.clone()),
                    None => found.remove(key.as_slice()),
                };
            }
        }
        found
            .iter()
            .map(|(key, value)| super::decode(key, value))
            .collect()
    }

    /// A value as the writer sees it: every write so far, flushed or not.
    pub(super) fn head_get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.db
            .get(key)?
            .map(|b| super::decode(key.as_bytes(), &b))
            .transpose()
    }

    /// The values under a prefix as the writer sees them.
    pub(super) fn head_scan<T: DeserializeOwned>(&self, prefix: &str) -> Result<Vec<T>> {
        self.db
            .scan_prefix(prefix)
            .map(|item| {
                let (key, bytes) = item?;
                super::decode(&key, &bytes)
            })
            .collect()
    }

    /// The event's config as the writer sees it: a request read it before it reached the
    /// writer, and a replacement may have come in between.
    pub(super) fn config_now(&self, event: &Id) -> Result<Arc<EventConfig>> {
        self.head_configs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(event)
            .cloned()
            .ok_or_else(|| {
                StoreError::Changed(format!("the event '{event}' is no longer in this data dir"))
            })
    }

    /// A restored event, readable at once (`leitai import` writes with no server running).
    pub(super) fn install_restored(&self, config: &EventConfig, ledger: Ledger) {
        let id = config.id.clone();
        self.head
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.clone(), ledger.clone());
        self.ledgers
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.clone(), ledger);
        self.head_configs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.clone(), Arc::new(config.clone()));
        self.configs
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, Arc::new(config.clone()));
    }
}
