//! The single writer: every state change goes through one thread, in arrival order, so no
//! two changes ever interleave: sync and reveal as jobs of their own, every other change
//! (an import, a move of the run of show, an amendment, …) as a closure run on that thread
//! ([`Writer::apply`]). A second thread flushes whatever has been written and only
//! then answers (group commit): the writer goes on writing during a flush, one flush covers
//! every request written before it began, and nothing is acknowledged before it is on disk.
//! Readers see a record only once it is on disk too: the flusher publishes it to the
//! readers' ledger after its flush, before the answer leaves.

use crate::ledger::LockRecord;
use crate::store::{
    OpResult, Result, RevealRequest, Store, StoreError, SyncRefusal, SyncRequest, Unpublished,
    Written,
};
use app::domain::scoring::Quorum;
use tokio::sync::{mpsc, oneshot};

type Reply<T> = oneshot::Sender<Result<T>>;
type RevealReply = std::result::Result<LockRecord, Quorum>;
type SyncReply = std::result::Result<Vec<OpResult>, SyncRefusal>;
type Any = Box<dyn std::any::Any + Send>;
type Work = Box<dyn FnOnce(&Store) -> Any + Send>;

type WorkWritten = Box<dyn FnOnce(&Store) -> (Any, Option<Unpublished>) + Send>;

enum Job {
    Sync(SyncRequest, Reply<SyncReply>),
    Reveal(RevealRequest, Reply<RevealReply>),
    Apply(Work, Reply<Any>),
    /// A change that also changes what readers' ledgers hold (an ended rehearsal).
    ApplyWritten(WorkWritten, Reply<Any>),
}

/// A job written (or refused), waiting for the flush that makes it durable.
enum Done {
    /// The request rides along to be dropped here rather than on the writer's thread.
    Sync(Result<SyncReply>, Reply<SyncReply>, Box<SyncRequest>),
    Reveal(Box<Result<RevealReply>>, Reply<RevealReply>),
    Apply(Any, Reply<Any>),
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
            Done::Apply(r, reply) => {
                let _ = reply.send(after_flush(Ok(r), flushed));
            }
        }
    }
}

/// Splits what the store wrote into the answer and the record to publish after the flush.
fn written<T>(
    result: Result<std::result::Result<Written<T>, SyncRefusal>>,
) -> (
    Result<std::result::Result<T, SyncRefusal>>,
    Option<Unpublished>,
) {
    match result {
        Ok(Ok(Written {
            answer,
            unpublished,
        })) => (Ok(Ok(answer)), unpublished),
        Ok(Err(refusal)) => (Ok(Err(refusal)), None),
        Err(e) => (Err(e), None),
    }
}

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    pub fn start(store: Store) -> Writer {
        let (jobs, mut queue) = mpsc::channel::<Job>(4096);
        let (written_tx, mut to_flush) = mpsc::unbounded_channel::<(Done, Option<Unpublished>)>();
        let flusher = store.clone();
        std::thread::Builder::new()
            .name("leitai-writer".into())
            .spawn(move || {
                while let Some(job) = queue.blocking_recv() {
                    let done = match job {
                        Job::Sync(req, reply) => {
                            let (answer, unpublished) = written(store.apply_sync(&req));
                            (Done::Sync(answer, reply, Box::new(req)), unpublished)
                        }
                        Job::Reveal(req, reply) => {
                            let (answer, unpublished) = match store.apply_reveal(&req) {
                                Ok(w) => (Ok(w.answer), w.unpublished),
                                Err(e) => (Err(e), None),
                            };
                            (Done::Reveal(Box::new(answer), reply), unpublished)
                        }
                        Job::Apply(work, reply) => (Done::Apply(work(&store), reply), None),
                        Job::ApplyWritten(work, reply) => {
                            let (answer, unpublished) = work(&store);
                            (Done::Apply(answer, reply), unpublished)
                        }
                    };
                    // Every job waits for a flush, even one that wrote nothing: a replay's
                    // recorded result may still be on its way to disk.
                    if written_tx.send(done).is_err() {
                        break;
                    }
                }
            })
            .expect("the writer thread starts");
        std::thread::Builder::new()
            .name("leitai-flusher".into())
            .spawn(move || {
                // Records whose flush failed: a later flush that succeeds covers them too.
                let mut unpublished: Vec<Unpublished> = Vec::new();
                while let Some(first) = to_flush.blocking_recv() {
                    let mut group = vec![first];
                    while let Ok(done) = to_flush.try_recv() {
                        group.push(done);
                    }
                    // Everything in `group` was written before this flush began.
                    let flushed = flusher.flush_blocking();
                    // (What `flush_blocking` covered is readable now; the ledger's records
                    // follow.)
                    let mut answers = Vec::with_capacity(group.len());
                    for (done, record) in group {
                        unpublished.extend(record);
                        answers.push(done);
                    }
                    if flushed.is_ok() {
                        flusher.publish(unpublished.drain(..));
                        if let Err(e) = flusher.snapshot(false) {
                            tracing::warn!("a ledger snapshot was not written: {e}");
                        }
                    }
                    for done in answers {
                        done.answer(&flushed);
                    }
                }
            })
            .expect("the flusher thread starts");
        Writer { jobs }
    }

    /// Decides and writes a sync request: its results once durable and readable, or the
    /// limit it would break (nothing written).
    pub async fn sync(&self, req: SyncRequest) -> Result<SyncReply> {
        self.submit(|reply| Job::Sync(req, reply)).await
    }

    pub async fn reveal(&self, req: RevealRequest) -> Result<RevealReply> {
        self.submit(|reply| Job::Reveal(req, reply)).await
    }

    /// Runs `work` on the writer's thread, in turn with every other change, and answers
    /// once what it wrote is on disk and readable.
    pub async fn apply<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> T + Send + 'static,
    ) -> Result<T> {
        let done = self
            .submit(|reply| {
                Job::Apply(
                    Box::new(move |store: &Store| Box::new(work(store)) as Any),
                    reply,
                )
            })
            .await?;
        Ok(*done
            .downcast::<T>()
            .expect("the writer answers with the work's own type"))
    }

    /// Like [`Writer::apply`], for a change whose record readers' ledgers take in after the
    /// flush ([`Written::unpublished`]).
    pub async fn apply_written<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> Result<Written<T>> + Send + 'static,
    ) -> Result<T> {
        let done = self
            .submit(|reply| {
                Job::ApplyWritten(
                    Box::new(move |store: &Store| match work(store) {
                        Ok(w) => (
                            Box::new(Ok::<T, StoreError>(w.answer)) as Any,
                            w.unpublished,
                        ),
                        Err(e) => (Box::new(Err::<T, StoreError>(e)) as Any, None),
                    }),
                    reply,
                )
            })
            .await?;
        *done
            .downcast::<Result<T>>()
            .expect("the writer answers with the work's own type")
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
