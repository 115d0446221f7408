//! The queue (xếp hàng lấy số) behind one boundary, used by both the GUI and the CLI.
//!
//! Today every PC has its own queue in its own database ([`LocalQueue`]); tickets
//! issued on one PC are called on that PC. Several counters sharing one queue over
//! the LAN will be another implementation of [`Queue`], so the screens need not
//! change. Meanwhile, numbers from different PCs cannot be confused: a center with
//! more than one PC issuing tickets gives each its own `queue_prefix` (e.g. its
//! counter digit, `2A-015`).
//!
//! Times are parameters (`now`), as in `intake`, so tests can pin the clock.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::Localized;
use crate::domain::access::Permission;
use crate::domain::queue::{
    BOARD_RECENT, Board, Figures, Priority, Ticket, TicketError, TicketStatus, board,
    check_counter, check_queue_settings, figures, normalize_number,
};
use crate::domain::settings::QueueSettings;
use crate::store::{Actor, Refusable, Store, StoreError};

#[derive(Debug, Clone, thiserror::Error)]
pub enum QueueError {
    /// A rule refused: nothing changed.
    #[error(transparent)]
    Rule(#[from] TicketError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Localized for QueueError {
    fn vi(&self) -> String {
        match self {
            QueueError::Rule(e) => e.vi(),
            QueueError::Store(e) => e.vi(),
        }
    }
}

/// What the counters, the ticket kiosk and the board need of a queue. Every write
/// is durable when it returns; a refused one changed nothing.
pub trait Queue {
    /// "Lấy số": the next ticket of `area`, stored before it is returned (and so
    /// before anyone prints it).
    fn issue(
        &mut self,
        area: char,
        priority: Option<Priority>,
        now: NaiveDateTime,
    ) -> Result<Ticket, QueueError>;

    /// "Gọi số tiếp theo" at `counter`, from `areas`: completes the ticket the
    /// counter was serving, then calls the next by the fairness rule
    /// (`domain::queue::select_next`). `None` when nobody waits.
    fn call_next(
        &mut self,
        counter: u8,
        areas: &[char],
        now: NaiveDateTime,
    ) -> Result<Option<Ticket>, QueueError>;

    /// "Gọi lại": announce again the ticket `counter` is calling.
    fn recall(&mut self, counter: u8, now: NaiveDateTime) -> Result<Ticket, QueueError>;

    /// "Bỏ qua": the called citizen is not there (no-show).
    fn skip(&mut self, ticket_id: i64) -> Result<Ticket, QueueError>;

    /// Call a skipped ticket specifically, the same day, at `counter`.
    fn call_again(
        &mut self,
        ticket_id: i64,
        counter: u8,
        now: NaiveDateTime,
    ) -> Result<Ticket, QueueError>;

    /// "Chuyển": to another area, keeping its place by original issue time.
    fn transfer(&mut self, ticket_id: i64, to_area: char) -> Result<Ticket, QueueError>;

    /// "Hoàn thành".
    fn complete(&mut self, ticket_id: i64, now: NaiveDateTime) -> Result<Ticket, QueueError>;

    /// Intake started from this ticket produced dossier `dossier_code`.
    fn link_dossier(&mut self, ticket_id: i64, dossier_code: &str) -> Result<Ticket, QueueError>;

    fn ticket(&self, ticket_id: i64) -> Result<Ticket, QueueError>;

    /// The ticket printed `number` (as typed: `a-15` finds `A-015`) on `date`.
    fn find(&self, date: NaiveDate, number: &str) -> Result<Ticket, QueueError>;

    /// All of `date`'s tickets, in issue order.
    fn tickets(&self, date: NaiveDate) -> Result<Vec<Ticket>, QueueError>;

    /// `date`'s waiting tickets, in issue order.
    fn waiting(&self, date: NaiveDate) -> Result<Vec<Ticket>, QueueError>;

    fn board(&self, date: NaiveDate) -> Result<Board, QueueError>;

    /// Figures for the tickets issued from `from` to `to`, both included.
    fn figures(&self, from: NaiveDate, to: NaiveDate) -> Result<Figures, QueueError>;
}

/// The queue of this PC, in its database. Cheap to create: the GUI, which keeps
/// the `Store` behind a mutex, makes one per call on its worker thread.
pub struct LocalQueue<'a> {
    store: &'a mut Store,
    actor: Actor,
    settings: QueueSettings,
}

impl<'a> LocalQueue<'a> {
    pub fn new(store: &'a mut Store, actor: Actor) -> Result<Self, QueueError> {
        let settings = store.queue_settings()?;
        Ok(LocalQueue {
            store,
            actor,
            settings,
        })
    }

    pub fn settings(&self) -> &QueueSettings {
        &self.settings
    }

    /// Checks and saves new queue settings (with an audit row); returns them cleaned.
    pub fn save_settings(&mut self, settings: &QueueSettings) -> Result<QueueSettings, QueueError> {
        let clean = check_queue_settings(settings)?;
        self.store.save_queue_settings(&clean, &self.actor)?;
        self.settings = clean.clone();
        Ok(clean)
    }

    /// An area that exists and that this PC's counter serves.
    fn served(&self, area: char) -> Result<char, TicketError> {
        if !self.settings.areas.iter().any(|a| a.letter == area) {
            return Err(TicketError::UnknownArea(area));
        }
        if !self.settings.counter_areas.contains(&area) {
            return Err(TicketError::AreaNotServed(area));
        }
        Ok(area)
    }
}

/// Flattens a store result whose rule may have refused.
fn flat<T>(r: Refusable<T>) -> Result<T, QueueError> {
    Ok(r??)
}

impl Queue for LocalQueue<'_> {
    fn issue(
        &mut self,
        area: char,
        priority: Option<Priority>,
        now: NaiveDateTime,
    ) -> Result<Ticket, QueueError> {
        let area = self.served(area)?;
        let prefix = self.settings.queue_prefix.clone();
        Ok(self
            .store
            .issue_ticket(area, priority, &prefix, now, &self.actor)?)
    }

    fn call_next(
        &mut self,
        counter: u8,
        areas: &[char],
        now: NaiveDateTime,
    ) -> Result<Option<Ticket>, QueueError> {
        check_counter(counter)?;
        if areas.is_empty() {
            return Err(TicketError::NoAreas.into());
        }
        for &a in areas {
            self.served(a)?;
        }
        flat(
            self.store
                .call_next_ticket(counter, areas, now, &self.actor),
        )
    }

    fn recall(&mut self, counter: u8, now: NaiveDateTime) -> Result<Ticket, QueueError> {
        check_counter(counter)?;
        flat(self.store.recall_ticket(counter, now, &self.actor))
    }

    fn skip(&mut self, ticket_id: i64) -> Result<Ticket, QueueError> {
        flat(
            self.store
                .change_ticket(ticket_id, "ticket.skip", &self.actor, Ticket::skip),
        )
    }

    fn call_again(
        &mut self,
        ticket_id: i64,
        counter: u8,
        now: NaiveDateTime,
    ) -> Result<Ticket, QueueError> {
        check_counter(counter)?;
        flat(
            self.store
                .call_ticket_again(ticket_id, counter, now, &self.actor),
        )
    }

    fn transfer(&mut self, ticket_id: i64, to_area: char) -> Result<Ticket, QueueError> {
        let to = self.served(to_area)?;
        flat(
            self.store
                .change_ticket(ticket_id, "ticket.transfer", &self.actor, |t| {
                    t.transfer(to)
                }),
        )
    }

    fn complete(&mut self, ticket_id: i64, now: NaiveDateTime) -> Result<Ticket, QueueError> {
        flat(
            self.store
                .change_ticket(ticket_id, "ticket.complete", &self.actor, |t| {
                    t.complete(now)
                }),
        )
    }

    fn link_dossier(&mut self, ticket_id: i64, dossier_code: &str) -> Result<Ticket, QueueError> {
        let code = dossier_code.trim();
        flat(self.store.link_ticket_dossier(ticket_id, code, &self.actor))
    }

    fn ticket(&self, ticket_id: i64) -> Result<Ticket, QueueError> {
        self.store
            .ticket(ticket_id)?
            .ok_or_else(|| TicketError::NoSuchTicket(format!("#{ticket_id}")).into())
    }

    fn find(&self, date: NaiveDate, number: &str) -> Result<Ticket, QueueError> {
        let missing = || TicketError::NoSuchTicket(number.trim().to_string());
        let number = normalize_number(number).ok_or_else(missing)?;
        Ok(self
            .store
            .ticket_by_number(date, &number)?
            .ok_or_else(missing)?)
    }

    fn tickets(&self, date: NaiveDate) -> Result<Vec<Ticket>, QueueError> {
        Ok(self.store.tickets_between(date, date)?)
    }

    fn waiting(&self, date: NaiveDate) -> Result<Vec<Ticket>, QueueError> {
        let mut all = self.tickets(date)?;
        all.retain(|t| t.status == TicketStatus::Waiting);
        Ok(all)
    }

    fn board(&self, date: NaiveDate) -> Result<Board, QueueError> {
        let all = self.tickets(date)?;
        Ok(board(date, &all, &self.settings.areas, BOARD_RECENT))
    }

    fn figures(&self, from: NaiveDate, to: NaiveDate) -> Result<Figures, QueueError> {
        self.actor
            .require(Permission::Reports)
            .map_err(StoreError::from)?;
        if from > to {
            return Err(TicketError::BadPeriod { from, to }.into());
        }
        let all = self.store.tickets_between(from, to)?;
        Ok(figures(&all, from, to))
    }
}
