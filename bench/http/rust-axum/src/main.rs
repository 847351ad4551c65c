//! Diez Mil HTTP benchmark server: axum 0.8 (hyper, tokio), serde_json, rmp-serde.
//!
//! Usage: server --port PORT --workers N   (run from this folder; the data is read
//! from ../../data/records.msgpack)

use std::{env, fs, hint::black_box, io, io::Cursor, sync::Arc};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::IntoResponse,
    routing::get,
};
use serde::{Deserialize, Serialize};
use tokio::signal::unix::{SignalKind, signal};
use tower_http::set_header::SetResponseHeaderLayer;

const DATA_PATH: &str = "../../data/records.msgpack";

/// One record, decoded into a typed struct as the 2019 essay did.
/// Field order is the JSON key order.
#[derive(Debug, Deserialize, Serialize)]
struct Record {
    id: i64,
    name: String,
    description: String,
    #[serde(rename = "type")]
    kind: String,
    count: i64,
    created_at: f64,
}

struct AppState {
    /// The 1000 pre-encoded records, one MessagePack blob each (like values fetched from a cache).
    packed: Vec<Vec<u8>>,
    /// The records decoded once at start-up, for /encode-json.
    records: Vec<Record>,
    /// The JSON document encoded once at start-up, for /transfer-data.
    document: Bytes,
}

impl AppState {
    fn load(path: &str) -> io::Result<Self> {
        let stream = fs::read(path)?;
        let packed = split_stream(&stream).map_err(io::Error::other)?;
        let records = decode_records(&packed).map_err(io::Error::other)?;
        let document = serde_json::to_vec(&records)?.into();
        Ok(Self {
            packed,
            records,
            document,
        })
    }
}

/// Splits the concatenated MessagePack stream into one blob per record.
fn split_stream(stream: &[u8]) -> Result<Vec<Vec<u8>>, rmp_serde::decode::Error> {
    let mut de = rmp_serde::Deserializer::new(Cursor::new(stream));
    let mut blobs = Vec::new();
    let mut start = 0;
    while start < stream.len() {
        serde::de::IgnoredAny::deserialize(&mut de)?;
        let end = de.position() as usize;
        blobs.push(stream[start..end].to_vec());
        start = end;
    }
    Ok(blobs)
}

fn decode_records(packed: &[Vec<u8>]) -> Result<Vec<Record>, rmp_serde::decode::Error> {
    packed
        .iter()
        .map(|blob| rmp_serde::from_slice(blob))
        .collect()
}

/// The one-million loop, with 64-bit integers.
fn one_million_loop(n: i64) -> i64 {
    let mut acc: i64 = 0;
    for i in 0..n {
        acc = (acc * 31 + i) % 1_000_003;
        if acc % 2 == 0 {
            acc += 1;
        }
    }
    acc
}

fn internal_error(err: impl std::fmt::Display) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

// A String or &'static str body is sent as text/plain; charset=utf-8.
async fn index() -> &'static str {
    "Welcome!\n"
}

async fn parse_msgpack(State(state): State<Arc<AppState>>) -> Result<String, (StatusCode, String)> {
    let records = decode_records(&state.packed).map_err(internal_error)?;
    Ok(records.len().to_string())
}

async fn encode_json(State(state): State<Arc<AppState>>) -> Result<String, (StatusCode, String)> {
    let json = serde_json::to_string(&state.records).map_err(internal_error)?;
    Ok(json.chars().count().to_string())
}

async fn transfer_data(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    // Bytes is reference-counted: the cached document is shared, not copied.
    (
        [(header::CONTENT_TYPE, "application/json")],
        state.document.clone(),
    )
}

async fn run_loop() -> String {
    // black_box hides the iteration count from the optimiser, so the loop cannot be
    // evaluated at compile time: every request runs all one million iterations.
    one_million_loop(black_box(1_000_000)).to_string()
}

async fn sigterm() {
    signal(SignalKind::terminate())
        .expect("install the SIGTERM handler")
        .recv()
        .await;
}

async fn serve(port: u16) -> io::Result<()> {
    let state = Arc::new(AppState::load(DATA_PATH)?);
    let app = Router::new()
        .route("/", get(index))
        .route("/parse-msgpack", get(parse_msgpack))
        .route("/encode-json", get(encode_json))
        .route("/transfer-data", get(transfer_data))
        .route("/loop", get(run_loop))
        // hyper sends Date and keeps HTTP/1.1 connections alive, and axum's get()
        // also answers HEAD without the body; only the Server header is ours to add.
        .layer(SetResponseHeaderLayer::overriding(
            header::SERVER,
            HeaderValue::from_static("axum"),
        ))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind((bind_address().as_str(), port)).await?;
    axum::serve(listener, app)
        .with_graceful_shutdown(sigterm())
        .await
}

fn parse_args() -> Result<(u16, usize), String> {
    let mut port = 8080;
    let mut workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut args = env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => port = value.parse().map_err(|e| format!("--port: {e}"))?,
            "--workers" => workers = value.parse().map_err(|e| format!("--workers: {e}"))?,
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    Ok((port, workers))
}

fn main() -> io::Result<()> {
    let (port, workers) = parse_args().map_err(io::Error::other)?;
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()?
        .block_on(serve(port))
}

/// Where to listen: the runner sets DIEZMIL_BIND to the server host's address
/// when the load generator runs on another machine (--hosts).
fn bind_address() -> String {
    std::env::var("DIEZMIL_BIND").unwrap_or_else(|_| "127.0.0.1".to_string())
}
