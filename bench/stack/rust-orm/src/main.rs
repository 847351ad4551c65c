//! Diez Mil web-stack server: axum 0.8 (hyper, tokio) + the Diesel ORM through
//! diesel-async (tokio-postgres underneath) with its deadpool pool, askama for HTML.
//!
//! Usage: server --port PORT --workers N
//! PostgreSQL comes from DIEZMIL_PG_URL (bench/stack/README.md).

use std::{env, io, sync::Arc};

use askama::Template;
use axum::{
    Json, Router,
    extract::{Query, State},
    http::{HeaderValue, StatusCode, header},
    response::Html,
    routing::get,
};
use diesel::prelude::*;
use diesel_async::{
    AsyncPgConnection, RunQueryDsl,
    pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod, deadpool::Pool},
};
use rand::RngExt;
use serde::{Deserialize, Serialize};
use tokio::signal::unix::{SignalKind, signal};
use tower_http::set_header::SetResponseHeaderLayer;

/// The tables, as `diesel print-schema` would write them.
mod schema {
    diesel::table! {
        world (id) {
            id -> Integer,
            randomnumber -> Integer,
        }
    }

    diesel::table! {
        fortune (id) {
            id -> Integer,
            message -> Varchar,
        }
    }
}

use schema::{fortune, world};

#[derive(Debug, Queryable, Selectable, Serialize)]
#[diesel(table_name = world, check_for_backend(diesel::pg::Pg))]
struct World {
    id: i32,
    #[diesel(column_name = randomnumber)]
    #[serde(rename = "randomNumber")]
    random_number: i32,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = fortune, check_for_backend(diesel::pg::Pg))]
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
    pool: Pool<AsyncPgConnection>,
}

type AppResult<T> = Result<T, (StatusCode, String)>;

fn internal_error(err: impl std::fmt::Display) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

fn random_id() -> i32 {
    rand::rng().random_range(1..=10_000)
}

/// `?queries=`: a number clamped to 1..500; missing or not a number gives 1.
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

async fn find_world(conn: &mut AsyncPgConnection, id: i32) -> QueryResult<World> {
    world::table
        .find(id)
        .select(World::as_select())
        .first(conn)
        .await
}

async fn db(State(state): State<Arc<AppState>>) -> AppResult<Json<World>> {
    let mut conn = state.pool.get().await.map_err(internal_error)?;
    let world = find_world(&mut conn, random_id()).await.map_err(internal_error)?;
    Ok(Json(world))
}

async fn queries(
    State(state): State<Arc<AppState>>,
    Query(params): Query<QueriesParams>,
) -> AppResult<Json<Vec<World>>> {
    let count = clamp_count(params.queries.as_ref());
    let mut conn = state.pool.get().await.map_err(internal_error)?;
    let mut worlds = Vec::with_capacity(count);
    for _ in 0..count {
        worlds.push(find_world(&mut conn, random_id()).await.map_err(internal_error)?);
    }
    Ok(Json(worlds))
}

async fn fortunes(State(state): State<Arc<AppState>>) -> AppResult<Html<String>> {
    let mut conn = state.pool.get().await.map_err(internal_error)?;
    let mut fortunes = fortune::table
        .select(Fortune::as_select())
        .load(&mut conn)
        .await
        .map_err(internal_error)?;
    fortunes.push(Fortune {
        id: 0,
        message: "Additional fortune added at request time.".to_owned(),
    });
    fortunes.sort_by(|a, b| a.message.cmp(&b.message));
    let page = FortunesPage { fortunes }.render().map_err(internal_error)?;
    Ok(Html(page))
}

async fn sigterm() {
    signal(SignalKind::terminate())
        .expect("install the SIGTERM handler")
        .recv()
        .await;
}

async fn serve(port: u16, workers: usize) -> io::Result<()> {
    let url = env::var("DIEZMIL_PG_URL")
        .map_err(|_| io::Error::other("DIEZMIL_PG_URL is not set (see bench/stack/README.md)"))?;
    // The pool's default recycling runs a test query at every checkout; Fast
    // only checks the connection is open, as deadpool-postgres does in rust-driver.
    let mut config = ManagerConfig::default();
    config.recycling_method = RecyclingMethod::Fast;
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, config);
    // An async server: up to four connections per worker thread (bench/stack/README.md).
    let pool = Pool::builder(manager)
        .max_size(workers * 4)
        .build()
        .map_err(io::Error::other)?;
    let state = Arc::new(AppState { pool });

    let app = Router::new()
        .route("/db", get(db))
        .route("/queries", get(queries))
        .route("/fortunes", get(fortunes))
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
