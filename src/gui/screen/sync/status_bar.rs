//! The sync status bar at the bottom of every screen: connected or not, events
//! waiting to be sent, events the hub rejected, the last successful sync, and
//! "Đồng bộ ngay".

use chrono::NaiveDateTime;
use iced::widget::{button, container, row, space, text};
use iced::{Center, Element, Fill};

use super::Overview;
use crate::domain::format::{fmt_datetime, fmt_time};
use crate::gui::style::{BOLD, SMALL};
use crate::gui::sync_loop::{SyncControl, SyncEvent};
use crate::store::SyncState;
use crate::sync::watch::SyncStatus;

#[derive(Debug, Clone)]
pub enum Message {
    SyncNow,
    OpenSync,
}

/// The link to the hub, as the loop last told it.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// The loop has not answered yet.
    Waiting,
    Connected,
    /// The hub could not be reached; the loop tries again at `retry_at`.
    Unreachable {
        retry_at: NaiveDateTime,
    },
    /// The hub (or this station) refused; the sync screen says why.
    Failed {
        message: String,
        retry_at: NaiveDateTime,
    },
    /// The loop found no hub address.
    NotConfigured,
}

pub struct SyncBar {
    overview: Option<Overview>,
    link: Link,
    /// A run is in progress.
    syncing: bool,
    control: Option<SyncControl>,
    /// An overview read is under way: ticks do not pile more up.
    loading: bool,
}

impl Default for SyncBar {
    fn default() -> Self {
        SyncBar {
            overview: None,
            link: Link::Waiting,
            syncing: false,
            control: None,
            loading: false,
        }
    }
}

impl SyncBar {
    /// The hub address the loop should run for; None while unknown or unset.
    pub fn hub_url(&self) -> Option<&str> {
        self.overview.as_ref()?.hub_url.as_deref()
    }

    pub fn overview(&self) -> Option<&Overview> {
        self.overview.as_ref()
    }

    pub fn state(&self) -> Option<&SyncState> {
        self.overview.as_ref().map(|o| &o.state)
    }

    pub fn link(&self) -> &Link {
        &self.link
    }

    pub fn syncing(&self) -> bool {
        self.syncing
    }

    /// Whether "Đồng bộ ngay" can do anything.
    pub fn can_wake(&self) -> bool {
        self.control.is_some()
    }

    /// True when a read should start now (none is under way); marks it started.
    pub fn begin_load(&mut self) -> bool {
        !std::mem::replace(&mut self.loading, true)
    }

    /// The overview job ended without answering.
    pub fn load_lost(&mut self) {
        self.loading = false;
    }

    pub fn loaded(&mut self, result: Result<Overview, String>) {
        self.loading = false;
        let overview = match result {
            Ok(o) => o,
            Err(e) => {
                log::warn!("sync figures not read: {e}");
                return;
            }
        };
        let before = self.hub_url().map(str::to_string);
        if overview.hub_url != before {
            // A new address restarts the loop (the subscription's key changed).
            self.control = None;
            self.syncing = false;
            self.link = match overview.hub_url {
                Some(_) => Link::Waiting,
                None => Link::NotConfigured,
            };
        }
        self.overview = Some(overview);
    }

    /// A message from the loop. True when the hub settled or sent something,
    /// so what is on screen may be out of date.
    pub fn loop_event(&mut self, event: SyncEvent, now: NaiveDateTime) -> bool {
        let status = match event {
            SyncEvent::Started(control) => {
                self.control = Some(control);
                return false;
            }
            SyncEvent::Failed(message) => {
                self.control = None;
                self.syncing = false;
                self.link = Link::Failed {
                    message,
                    retry_at: now,
                };
                return false;
            }
            SyncEvent::Status(status) => *status,
        };
        let retry = |d: std::time::Duration| {
            now + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::zero())
        };
        let (state, changed) = match status {
            SyncStatus::Syncing => {
                self.syncing = true;
                return false;
            }
            SyncStatus::Synced { report, state, .. } => {
                self.link = Link::Connected;
                (Some(state), !report.is_empty())
            }
            SyncStatus::Failed {
                error,
                message,
                state,
                retry_in,
            } => {
                self.link = match error.is_unreachable() {
                    true => Link::Unreachable {
                        retry_at: retry(retry_in),
                    },
                    false => Link::Failed {
                        message,
                        retry_at: retry(retry_in),
                    },
                };
                (state, false)
            }
            SyncStatus::NotConfigured { state } => {
                self.link = Link::NotConfigured;
                (state, false)
            }
            SyncStatus::Stopped => {
                self.control = None;
                (None, false)
            }
        };
        self.syncing = false;
        if let (Some(state), Some(o)) = (state, self.overview.as_mut()) {
            o.state = state;
        }
        changed
    }

    /// "Đồng bộ ngay". False when no loop runs.
    pub fn wake(&mut self) -> bool {
        match &self.control {
            Some(c) => {
                c.wake();
                true
            }
            None => false,
        }
    }

    /// The link in words, and whether it is bad news.
    pub fn link_text(&self) -> (String, Tone) {
        if self.overview.is_none() {
            return ("Đang đọc tình trạng đồng bộ…".into(), Tone::Plain);
        }
        if self.hub_url().is_none() {
            return ("Chưa cài đặt máy chủ đồng bộ".into(), Tone::Warning);
        }
        let (words, tone) = match &self.link {
            Link::Waiting => ("Đang kết nối máy chủ tỉnh…".to_string(), Tone::Plain),
            Link::Connected => ("Đã kết nối máy chủ tỉnh".to_string(), Tone::Good),
            Link::Unreachable { retry_at } => (
                format!("Mất kết nối – đang chờ thử lại lúc {}", fmt_time(*retry_at)),
                Tone::Warning,
            ),
            Link::Failed { retry_at, .. } => (
                format!("Lỗi đồng bộ – thử lại lúc {}", fmt_time(*retry_at)),
                Tone::Bad,
            ),
            Link::NotConfigured => ("Chưa cài đặt máy chủ đồng bộ".to_string(), Tone::Warning),
        };
        match self.syncing {
            true => (format!("{words} · đang gửi…"), tone),
            false => (words, tone),
        }
    }

    /// `can_open`: whether the sync screen may open from the screen shown
    /// (not over unsaved settings).
    pub fn view(&self, can_open: bool) -> Element<'_, Message> {
        let (link, tone) = self.link_text();
        let mut bar = row![tone.style(text(link).size(SMALL))]
            .spacing(18)
            .align_y(Center);
        if let Some(state) = self.state() {
            let pending = text(format!("Chờ gửi: {}", state.pending)).size(SMALL);
            bar = bar.push(match state.pending > 0 {
                true => pending.font(BOLD),
                false => pending,
            });
            if state.quarantined > 0 {
                bar = bar.push(
                    button(
                        text(format!("Bị từ chối: {}", state.quarantined))
                            .size(SMALL)
                            .font(BOLD),
                    )
                    .style(button::danger)
                    .padding([2, 8])
                    .on_press_maybe(can_open.then_some(Message::OpenSync)),
                );
            }
            bar = bar.push(
                text(match state.last_success_at {
                    Some(at) => format!("Đồng bộ lần cuối: {}", fmt_datetime(at)),
                    None => "Chưa đồng bộ lần nào".to_string(),
                })
                .size(SMALL),
            );
        }
        bar = bar.push(space::horizontal()).push(
            button(text("Đồng bộ ngay").size(SMALL))
                .style(button::secondary)
                .padding([2, 10])
                .on_press_maybe(self.can_wake().then_some(Message::SyncNow)),
        );
        container(bar)
            .padding([3, 12])
            .width(Fill)
            .style(container::rounded_box)
            .into()
    }
}

/// How a piece of status reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Good,
    Warning,
    Bad,
}

impl Tone {
    pub fn style<'a>(self, t: iced::widget::Text<'a>) -> iced::widget::Text<'a> {
        match self {
            Tone::Plain => t,
            Tone::Good => t.style(text::success),
            Tone::Warning => t.style(text::warning),
            Tone::Bad => t.style(text::danger),
        }
    }
}
