//! Working-day calendar and due dates (hạn trả kết quả).

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// Office hours (giờ làm việc): two sessions a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHours {
    pub morning_open: NaiveTime,
    pub morning_close: NaiveTime,
    pub afternoon_open: NaiveTime,
    pub afternoon_close: NaiveTime,
}

impl Default for OfficeHours {
    fn default() -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
        Self {
            morning_open: t(7, 0),
            morning_close: t(11, 30),
            afternoon_open: t(13, 30),
            afternoon_close: t(17, 0),
        }
    }
}
