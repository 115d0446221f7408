//! A fault-injecting HTTP/1.1 proxy for `tests/reliability_network.rs`:
//! between the counter and `quay-hub` on loopback it drops, resets, cuts,
//! delays and duplicates exchanges, replays older batches of events to the
//! hub, and can kill the hub while it handles a request. Each exchange's fate
//! comes from a seeded generator. It follows the framing (Content-Length, or
//! chunked as `tiny_http` sends large replies) only to know where an
//! exchange starts and ends, and forwards every byte as it came.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::Rng;

/// How long a delayed exchange is held: longer than the client's timeout in
/// the in-process syncs, so the client gives up first.
pub const HOLD: Duration = Duration::from_millis(800);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Pass,
    Drop,
    ResetMidRequest,
    CutMidResponse,
    DelayRequest,
    DelayResponse,
    Duplicate,
}

/// Fault and weight (out of 100) of each exchange.
pub const FAULTS: [(Fault, u64); 7] = [
    (Fault::Pass, 55),
    (Fault::Drop, 7),
    (Fault::ResetMidRequest, 8),
    (Fault::CutMidResponse, 9),
    (Fault::DelayRequest, 3),
    (Fault::DelayResponse, 3),
    (Fault::Duplicate, 15),
];
/// After a batch went through, the chance that an older one is replayed.
pub const REPLAY_PERCENT: u64 = 20;

/// A batch as the client sent it, bytes and all.
pub struct Captured {
    pub raw: Vec<u8>,
    pub last: i64,
}

pub struct Shared {
    upstream: String,
    rng: Mutex<Rng>,
    pub requests: AtomicU64,
    faults: [AtomicU64; FAULTS.len()],
    pub replays: AtomicU64,
    /// Exchanges that found the hub down (killed, restarting).
    pub hub_down: AtomicU64,
    pub captured: Mutex<Vec<Captured>>,
    /// The number of the exchange during which the hub is to be killed, and
    /// what kills it.
    kill_at: AtomicU64,
    killer: Mutex<Option<Box<dyn FnOnce() + Send>>>,
    pub hub_killed: AtomicU64,
    /// Replies that break the protocol's promises; must stay empty.
    pub anomalies: Mutex<Vec<String>>,
}

impl Shared {
    /// The fate of exchange `number` (from 1): each fault once to begin
    /// with, so that even a short run has them all, then drawn by weight.
    fn draw(&self, number: u64) -> (Fault, u64) {
        let mut rng = self.rng.lock().unwrap();
        let extra = rng.next_u64();
        if let Some(i) = (number as usize)
            .checked_sub(1)
            .filter(|i| i + 1 < FAULTS.len())
        {
            self.faults[i + 1].fetch_add(1, Ordering::SeqCst);
            return (FAULTS[i + 1].0, extra);
        }
        let mut roll = rng.below(100);
        for (i, (fault, weight)) in FAULTS.iter().enumerate() {
            if roll < *weight {
                self.faults[i].fetch_add(1, Ordering::SeqCst);
                return (*fault, extra);
            }
            roll -= weight;
        }
        unreachable!("weights add up to 100")
    }

    fn roll(&self, percent: u64) -> (bool, u64) {
        let mut rng = self.rng.lock().unwrap();
        (rng.percent(percent), rng.next_u64())
    }

    fn anomaly(&self, what: String) {
        eprintln!("ANOMALY {what}");
        self.anomalies.lock().unwrap().push(what);
    }

    pub fn count(&self, fault: Fault) -> u64 {
        let i = FAULTS.iter().position(|(f, _)| *f == fault).unwrap();
        self.faults[i].load(Ordering::SeqCst)
    }
}

pub struct FaultProxy {
    addr: String,
    pub shared: Arc<Shared>,
}

impl FaultProxy {
    pub fn start(upstream: &str, rng: Rng) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let shared = Arc::new(Shared {
            upstream: upstream.to_string(),
            rng: Mutex::new(rng),
            requests: AtomicU64::new(0),
            faults: Default::default(),
            replays: AtomicU64::new(0),
            hub_down: AtomicU64::new(0),
            captured: Mutex::new(Vec::new()),
            kill_at: AtomicU64::new(u64::MAX),
            killer: Mutex::new(None),
            hub_killed: AtomicU64::new(0),
            anomalies: Mutex::new(Vec::new()),
        });
        let serving = Arc::clone(&shared);
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let shared = Arc::clone(&serving);
                thread::spawn(move || serve(client, &shared));
            }
        });
        FaultProxy { addr, shared }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Kills the hub with `kill` while it handles one of the next few
    /// exchanges, unless a kill is already waiting.
    pub fn kill_hub_soon(&self, within: u64, kill: Box<dyn FnOnce() + Send>) {
        let mut killer = self.shared.killer.lock().unwrap();
        if killer.is_none() {
            *killer = Some(kill);
            let next = self.shared.requests.load(Ordering::SeqCst) + 1;
            self.shared.kill_at.store(next + within, Ordering::SeqCst);
        }
    }
}

/// One client connection: its exchanges, one after the other, each with its fate.
fn serve(mut client: TcpStream, shared: &Shared) {
    let mut pending = Vec::new();
    loop {
        let Ok(Some(head_len)) = read_head(&mut client, &mut pending) else {
            return;
        };
        let number = shared.requests.fetch_add(1, Ordering::SeqCst) + 1;
        let total = head_len + content_length(&pending[..head_len]);
        let (fault, extra) = shared.draw(number);
        match fault {
            // Closed before anything was forwarded.
            Fault::Drop => return,
            Fault::ResetMidRequest => {
                let cut = 1 + (extra % (total as u64 - 1)) as usize;
                if fill_to(&mut client, &mut pending, cut).is_ok()
                    && let Ok(mut hub) = TcpStream::connect(&shared.upstream)
                {
                    let _ = hub.write_all(&pending[..cut]);
                    let _ = hub.shutdown(Shutdown::Both);
                }
                return; // dropping `client` with bytes unread resets it
            }
            _ => {}
        }
        if fill_to(&mut client, &mut pending, total).is_err() {
            return;
        }
        let request: Vec<u8> = pending.drain(..total).collect();
        let batch = capture(shared, &request);
        if fault == Fault::DelayRequest {
            thread::sleep(HOLD);
        }
        // (`>=`: the exchange picked may have been dropped before this point.)
        let kill = if number >= shared.kill_at.load(Ordering::SeqCst) {
            shared.killer.lock().unwrap().take()
        } else {
            None
        };
        let reply = match kill {
            // The hub dies while it reads, stores or answers this one.
            Some(kill) => {
                shared.hub_killed.fetch_add(1, Ordering::SeqCst);
                exchange_killing(&shared.upstream, &request, extra % 8, kill)
            }
            None => exchange(&shared.upstream, &request),
        };
        let Ok(mut reply) = reply else {
            shared.hub_down.fetch_add(1, Ordering::SeqCst);
            return;
        };
        match fault {
            Fault::CutMidResponse => {
                let cut = (extra % reply.len() as u64) as usize;
                let _ = client.write_all(&reply[..cut]);
                let _ = client.shutdown(Shutdown::Both);
                return;
            }
            Fault::DelayRequest | Fault::DelayResponse => {
                if fault == Fault::DelayResponse {
                    thread::sleep(HOLD);
                }
                // The client has given up by now; whatever it gets is ignored.
                let _ = client.write_all(&reply);
                return;
            }
            Fault::Duplicate => {
                let Ok(second) = exchange(&shared.upstream, &request) else {
                    shared.hub_down.fetch_add(1, Ordering::SeqCst);
                    return;
                };
                compare_duplicate(shared, &request, &reply, &second);
                if extra % 2 == 1 {
                    reply = second;
                }
            }
            _ => {}
        }
        if client.write_all(&reply).is_err() {
            return;
        }
        if let Some(batch) = batch {
            maybe_replay_older(shared, batch);
        }
    }
}

/// Keeps a copy of every batch of events; returns the newest one's first seq.
fn capture(shared: &Shared, request: &[u8]) -> Option<i64> {
    let head_len = find(request, b"\r\n\r\n")? + 4;
    if !request.starts_with(b"POST /v1/events ") {
        return None;
    }
    let batch: serde_json::Value = serde_json::from_slice(&request[head_len..]).ok()?;
    let events = batch["events"].as_array()?;
    let first = events.first()?["seq"].as_i64()?;
    let last = events.last()?["seq"].as_i64()?;
    shared.captured.lock().unwrap().push(Captured {
        raw: request.to_vec(),
        last,
    });
    Some(first)
}

/// The same request twice must get the same answer: the same acked_through
/// and rejections, and nothing newly accepted the second time. (An attachment
/// piece sent twice is answered the second time with where the hub stands.)
fn compare_duplicate(shared: &Shared, request: &[u8], a: &[u8], b: &[u8]) {
    if !request.starts_with(b"POST /v1/events ") {
        return;
    }
    let (sa, sb) = (status(a), status(b));
    if sa != sb {
        shared.anomaly(format!("duplicate batch answered {sa} then {sb}"));
        return;
    }
    if sa != 200 {
        return;
    }
    let (ra, rb) = (json_body(a), json_body(b));
    let rejected = |r: &serde_json::Value| -> Vec<i64> {
        r["rejected"]
            .as_array()
            .map(|l| l.iter().filter_map(|x| x["seq"].as_i64()).collect())
            .unwrap_or_default()
    };
    if ra["acked_through"] != rb["acked_through"]
        || rejected(&ra) != rejected(&rb)
        || rb["accepted"] != 0
    {
        shared.anomaly(format!("duplicate batch: first {ra}, second {rb}"));
    }
}

/// Now and then (and the first time it can), after a batch went through,
/// sends the hub an older captured batch again, as a network that delivers
/// late would.
fn maybe_replay_older(shared: &Shared, newest_first: i64) {
    let (mut replay, pick) = shared.roll(REPLAY_PERCENT);
    replay |= shared.replays.load(Ordering::SeqCst) == 0;
    if !replay {
        return;
    }
    let (raw, last) = {
        let captured = shared.captured.lock().unwrap();
        let older: Vec<&Captured> = captured.iter().filter(|c| c.last < newest_first).collect();
        if older.is_empty() {
            return;
        }
        let c = older[(pick % older.len() as u64) as usize];
        (c.raw.clone(), c.last)
    };
    shared.replays.fetch_add(1, Ordering::SeqCst);
    check_replay(shared, &raw, last, "late replay");
}

/// A replayed batch is always answered 200, with everything up to its last
/// event settled and nothing new stored: a batch is only replayed once the
/// client has sent a later one, and it sends a later one only when the hub
/// has settled everything before. Returns whether the hub answered.
pub fn check_replay(shared: &Shared, raw: &[u8], last: i64, what: &str) -> bool {
    let Ok(reply) = exchange(&shared.upstream, raw) else {
        shared.hub_down.fetch_add(1, Ordering::SeqCst);
        return false;
    };
    let body = json_body(&reply);
    if status(&reply) != 200
        || body["acked_through"].as_i64().is_none_or(|a| a < last)
        || body["accepted"] != 0
    {
        shared.anomaly(format!(
            "{what} of a batch through {last} answered {}: {body}",
            status(&reply)
        ));
    }
    true
}

/// One request on a connection of its own to the hub; its whole reply.
fn exchange(upstream: &str, request: &[u8]) -> io::Result<Vec<u8>> {
    let mut hub = TcpStream::connect(upstream)?;
    hub.set_read_timeout(Some(Duration::from_secs(60)))?;
    hub.write_all(request)?;
    let mut buf = Vec::new();
    let reply = read_message(&mut hub, &mut buf)?;
    reply.ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "no reply"))
}

/// [`exchange`], with the hub killed `after_ms` after the request was sent.
fn exchange_killing(
    upstream: &str,
    request: &[u8],
    after_ms: u64,
    kill: Box<dyn FnOnce() + Send>,
) -> io::Result<Vec<u8>> {
    let Ok(mut hub) = TcpStream::connect(upstream) else {
        kill();
        return Err(io::ErrorKind::ConnectionRefused.into());
    };
    let sent = hub.write_all(request);
    thread::sleep(Duration::from_millis(after_ms));
    kill();
    sent?;
    let mut buf = Vec::new();
    let reply = read_message(&mut hub, &mut buf)?;
    reply.ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "no reply"))
}

// ------------------------------------------------------- HTTP/1.1 framing

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads until `buf` holds a whole header block; its length, or None at the
/// end of the stream.
fn read_head(s: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<Option<usize>> {
    loop {
        if let Some(p) = find(buf, b"\r\n\r\n") {
            return Ok(Some(p + 4));
        }
        // Small reads: a request cut later leaves the rest unread.
        let mut chunk = [0u8; 1024];
        let n = s.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Reads until `buf` holds at least `n` bytes.
fn fill_to(s: &mut TcpStream, buf: &mut Vec<u8>, n: usize) -> io::Result<()> {
    let mut chunk = [0u8; 64 * 1024];
    while buf.len() < n {
        let want = (n - buf.len()).min(chunk.len());
        let got = s.read(&mut chunk[..want])?;
        if got == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..got]);
    }
    Ok(())
}

/// Reads until `buf[from..]` holds a line end; the line end's position.
fn line_end(s: &mut TcpStream, buf: &mut Vec<u8>, from: usize) -> io::Result<usize> {
    loop {
        if let Some(p) = buf.get(from..).and_then(|rest| find(rest, b"\r\n")) {
            return Ok(from + p);
        }
        let have = buf.len();
        fill_to(s, buf, have + 1)?;
    }
}

/// One whole message (by Content-Length, or chunked as tiny_http sends large
/// replies), exactly as it came.
fn read_message(s: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<Option<Vec<u8>>> {
    let Some(head_len) = read_head(s, buf)? else {
        return Ok(None);
    };
    let end = if header(&buf[..head_len], "transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        let mut pos = head_len;
        loop {
            let eol = line_end(s, buf, pos)?;
            let line = String::from_utf8_lossy(&buf[pos..eol]).to_string();
            let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            pos = eol + 2;
            if size == 0 {
                loop {
                    let eol = line_end(s, buf, pos)?;
                    let empty = eol == pos;
                    pos = eol + 2;
                    if empty {
                        break;
                    }
                }
                break pos;
            }
            fill_to(s, buf, pos + size + 2)?;
            pos += size + 2;
        }
    } else {
        let end = head_len + content_length(&buf[..head_len]);
        fill_to(s, buf, end)?;
        end
    };
    Ok(Some(buf.drain(..end).collect()))
}

fn header(head: &[u8], name: &str) -> Option<String> {
    String::from_utf8_lossy(head).lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}

fn content_length(head: &[u8]) -> usize {
    header(head, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn status(reply: &[u8]) -> u16 {
    String::from_utf8_lossy(&reply[..reply.len().min(16)])
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The JSON body of a reply with a Content-Length (batch replies are small).
fn json_body(reply: &[u8]) -> serde_json::Value {
    let Some(p) = find(reply, b"\r\n\r\n") else {
        return serde_json::Value::Null;
    };
    serde_json::from_slice(&reply[p + 4..]).unwrap_or(serde_json::Value::Null)
}
