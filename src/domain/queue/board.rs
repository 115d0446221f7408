//! The waiting-room board (bảng hiển thị): who is being served where, the last
//! numbers called, and how many wait in each area.

use chrono::NaiveDate;
use serde::Serialize;

use super::{ServiceArea, Ticket, TicketStatus};

/// How many recent calls the board lists.
pub const BOARD_RECENT: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Board {
    pub date: NaiveDate,
    /// One entry per counter with a ticket called, by counter number.
    pub serving: Vec<Serving>,
    /// The most recently called (or recalled) tickets, newest first.
    pub recent: Vec<Ticket>,
    /// Every configured area, in settings order, then any other area that has tickets.
    pub waiting: Vec<AreaWaiting>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Serving {
    pub counter: u8,
    pub ticket: Ticket,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaWaiting {
    pub area: char,
    /// Empty for an area no longer in the settings.
    pub name: String,
    pub waiting: u32,
    /// Of which priority tickets.
    pub priority: u32,
}

/// The board for `date` from that day's tickets.
pub fn board(date: NaiveDate, tickets: &[Ticket], areas: &[ServiceArea], recent: usize) -> Board {
    let today: Vec<&Ticket> = tickets.iter().filter(|t| t.day == date).collect();
    let mut serving: Vec<Serving> = Vec::new();
    for t in today.iter().filter(|t| t.status == TicketStatus::Called) {
        let Some(counter) = t.counter_no else {
            continue;
        };
        match serving.iter_mut().find(|s| s.counter == counter) {
            // One counter calls one ticket at a time; should two ever show, the later call wins.
            Some(s) if s.ticket.last_called_at < t.last_called_at => s.ticket = (*t).clone(),
            Some(_) => {}
            None => serving.push(Serving {
                counter,
                ticket: (*t).clone(),
            }),
        }
    }
    serving.sort_by_key(|s| s.counter);

    let mut called: Vec<&Ticket> = today
        .iter()
        .copied()
        .filter(|t| t.last_called_at.is_some())
        .collect();
    called.sort_by_key(|t| std::cmp::Reverse((t.last_called_at, t.id)));
    let recent = called.into_iter().take(recent).cloned().collect();

    let mut waiting: Vec<AreaWaiting> = areas
        .iter()
        .map(|a| AreaWaiting {
            area: a.letter,
            name: a.name.clone(),
            waiting: 0,
            priority: 0,
        })
        .collect();
    for t in today.iter().filter(|t| t.status == TicketStatus::Waiting) {
        let i = match waiting.iter().position(|w| w.area == t.area) {
            Some(i) => i,
            None => {
                waiting.push(AreaWaiting {
                    area: t.area,
                    name: String::new(),
                    waiting: 0,
                    priority: 0,
                });
                waiting.len() - 1
            }
        };
        waiting[i].waiting += 1;
        waiting[i].priority += u32::from(t.is_priority());
    }
    Board {
        date,
        serving,
        recent,
        waiting,
    }
}

#[cfg(test)]
mod tests;
