use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::format::{FORMAT_VERSION, MAGIC, Manifest};
use super::read::BundleFile;
use super::*;
use crate::domain::dossier::{
    Applicant, Attachment, Channel, Deadline, NewDossier, ResultDelivery,
};
use crate::domain::settings::CenterSettings;
use crate::store::{Actor, Store};
use crate::sync::signing;
use crate::sync::wire::Rejection;

/// A store with `n` received dossiers (events 1..=n); the first `with_scans`
/// each carry one small scan of their own.
fn store_with(n: usize, with_scans: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("q.sqlite3")).unwrap();
    let settings = CenterSettings {
        configured: true,
        ..CenterSettings::default()
    };
    let received = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    for i in 0..n {
        let mut attachments = Vec::new();
        if i < with_scans {
            let src = dir.path().join(format!("scan-{i}.pdf"));
            fs::write(&src, format!("%PDF-1.4 bản quét số {i}").repeat(20)).unwrap();
            let a: Attachment =
                crate::attachments::import_file(&src, &store.attachments_dir()).unwrap();
            attachments.push(a);
        }
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
            received_at: received,
            deadline: Deadline::WorkingDays(3),
            due_at: received + Duration::hours(8),
            documents: Vec::new(),
            sets: 1,
            fee_vnd: 0,
            result_delivery: ResultDelivery::Counter,
            note: String::new(),
            attachments,
        };
        store
            .insert_dossier(&new, &settings, &Actor::system("test"))
            .unwrap();
    }
    (dir, store)
}

fn station_key(store: &mut Store) -> ed25519_dalek::VerifyingKey {
    store
        .station_identity()
        .unwrap()
        .signing_key
        .verifying_key()
}

fn admin() -> Actor {
    Actor::system("test")
}

fn now() -> NaiveDateTime {
    crate::store::now_local()
}

#[test]
fn a_bundle_round_trips_with_its_events_and_scans() {
    let (dir, mut store) = store_with(3, 2);
    let out = dir.path().join("usb").join("goi.quaybundle");
    fs::create_dir_all(out.parent().unwrap()).unwrap();
    let summary = export(&mut store, None, &out, &admin()).unwrap();
    assert_eq!(
        (summary.first_seq, summary.last_seq, summary.events),
        (1, 3, 3)
    );
    assert_eq!(summary.attachments, 2);
    assert_eq!(summary.file_bytes, fs::metadata(&out).unwrap().len());
    assert_eq!(
        summary.sha256,
        signing::sha256_hex(&fs::read(&out).unwrap())
    );

    let key = station_key(&mut store);
    let info = verify(&out, Some(&key)).unwrap();
    assert_eq!(info.station_id, store.station_id().unwrap());
    assert_eq!((info.first_seq, info.last_seq, info.events), (1, 3, 3));
    assert_eq!(info.attachments, 2);
    assert_eq!(info.file_bytes, summary.file_bytes);
    assert_eq!(info.until, None);

    // The events read back are the outbox's, and the scans are byte for byte.
    let mut bundle = BundleFile::open(&out, |_| Ok(Some(key))).unwrap();
    let events = bundle.read_events().unwrap();
    let stored = store.outbox_after(0, 10).unwrap();
    assert_eq!(events.len(), stored.len());
    for (w, s) in events.iter().zip(&stored) {
        assert_eq!(
            (w.seq, &w.event_id, &w.payload),
            (s.seq, &s.event_id, &s.payload)
        );
    }
    let dir_attach = store.attachments_dir();
    let mut seen = 0;
    bundle
        .each_attachment(
            |entry, bytes| {
                assert_eq!(bytes, fs::read(dir_attach.join(&entry.sha256)).unwrap());
                seen += 1;
                Ok(())
            },
            true,
        )
        .unwrap();
    assert_eq!(seen, 2);

    // Logged; nothing acknowledged; no temp file left beside it.
    let log = store.bundles(10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].file_name, "goi.quaybundle");
    assert_eq!(
        (log[0].first_seq, log[0].last_seq, log[0].events),
        (1, 3, 3)
    );
    assert_eq!(log[0].sha256, summary.sha256);
    assert_eq!(store.sync_state().unwrap().pending, 3);
    let names: Vec<_> = fs::read_dir(out.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn export_starts_after_the_acknowledged_mark_and_honours_the_day() {
    let (dir, mut store) = store_with(4, 0);
    store.record_delivery(2, &[], now()).unwrap();
    let out = dir.path().join("b.quaybundle");
    let yesterday = now().date().pred_opt().unwrap();
    assert!(matches!(
        export(&mut store, Some(yesterday), &out, &admin()),
        Err(BundleError::NothingToExport { until: Some(d) }) if d == yesterday
    ));
    assert!(!out.exists());
    let s = export(&mut store, Some(now().date()), &out, &admin()).unwrap();
    assert_eq!((s.first_seq, s.last_seq, s.events), (3, 4, 2));
    assert_eq!(verify(&out, None).unwrap().until, Some(now().date()));

    store.record_delivery(4, &[], now()).unwrap();
    let again = dir.path().join("c.quaybundle");
    let e = export(&mut store, None, &again, &admin()).unwrap_err();
    assert!(matches!(e, BundleError::NothingToExport { until: None }));
    assert!(e.to_string().contains("nothing exported"));
    assert!(!again.exists());
    assert_eq!(store.bundles(10).unwrap().len(), 1);
}

#[test]
fn a_missing_or_damaged_scan_stops_the_export_and_leaves_no_file() {
    let (dir, mut store) = store_with(2, 1);
    let scan = fs::read_dir(store.attachments_dir())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let out = dir.path().join("out").join("b.quaybundle");
    fs::create_dir_all(out.parent().unwrap()).unwrap();

    fs::write(&scan, b"changed on disk").unwrap();
    let e = export(&mut store, None, &out, &admin()).unwrap_err();
    assert!(matches!(e, BundleError::DamagedAttachment { .. }), "{e}");
    assert_eq!(fs::read_dir(out.parent().unwrap()).unwrap().count(), 0);

    fs::remove_file(&scan).unwrap();
    let e = export(&mut store, None, &out, &admin()).unwrap_err();
    assert!(matches!(e, BundleError::MissingAttachment { .. }), "{e}");
    assert!(!crate::domain::Localized::vi(&e).is_empty());
    assert_eq!(fs::read_dir(out.parent().unwrap()).unwrap().count(), 0);
    assert!(store.bundles(10).unwrap().is_empty());
}

/// A small bundle with two scans, and the station's key.
fn small_bundle() -> (
    tempfile::TempDir,
    PathBuf,
    Vec<u8>,
    ed25519_dalek::VerifyingKey,
) {
    let (dir, mut store) = store_with(2, 2);
    let out = dir.path().join("b.quaybundle");
    export(&mut store, None, &out, &admin()).unwrap();
    let bytes = fs::read(&out).unwrap();
    let key = station_key(&mut store);
    (dir, out, bytes, key)
}

fn manifest_len(bytes: &[u8]) -> usize {
    u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize
}

/// Where each part of a bundle starts: manifest, events, first scan, end.
fn layout(bytes: &[u8]) -> [usize; 4] {
    let m = manifest_len(bytes);
    let manifest: serde_json::Value = serde_json::from_slice(&bytes[16..16 + m]).unwrap();
    let events = manifest["events_bytes"].as_u64().unwrap() as usize;
    [16, 16 + m, 16 + m + events, bytes.len()]
}

/// Every byte of the header and of the manifest's region near its start and
/// end, every third byte of the rest of the manifest, and every 17th byte of
/// the events and scans plus each part's first and last: a debug build
/// verifies a signature in about 10 ms, so every byte of every part would
/// take minutes.
fn sampled_positions(bytes: &[u8]) -> Vec<usize> {
    let [manifest, events, scans, end] = layout(bytes);
    let mut at: Vec<usize> = (0..manifest).collect();
    at.extend((manifest..events).filter(|p| *p < manifest + 40 || *p + 40 >= events || p % 3 == 0));
    at.extend((events..end).step_by(17));
    at.extend([
        events,
        events + 1,
        scans - 1,
        scans,
        scans + 1,
        end - 2,
        end - 1,
    ]);
    at.sort_unstable();
    at.dedup();
    at
}

#[test]
fn every_single_changed_byte_is_refused() {
    let (dir, good, bytes, key) = small_bundle();
    verify(&good, Some(&key)).unwrap();
    let [manifest, events, scans, end] = layout(&bytes);
    // The layout this test walks: header, manifest, events, scans.
    assert_eq!(&bytes[..8], MAGIC);
    assert_eq!((bytes[manifest], bytes[events - 1]), (b'{', b'}'));
    assert_eq!(bytes[scans - 1], b'\n');
    assert!(end > scans + 100, "the bundle carries scans");
    let bad = dir.path().join("bad.quaybundle");
    let positions = sampled_positions(&bytes);
    assert!(positions.len() > 400);
    for (i, pos) in positions.into_iter().enumerate() {
        // Low bit, case bit, high bit: a hex digit's case, a digit's value, UTF-8.
        let flip = [0x01u8, 0x20, 0x80][i % 3];
        let mut changed = bytes.clone();
        changed[pos] ^= flip;
        fs::write(&bad, &changed).unwrap();
        assert!(
            verify(&bad, Some(&key)).is_err(),
            "byte {pos} ^ {flip:#x} of {end} was accepted"
        );
        // Without the expected key a changed manifest must not pass either.
        if pos < events {
            assert!(
                verify(&bad, None).is_err(),
                "byte {pos} ^ {flip:#x} (no key)"
            );
        }
    }
}

#[test]
fn each_part_reports_its_own_damage() {
    let (dir, _good, bytes, key) = small_bundle();
    let m = manifest_len(&bytes);
    let bad = dir.path().join("bad.quaybundle");
    let check = |pos: usize| {
        let mut changed = bytes.clone();
        changed[pos] ^= 0x01;
        fs::write(&bad, &changed).unwrap();
        verify(&bad, Some(&key)).unwrap_err()
    };
    assert!(matches!(check(0), BundleError::NotABundle));
    assert!(matches!(check(8), BundleError::UnsupportedVersion(0)));
    // A value inside the signed manifest (a digit of the station id's text).
    let text = String::from_utf8(bytes[16..16 + m].to_vec()).unwrap();
    let at = text.find("\"station_id\":\"").unwrap() + 15;
    assert!(matches!(check(16 + at), BundleError::BadSignature));
    assert!(matches!(check(16 + m + 3), BundleError::EventsDamaged));
    assert!(matches!(
        check(bytes.len() - 1),
        BundleError::AttachmentDamaged { .. }
    ));
}

#[test]
fn a_truncated_bundle_is_refused_at_many_lengths() {
    let (dir, _good, bytes, key) = small_bundle();
    let [_, events, scans, end] = layout(&bytes);
    let bad = dir.path().join("short.quaybundle");
    // Every length up to the whole manifest (cheap: refused before any
    // signature is checked), then a sample and each boundary.
    let mut lengths: Vec<usize> = (0..=events).collect();
    lengths.extend((events..end).step_by(29));
    lengths.extend([scans - 1, scans, scans + 1, end - 1]);
    for len in lengths {
        fs::write(&bad, &bytes[..len]).unwrap();
        let e = verify(&bad, Some(&key)).unwrap_err();
        // Once the manifest is whole the reader knows the exact length.
        if len >= events {
            assert!(
                matches!(e, BundleError::Truncated { expected, actual }
                    if expected == end as u64 && actual == len as u64),
                "length {len}: {e}"
            );
        } else {
            assert!(
                matches!(e, BundleError::Truncated { .. } | BundleError::NotABundle),
                "length {len}: {e}"
            );
        }
    }
}

#[test]
fn bytes_after_the_end_are_refused() {
    let (dir, _good, bytes, key) = small_bundle();
    let bad = dir.path().join("long.quaybundle");
    for extra in [&b"\0"[..], b"\n", &[0x42; 4096]] {
        let mut longer = bytes.clone();
        longer.extend_from_slice(extra);
        fs::write(&bad, &longer).unwrap();
        assert!(matches!(
            verify(&bad, Some(&key)),
            Err(BundleError::TrailingBytes { extra: n }) if n == extra.len() as u64
        ));
    }
}

#[test]
fn a_bundle_signed_by_another_key_is_refused() {
    let (_dir, good, _bytes, key) = small_bundle();
    let other = signing::generate().unwrap().verifying_key();
    let e = verify(&good, Some(&other)).unwrap_err();
    assert!(matches!(e, BundleError::WrongKey { .. }), "{e}");
    // The right key still passes; none at all checks integrity only.
    verify(&good, Some(&key)).unwrap();
    verify(&good, None).unwrap();
}

#[test]
fn a_manifest_re_signed_by_a_forger_is_refused_with_the_real_key() {
    let (dir, _good, bytes, key) = small_bundle();
    let m = manifest_len(&bytes);
    let mut value: serde_json::Value = serde_json::from_slice(&bytes[16..16 + m]).unwrap();
    value.as_object_mut().unwrap().remove("signature");
    let mut manifest: Manifest = serde_json::from_value(value).unwrap();
    let forger = signing::generate().unwrap();
    manifest.station_public_key = signing::public_to_hex(&forger.verifying_key());
    let forged = manifest.encode(&forger).unwrap();
    let mut file = Vec::new();
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    file.extend_from_slice(&(forged.len() as u32).to_le_bytes());
    file.extend_from_slice(&forged);
    file.extend_from_slice(&bytes[16 + m..]);
    let bad = dir.path().join("forged.quaybundle");
    fs::write(&bad, &file).unwrap();
    // Self-consistent, so it passes without a key …
    verify(&bad, None).unwrap();
    // … and is refused by anyone who knows the station's key.
    assert!(matches!(
        verify(&bad, Some(&key)),
        Err(BundleError::WrongKey { .. })
    ));
}

#[test]
fn a_manifest_not_in_canonical_form_is_refused() {
    let (dir, _good, bytes, key) = small_bundle();
    let m = manifest_len(&bytes);
    let value: serde_json::Value = serde_json::from_slice(&bytes[16..16 + m]).unwrap();
    let pretty = serde_json::to_vec_pretty(&value).unwrap();
    let mut file = bytes[..12].to_vec();
    file.extend_from_slice(&(pretty.len() as u32).to_le_bytes());
    file.extend_from_slice(&pretty);
    file.extend_from_slice(&bytes[16 + m..]);
    let bad = dir.path().join("pretty.quaybundle");
    fs::write(&bad, &file).unwrap();
    assert!(matches!(
        verify(&bad, Some(&key)),
        Err(BundleError::BadManifest(_))
    ));
}

#[test]
fn a_file_that_is_not_a_bundle_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.pdf");
    fs::write(&p, b"%PDF-1.4 something else entirely").unwrap();
    assert!(matches!(verify(&p, None), Err(BundleError::NotABundle)));
    let missing = dir.path().join("missing.quaybundle");
    assert!(matches!(
        verify(&missing, None),
        Err(BundleError::Read { .. })
    ));
}

fn ack_for(store: &mut Store, acked: i64, rejections: Vec<Rejection>) -> Ack {
    Ack {
        format: ACK_FORMAT.into(),
        version: ACK_VERSION,
        hub_id: "hub-thanh-hoa".into(),
        hub_public_key: String::new(),
        station_id: store.station_id().unwrap(),
        acked_through: acked,
        rejections,
        created_at: "2026-11-24T07:30:00".into(),
    }
}

fn signed(mut ack: Ack, key: &ed25519_dalek::SigningKey, path: &Path) {
    ack.hub_public_key = signing::public_to_hex(&key.verifying_key());
    ack.write(key, path).unwrap();
}

#[test]
fn an_ack_file_settles_events_and_quarantines_rejections() {
    let (dir, mut store) = store_with(3, 0);
    let hub = signing::generate().unwrap();
    let e2 = store.outbox_after(1, 1).unwrap().remove(0);
    let rejection = Rejection {
        seq: 2,
        event_id: e2.event_id,
        code: "unknown_procedure".into(),
        reason: "Thủ tục không có trong danh mục của tỉnh.".into(),
    };
    let path = dir.path().join("ack.json");
    signed(ack_for(&mut store, 3, vec![rejection]), &hub, &path);

    let s = apply_ack(&mut store, &path, &admin()).unwrap();
    assert!(s.trusted_new_hub_key);
    assert_eq!((s.previous_acked_through, s.now_acked_through), (0, 3));
    assert_eq!((s.rejections, s.quarantined), (1, 1));
    let state = store.sync_state().unwrap();
    assert_eq!((state.pending, state.quarantined), (0, 1));
    assert_eq!(
        state.hub_public_key,
        Some(signing::public_to_hex(&hub.verifying_key()))
    );
    // Applying it again changes nothing; the key is now known.
    let s = apply_ack(&mut store, &path, &admin()).unwrap();
    assert!(!s.trusted_new_hub_key);
    assert_eq!(store.quarantine().unwrap().len(), 1);
}

#[test]
fn an_ack_from_another_hub_key_or_for_another_station_is_refused() {
    let (dir, mut store) = store_with(2, 0);
    let hub = signing::generate().unwrap();
    let path = dir.path().join("ack.json");
    signed(ack_for(&mut store, 1, vec![]), &hub, &path);
    apply_ack(&mut store, &path, &admin()).unwrap();

    let impostor = signing::generate().unwrap();
    signed(ack_for(&mut store, 2, vec![]), &impostor, &path);
    assert!(matches!(
        apply_ack(&mut store, &path, &admin()),
        Err(BundleError::AckWrongHubKey { .. })
    ));

    let mut other = ack_for(&mut store, 1, vec![]);
    other.station_id = "019aa7d2-0000-7000-8000-000000000000".into();
    signed(other, &hub, &path);
    assert!(matches!(
        apply_ack(&mut store, &path, &admin()),
        Err(BundleError::AckForAnotherStation { .. })
    ));

    signed(ack_for(&mut store, 9, vec![]), &hub, &path);
    assert!(matches!(
        apply_ack(&mut store, &path, &admin()),
        Err(BundleError::AckBeyondNewest {
            acked_through: 9,
            newest: 2
        })
    ));
    assert_eq!(store.sync_state().unwrap().acked_through, 1);
}

#[test]
fn a_changed_ack_file_is_refused_but_spacing_is_not_a_change() {
    let (dir, mut store) = store_with(2, 0);
    let hub = signing::generate().unwrap();
    let path = dir.path().join("ack.json");
    signed(ack_for(&mut store, 1, vec![]), &hub, &path);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("}\n"));

    fs::write(
        &path,
        text.replace("\"acked_through\":1", "\"acked_through\":2"),
    )
    .unwrap();
    assert!(matches!(
        apply_ack(&mut store, &path, &admin()),
        Err(BundleError::AckBadSignature)
    ));
    assert_eq!(store.sync_state().unwrap().hub_public_key, None);

    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    apply_ack(&mut store, &path, &admin()).unwrap();
    assert_eq!(store.sync_state().unwrap().acked_through, 1);

    fs::write(&path, b"{\"format\":\"quay-ack\"}").unwrap();
    assert!(matches!(
        apply_ack(&mut store, &path, &admin()),
        Err(BundleError::BadAck(_))
    ));
}

mod prop {
    use proptest::prelude::*;

    use super::super::format::{AttachmentEntry, MANIFEST_FORMAT};
    use super::super::write::write_bundle;
    use super::*;
    use crate::sync::wire::WireEvent;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Whatever the events and scans, what is read is what was written.
        #[test]
        fn any_bundle_round_trips(
            first in 1i64..1_000_000,
            texts in proptest::collection::vec(".{0,40}", 1..12),
            scans in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..3000), 0..4),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let key = signing::generate().unwrap();
            let mut entries = Vec::new();
            let mut paths = Vec::new();
            for bytes in &scans {
                let sha = signing::sha256_hex(bytes);
                if entries.iter().any(|e: &AttachmentEntry| e.sha256 == sha) {
                    continue;
                }
                let p = dir.path().join(&sha);
                fs::write(&p, bytes).unwrap();
                entries.push(AttachmentEntry { sha256: sha, size: bytes.len() as u64 });
                paths.push(p);
            }
            let scans_json: Vec<_> = entries
                .iter()
                .map(|e| serde_json::json!({"sha256": e.sha256, "file_name": "a.pdf"}))
                .collect();
            let events: Vec<WireEvent> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| WireEvent {
                    seq: first + i as i64,
                    event_id: format!("id-{i}"),
                    kind: "dossier.received".into(),
                    entity_key: t.clone(),
                    payload_version: 1,
                    created_at: "2026-11-23T08:00:00".into(),
                    payload: if i == 0 {
                        serde_json::json!({"note": t, "dossier": {"attachments": scans_json}})
                    } else {
                        serde_json::json!({"note": t})
                    },
                })
                .collect();
            let mut section = Vec::new();
            for e in &events {
                serde_json::to_writer(&mut section, e).unwrap();
                section.push(b'\n');
            }
            let manifest = Manifest {
                format: MANIFEST_FORMAT.into(),
                version: FORMAT_VERSION,
                protocol: 1,
                station_id: "019aa7d2-st".into(),
                station_public_key: signing::public_to_hex(&key.verifying_key()),
                created_at: "2026-11-23T17:00:00".into(),
                until: None,
                first_seq: first,
                last_seq: first + events.len() as i64 - 1,
                event_count: events.len() as u64,
                events_bytes: section.len() as u64,
                events_sha256: signing::sha256_hex(&section),
                attachments: entries.clone(),
            };
            let out = dir.path().join("b.quaybundle");
            write_bundle(&out, &manifest, &key, &section, &paths).unwrap();
            let mut bundle = BundleFile::open(&out, |_| Ok(Some(key.verifying_key()))).unwrap();
            prop_assert_eq!(&bundle.manifest, &manifest);
            prop_assert_eq!(bundle.read_events().unwrap(), events);
            let mut read = Vec::new();
            bundle.each_attachment(|e, bytes| { read.push((e.clone(), bytes)); Ok(()) }, true).unwrap();
            prop_assert_eq!(read.len(), entries.len());
            for ((e, bytes), p) in read.iter().zip(&paths) {
                prop_assert_eq!(bytes, &fs::read(p).unwrap());
                prop_assert_eq!(e.size, bytes.len() as u64);
            }
        }
    }
}
