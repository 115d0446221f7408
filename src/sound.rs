//! Call announcements for the now-serving display: a chime, then optionally a
//! spoken sentence ("Mời công dân số A-015 đến quầy số 2") from the offline
//! speech engine espeak-ng (Vietnamese voice `vi`). One worker thread plays the
//! announcements in order, so two never overlap however fast counters call.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Sender, channel};

/// The chime, written once to the temp directory because players want a file.
const CHIME: &[u8] = include_bytes!("../assets/sounds/chime.wav");

/// What to say for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub label: String,
    pub counter_no: u8,
}

impl Announcement {
    /// "Mời công dân số A-015 đến quầy số 2". The hyphen is read as a pause.
    pub fn sentence(&self) -> String {
        format!(
            "Mời công dân số {} đến quầy số {}",
            self.label.replace('-', " "),
            self.counter_no
        )
    }
}

/// The programs that make sound. Tests swap in recorders.
#[derive(Debug, Clone)]
pub struct Players {
    /// Tried in order until one exists; each gets the WAV path as its last argument.
    pub chime: Vec<(PathBuf, Vec<String>)>,
    /// The speech engine and its arguments before the sentence; `None` for chime only.
    pub speech: Option<(PathBuf, Vec<String>)>,
}

impl Players {
    /// The system's players: PulseAudio/PipeWire/ALSA on Linux, PowerShell on Windows.
    pub fn system(speak: bool) -> Self {
        let chime = if cfg!(windows) {
            vec![(
                PathBuf::from("powershell"),
                vec![
                    "-NoProfile".into(),
                    "-NonInteractive".into(),
                    "-Command".into(),
                    "(New-Object Media.SoundPlayer $args[0]).PlaySync()".into(),
                ],
            )]
        } else {
            ["paplay", "pw-play", "aplay"]
                .into_iter()
                .map(|p| {
                    (
                        PathBuf::from(p),
                        if p == "aplay" {
                            vec!["-q".into()]
                        } else {
                            Vec::new()
                        },
                    )
                })
                .collect()
        };
        let speech = speak.then(|| {
            (
                PathBuf::from("espeak-ng"),
                vec!["-v".into(), "vi".into(), "-s".into(), "140".into()],
            )
        });
        Players { chime, speech }
    }
}

/// Plays announcements one after another on its own thread.
pub struct Announcer {
    tx: Sender<Announcement>,
}

impl Announcer {
    pub fn start(players: Players) -> Self {
        let (tx, rx) = channel::<Announcement>();
        std::thread::spawn(move || {
            let wav = std::env::temp_dir().join(format!("quay-chime-{}.wav", std::process::id()));
            let have_wav = std::fs::write(&wav, CHIME).is_ok();
            for announcement in rx {
                if have_wav {
                    play_first(&players.chime, &[wav.display().to_string()]);
                }
                if let Some((program, args)) = &players.speech {
                    let mut all = args.clone();
                    all.push(announcement.sentence());
                    run(program, &all);
                }
            }
            let _ = std::fs::remove_file(&wav);
        });
        Announcer { tx }
    }

    /// Queues an announcement; returns at once.
    pub fn announce(&self, announcement: Announcement) {
        if self.tx.send(announcement).is_err() {
            log::warn!("announcer thread has stopped; call not announced");
        }
    }
}

/// Runs the first player that exists; a machine with no sound is not an error.
fn play_first(players: &[(PathBuf, Vec<String>)], extra: &[String]) {
    for (program, args) in players {
        let mut all = args.clone();
        all.extend_from_slice(extra);
        if run(program, &all) {
            return;
        }
    }
}

/// Waits for the program so the next sound starts only after this one ends.
fn run(program: &PathBuf, args: &[String]) -> bool {
    match Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(status) => status.success(),
        Err(_) => false,
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests;
