//! An in-memory receiver that follows protocol v1 like `quay-hub` does, with
//! switches to fail the way networks and hubs fail.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::dossier::{
    Applicant, Attachment, Channel, Deadline, NewDossier, ResultDelivery,
};
use crate::domain::settings::CenterSettings;
use crate::store::{Actor, Store};
use crate::sync::client::{ClientError, Health, Receiver};
use crate::sync::wire::{
    Batch, BatchReply, BlobState, DownItem, DownReply, EnrolReply, Enrolment, ErrorReply,
    Rejection, StationStatus, WireEvent,
};

type Rule = Box<dyn Fn(&WireEvent) -> Option<(String, String)>>;

#[derive(Default)]
pub struct Hub {
    pub acked: i64,
    pub events: BTreeMap<i64, WireEvent>,
    pub rejected: BTreeMap<i64, Rejection>,
    /// Bytes received per attachment, and whether complete.
    pub blobs: HashMap<String, (Vec<u8>, bool)>,
    pub down: Vec<DownItem>,
    /// Every request, for asserting what was sent: "batch 1-200", "put sha@0", …
    pub log: Vec<String>,
    /// The next this many requests of any kind find the hub unreachable.
    pub down_for: u32,
    /// The next this many batches are stored, but the reply is lost.
    pub lose_batch_replies: u32,
    /// The n-th PUT (counting from 1) is cut after storing half its bytes.
    pub cut_put: Option<usize>,
    pub puts: usize,
    /// Batches answered with this error instead.
    pub refuse_batches: Option<(u16, ErrorReply)>,
    /// Batches of more events than this are refused as too large.
    pub max_events: Option<usize>,
}

pub struct FakeHub {
    pub hub: RefCell<Hub>,
    rule: Rule,
}

impl FakeHub {
    pub fn new() -> FakeHub {
        FakeHub::with_rule(Box::new(|_| None))
    }

    /// A hub that rejects the events `rule` names, with (code, reason).
    pub fn with_rule(rule: Rule) -> FakeHub {
        FakeHub {
            hub: RefCell::new(Hub::default()),
            rule,
        }
    }

    pub fn state(&self) -> std::cell::RefMut<'_, Hub> {
        self.hub.borrow_mut()
    }

    fn gate(&self, what: String) -> Result<(), ClientError> {
        let mut h = self.hub.borrow_mut();
        h.log.push(what);
        if h.down_for > 0 {
            h.down_for -= 1;
            return Err(ClientError::Unreachable("connection refused".into()));
        }
        Ok(())
    }
}

pub fn refusal(status: u16, error: &str) -> ClientError {
    ClientError::Refused {
        status,
        reply: ErrorReply {
            error: error.into(),
            message: error.into(),
            expected_seq: None,
            received: None,
        },
    }
}

impl Receiver for FakeHub {
    fn health(&self) -> Result<Health, ClientError> {
        self.gate("health".into())?;
        Ok(Health {
            ok: true,
            hub_id: "fake".into(),
            protocol: 1,
        })
    }

    fn enrol(&self, e: &Enrolment) -> Result<EnrolReply, ClientError> {
        self.gate(format!("enrol {}", e.station_id))?;
        Ok(EnrolReply {
            hub_id: "fake".into(),
            hub_public_key: "11".repeat(32),
            acked_through: self.hub.borrow().acked,
        })
    }

    fn send_batch(&self, batch: &Batch) -> Result<BatchReply, ClientError> {
        let (first, last) = match (batch.events.first(), batch.events.last()) {
            (Some(f), Some(l)) => (f.seq, l.seq),
            _ => return Err(refusal(400, "bad_request")),
        };
        self.gate(format!("batch {first}-{last}"))?;
        let mut h = self.hub.borrow_mut();
        if let Some((status, reply)) = h.refuse_batches.clone() {
            return Err(ClientError::Refused { status, reply });
        }
        if h.max_events.is_some_and(|m| batch.events.len() > m) {
            return Err(refusal(413, "too_large"));
        }
        if first > h.acked + 1 {
            let mut e = refusal(409, "sequence_gap");
            if let ClientError::Refused { reply, .. } = &mut e {
                reply.expected_seq = Some(h.acked + 1);
            }
            return Err(e);
        }
        for w in batch.events.windows(2) {
            if w[1].seq != w[0].seq + 1 {
                return Err(refusal(400, "bad_request"));
            }
        }
        for e in &batch.events {
            if let Some(held) = h.events.get(&e.seq)
                && held.event_id != e.event_id
            {
                return Err(refusal(409, "sequence_conflict"));
            }
        }
        let mut reply = BatchReply {
            acked_through: 0,
            accepted: 0,
            duplicates: 0,
            rejected: Vec::new(),
        };
        for e in &batch.events {
            if e.seq <= h.acked {
                reply.duplicates += 1;
                if let Some(r) = h.rejected.get(&e.seq) {
                    reply.rejected.push(r.clone());
                }
                continue;
            }
            if let Some((code, reason)) = (self.rule)(e) {
                let r = Rejection {
                    seq: e.seq,
                    event_id: e.event_id.clone(),
                    code,
                    reason,
                };
                h.rejected.insert(e.seq, r.clone());
                reply.rejected.push(r);
            } else {
                reply.accepted += 1;
            }
            h.events.insert(e.seq, e.clone());
        }
        h.acked = h.acked.max(last);
        reply.acked_through = h.acked;
        if h.lose_batch_replies > 0 {
            h.lose_batch_replies -= 1;
            return Err(ClientError::Unreachable("connection reset".into()));
        }
        Ok(reply)
    }

    fn blob_state(&self, sha256: &str) -> Result<BlobState, ClientError> {
        self.gate(format!("blob {sha256}"))?;
        let h = self.hub.borrow();
        let (received, complete) = h
            .blobs
            .get(sha256)
            .map_or((0, false), |(b, c)| (b.len() as u64, *c));
        Ok(BlobState {
            sha256: sha256.into(),
            complete,
            received,
        })
    }

    fn put_blob_chunk(
        &self,
        sha256: &str,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<BlobState, ClientError> {
        self.gate(format!("put {sha256}@{offset}+{}", bytes.len()))?;
        let mut h = self.hub.borrow_mut();
        h.puts += 1;
        let cut = h.cut_put == Some(h.puts);
        let entry = h.blobs.entry(sha256.to_string()).or_default();
        if entry.1 {
            return Ok(BlobState {
                sha256: sha256.into(),
                complete: true,
                received: entry.0.len() as u64,
            });
        }
        if offset != entry.0.len() as u64 {
            let mut e = refusal(409, "offset_mismatch");
            if let ClientError::Refused { reply, .. } = &mut e {
                reply.received = Some(entry.0.len() as u64);
            }
            return Err(e);
        }
        if cut {
            entry.0.extend_from_slice(&bytes[..bytes.len() / 2]);
            return Err(ClientError::Unreachable(
                "connection reset mid-upload".into(),
            ));
        }
        entry.0.extend_from_slice(bytes);
        if entry.0.len() as u64 == total {
            if crate::sync::signing::sha256_hex(&entry.0) == sha256 {
                entry.1 = true;
            } else {
                entry.0.clear();
                return Err(refusal(422, "blob_mismatch"));
            }
        }
        Ok(BlobState {
            sha256: sha256.into(),
            complete: entry.1,
            received: entry.0.len() as u64,
        })
    }

    fn status(&self) -> Result<StationStatus, ClientError> {
        self.gate("status".into())?;
        let h = self.hub.borrow();
        Ok(StationStatus {
            station_id: "fake".into(),
            acked_through: h.acked,
            events: h.events.len() as u64,
            rejected: h.rejected.values().cloned().collect(),
            missing_blobs: Vec::new(),
        })
    }

    fn down(&self, after: i64) -> Result<DownReply, ClientError> {
        self.gate(format!("down {after}"))?;
        let h = self.hub.borrow();
        let items: Vec<DownItem> = h
            .down
            .iter()
            .filter(|i| i.seq > after)
            .take(2)
            .cloned()
            .collect();
        let through = items.last().map_or(after, |i| i.seq);
        Ok(DownReply { items, through })
    }
}

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn settings() -> CenterSettings {
    CenterSettings {
        configured: true,
        ..CenterSettings::default()
    }
}

/// Receives one dossier (one `dossier.received` event) and returns its code.
pub fn receive(store: &mut Store, i: usize, attachments: Vec<Attachment>) -> String {
    let new = NewDossier {
        procedure_code: "1.000894".into(),
        procedure_name: "Đăng ký khai sinh".into(),
        field: "Hộ tịch".into(),
        applicant: Applicant {
            name: format!("Nguyễn Văn {i}"),
            id_number: "038090001234".into(),
            phone: String::new(),
            address: "Thôn Yên Kỳ".into(),
            email: None,
        },
        channel: Channel::Direct,
        received_at: at(8, 0),
        deadline: Deadline::WorkingDays(3),
        due_at: at(16, 0),
        documents: Vec::new(),
        sets: 1,
        fee_vnd: 0,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        attachments,
    };
    store
        .insert_dossier(&new, &settings(), &Actor::system("test"))
        .unwrap()
        .code
}
