//! What each button does to a ticket. Every step returns the changed ticket, or
//! refuses and leaves it as it was; the store writes the result.

use chrono::NaiveDateTime;

use super::{Step, Ticket, TicketError, TicketStatus};
use crate::domain::numbering::MAX_COUNTER;

/// Counter numbers run 1–9, as in dossier codes.
pub fn check_counter(counter: u8) -> Result<u8, TicketError> {
    if (1..=MAX_COUNTER).contains(&counter) {
        Ok(counter)
    } else {
        Err(TicketError::BadCounter(counter))
    }
}

impl Ticket {
    fn refuse(&self, step: Step) -> TicketError {
        TicketError::WrongStatus {
            number: self.number.clone(),
            status: self.status,
            step,
        }
    }

    fn called_at(&self, counter: u8, now: NaiveDateTime) -> Ticket {
        Ticket {
            status: TicketStatus::Called,
            counter_no: Some(counter),
            first_called_at: self.first_called_at.or(Some(now)),
            last_called_at: Some(now),
            ..self.clone()
        }
    }

    /// "Gọi số tiếp theo" took this waiting ticket for `counter`. The first call
    /// time is kept through transfers: waiting time ends when a counter first calls.
    pub fn call(&self, counter: u8, now: NaiveDateTime) -> Result<Ticket, TicketError> {
        check_counter(counter)?;
        match self.status {
            TicketStatus::Waiting => Ok(self.called_at(counter, now)),
            _ => Err(self.refuse(Step::Call)),
        }
    }

    /// A skipped (no-show) ticket called specifically, the same day: it is called at
    /// `counter` again. Another day's ticket is refused: its holder has gone home.
    pub fn call_again(&self, counter: u8, now: NaiveDateTime) -> Result<Ticket, TicketError> {
        check_counter(counter)?;
        if self.status != TicketStatus::Skipped {
            return Err(self.refuse(Step::CallAgain));
        }
        if self.day != now.date() {
            return Err(TicketError::NotToday {
                number: self.number.clone(),
                day: self.day,
            });
        }
        Ok(self.called_at(counter, now))
    }

    /// "Gọi lại": the call is announced again; the ticket stays where it is.
    pub fn recall(&self, now: NaiveDateTime) -> Result<Ticket, TicketError> {
        match self.status {
            TicketStatus::Called => Ok(Ticket {
                recalls: self.recalls + 1,
                last_called_at: Some(now),
                ..self.clone()
            }),
            _ => Err(self.refuse(Step::Recall)),
        }
    }

    /// "Bỏ qua": called and not there.
    pub fn skip(&self) -> Result<Ticket, TicketError> {
        match self.status {
            TicketStatus::Called => Ok(Ticket {
                status: TicketStatus::Skipped,
                skips: self.skips + 1,
                ..self.clone()
            }),
            _ => Err(self.refuse(Step::Skip)),
        }
    }

    /// "Chuyển": the citizen needs another area. The ticket waits there with its
    /// original issue time, so it keeps its place; it leaves the counter that had it.
    pub fn transfer(&self, to: char) -> Result<Ticket, TicketError> {
        if self.status == TicketStatus::Done {
            return Err(self.refuse(Step::Transfer));
        }
        if self.area == to {
            return Err(TicketError::SameArea {
                number: self.number.clone(),
                area: to,
            });
        }
        Ok(Ticket {
            area: to,
            status: TicketStatus::Waiting,
            counter_no: None,
            transfers: self.transfers + 1,
            ..self.clone()
        })
    }

    /// "Hoàn thành".
    pub fn complete(&self, now: NaiveDateTime) -> Result<Ticket, TicketError> {
        match self.status {
            TicketStatus::Called => Ok(Ticket {
                status: TicketStatus::Done,
                completed_at: Some(now),
                ..self.clone()
            }),
            _ => Err(self.refuse(Step::Complete)),
        }
    }

    /// Intake started from this ticket: remember the dossier's code. Only a ticket
    /// that has reached a counter has a citizen at one.
    pub fn link(&self, dossier_code: &str) -> Result<Ticket, TicketError> {
        match self.status {
            TicketStatus::Called | TicketStatus::Done => {
                let mut t = self.clone();
                if !t.dossiers.iter().any(|c| c == dossier_code) {
                    t.dossiers.push(dossier_code.to_string());
                    // Sorted, as the store reads them back.
                    t.dossiers.sort();
                }
                Ok(t)
            }
            _ => Err(self.refuse(Step::Link)),
        }
    }
}

#[cfg(test)]
mod tests;
