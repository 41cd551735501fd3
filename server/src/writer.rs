//! The single writer: every state change goes through one thread, in arrival order, so no
//! two changes ever interleave. A second thread flushes whatever has been written and only
//! then answers (group commit): the writer goes on writing during a flush, one flush covers
//! every request written before it began, and nothing is acknowledged before it is on disk.

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

/// A job written (or refused), waiting for the flush that makes it durable.
enum Done {
    /// The request rides along to be dropped here rather than on the writer's thread.
    Sync(
        Result<Vec<OpResult>>,
        Reply<Vec<OpResult>>,
        Box<SyncRequest>,
    ),
    Reveal(Box<Result<RevealReply>>, Reply<RevealReply>),
}

impl Done {
    fn answer(self, flushed: &Result<()>) {
        match self {
            Done::Sync(r, reply, _request) => {
                let _ = reply.send(after_flush(r, flushed));
            }
            Done::Reveal(r, reply) => {
                let _ = reply.send(after_flush(*r, flushed));
            }
        }
    }
}

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    pub fn start(store: Store) -> Writer {
        let (jobs, mut queue) = mpsc::channel::<Job>(4096);
        let (written, mut to_flush) = mpsc::unbounded_channel::<Done>();
        let flusher = store.clone();
        std::thread::Builder::new()
            .name("leitai-writer".into())
            .spawn(move || {
                while let Some(job) = queue.blocking_recv() {
                    let done = match job {
                        Job::Sync(req, reply) => {
                            Done::Sync(store.apply_sync(&req), reply, Box::new(req))
                        }
                        Job::Reveal(req, reply) => {
                            Done::Reveal(Box::new(store.apply_reveal(&req)), reply)
                        }
                    };
                    // Every job waits for a flush, even one that wrote nothing: a replay's
                    // recorded result may still be on its way to disk.
                    if written.send(done).is_err() {
                        break;
                    }
                }
            })
            .expect("the writer thread starts");
        std::thread::Builder::new()
            .name("leitai-flusher".into())
            .spawn(move || {
                while let Some(first) = to_flush.blocking_recv() {
                    let mut group = vec![first];
                    while let Ok(done) = to_flush.try_recv() {
                        group.push(done);
                    }
                    // Everything in `group` was written before this flush began.
                    let flushed = flusher.flush_blocking();
                    for done in group {
                        done.answer(&flushed);
                    }
                }
            })
            .expect("the flusher thread starts");
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
