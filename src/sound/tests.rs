use super::*;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

/// A player that logs when it starts and ends, taking 50 ms.
fn recorder(dir: &std::path::Path, name: &str) -> PathBuf {
    let log = dir.join("log");
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\necho \"start {name} $*\" >> {log}\nsleep 0.05\necho \"end {name}\" >> {log}\n",
            log = log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn announcements_play_in_order_and_never_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let players = Players {
        chime: vec![
            (dir.path().join("missing-player"), Vec::new()),
            (recorder(dir.path(), "chime"), Vec::new()),
        ],
        speech: Some((
            recorder(dir.path(), "speak"),
            vec!["-v".into(), "vi".into()],
        )),
    };
    let announcer = Announcer::start(players);
    for (label, counter) in [("A-015", 2), ("B-003", 1)] {
        announcer.announce(Announcement {
            label: label.into(),
            counter_no: counter,
        });
    }
    let log = dir.path().join("log");
    let deadline = Instant::now() + Duration::from_secs(20);
    let lines = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.lines().count() >= 8 || Instant::now() > deadline {
            break text.lines().map(str::to_string).collect::<Vec<_>>();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(lines.len(), 8, "{lines:?}");
    // Strictly start/end pairs: nothing starts before the previous sound ended.
    for pair in lines.chunks(2) {
        assert!(pair[0].starts_with("start"), "{lines:?}");
        assert!(pair[1].starts_with("end"), "{lines:?}");
    }
    assert!(
        lines[2].contains("Mời công dân số A 015 đến quầy số 2"),
        "{lines:?}"
    );
    assert!(
        lines[6].contains("Mời công dân số B 003 đến quầy số 1"),
        "{lines:?}"
    );
}
