//! Diez Mil web-stack server: axum 0.8 (hyper, tokio) + tokio-postgres with a
//! deadpool-postgres pool, redis for the read-through cache, askama for HTML.
//!
//! Usage: server --port PORT --workers N
//! PostgreSQL and Redis come from DIEZMIL_PG_URL and DIEZMIL_REDIS_URL
//! (bench/stack/README.md).

use std::{env, io, sync::Arc};

use askama::Template;
use axum::{
    Json, Router,
    extract::{Query, State},
    http::{HeaderValue, StatusCode, header},
    response::Html,
    routing::get,
};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use rand::RngExt;
use redis::{AsyncCommands, aio::ConnectionManager};
use serde::{Deserialize, Serialize};
use tokio::signal::unix::{SignalKind, signal};
use tokio_postgres::NoTls;
use tower_http::set_header::SetResponseHeaderLayer;

const SELECT_WORLD: &str = "SELECT id, randomnumber FROM world WHERE id = $1";
const SELECT_FORTUNES: &str = "SELECT id, message FROM fortune";
/// How long a cached row lives in Redis, in seconds.
const CACHE_TTL: u64 = 60;

#[derive(Debug, Deserialize, Serialize)]
struct World {
    id: i32,
    #[serde(rename = "randomNumber")]
    random_number: i32,
}

impl World {
    fn from_row(row: &tokio_postgres::Row) -> Self {
        Self {
            id: row.get(0),
            random_number: row.get(1),
        }
    }
}

struct Fortune {
    id: i32,
    message: String,
}

/// askama escapes every `{{ }}` expression of an .html template.
#[derive(Template)]
#[template(path = "fortunes.html")]
struct FortunesPage {
    fortunes: Vec<Fortune>,
}

struct AppState {
    pool: Pool,
    redis: ConnectionManager,
}

type AppResult<T> = Result<T, (StatusCode, String)>;

fn internal_error(err: impl std::fmt::Display) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

fn random_id() -> i32 {
    rand::rng().random_range(1..=10_000)
}

/// `?queries=` and `?count=`: a number clamped to 1..500; missing or not a number gives 1.
fn clamp_count(value: Option<&String>) -> usize {
    value
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 500) as usize
}

#[derive(Deserialize)]
struct QueriesParams {
    queries: Option<String>,
}

#[derive(Deserialize)]
struct CountParams {
    count: Option<String>,
}

async fn db(State(state): State<Arc<AppState>>) -> AppResult<Json<World>> {
    let client = state.pool.get().await.map_err(internal_error)?;
    let statement = client.prepare_cached(SELECT_WORLD).await.map_err(internal_error)?;
    let row = client
        .query_one(&statement, &[&random_id()])
        .await
        .map_err(internal_error)?;
    Ok(Json(World::from_row(&row)))
}

async fn queries(
    State(state): State<Arc<AppState>>,
    Query(params): Query<QueriesParams>,
) -> AppResult<Json<Vec<World>>> {
    let count = clamp_count(params.queries.as_ref());
    let client = state.pool.get().await.map_err(internal_error)?;
    let statement = client.prepare_cached(SELECT_WORLD).await.map_err(internal_error)?;
    let mut worlds = Vec::with_capacity(count);
    for _ in 0..count {
        let row = client
            .query_one(&statement, &[&random_id()])
            .await
            .map_err(internal_error)?;
        worlds.push(World::from_row(&row));
    }
    Ok(Json(worlds))
}

async fn fortunes(State(state): State<Arc<AppState>>) -> AppResult<Html<String>> {
    let client = state.pool.get().await.map_err(internal_error)?;
    let statement = client.prepare_cached(SELECT_FORTUNES).await.map_err(internal_error)?;
    let rows = client.query(&statement, &[]).await.map_err(internal_error)?;
    let mut fortunes: Vec<Fortune> = rows
        .iter()
        .map(|row| Fortune {
            id: row.get(0),
            message: row.get(1),
        })
        .collect();
    fortunes.push(Fortune {
        id: 0,
        message: "Additional fortune added at request time.".to_owned(),
    });
    fortunes.sort_by(|a, b| a.message.cmp(&b.message));
    let page = FortunesPage { fortunes }.render().map_err(internal_error)?;
    Ok(Html(page))
}

async fn repeated(
    State(state): State<Arc<AppState>>,
    Query(params): Query<CountParams>,
) -> AppResult<Json<Vec<World>>> {
    let count = clamp_count(params.count.as_ref());
    let id = random_id();
    let client = state.pool.get().await.map_err(internal_error)?;
    let statement = client.prepare_cached(SELECT_WORLD).await.map_err(internal_error)?;
    let mut worlds = Vec::with_capacity(count);
    for _ in 0..count {
        let row = client
            .query_one(&statement, &[&id])
            .await
            .map_err(internal_error)?;
        worlds.push(World::from_row(&row));
    }
    Ok(Json(worlds))
}

/// Read-through cache: Redis first, PostgreSQL on a miss (then stored for 60 s).
async fn cached_world(state: &AppState, redis: &mut ConnectionManager, id: i32) -> AppResult<World> {
    let key = format!("world:{id}");
    let hit: Option<String> = redis.get(&key).await.map_err(internal_error)?;
    if let Some(json) = hit {
        return serde_json::from_str(&json).map_err(internal_error);
    }
    let client = state.pool.get().await.map_err(internal_error)?;
    let statement = client.prepare_cached(SELECT_WORLD).await.map_err(internal_error)?;
    let row = client.query_one(&statement, &[&id]).await.map_err(internal_error)?;
    let world = World::from_row(&row);
    let json = serde_json::to_string(&world).map_err(internal_error)?;
    let () = redis.set_ex(&key, json, CACHE_TTL).await.map_err(internal_error)?;
    Ok(world)
}

async fn cached(
    State(state): State<Arc<AppState>>,
    Query(params): Query<CountParams>,
) -> AppResult<Json<Vec<World>>> {
    let count = clamp_count(params.count.as_ref());
    let id = random_id();
    // ConnectionManager multiplexes one connection; a clone is a handle to it.
    let mut redis = state.redis.clone();
    let mut worlds = Vec::with_capacity(count);
    for _ in 0..count {
        worlds.push(cached_world(&state, &mut redis, id).await?);
    }
    Ok(Json(worlds))
}

async fn sigterm() {
    signal(SignalKind::terminate())
        .expect("install the SIGTERM handler")
        .recv()
        .await;
}

fn required_env(name: &str) -> io::Result<String> {
    env::var(name).map_err(|_| io::Error::other(format!("{name} is not set (see bench/stack/README.md)")))
}

async fn serve(port: u16, workers: usize) -> io::Result<()> {
    let pg_config: tokio_postgres::Config = required_env("DIEZMIL_PG_URL")?
        .parse()
        .map_err(io::Error::other)?;
    let manager = Manager::from_config(
        pg_config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    // An async server: up to four connections per worker thread (bench/stack/README.md).
    let pool = Pool::builder(manager)
        .max_size(workers * 4)
        .build()
        .map_err(io::Error::other)?;
    let redis_client = redis::Client::open(required_env("DIEZMIL_REDIS_URL")?).map_err(io::Error::other)?;
    let redis = ConnectionManager::new(redis_client).await.map_err(io::Error::other)?;
    let state = Arc::new(AppState { pool, redis });

    let app = Router::new()
        .route("/db", get(db))
        .route("/queries", get(queries))
        .route("/fortunes", get(fortunes))
        .route("/repeated", get(repeated))
        .route("/cached", get(cached))
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
        .block_on(serve(port, workers))
}

/// Where to listen: the runner sets DIEZMIL_BIND to the server host's address
/// when the load generator runs on another machine (--hosts).
fn bind_address() -> String {
    std::env::var("DIEZMIL_BIND").unwrap_or_else(|_| "127.0.0.1".to_string())
}
