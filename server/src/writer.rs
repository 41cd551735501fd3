//! The single writer: every state change goes through one thread, which applies a group of
//! requests and then flushes once before answering any of them (group commit). Nothing is
//! acknowledged before it is on disk, and no two changes ever interleave.

use crate::ledger::LockRecord;
use crate::store::{OpResult, Result, RevealRequest, Store, StoreError, SyncRequest};
use app::domain::scoring::Quorum;
use tokio::sync::{mpsc, oneshot};

type Reply<T> = oneshot::Sender<Result<T>>;
type RevealReply = std::result::Result<LockRecord, Quorum>;

enum Job {
    Sync(SyncRequest, Reply<Vec<OpResult>>),
    Reveal(RevealRequest, Reply<RevealReply>),
}

enum Done {
    Sync(Result<Vec<OpResult>>, Reply<Vec<OpResult>>),
    Reveal(Box<Result<RevealReply>>, Reply<RevealReply>),
}

/// Most requests folded into one flush.
const GROUP_LIMIT: usize = 512;

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    pub fn start(store: Store) -> Writer {
        let (jobs, mut queue) = mpsc::channel::<Job>(4096);
        std::thread::Builder::new()
            .name("leitai-writer".into())
            .spawn(move || {
                while let Some(first) = queue.blocking_recv() {
                    let mut group = vec![first];
                    while group.len() < GROUP_LIMIT {
                        match queue.try_recv() {
                            Ok(job) => group.push(job),
                            Err(_) => break,
                        }
                    }
                    let done: Vec<Done> = group
                        .into_iter()
                        .map(|job| match job {
                            Job::Sync(req, reply) => Done::Sync(store.apply_sync(&req), reply),
                            Job::Reveal(req, reply) => {
                                Done::Reveal(Box::new(store.apply_reveal(&req)), reply)
                            }
                        })
                        .collect();
                    let flushed = store.flush_blocking();
                    for d in done {
                        match d {
                            Done::Sync(r, reply) => {
                                let _ = reply.send(after_flush(r, &flushed));
                            }
                            Done::Reveal(r, reply) => {
                                let _ = reply.send(after_flush(*r, &flushed));
                            }
                        }
                    }
                }
            })
            .expect("the writer thread starts");
        Writer { jobs }
    }

    pub async fn sync(&self, req: SyncRequest) -> Result<Vec<OpResult>> {
        self.submit(|reply| Job::Sync(req, reply)).await
    }

    pub async fn reveal(&self, req: RevealRequest) -> Result<RevealReply> {
        self.submit(|reply| Job::Reveal(req, reply)).await
    }

    async fn submit<T>(&self, job: impl FnOnce(Reply<T>) -> Job) -> Result<T> {
        let (reply, answer) = oneshot::channel();
        let gone = || StoreError::Db(sled::Error::Unsupported("the writer has stopped".into()));
        self.jobs.send(job(reply)).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

/// A result stands only if the flush after it succeeded.
fn after_flush<T>(result: Result<T>, flushed: &Result<()>) -> Result<T> {
    match flushed {
        Ok(()) => result,
        Err(StoreError::Db(e)) => Err(StoreError::Db(e.clone())),
        Err(e) => Err(StoreError::Db(sled::Error::Unsupported(e.to_string()))),
    }
}
