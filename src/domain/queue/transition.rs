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
mod tests {
    use super::super::tests::{at, ticket};
    use super::*;

    #[test]
    fn a_ticket_through_its_day() {
        let t = ticket(1, 'A', false, 8, 0);
        let called = t.call(2, at(8, 10)).unwrap();
        assert_eq!(called.status, TicketStatus::Called);
        assert_eq!(called.counter_no, Some(2));
        assert_eq!(called.first_called_at, Some(at(8, 10)));
        let recalled = called.recall(at(8, 11)).unwrap().recall(at(8, 12)).unwrap();
        assert_eq!(recalled.recalls, 2);
        assert_eq!(recalled.first_called_at, Some(at(8, 10)));
        assert_eq!(recalled.last_called_at, Some(at(8, 12)));
        let skipped = recalled.skip().unwrap();
        assert_eq!((skipped.status, skipped.skips), (TicketStatus::Skipped, 1));
        let again = skipped.call_again(3, at(9, 0)).unwrap();
        assert_eq!(again.counter_no, Some(3));
        assert_eq!(
            again.first_called_at,
            Some(at(8, 10)),
            "wait ended at 08:10"
        );
        let linked = again
            .link("X-261125-3001")
            .unwrap()
            .link("X-261125-3001")
            .unwrap();
        assert_eq!(linked.dossiers, ["X-261125-3001"]);
        let done = linked.complete(at(9, 20)).unwrap();
        assert_eq!(done.status, TicketStatus::Done);
        assert_eq!(done.completed_at, Some(at(9, 20)));
    }

    #[test]
    fn steps_refused_in_the_wrong_status() {
        let waiting = ticket(1, 'A', false, 8, 0);
        let called = waiting.call(1, at(8, 5)).unwrap();
        let skipped = called.skip().unwrap();
        let done = called.complete(at(8, 9)).unwrap();
        let wrong = |r: Result<Ticket, TicketError>, step: Step| match r {
            Err(TicketError::WrongStatus { step: s, .. }) => assert_eq!(s, step),
            other => panic!("{step:?}: {other:?}"),
        };
        wrong(called.call(1, at(8, 6)), Step::Call);
        wrong(waiting.recall(at(8, 6)), Step::Recall);
        wrong(skipped.recall(at(8, 6)), Step::Recall);
        wrong(waiting.skip(), Step::Skip);
        wrong(done.skip(), Step::Skip);
        wrong(waiting.complete(at(8, 6)), Step::Complete);
        wrong(skipped.complete(at(8, 6)), Step::Complete);
        wrong(waiting.call_again(1, at(8, 6)), Step::CallAgain);
        wrong(called.call_again(1, at(8, 6)), Step::CallAgain);
        wrong(done.transfer('B'), Step::Transfer);
        wrong(waiting.link("X"), Step::Link);
        wrong(skipped.link("X"), Step::Link);
        assert_eq!(
            waiting.call(0, at(8, 6)).unwrap_err(),
            TicketError::BadCounter(0)
        );
        assert_eq!(
            waiting.call(10, at(8, 6)).unwrap_err(),
            TicketError::BadCounter(10)
        );
    }

    #[test]
    fn a_skipped_ticket_can_be_called_again_only_the_same_day() {
        let skipped = ticket(1, 'A', false, 8, 0)
            .call(1, at(8, 5))
            .unwrap()
            .skip()
            .unwrap();
        let tomorrow = at(8, 0) + chrono::Duration::days(1);
        assert!(matches!(
            skipped.call_again(1, tomorrow),
            Err(TicketError::NotToday { .. })
        ));
    }

    #[test]
    fn a_transfer_keeps_issue_time_and_first_call() {
        let called = ticket(1, 'A', false, 8, 0).call(2, at(8, 5)).unwrap();
        let moved = called.transfer('B').unwrap();
        assert_eq!(moved.status, TicketStatus::Waiting);
        assert_eq!((moved.area, moved.issued_area), ('B', 'A'));
        assert_eq!(
            moved.number, "A-001",
            "the citizen keeps the slip they hold"
        );
        assert_eq!(moved.issued_at, at(8, 0));
        assert_eq!(moved.first_called_at, Some(at(8, 5)));
        assert_eq!((moved.counter_no, moved.transfers), (None, 1));
        assert!(matches!(
            moved.transfer('B'),
            Err(TicketError::SameArea { area: 'B', .. })
        ));
        let skipped = called.skip().unwrap();
        assert_eq!(skipped.transfer('C').unwrap().status, TicketStatus::Waiting);
    }
}
