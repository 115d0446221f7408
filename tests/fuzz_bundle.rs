//! Fuzzing the bundle reader (issue 7, "bad input"): `bundle::verify` and
//! the hub's `bundle::import_bundle` against mutations of a real bundle.
//!
//! Mutations: bytes flipped, cut, inserted, deleted, appended; the header's
//! version and manifest length set to huge or wrong values; one manifest
//! member changed and the manifest re-signed by a forger (so the reader
//! gets past the signature to the arithmetic, the hashes and the events);
//! the events section edited (lines dropped, repeated, swapped, seqs
//! changed, bytes flipped) with its hash and length in a re-signed manifest.
//!
//! Properties, for every input:
//! - nothing panics;
//! - with the station's real key, a bundle is accepted only if it is
//!   byte for byte the one exported; without a key, a bundle not re-signed
//!   likewise, and a re-signed one exactly when an independent reading of
//!   docs/bundle-format.md says it is well formed;
//! - the hub imports only what `verify` accepts, and a refused import
//!   leaves the hub's database and its attachments directory as they were.
//!
//! Allocation: a header claiming a 4 GB manifest, or a manifest claiming a
//! million events, is refused or read without reserving what it claims
//! (checked as a process under a memory limit in `tests/hostile_cli.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod fuzzing;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use quay::bundle::format::{FORMAT_VERSION, MAGIC, MAX_MANIFEST_BYTES};
use quay::bundle::{self, BundleError};
use quay::domain::dossier::{Applicant, DossierDraft};
use quay::domain::settings::CenterSettings;
use quay::hub::{HubStore, StationEnrolment};
use quay::store::{Actor, Store};
use quay::sync::signing::{self, canonical_json};
use quay::sync::wire::WireEvent;
use serde_json::{Value, json};

use fuzzing::{Observer, check};

/// The station id the forger's re-signed bundles claim, enrolled at the hub
/// with the forger's key so that its bundles get all the way in.
const FORGED_STATION: &str = "fuzz-forged-station";

struct Fixture {
    dir: tempfile::TempDir,
    good: Vec<u8>,
    key: VerifyingKey,
    forger: SigningKey,
    hub: HubStore,
    observer: Observer,
    scratch: PathBuf,
}

fn draft(name: &str) -> DossierDraft {
    DossierDraft {
        procedure_code: "1.000894".into(),
        applicant: Applicant {
            name: name.into(),
            id_number: "038303001234".into(),
            phone: "0912345678".into(),
            address: "Thôn Yên Kỳ, xã Yên Kỳ".into(),
            email: None,
        },
        sets: 1,
        ..DossierDraft::default()
    }
}

/// A counter with three dossiers (two with a scan), its bundle, and a hub
/// that enrolled it (and the forger's station).
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut counter = Store::open(&dir.path().join("counter").join("quay.sqlite3")).unwrap();
    let admin = Actor::system("fuzz");
    let settings = CenterSettings {
        agency_id: "000.00.12.H56".into(),
        counter_no: 1,
        officer_name: "Lê Văn Tâm".into(),
        configured: true,
        ..CenterSettings::default()
    };
    counter.save_settings(&settings, &admin).unwrap();
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    for (i, name) in ["Nguyễn Thị Hường", "Trần Văn Bình", "Lê Thị Hoa"]
        .iter()
        .enumerate()
    {
        let mut d = draft(name);
        if i < 2 {
            let src = dir.path().join(format!("scan-{i}.pdf"));
            std::fs::write(&src, format!("%PDF-1.4 bản quét {i} ").repeat(40)).unwrap();
            d.attachments =
                vec![quay::attachments::import_file(&src, &counter.attachments_dir()).unwrap()];
        }
        quay::intake::receive(&mut counter, &d, &admin, now).unwrap();
    }
    let out = dir.path().join("good.quaybundle");
    bundle::export(&mut counter, None, &out, &admin).unwrap();
    let good = std::fs::read(&out).unwrap();
    let identity = counter.station_identity().unwrap();
    let key = identity.signing_key.verifying_key();
    let forger = SigningKey::from_bytes(&[7u8; 32]);

    let hub_db = dir.path().join("hub").join("hub.sqlite3");
    let mut hub = HubStore::open(&hub_db).unwrap();
    for (station_id, public_key) in [
        (identity.station_id.clone(), key),
        (FORGED_STATION.to_string(), forger.verifying_key()),
    ] {
        hub.enrol(&StationEnrolment {
            station_id,
            public_key,
            name: "Xã Yên Kỳ".into(),
            agency_id: "000.00.12.H56".into(),
            counter_no: 1,
        })
        .unwrap();
    }
    let observer = Observer::new(&hub_db);
    let scratch = dir.path().join("case.quaybundle");
    Fixture {
        dir,
        good,
        key,
        forger,
        hub,
        observer,
        scratch,
    }
}

fn manifest_len(bytes: &[u8]) -> usize {
    u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize
}

/// The parts of a well-formed bundle: manifest (parsed), events, the rest.
fn split(bytes: &[u8]) -> (Value, Vec<u8>, Vec<u8>) {
    let m = manifest_len(bytes);
    let manifest: Value = serde_json::from_slice(&bytes[16..16 + m]).unwrap();
    let events_len = manifest["events_bytes"].as_u64().unwrap() as usize;
    let events = bytes[16 + m..16 + m + events_len].to_vec();
    let rest = bytes[16 + m + events_len..].to_vec();
    (manifest, events, rest)
}

/// A bundle file from a manifest (re-signed by `key`), events and the rest.
fn assemble(mut manifest: Value, events: &[u8], rest: &[u8], key: &SigningKey) -> Vec<u8> {
    let map = manifest.as_object_mut().unwrap();
    map.remove("signature");
    let signature = signing::sign_hex(key, canonical_json(&manifest).as_bytes());
    manifest
        .as_object_mut()
        .unwrap()
        .insert("signature".into(), Value::String(signature));
    let text = canonical_json(&manifest);
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(events);
    out.extend_from_slice(rest);
    out
}

// ---------------------------------------------------------------------------
// Mutations.

#[derive(Debug, Clone)]
enum ByteEdit {
    Flip { at: Index, mask: u8 },
    Truncate(Index),
    Insert { at: Index, bytes: Vec<u8> },
    Delete { at: Index, len: u16 },
    Append(Vec<u8>),
    Run { at: Index, byte: u8, len: usize },
}

/// A number for a manifest member: chosen near the real one or far away.
#[derive(Debug, Clone, Copy)]
enum Num {
    Same,
    Plus(i64),
    Exactly(i64),
    Huge(u64),
}

#[derive(Debug, Clone)]
enum Member {
    Number(&'static str, Num),
    AttachmentSize(Index, Num),
    Text(&'static str, &'static str),
    AttachmentSha(Index, &'static str),
    DropAttachment(Index),
    RepeatAttachment(Index),
    SwapAttachments(Index, Index),
    Remove(&'static str),
    Unknown(&'static str, i64),
    WrongType(&'static str),
}

#[derive(Debug, Clone)]
enum EventEdit {
    Flip { at: Index, mask: u8 },
    DropLine(Index),
    RepeatLine(Index),
    SwapLines(Index, Index),
    Seq(Index, i64),
    BlankLine(Index),
    NoFinalNewline,
    CrLf,
    Forget(Index),
}

#[derive(Debug, Clone)]
enum Mutation {
    Bytes(Vec<ByteEdit>),
    Version(u32),
    ManifestLen(Num),
    Resign(Member),
    Events(Vec<EventEdit>),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    let i = any::<Index>;
    prop_oneof![
        4 => (i(), 1u8..=255).prop_map(|(at, mask)| ByteEdit::Flip { at, mask }),
        2 => i().prop_map(ByteEdit::Truncate),
        1 => (i(), prop::collection::vec(any::<u8>(), 1..32))
            .prop_map(|(at, bytes)| ByteEdit::Insert { at, bytes }),
        1 => (i(), 1u16..2048).prop_map(|(at, len)| ByteEdit::Delete { at, len }),
        1 => prop::collection::vec(any::<u8>(), 1..64).prop_map(ByteEdit::Append),
        1 => (i(), any::<u8>(), 1usize..100_000).prop_map(|(at, byte, len)| ByteEdit::Run { at, byte, len }),
    ]
}

fn num() -> impl Strategy<Value = Num> {
    prop_oneof![
        1 => Just(Num::Same),
        3 => prop_oneof![Just(-1i64), Just(1), Just(-2), Just(2), Just(64), Just(-64)].prop_map(Num::Plus),
        2 => prop_oneof![Just(0i64), Just(-1), Just(1), Just(i64::MAX), Just(i64::MIN), any::<i64>()]
            .prop_map(Num::Exactly),
        2 => prop_oneof![
            Just(u64::MAX),
            Just(1u64 << 32),
            Just((1u64 << 32) - 1),
            Just(1u64 << 30),
            Just((1u64 << 30) + 1),
            Just(50 * 1024 * 1024 + 1),
            Just(1u64 << 63),
            any::<u64>(),
        ]
        .prop_map(Num::Huge),
    ]
}

fn member() -> impl Strategy<Value = Member> {
    let i = any::<Index>;
    let numbers = prop::sample::select(vec![
        "first_seq",
        "last_seq",
        "event_count",
        "events_bytes",
        "version",
        "protocol",
    ]);
    let texts = prop::sample::select(vec![
        ("created_at", "2026-11-23T17:05:41"),
        ("created_at", "2026-02-30T10:00:00"),
        ("created_at", "2026-11-23T24:00:00"),
        ("created_at", "0000-01-01T00:00:00"),
        ("created_at", "2026-11-23"),
        ("created_at", ""),
        ("until", "2026-11-23"),
        ("until", "2026-13-01"),
        ("until", "'; DROP TABLE event; --"),
        ("station_id", ""),
        ("station_id", "   "),
        ("station_id", "another-station"),
        ("station_id", "../../etc/passwd"),
        ("format", "quay-bundle-2"),
        ("format", ""),
        (
            "events_sha256",
            "0000000000000000000000000000000000000000000000000000000000000000",
        ),
        ("events_sha256", "ABCDEF"),
        ("station_public_key", "00"),
    ]);
    let shas = prop::sample::select(vec![
        "0000000000000000000000000000000000000000000000000000000000000000",
        "../../../../../../../../../../../../../../../../../../etc/passwd",
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "",
    ]);
    let members = prop::sample::select(vec![
        "first_seq",
        "last_seq",
        "event_count",
        "events_bytes",
        "events_sha256",
        "attachments",
        "created_at",
        "until",
        "format",
        "version",
        "protocol",
        "station_id",
    ]);
    prop_oneof![
        4 => (numbers, num()).prop_map(|(m, n)| Member::Number(m, n)),
        2 => (i(), num()).prop_map(|(a, n)| Member::AttachmentSize(a, n)),
        2 => texts.prop_map(|(m, t)| Member::Text(m, t)),
        1 => (i(), shas).prop_map(|(a, s)| Member::AttachmentSha(a, s)),
        1 => i().prop_map(Member::DropAttachment),
        1 => i().prop_map(Member::RepeatAttachment),
        1 => (i(), i()).prop_map(|(a, b)| Member::SwapAttachments(a, b)),
        1 => members.clone().prop_map(Member::Remove),
        1 => (prop::sample::select(vec!["comment", "zzz", "Signature"]), any::<i64>())
            .prop_map(|(m, v)| Member::Unknown(m, v)),
        1 => members.prop_map(Member::WrongType),
    ]
}

fn event_edit() -> impl Strategy<Value = EventEdit> {
    let i = any::<Index>;
    prop_oneof![
        4 => (i(), 1u8..=255).prop_map(|(at, mask)| EventEdit::Flip { at, mask }),
        1 => i().prop_map(EventEdit::DropLine),
        1 => i().prop_map(EventEdit::RepeatLine),
        1 => (i(), i()).prop_map(|(a, b)| EventEdit::SwapLines(a, b)),
        1 => (i(), prop_oneof![Just(0i64), Just(1), Just(2), Just(3), Just(-1), Just(i64::MAX)])
            .prop_map(|(l, s)| EventEdit::Seq(l, s)),
        1 => i().prop_map(EventEdit::BlankLine),
        1 => Just(EventEdit::NoFinalNewline),
        1 => Just(EventEdit::CrLf),
        1 => i().prop_map(EventEdit::Forget),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        5 => prop::collection::vec(byte_edit(), 1..4).prop_map(Mutation::Bytes),
        1 => prop_oneof![Just(0u32), Just(2), Just(u32::MAX), Just(FORMAT_VERSION), any::<u32>()]
            .prop_map(Mutation::Version),
        2 => num().prop_map(Mutation::ManifestLen),
        5 => member().prop_map(Mutation::Resign),
        4 => prop::collection::vec(event_edit(), 1..4).prop_map(Mutation::Events),
    ]
}

fn apply_num(old: i128, n: Num) -> Value {
    let v: i128 = match n {
        Num::Same => old,
        Num::Plus(d) => old + i128::from(d),
        Num::Exactly(v) => i128::from(v),
        Num::Huge(v) => i128::from(v),
    };
    if let Ok(v) = i64::try_from(v) {
        json!(v)
    } else if let Ok(v) = u64::try_from(v) {
        json!(v)
    } else {
        json!(v.to_string())
    }
}

fn set_bytes(bytes: &mut Vec<u8>, e: &ByteEdit) {
    let at = |i: &Index, len: usize| i.index(len + 1);
    match e {
        ByteEdit::Flip { at: i, mask } => {
            if !bytes.is_empty() {
                let p = i.index(bytes.len());
                bytes[p] ^= mask;
            }
        }
        ByteEdit::Truncate(i) => bytes.truncate(at(i, bytes.len())),
        ByteEdit::Insert { at: i, bytes: b } => {
            let p = at(i, bytes.len());
            bytes.splice(p..p, b.iter().copied());
        }
        ByteEdit::Delete { at: i, len } => {
            let p = at(i, bytes.len());
            let end = (p + *len as usize).min(bytes.len());
            bytes.drain(p..end);
        }
        ByteEdit::Append(b) => bytes.extend_from_slice(b),
        ByteEdit::Run { at: i, byte, len } => {
            let p = at(i, bytes.len());
            bytes.splice(p..p, std::iter::repeat_n(*byte, *len));
        }
    }
}

/// What an input is, for the properties.
#[derive(Debug, PartialEq)]
enum Origin {
    /// Bytes of the real bundle, changed or not.
    Real,
    /// Re-signed by the forger; `true` when it is well formed.
    Forged(bool),
}

/// Changes one member of the manifest; whether the manifest still says
/// what the file holds (the reader must then accept it).
fn change_member(manifest: &mut Value, m: &Member) -> bool {
    let map = manifest.as_object_mut().unwrap();
    match m {
        Member::Number(name, n) => {
            let old = map[*name].as_i64().unwrap();
            let new = apply_num(i128::from(old), *n);
            let same = new == json!(old);
            map.insert(name.to_string(), new);
            same
        }
        Member::AttachmentSize(a, n) => {
            let list = map["attachments"].as_array_mut().unwrap();
            let entry = a.get_mut(list);
            let old = entry["size"].as_u64().unwrap();
            let new = apply_num(i128::from(old), *n);
            let same = new == json!(old);
            entry["size"] = new;
            same
        }
        Member::Text(name, text) => {
            let old = map.get(*name).cloned();
            map.insert(name.to_string(), json!(text));
            match *name {
                "created_at" => {
                    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").is_ok()
                }
                "until" => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
                // Another enrolled-or-not station id is still a well-formed bundle.
                "station_id" => !text.trim().is_empty() && text.len() <= 100,
                _ => old == Some(json!(text)),
            }
        }
        Member::AttachmentSha(a, sha) => {
            let list = map["attachments"].as_array_mut().unwrap();
            let entry = a.get_mut(list);
            let same = entry["sha256"] == json!(sha);
            entry["sha256"] = json!(sha);
            same
        }
        Member::DropAttachment(a) => {
            let list = map["attachments"].as_array_mut().unwrap();
            list.remove(a.index(list.len()));
            false
        }
        Member::RepeatAttachment(a) => {
            let list = map["attachments"].as_array_mut().unwrap();
            let copy = a.get(list).clone();
            list.push(copy);
            false
        }
        Member::SwapAttachments(a, b) => {
            let list = map["attachments"].as_array_mut().unwrap();
            let (a, b) = (a.index(list.len()), b.index(list.len()));
            let same = list[a] == list[b];
            list.swap(a, b);
            same
        }
        Member::Remove(name) => {
            let had = map.remove(*name).is_some();
            // Only `until` may be absent (it is, in an export without --date).
            *name == "until" || !had
        }
        // Readers ignore members they do not know (the signature covers them).
        Member::Unknown(name, v) => {
            map.insert(name.to_string(), json!(v));
            true
        }
        Member::WrongType(name) => {
            let new = match map.get(*name) {
                Some(Value::String(_)) => json!(12),
                Some(Value::Array(_)) => json!({}),
                _ => json!("12"),
            };
            // "until" absent → a wrong type still is one.
            map.insert(name.to_string(), new);
            false
        }
    }
}

/// The events section, edited line by line or byte by byte.
fn change_events(events: &[u8], edits: &[EventEdit]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = events
        .strip_suffix(b"\n")
        .unwrap()
        .split(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    let mut final_newline = true;
    let mut crlf = false;
    let mut flips = Vec::new();
    for e in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match e {
            EventEdit::Flip { at, mask } => flips.push((*at, *mask)),
            EventEdit::DropLine(i) => {
                lines.remove(i.index(n));
            }
            EventEdit::RepeatLine(i) => {
                let copy = i.get(&lines).clone();
                lines.insert(i.index(n), copy);
            }
            EventEdit::SwapLines(a, b) => lines.swap(a.index(n), b.index(n)),
            EventEdit::Seq(i, seq) => {
                let line = i.get_mut(&mut lines);
                if let Ok(mut v) = serde_json::from_slice::<Value>(line) {
                    v["seq"] = json!(seq);
                    *line = serde_json::to_vec(&v).unwrap();
                }
            }
            EventEdit::BlankLine(i) => lines.insert(i.index(n + 1), Vec::new()),
            EventEdit::NoFinalNewline => final_newline = false,
            EventEdit::CrLf => crlf = true,
            // An event that no longer names its scan.
            EventEdit::Forget(i) => {
                let line = i.get_mut(&mut lines);
                if let Ok(mut v) = serde_json::from_slice::<Value>(line) {
                    if let Some(d) = v.pointer_mut("/payload/dossier") {
                        d["attachments"] = json!([]);
                    }
                    *line = serde_json::to_vec(&v).unwrap();
                }
            }
        }
    }
    let sep: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out = lines.join(sep);
    if final_newline {
        out.extend_from_slice(sep);
    }
    for (at, mask) in flips {
        if !out.is_empty() {
            let p = at.index(out.len());
            out[p] ^= mask;
        }
    }
    out
}

/// docs/bundle-format.md, "The events section", read independently of the
/// reader: JSON lines, each ending in a line feed, seqs from `first_seq`
/// on, `event_count` of them, naming exactly the attachments listed.
fn events_well_formed(manifest: &Value, events: &[u8]) -> bool {
    let Some(body) = events.strip_suffix(b"\n") else {
        return false;
    };
    let first = manifest["first_seq"].as_i64().unwrap();
    let mut named = std::collections::BTreeSet::new();
    let mut count = 0u64;
    for (i, line) in body.split(|b| *b == b'\n').enumerate() {
        let Ok(event) = serde_json::from_slice::<WireEvent>(line) else {
            return false;
        };
        if event.seq != first + i as i64 {
            return false;
        }
        if let Some(list) = event
            .payload
            .pointer("/dossier/attachments")
            .and_then(Value::as_array)
        {
            for a in list {
                if let Some(s) = a.get("sha256").and_then(Value::as_str) {
                    named.insert(s.to_string());
                }
            }
        }
        count += 1;
    }
    let listed: std::collections::BTreeSet<String> = manifest["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["sha256"].as_str().unwrap().to_string())
        .collect();
    count == manifest["event_count"].as_u64().unwrap() && named == listed
}

/// The bytes of a mutated bundle, and what they are.
fn mutate(f: &Fixture, m: &Mutation) -> (Vec<u8>, Origin) {
    let good = &f.good;
    match m {
        Mutation::Bytes(edits) => {
            let mut bytes = good.clone();
            for e in edits {
                set_bytes(&mut bytes, e);
            }
            (bytes, Origin::Real)
        }
        Mutation::Version(v) => {
            let mut bytes = good.clone();
            bytes[8..12].copy_from_slice(&v.to_le_bytes());
            (bytes, Origin::Real)
        }
        Mutation::ManifestLen(n) => {
            let mut bytes = good.clone();
            let old = manifest_len(good);
            let new = match apply_num(old as i128, *n).as_i64() {
                Some(v) => v as u32,
                None => u32::MAX,
            };
            bytes[12..16].copy_from_slice(&new.to_le_bytes());
            (bytes, Origin::Real)
        }
        Mutation::Resign(member) => {
            let (mut manifest, events, rest) = split(good);
            manifest["station_id"] = json!(FORGED_STATION);
            manifest["station_public_key"] =
                json!(signing::public_to_hex(&f.forger.verifying_key()));
            let well_formed = change_member(&mut manifest, member);
            let bytes = assemble(manifest, &events, &rest, &f.forger);
            (bytes, Origin::Forged(well_formed))
        }
        Mutation::Events(edits) => {
            let (mut manifest, events, rest) = split(good);
            let events = change_events(&events, edits);
            manifest["station_id"] = json!(FORGED_STATION);
            manifest["station_public_key"] =
                json!(signing::public_to_hex(&f.forger.verifying_key()));
            manifest["events_bytes"] = json!(events.len());
            manifest["events_sha256"] = json!(signing::sha256_hex(&events));
            let well_formed = events_well_formed(&manifest, &events);
            let bytes = assemble(manifest, &events, &rest, &f.forger);
            (bytes, Origin::Forged(well_formed))
        }
    }
}

/// Every file under the hub's directory except its database, with sizes.
fn hub_files(dir: &Path) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else if !path.to_string_lossy().contains("hub.sqlite3") {
                out.insert(path, meta.len());
            }
        }
    }
    out
}

fn describe<T>(r: &Result<T, BundleError>) -> String {
    match r {
        Ok(_) => "accepted".into(),
        Err(e) => format!("refused: {e}"),
    }
}

/// Every property, for one mutated file.
fn check_bytes(f: &mut Fixture, bytes: &[u8], origin: &Origin) -> Result<(), TestCaseError> {
    std::fs::write(&f.scratch, bytes).unwrap();
    let intact = bytes == f.good.as_slice();
    let with_key = bundle::verify(&f.scratch, Some(&f.key));
    let without_key = bundle::verify(&f.scratch, None);
    check(with_key.is_ok() == intact, || {
        format!(
            "with the real key: {} (intact: {intact})",
            describe(&with_key)
        )
    })?;
    match origin {
        Origin::Real => check(without_key.is_ok() == intact, || {
            format!(
                "without a key: {} (intact: {intact})",
                describe(&without_key)
            )
        })?,
        Origin::Forged(well_formed) => {
            check(without_key.is_ok() == *well_formed, || {
                format!(
                    "re-signed, well formed: {well_formed}, but {}",
                    describe(&without_key)
                )
            })?;
            let with_forger = bundle::verify(&f.scratch, Some(&f.forger.verifying_key()));
            check(with_forger.is_ok() == *well_formed, || {
                format!("with the forger's key: {}", describe(&with_forger))
            })?;
        }
    }
    for r in [&with_key, &without_key] {
        if let Err(e) = r {
            let vi = quay::domain::Localized::vi(e);
            check(!vi.is_empty() && !e.to_string().is_empty(), || {
                "an empty message".into()
            })?;
        }
    }

    let hub_dir = f.dir.path().join("hub");
    let version = f.observer.version();
    let files = hub_files(&hub_dir);
    let imported = bundle::import_bundle(&mut f.hub, &f.scratch);
    match &imported {
        Ok(_) => check(without_key.is_ok(), || {
            format!(
                "the hub imported what verify refuses: {}",
                describe(&without_key)
            )
        })?,
        Err(_) => {
            check(f.observer.version() == version, || {
                format!(
                    "a refused import committed something: {}",
                    describe(&imported)
                )
            })?;
            check(hub_files(&hub_dir) == files, || {
                "a refused import left files behind".into()
            })?;
        }
    }
    if matches!(origin, Origin::Real) {
        check(imported.is_ok() == intact, || {
            format!("hub import: {} (intact: {intact})", describe(&imported))
        })?;
    }
    Ok(())
}

#[test]
fn the_bundle_reader_accepts_only_well_formed_bundles() {
    let f = std::cell::RefCell::new(fixture());
    fuzzing::run("bundle", 200, &mutation(), |m| {
        let mut f = f.borrow_mut();
        let (bytes, origin) = mutate(&f, &m);
        check_bytes(&mut f, &bytes, &origin)
    });
    let f = f.into_inner();
    assert!(fuzzing::integrity_ok(
        &f.dir.path().join("hub").join("hub.sqlite3")
    ));
}

// ---------------------------------------------------------------------------
// Fixed cases worth keeping.

#[test]
fn the_exported_bundle_and_a_well_formed_forgery_pass_every_property() {
    let mut f = fixture();
    let good = f.good.clone();
    check_bytes(&mut f, &good, &Origin::Real).unwrap();
    // Imported twice: the second time as duplicates, still accepted.
    check_bytes(&mut f, &good, &Origin::Real).unwrap();
    let (forged, origin) = mutate(&f, &Mutation::Events(Vec::new()));
    assert_eq!(origin, Origin::Forged(true));
    check_bytes(&mut f, &forged, &origin).unwrap();
}

#[test]
fn header_lengths_that_the_file_cannot_hold_are_refused_up_front() {
    let f = fixture();
    for claimed in [
        u32::MAX,
        0x8000_0000,
        MAX_MANIFEST_BYTES + 1,
        MAX_MANIFEST_BYTES,
        (f.good.len() as u32) * 2,
        0,
    ] {
        let mut bytes = f.good.clone();
        bytes[12..16].copy_from_slice(&claimed.to_le_bytes());
        std::fs::write(&f.scratch, &bytes).unwrap();
        let e = bundle::verify(&f.scratch, None).unwrap_err();
        let expected = match claimed {
            c if c > MAX_MANIFEST_BYTES => matches!(e, BundleError::BadManifest(_)),
            0 => matches!(e, BundleError::BadManifest(_)),
            _ => matches!(e, BundleError::Truncated { .. }),
        };
        assert!(expected, "{claimed}: {e}");
    }
    // A 20-byte file claiming the largest manifest allowed: truncated, at once.
    let mut tiny = f.good[..16].to_vec();
    tiny[12..16].copy_from_slice(&MAX_MANIFEST_BYTES.to_le_bytes());
    tiny.extend_from_slice(b"{}{}");
    std::fs::write(&f.scratch, &tiny).unwrap();
    assert!(matches!(
        bundle::verify(&f.scratch, None),
        Err(BundleError::Truncated { expected, actual: 20 }) if expected == 16 + u64::from(MAX_MANIFEST_BYTES)
    ));
}
