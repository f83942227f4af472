//! The hyper peer of weft-bench's H1-H3 rows: TechEmpower plaintext (`/plaintext`) and JSON (`/json`) on hyper 0.14,
//! the way hyper's own TechEmpower entry serves them: one multi-threaded Tokio runtime with 2 workers (the harness's
//! rule for every server), HTTP/1 only, `http1_pipeline_flush` so a pipelined batch is answered with one write.
//!
//! Protocol of every H server: argument 1 is the port (0 = any); prints `READY <port>` once listening; exits when
//! its standard input ends.

use std::convert::Infallible;
use std::net::SocketAddr;

use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, SERVER};
use hyper::service::{make_service_fn, service_fn};
use hyper::{Body, Request, Response, Server, StatusCode};
use tokio::io::AsyncReadExt;

const HELLO: &[u8] = b"Hello, World!";

async fn handle(req: Request<Body>) -> Result<Response<Body>, Infallible> {
    let mut res = match req.uri().path() {
        "/plaintext" => {
            let mut res = Response::new(Body::from(HELLO));
            res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
            res.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from_static("13"));
            res
        }
        "/json" => {
            // TechEmpower: a fresh object serialized per request
            let body = serde_json::to_vec(&serde_json::json!({ "message": "Hello, World!" }))
                .expect("a JSON object always serializes");
            let len = body.len();
            let mut res = Response::new(Body::from(body));
            res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            res.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(len));
            res
        }
        _ => {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::NOT_FOUND;
            res
        }
    };
    res.headers_mut().insert(SERVER, HeaderValue::from_static("hyper"));
    Ok(res)
}

fn main() {
    let port: u16 = match std::env::args().nth(1).map(|p| p.parse()) {
        Some(Ok(p)) => p,
        _ => {
            eprintln!("usage: hyper-peer PORT (0 = any)");
            std::process::exit(2);
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("the Tokio runtime starts");
    rt.block_on(async move {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let make = make_service_fn(|_conn| async { Ok::<_, Infallible>(service_fn(handle)) });
        let server = Server::bind(&addr)
            .http1_only(true)
            .http1_pipeline_flush(true)
            .tcp_nodelay(true)
            .serve(make);
        println!("READY {}", server.local_addr().port());
        let stdin_closed = async {
            let mut stdin = tokio::io::stdin();
            let mut buf = [0u8; 256];
            while let Ok(n) = stdin.read(&mut buf).await {
                if n == 0 {
                    break;
                }
            }
        };
        tokio::select! {
            r = server => if let Err(e) = r { eprintln!("hyper-peer: {e}"); std::process::exit(1); },
            _ = stdin_closed => {}
        }
    });
}
