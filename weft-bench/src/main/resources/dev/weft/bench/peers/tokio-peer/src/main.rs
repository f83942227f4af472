//! The tokio peer of weft-bench's W rows: each workload of the harness (`dev.weft.bench.Workload`, whose shape
//! constants the ones below repeat) written the way Tokio's documentation writes it, on one multi-threaded runtime
//! with 2 workers (the harness's rule), kept for every round of a row.
//!
//! Protocol: the harness writes one line per round, `<workload id> <size>` (`W3 10000000`), and reads one line back:
//! `OK <check> <ops> <metric> <notes>` (ops -1 when the size is the count; metric NaN: no W row here reports one) or
//! `ERR <reason>`. The harness times the round around that exchange and checks `<check>` as it does for every
//! implementation. The process ends when its standard input ends.

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, mpsc, Mutex, Semaphore};

const CHANNEL_CAPACITY: usize = 1024;
const PRODUCERS: u64 = 4;
const PERMITS: usize = 100;
const INCREMENTS: u64 = 1_000;
const BROADCAST_CAPACITY: usize = 65_536;
const SUBSCRIBERS: u64 = 8;
const YIELD_EVERY: u64 = 256;
const ROUND_TRIPS_PER_CONNECTION: u64 = 1_000;
const MESSAGE_BYTES: usize = 64;
const ECHO_READ_BUFFER_BYTES: usize = 1024;
const SELECT_TIMEOUT: Duration = Duration::from_secs(1);

/// What a round returns: the self-check value, the counted operations (-1: the size), and notes.
struct Outcome {
    check: u64,
    ops: i64,
    notes: String,
}

impl Outcome {
    fn of(check: u64) -> Outcome {
        Outcome { check, ops: -1, notes: String::new() }
    }
}

/// W1: spawn n tasks returning their index; await every handle in order.
async fn spawn_join(n: u64) -> Outcome {
    let mut handles = Vec::with_capacity(n as usize);
    for i in 0..n {
        handles.push(tokio::spawn(async move { i }));
    }
    let mut sum = 0u64;
    for h in handles {
        sum += h.await.expect("a task that returns its index does not fail");
    }
    Outcome::of(sum)
}

/// W3 and W4: `producers` tasks send their share of 0..n into one bounded channel; one consumer sums.
async fn mpsc_sum(n: u64, producers: u64) -> Outcome {
    let (tx, mut rx) = mpsc::channel::<u64>(CHANNEL_CAPACITY);
    let share = n / producers;
    for p in 0..producers {
        let tx = tx.clone();
        tokio::spawn(async move {
            for i in 0..share {
                tx.send(p * share + i).await.expect("the consumer outlives the producers");
            }
        });
    }
    drop(tx);
    let consumer = tokio::spawn(async move {
        let mut sum = 0u64;
        while let Some(v) = rx.recv().await {
            sum += v;
        }
        sum
    });
    Outcome::of(consumer.await.expect("the consumer does not fail"))
}

/// W5: two tasks pass a counter back and forth over two bounded(1) channels, each hop adding 1.
async fn ping_pong(n: u64) -> Outcome {
    let (to_pong, mut pong_rx) = mpsc::channel::<u64>(1);
    let (to_ping, mut ping_rx) = mpsc::channel::<u64>(1);
    let pong = tokio::spawn(async move {
        while let Some(v) = pong_rx.recv().await {
            if to_ping.send(v + 1).await.is_err() {
                break;
            }
        }
    });
    let ping = tokio::spawn(async move {
        let mut v = 0u64;
        for _ in 0..n {
            to_pong.send(v + 1).await.expect("pong runs until ping is done");
            v = ping_rx.recv().await.expect("pong answers every value");
        }
        v
    });
    let v = ping.await.expect("ping does not fail");
    pong.await.expect("pong does not fail");
    Outcome::of(v)
}

/// Awaits every handle in order; the count of tasks that completed (a failed task fails the round).
async fn completed(handles: Vec<tokio::task::JoinHandle<()>>) -> u64 {
    let mut done = 0u64;
    for h in handles {
        h.await.expect("a task does not fail");
        done += 1;
    }
    done
}

/// W6: task i sleeps (i * 7919 mod 1000) ms.
async fn timers(n: u64) -> Outcome {
    let mut handles = Vec::with_capacity(n as usize);
    for i in 0..n {
        handles.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i * 7919 % 1000)).await;
        }));
    }
    Outcome::of(completed(handles).await)
}

/// W8: every task takes 1 of 100 permits, yields once, releases.
async fn semaphore(n: u64) -> Outcome {
    let sem = Arc::new(Semaphore::new(PERMITS));
    let mut handles = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let sem = sem.clone();
        handles.push(tokio::spawn(async move {
            let _permit = sem.acquire().await.expect("the semaphore is never closed");
            tokio::task::yield_now().await;
        }));
    }
    Outcome::of(completed(handles).await)
}

/// W9: n/1000 tasks each increment a shared counter 1,000 times, each under its own lock().
async fn mutex(n: u64) -> Outcome {
    let counter = Arc::new(Mutex::new(0u64));
    let mut handles = Vec::new();
    for _ in 0..n / INCREMENTS {
        let counter = counter.clone();
        handles.push(tokio::spawn(async move {
            for _ in 0..INCREMENTS {
                *counter.lock().await += 1;
            }
        }));
    }
    for h in handles {
        h.await.expect("an incrementing task does not fail");
    }
    let total = *counter.lock().await;
    Outcome::of(total)
}

/// W10: 1 producer, 8 subscribers, capacity 65,536, the producer yielding every 256 sends.
async fn broadcast_fan_out(n: u64) -> Outcome {
    let (tx, _) = broadcast::channel::<u64>(BROADCAST_CAPACITY);
    let mut subscribers = Vec::new();
    for _ in 0..SUBSCRIBERS {
        let mut rx = tx.subscribe();
        subscribers.push(tokio::spawn(async move {
            let (mut received, mut lagged) = (0u64, 0u64);
            loop {
                match rx.recv().await {
                    Ok(_) => received += 1,
                    Err(broadcast::error::RecvError::Lagged(k)) => lagged += k,
                    Err(broadcast::error::RecvError::Closed) => break,
                }
            }
            (received, lagged)
        }));
    }
    let producer = tokio::spawn(async move {
        for i in 0..n {
            tx.send(i).expect("subscribers exist until the sender is dropped");
            if (i + 1) % YIELD_EVERY == 0 {
                tokio::task::yield_now().await;
            }
        }
    });
    producer.await.expect("the producer does not fail");
    let (mut received, mut lagged) = (0u64, 0u64);
    for s in subscribers {
        let (r, l) = s.await.expect("a subscriber does not fail");
        received += r;
        lagged += l;
    }
    Outcome { check: received + lagged, ops: received as i64, notes: format!("lagged={lagged}") }
}

/// W11: an echo server and n/1000 client connections on the same runtime, each doing 1,000 round trips of 64 B.
async fn tcp_echo(n: u64) -> std::io::Result<Outcome> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        loop {
            let (mut socket, _) = match listener.accept().await {
                Ok(s) => s,
                Err(_) => continue, // a failed accept (e.g. out of fds) ends that connection only
            };
            let _ = socket.set_nodelay(true);
            tokio::spawn(async move {
                let mut buf = [0u8; ECHO_READ_BUFFER_BYTES];
                loop {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => {
                            if socket.write_all(&buf[..k]).await.is_err() {
                                return;
                            }
                        }
                    }
                }
            });
        }
    });
    let mut clients = Vec::new();
    for _ in 0..n / ROUND_TRIPS_PER_CONNECTION {
        clients.push(tokio::spawn(async move {
            let mut s = TcpStream::connect(addr).await?;
            s.set_nodelay(true)?;
            let msg = [7u8; MESSAGE_BYTES];
            let mut back = [0u8; MESSAGE_BYTES];
            let mut done = 0u64;
            for _ in 0..ROUND_TRIPS_PER_CONNECTION {
                s.write_all(&msg).await?;
                s.read_exact(&mut back).await?;
                if back != msg {
                    return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "echo differs"));
                }
                done += 1;
            }
            Ok::<u64, std::io::Error>(done)
        }));
    }
    let mut total = 0u64;
    let mut failure = None;
    for c in clients {
        match c.await.expect("a client task does not panic") {
            Ok(d) => total += d,
            Err(e) => failure = Some(e),
        }
    }
    server.abort();
    match failure {
        Some(e) => Err(e),
        None => Ok(Outcome::of(total)),
    }
}

/// W13: the seed's loop, select { recv => sum, sleep(1 s) => break } with a new sleep per iteration.
async fn select_loop(n: u64) -> Outcome {
    let (tx, mut rx) = mpsc::channel::<u64>(CHANNEL_CAPACITY);
    let producer = tokio::spawn(async move {
        for i in 0..n {
            tx.send(i).await.expect("the consumer outlives the producer");
        }
        tx // kept open: the loop ends on its timeout, not on a closed channel
    });
    let consumer = tokio::spawn(async move {
        let mut sum = 0u64;
        loop {
            tokio::select! {
                Some(v) = rx.recv() => sum += v,
                _ = tokio::time::sleep(SELECT_TIMEOUT) => break,
            }
        }
        sum
    });
    let sum = consumer.await.expect("the consumer does not fail");
    drop(producer.await.expect("the producer does not fail"));
    Outcome::of(sum)
}

/// W14: a lazy stream over 0..n: map(x*2), filter(x%3==0), map(x+1), fold sum (futures' StreamExt).
async fn stream_pipeline(n: u64) -> Outcome {
    let sum = futures::stream::iter(0..n)
        .map(|x| x * 2)
        .filter(|x| futures::future::ready(x % 3 == 0))
        .map(|x| x + 1)
        .fold(0u64, |acc, x| futures::future::ready(acc + x))
        .await;
    Outcome::of(sum)
}

fn round(rt: &tokio::runtime::Runtime, workload: &str, n: u64) -> Result<Outcome, String> {
    // every round's root runs as a task on the runtime's workers, as the Weft rows do (rt.blockOn(rt.spawn(root)))
    let joined = match workload {
        "W1" => rt.block_on(rt.spawn(spawn_join(n))),
        "W3" => rt.block_on(rt.spawn(mpsc_sum(n, 1))),
        "W4" => rt.block_on(rt.spawn(mpsc_sum(n, PRODUCERS))),
        "W5" => rt.block_on(rt.spawn(ping_pong(n))),
        "W6" => rt.block_on(rt.spawn(timers(n))),
        "W8" => rt.block_on(rt.spawn(semaphore(n))),
        "W9" => rt.block_on(rt.spawn(mutex(n))),
        "W10" => rt.block_on(rt.spawn(broadcast_fan_out(n))),
        "W11" => {
            return rt
                .block_on(rt.spawn(tcp_echo(n)))
                .map_err(|e| format!("W11 failed: {e}"))?
                .map_err(|e| format!("W11 I/O error: {e}"))
        }
        "W13" => rt.block_on(rt.spawn(select_loop(n))),
        "W14" => rt.block_on(rt.spawn(stream_pipeline(n))),
        other => return Err(format!("workload: {other} (expected one of W1, W3-W6, W8-W11, W13, W14)")),
    };
    joined.map_err(|e| format!("{workload} failed: {e}"))
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("the Tokio runtime starts");
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(_) => break,
        };
        let mut parts = line.split_whitespace();
        let reply = match (parts.next(), parts.next().map(str::parse::<u64>)) {
            (Some(w), Some(Ok(n))) => match round(&rt, w, n) {
                Ok(o) => format!("OK {} {} NaN {}", o.check, o.ops, o.notes),
                Err(e) => format!("ERR {e}"),
            },
            _ => format!("ERR request: '{line}' (expected: <workload id> <size>)"),
        };
        if writeln!(out, "{reply}").and_then(|_| out.flush()).is_err() {
            break;
        }
    }
}
