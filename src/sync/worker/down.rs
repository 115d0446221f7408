//! What flows back: items the hub queued for this station, pulled from
//! `down_through` on and applied one by one (the store moves the mark with
//! each item, in the same transaction).

use chrono::NaiveDateTime;

use super::{SyncError, SyncOptions, SyncReport};
use crate::store::{DownOutcome, Store};
use crate::sync::client::Receiver;

pub(super) fn pull(
    store: &mut Store,
    receiver: &dyn Receiver,
    now: &dyn Fn() -> NaiveDateTime,
    options: SyncOptions<'_>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    loop {
        options.check()?;
        let after = store.sync_state()?.down_through;
        let mut items = receiver.down(after)?.items;
        // Applied in order: the mark only moves forward, so an item that came
        // after a higher one would be passed over for good.
        items.sort_by_key(|i| i.seq);
        let mut moved = false;
        for item in items.iter().filter(|i| i.seq > after) {
            moved = true;
            match store.apply_down_item(item, now())? {
                DownOutcome::Applied => report.down_applied += 1,
                DownOutcome::Problem(problem) => {
                    report.down_problems += 1;
                    report.problems.push(problem);
                }
                DownOutcome::AlreadyDone => {}
            }
        }
        // An empty page (or one of items already applied) is the end.
        if !moved {
            return Ok(());
        }
    }
}
