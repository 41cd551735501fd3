//! 局长直通车 items in sled: each item under `item/<event>/<id>` (the domain's `Item` as
//! JSON, its whole history in it) and `itemseq/<event>`, how many items the event has raised.
//! An item changes only by a step the domain appends to its history (`Item::step`), written
//! with its audit entry in one batch. The next quarter's event is created here with the open
//! items carried into it (`Item::carry`), in one transaction: a carried copy keeps its id
//! under the new event and does not count in its `itemseq`.

use super::{audit::AuditRecord, encode, ImportRefusal, Lineage, Result, Store};
use app::domain::items::{
    Draft, Item, ItemNumber, Stamp, StepRefusal, Transition, MAX_ITEMS_PER_EVENT,
};
use app::domain::{EventConfig, Id};

/// Why an item was not raised (nothing written). `code` is the API's error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RaiseRefusal {
    #[error("the event has an item {0} already")]
    NumberTaken(ItemNumber),
    #[error("an event has at most {MAX_ITEMS_PER_EVENT} items")]
    Full,
}

impl RaiseRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            RaiseRefusal::NumberTaken(_) => "number_taken",
            RaiseRefusal::Full => "too_many_items",
        }
    }
}

pub(super) fn item_key(event: &Id, id: &Id) -> String {
    format!("item/{event}/{id}")
}

pub(super) fn item_seq_key(event: &Id) -> String {
    format!("itemseq/{event}")
}

impl Store {
    /// The event's items as readers see them, in the order of their numbers (and so of
    /// their ids).
    pub fn items(&self, event: &Id) -> Result<Vec<Item>> {
        self.scan(&format!("item/{event}/"))
    }

    /// One item as readers see it.
    pub fn item(&self, event: &Id, id: &Id) -> Result<Option<Item>> {
        self.get(&item_key(event, id))
    }

    /// Raises an item, with its audit entry, or refuses it with nothing written. With
    /// `next_number`, the draft's number only names the quarter: the item takes the first
    /// number in it after the event's count of items that no item has; else the draft's own
    /// number, if no item has it. The writer's thread only.
    pub fn raise_item(
        &self,
        event: &Id,
        mut draft: Draft,
        next_number: bool,
        at: Stamp,
        audit: impl FnOnce(&Item) -> AuditRecord,
    ) -> Result<std::result::Result<Item, RaiseRefusal>> {
        let count: usize = self.head_get(&item_seq_key(event))?.unwrap_or(0);
        if count >= MAX_ITEMS_PER_EVENT {
            return Ok(Err(RaiseRefusal::Full));
        }
        let taken = |number: ItemNumber| self.db.contains_key(item_key(event, &number.id()));
        if next_number {
            let quarter = draft.number;
            let mut free = None;
            for seq in count + 1..=MAX_ITEMS_PER_EVENT {
                let Ok(number) = ItemNumber::new(quarter.year(), quarter.quarter(), seq as u16)
                else {
                    break;
                };
                if !taken(number)? {
                    free = Some(number);
                    break;
                }
            }
            let Some(number) = free else {
                return Ok(Err(RaiseRefusal::Full));
            };
            draft.number = number;
        } else if taken(draft.number)? {
            return Ok(Err(RaiseRefusal::NumberTaken(draft.number)));
        }
        let item = Item::raise(event.clone(), draft, at);
        let mut writes = vec![
            (item_key(event, &item.id()), Some(encode(&item))),
            (item_seq_key(event), Some(encode(&(count + 1)))),
        ];
        writes.extend(self.audit_writes(event, audit(&item))?);
        self.write_batch(writes)?;
        Ok(Ok(item))
    }

    /// Stores the next quarter's event made from `lineage.previous`, with its lineage, the
    /// audit entries, and every item of the previous event that carries over (see
    /// `Item::carry`) copied into it and marked carried in the previous one, all in one
    /// transaction, so a crash leaves either all of it or none. `carry_audit` gets the items
    /// carried (their copies) and gives the new event's entry for them. The items carried,
    /// or why the event was not stored (nothing written). The writer's thread only.
    pub fn create_next_event_carrying(
        &self,
        config: &EventConfig,
        lineage: &Lineage,
        mut audits: Vec<(Id, AuditRecord)>,
        at: Stamp,
        carry_audit: impl FnOnce(&[Item]) -> AuditRecord,
    ) -> Result<std::result::Result<Vec<Item>, ImportRefusal>> {
        let (from, to) = (&lineage.previous, &config.id);
        let mut extra = vec![(super::lineage_key(to), encode(lineage))];
        let mut carried = Vec::new();
        for mut item in self.head_scan::<Item>(&format!("item/{from}/"))? {
            if let Some(copy) = item.carry(from, to, at.clone()) {
                extra.push((item_key(from, &item.id()), encode(&item)));
                extra.push((item_key(to, &copy.id()), encode(&copy)));
                carried.push(copy);
            }
        }
        if !carried.is_empty() {
            audits.push((to.clone(), carry_audit(&carried)));
        }
        Ok(self
            .write_event(config, false, true, audits, extra)?
            .map(|()| carried))
    }

    /// Takes one step of an item, with its audit entry: the item after it, or the domain's
    /// refusal with nothing written; `None` for an unknown item. The writer's thread only.
    pub fn step_item(
        &self,
        event: &Id,
        id: &Id,
        step: Transition,
        audit: impl FnOnce(&Item) -> AuditRecord,
    ) -> Result<Option<std::result::Result<Item, StepRefusal>>> {
        let key = item_key(event, id);
        let Some(mut item) = self.head_get::<Item>(&key)? else {
            return Ok(None);
        };
        if let Err(refusal) = item.step(step) {
            return Ok(Some(Err(refusal)));
        }
        let mut writes = vec![(key, Some(encode(&item)))];
        writes.extend(self.audit_writes(event, audit(&item))?);
        self.write_batch(writes)?;
        Ok(Some(Ok(item)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::items::{Actor, Change, ItemStatus, Move};
    use app::domain::wire::NewItem;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn draft(number: &str) -> Draft {
        let body = NewItem {
            number: number.into(),
            presenter: Some("jiaozhou".into()),
            title: "社区养老服务站夜间无人值守".into(),
            detail: String::new(),
            source: app::domain::item_terms::ItemSource::Representative,
            raised_by: None,
            owner: "王强".into(),
            assigned_on: "2026-04-10".into(),
            due: "2026-06-30".into(),
            key: false,
        };
        body.validated(&app::domain::demo_event()).unwrap()
    }

    fn at(text: &str) -> Stamp {
        Stamp::parse(text).unwrap()
    }

    fn audit(_: &Item) -> AuditRecord {
        AuditRecord::host("raise_item", None, serde_json::json!({}))
    }

    #[test]
    fn next_numbers_skip_the_numbers_given_and_a_given_number_is_taken_once() {
        let (_dir, store) = store();
        let demo = Id::parse("demo").unwrap();
        let raise = |number: &str, next_number| {
            store
                .raise_item(
                    &demo,
                    draft(number),
                    next_number,
                    at("2026-07-06T10:00:00Z"),
                    audit,
                )
                .unwrap()
        };
        let given = raise("2026Q3-002", false).unwrap();
        assert_eq!(given.id().as_str(), "2026q3-002");
        assert_eq!(
            raise("2026Q3-002", false),
            Err(RaiseRefusal::NumberTaken(given.number()))
        );
        // The count is 1: the next free number after it is 003, as 002 is taken.
        let next = raise("2026Q3-001", true).unwrap();
        assert_eq!(next.number().to_string(), "2026Q3-003");
        assert!(
            store.items(&demo).unwrap().is_empty(),
            "readers wait for the flush"
        );
        store.flush_blocking().unwrap();
        let ids: Vec<String> = store
            .items(&demo)
            .unwrap()
            .iter()
            .map(|i| i.id().to_string())
            .collect();
        assert_eq!(ids, ["2026q3-002", "2026q3-003"]);
    }

    #[test]
    fn a_refused_step_writes_nothing_and_an_unknown_item_is_none() {
        let (_dir, store) = store();
        let demo = Id::parse("demo").unwrap();
        let item = store
            .raise_item(
                &demo,
                draft("2026Q3-001"),
                false,
                at("2026-07-06T10:00:00Z"),
                audit,
            )
            .unwrap()
            .unwrap();
        let accept = Transition {
            change: Change::Move(Move::new(ItemStatus::Accepted, None, None).unwrap()),
            by: Actor::Host,
            at: at("2026-07-06T11:00:00Z"),
        };
        let refused = store.step_item(&demo, &item.id(), accept.clone(), audit);
        assert!(matches!(
            refused.unwrap(),
            Some(Err(StepRefusal::BadTransition { .. }))
        ));
        store.flush_blocking().unwrap();
        assert_eq!(store.item(&demo, &item.id()).unwrap(), Some(item));
        let nobody = Id::parse("2026q3-999").unwrap();
        assert!(store
            .step_item(&demo, &nobody, accept, audit)
            .unwrap()
            .is_none());
    }
}
