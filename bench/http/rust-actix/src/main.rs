//! Diez Mil HTTP benchmark server: actix-web 4, serde_json, rmp-serde.
//!
//! Usage: server --port PORT --workers N   (run from this folder; the data is read
//! from ../../data/records.msgpack)

use std::{env, fs, hint::black_box, io, io::Cursor};

use actix_web::{
    App, HttpResponse, HttpServer, Responder, error, http::header, http::header::ContentType,
    middleware::DefaultHeaders, route, web,
};
use serde::{Deserialize, Serialize};

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
    document: web::Bytes,
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

fn plain(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::plaintext())
        .body(body)
}

#[route("/", method = "GET", method = "HEAD")]
async fn index() -> impl Responder {
    HttpResponse::Ok()
        .content_type(ContentType::plaintext())
        .body("Welcome!\n")
}

#[route("/parse-msgpack", method = "GET", method = "HEAD")]
async fn parse_msgpack(state: web::Data<AppState>) -> actix_web::Result<HttpResponse> {
    let records = decode_records(&state.packed).map_err(error::ErrorInternalServerError)?;
    Ok(plain(records.len().to_string()))
}

#[route("/encode-json", method = "GET", method = "HEAD")]
async fn encode_json(state: web::Data<AppState>) -> actix_web::Result<HttpResponse> {
    let json = serde_json::to_string(&state.records).map_err(error::ErrorInternalServerError)?;
    Ok(plain(json.chars().count().to_string()))
}

#[route("/transfer-data", method = "GET", method = "HEAD")]
async fn transfer_data(state: web::Data<AppState>) -> impl Responder {
    // Bytes is reference-counted: the cached document is shared, not copied.
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(state.document.clone())
}

#[route("/loop", method = "GET", method = "HEAD")]
async fn run_loop() -> impl Responder {
    // black_box hides the iteration count from the optimiser, so the loop cannot be
    // evaluated at compile time: every request runs all one million iterations.
    plain(one_million_loop(black_box(1_000_000)).to_string())
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

#[actix_web::main]
async fn main() -> io::Result<()> {
    let (port, workers) = parse_args().map_err(io::Error::other)?;
    let state = web::Data::new(AppState::load(DATA_PATH)?);
    // actix-web stops on SIGTERM by itself (graceful shutdown, here at most 1 s).
    // It sends Date and keeps HTTP/1.1 connections alive by itself; the routes
    // take HEAD as well as GET (#[get] alone answers HEAD with 404), and the
    // Server header comes from the DefaultHeaders middleware.
    HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .wrap(DefaultHeaders::new().add((header::SERVER, "actix-web")))
            .service(index)
            .service(parse_msgpack)
            .service(encode_json)
            .service(transfer_data)
            .service(run_loop)
    })
    .workers(workers)
    .shutdown_timeout(1)
    .bind((bind_address().as_str(), port))?
    .run()
    .await
}

/// Where to listen: the runner sets DIEZMIL_BIND to the server host's address
/// when the load generator runs on another machine (--hosts).
fn bind_address() -> String {
    std::env::var("DIEZMIL_BIND").unwrap_or_else(|_| "127.0.0.1".to_string())
}
