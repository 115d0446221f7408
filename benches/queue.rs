//! Queue tickets, measured with criterion (`cargo bench --bench queue`). Target
//! from issue 3: issue and store one ticket durably (WAL, `synchronous=FULL`, one
//! transaction with the sequence and the audit row) ≤ 5 ms median.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use quay::queue::{LocalQueue, Queue};
use quay::store::{Actor, Store};

fn issue(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).expect("open");
    let actor = Actor::system("bench");
    // As the GUI does: a LocalQueue per action (it reads the queue settings each time).
    c.bench_function("issue_ticket_durable", |b| {
        b.iter(|| {
            LocalQueue::new(&mut store, actor.clone())
                .expect("queue")
                .issue(black_box('A'), None, quay::store::now_local())
                .expect("issue")
        })
    });
}

fn call(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).expect("open");
    let actor = Actor::system("bench");
    // "Next" reads the day's waiting tickets and the counter's recent calls: keep a
    // busy morning's backlog of 100 waiting, one in and one out per iteration.
    let mut q = LocalQueue::new(&mut store, actor.clone()).expect("queue");
    for i in 0..100 {
        let priority = (i % 5 == 0).then_some(quay::domain::queue::Priority::Elderly);
        q.issue('A', priority, quay::store::now_local())
            .expect("issue");
    }
    drop(q);
    c.bench_function("issue_and_call_next_backlog_100", |b| {
        b.iter(|| {
            let mut q = LocalQueue::new(&mut store, actor.clone()).expect("queue");
            q.issue('A', None, quay::store::now_local()).expect("issue");
            q.call_next(1, black_box(&['A']), quay::store::now_local())
                .expect("call")
        })
    });
}

criterion_group!(benches, issue, call);
criterion_main!(benches);
