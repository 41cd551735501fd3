//! The units' own links (局长直通车): each unit that answers for items (a presenter's unit,
//! or the city bureau itself) signs in with a token of its own, like a judge's, to post
//! progress and report an item done. Revoked and issued again the way a judge's link is.
//!
//! Keys: `unit/<event>/<presenter id | bureau>` → the unit's token record;
//! `utok/<sha-256 of the token>` → the same record, to find the unit from its token.

use super::{encode, new_token, AuditRecord, Result, Store};
use app::domain::Id;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A unit's sign-in: `unit` none is the city bureau itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitToken {
    pub event: Id,
    pub unit: Option<Id>,
    pub token: String,
}

/// The unit's part of its key: a presenter's id, or `bureau`.
pub fn unit_key_part(unit: Option<&Id>) -> &str {
    unit.map_or("bureau", Id::as_str)
}

fn unit_key(event: &Id, unit: Option<&Id>) -> String {
    format!("unit/{event}/{}", unit_key_part(unit))
}

fn unit_token_key(token: &str) -> String {
    format!("utok/{}", hex::encode(Sha256::digest(token.as_bytes())))
}

impl Store {
    /// Every unit link of the event.
    pub fn unit_tokens(&self, event: &Id) -> Result<Vec<UnitToken>> {
        self.scan(&format!("unit/{event}/"))
    }

    /// The unit a token signs in, if any; the stored token is compared in constant time.
    pub fn unit_by_token(&self, token: &str) -> Result<Option<UnitToken>> {
        let found: Option<UnitToken> = self.get(&unit_token_key(token))?;
        Ok(found.filter(|t| bool::from(t.token.as_bytes().ct_eq(token.as_bytes()))))
    }

    /// Issues the unit a new link, revoking the one it had (if any), with its audit entry,
    /// atomically. The writer's thread only.
    pub fn issue_unit_link(
        &self,
        event: &Id,
        unit: Option<&Id>,
        audit: AuditRecord,
    ) -> Result<UnitToken> {
        let key = unit_key(event, unit);
        let old = self.head_get::<UnitToken>(&key)?;
        let record = UnitToken {
            event: event.clone(),
            unit: unit.cloned(),
            token: new_token(),
        };
        let mut writes = Vec::new();
        if let Some(old) = old {
            writes.push((unit_token_key(&old.token), None));
        }
        writes.push((key, Some(encode(&record))));
        writes.push((unit_token_key(&record.token), Some(encode(&record))));
        writes.extend(self.audit_writes(event, audit)?);
        self.write_batch(writes)?;
        Ok(record)
    }
}
