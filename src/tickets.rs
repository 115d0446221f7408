//! Printing queue tickets (phiếu số thứ tự) for the GUI and the CLI. Each print
//! is recorded in the audit trail under the ticket, so every copy after the
//! first is marked "IN LẠI".

use crate::domain::access::Permission;
use crate::domain::queue::{Ticket, TicketStatus, call_order};
use crate::print::{PrintJob, Printer, TICKET_MEDIA, TicketSlip, render_ticket};
use crate::queue::{LocalQueue, Queue};
use crate::slips::SlipError;
use crate::store::{Actor, Store, StoreError};

const PRINTED: &str = "ticket.print";

/// The PDF of `ticket` as it stands now, and whether it is a reprint.
pub fn render(
    store: &mut Store,
    ticket: &Ticket,
    actor: &Actor,
) -> Result<(Vec<u8>, bool), SlipError> {
    let reprint = store.count_actions(&ticket.entity_key(), PRINTED)? > 0;
    let settings = store.settings()?;
    let queue = LocalQueue::new(store, actor.clone())?;
    let area_name = queue
        .settings()
        .areas
        .iter()
        .find(|a| a.letter == ticket.area)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let ahead = if ticket.status == TicketStatus::Waiting {
        let waiting = queue.waiting(ticket.day)?;
        let order = call_order(&waiting, &[ticket.area], &[]);
        order
            .iter()
            .position(|t| t.id == ticket.id)
            .unwrap_or(order.len()) as u32
    } else {
        0
    };
    let slip = TicketSlip {
        center_name: settings.center_name.clone(),
        label: ticket.number.clone(),
        area_name,
        issued_at: ticket.issued_at,
        waiting_ahead: ahead,
        priority: ticket
            .priority
            .map(|p| format!("Ưu tiên: {}", p.vi().to_lowercase())),
        reprint,
        footer: "Vui lòng chờ đến khi số của quý vị được gọi.".into(),
    };
    Ok((render_ticket(&slip)?, reprint))
}

/// Sends the ticket to the receipt printer and records the print.
pub fn print(
    store: &mut Store,
    ticket: &Ticket,
    printer: &dyn Printer,
    actor: &Actor,
) -> Result<bool, SlipError> {
    actor.require(Permission::Print).map_err(StoreError::from)?;
    let (pdf, reprint) = render(store, ticket, actor)?;
    let queue = store.settings()?.ticket_printer_or_default();
    let job = PrintJob {
        title: format!("Số thứ tự {}", ticket.number),
        media: TICKET_MEDIA.to_string(),
        printer: Some(queue).filter(|p| !p.trim().is_empty()),
    };
    printer.print_pdf(&pdf, &job)?;
    record(store, ticket, "printer", reprint, actor)?;
    Ok(reprint)
}

/// Writes the ticket as a PDF file and records the print.
pub fn save(
    store: &mut Store,
    ticket: &Ticket,
    path: &std::path::Path,
    actor: &Actor,
) -> Result<bool, SlipError> {
    actor.require(Permission::Print).map_err(StoreError::from)?;
    let (pdf, reprint) = render(store, ticket, actor)?;
    crate::slips::write_file(path, &pdf)?;
    record(store, ticket, "pdf", reprint, actor)?;
    Ok(reprint)
}

fn record(
    store: &mut Store,
    t: &Ticket,
    target: &str,
    reprint: bool,
    actor: &Actor,
) -> Result<(), SlipError> {
    let detail = serde_json::json!({ "target": target, "reprint": reprint });
    let action = if reprint {
        "ticket.print.reprint"
    } else {
        "ticket.print.original"
    };
    Ok(store.record_event(actor, action, &t.entity_key(), &detail)?)
}
