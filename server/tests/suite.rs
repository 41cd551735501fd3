//! The server's tests over real HTTP, against the real binary and temporary sled
//! directories: one test binary, a module per file. (One binary instead of one per file:
//! the dependencies are linked once and the shared helpers compiled once, and
//! cargo-nextest still runs each test in a process of its own.)

mod common;

mod api_audit;
mod api_events;
mod api_host_steps;
mod api_item_ledger;
mod api_items;
mod api_new_events;
mod api_notes;
mod api_rehearsal;
mod api_results;
mod api_review;
mod api_show;
mod api_sync;
mod api_units;
mod api_votes;
mod backup;
mod cli;
mod connections;
mod crash;
mod crash_readers;
mod hardening;
mod hostile;
mod module_cycles;
mod openapi;
mod shutdown;
mod sync_model;
