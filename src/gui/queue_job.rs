//! Queue work for the GUI, run on the job thread like every other I/O. Each
//! operation answers with the day's fresh snapshot, so the counter bar, the
//! kiosk and the now-serving display update from one read.

use chrono::NaiveDateTime;

use crate::domain::queue::{Board, Priority, Ticket, TicketStatus, call_order};
use crate::domain::settings::QueueSettings;
use crate::queue::{LocalQueue, Queue, QueueError};
use crate::store::{Actor, Store, StoreError};

/// Who asked, so the answer goes back to the right screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Counter,
    Kiosk,
    Poll,
}

#[derive(Debug, Clone, PartialEq)]
pub enum QueueOp {
    Refresh,
    Issue(char, Option<Priority>),
    CallNext { counter: u8, areas: Vec<char> },
    Recall { counter: u8 },
    Skip(i64),
    CallAgain { ticket: i64, counter: u8 },
    Transfer { ticket: i64, to: char },
    Complete(i64),
    Link { ticket: i64, dossier_code: String },
}

/// The day as the queue sees it after an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub board: Board,
    /// Tickets skipped today, which a counter may call again.
    pub skipped: Vec<Ticket>,
    /// Tickets waiting today, whose slips staff may print again.
    pub waiting: Vec<Ticket>,
    pub settings: QueueSettings,
}

#[derive(Debug, Clone)]
pub struct QueueReply {
    pub origin: Origin,
    pub op: QueueOp,
    /// The ticket the operation touched (`None`: nobody was waiting).
    pub result: Result<Option<Ticket>, QueueError>,
    /// Tickets waiting ahead of an issued one, in its area.
    pub ahead: u32,
    pub snapshot: Option<Box<Snapshot>>,
}

/// The answer to an operation refused before it ran (nobody logged in).
pub fn refused(origin: Origin, op: QueueOp, e: StoreError) -> QueueReply {
    QueueReply {
        origin,
        op,
        result: Err(e.into()),
        ahead: 0,
        snapshot: None,
    }
}

pub fn run(
    store: &mut Store,
    actor: Actor,
    origin: Origin,
    op: QueueOp,
    now: NaiveDateTime,
) -> QueueReply {
    let mut queue = match LocalQueue::new(store, actor) {
        Ok(q) => q,
        Err(e) => {
            return QueueReply {
                origin,
                op,
                result: Err(e),
                ahead: 0,
                snapshot: None,
            };
        }
    };
    let result = apply(&mut queue, &op, now);
    let ahead = match &result {
        Ok(Some(t)) if matches!(op, QueueOp::Issue(..)) => queue
            .waiting(t.day)
            .map(|w| {
                // The fairness rule's own order, as one counter of the area would call them.
                let order = call_order(&w, &[t.area], &[]);
                order
                    .iter()
                    .position(|o| o.id == t.id)
                    .unwrap_or(order.len()) as u32
            })
            .unwrap_or(0),
        _ => 0,
    };
    let snapshot = snapshot(&queue, now).ok().map(Box::new);
    QueueReply {
        origin,
        op,
        result,
        ahead,
        snapshot,
    }
}

fn apply(
    q: &mut LocalQueue,
    op: &QueueOp,
    now: NaiveDateTime,
) -> Result<Option<Ticket>, QueueError> {
    Ok(match op {
        QueueOp::Refresh => None,
        QueueOp::Issue(area, priority) => Some(q.issue(*area, *priority, now)?),
        QueueOp::CallNext { counter, areas } => q.call_next(*counter, areas, now)?,
        QueueOp::Recall { counter } => Some(q.recall(*counter, now)?),
        QueueOp::Skip(id) => Some(q.skip(*id)?),
        QueueOp::CallAgain { ticket, counter } => Some(q.call_again(*ticket, *counter, now)?),
        QueueOp::Transfer { ticket, to } => Some(q.transfer(*ticket, *to)?),
        QueueOp::Complete(id) => Some(q.complete(*id, now)?),
        QueueOp::Link {
            ticket,
            dossier_code,
        } => Some(q.link_dossier(*ticket, dossier_code)?),
    })
}

fn snapshot(q: &LocalQueue, now: NaiveDateTime) -> Result<Snapshot, QueueError> {
    let day = now.date();
    let all = q.tickets(day)?;
    let of = |status| {
        all.iter()
            .filter(|t| t.status == status)
            .cloned()
            .collect::<Vec<_>>()
    };
    Ok(Snapshot {
        board: q.board(day)?,
        skipped: of(TicketStatus::Skipped),
        waiting: of(TicketStatus::Waiting),
        settings: q.settings().clone(),
    })
}
