// Diez Mil web-stack server: net/http (ServeMux) + pgx v5 (pgxpool) for
// PostgreSQL, go-redis v9 for the read-through cache, html/template for HTML.
//
// Usage: server -port PORT -workers N
// PostgreSQL and Redis come from DIEZMIL_PG_URL and DIEZMIL_REDIS_URL
// (bench/stack/README.md). -workers sets GOMAXPROCS.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

const (
	selectWorld    = "SELECT id, randomnumber FROM world WHERE id = $1"
	selectFortunes = "SELECT id, message FROM fortune"
	cacheTTL       = 60 * time.Second
)

type World struct {
	ID           int32 `json:"id"`
	RandomNumber int32 `json:"randomNumber"`
}

type Fortune struct {
	ID      int32
	Message string
}

// html/template escapes every {{.}} by its context (here: HTML text).
var fortunesTemplate = template.Must(template.New("fortunes").Parse(`<!DOCTYPE html>
<html>
<head><title>Fortunes</title></head>
<body>
<table>
<tr><th>id</th><th>message</th></tr>
{{range .}}<tr><td>{{.ID}}</td><td>{{.Message}}</td></tr>
{{end}}</table>
</body>
</html>
`))

type server struct {
	db    *pgxpool.Pool
	cache *redis.Client
}

func randomID() int32 {
	return rand.Int32N(10_000) + 1
}

// clampCount reads ?queries= or ?count=: clamped to 1..500, 1 when missing or not a number.
func clampCount(r *http.Request, name string) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil {
		return 1
	}
	return min(max(n, 1), 500)
}

func writeJSON(w http.ResponseWriter, value any) {
	body, err := json.Marshal(value)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func (s *server) world(ctx context.Context, id int32) (World, error) {
	var world World
	err := s.db.QueryRow(ctx, selectWorld, id).Scan(&world.ID, &world.RandomNumber)
	return world, err
}

func (s *server) handleDB(w http.ResponseWriter, r *http.Request) {
	world, err := s.world(r.Context(), randomID())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, world)
}

func (s *server) handleQueries(w http.ResponseWriter, r *http.Request) {
	worlds := make([]World, clampCount(r, "queries"))
	for i := range worlds {
		var err error
		if worlds[i], err = s.world(r.Context(), randomID()); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	writeJSON(w, worlds)
}

func (s *server) handleFortunes(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.Query(r.Context(), selectFortunes)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fortunes, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Fortune])
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fortunes = append(fortunes, Fortune{ID: 0, Message: "Additional fortune added at request time."})
	slices.SortFunc(fortunes, func(a, b Fortune) int { return cmp.Compare(a.Message, b.Message) })
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := fortunesTemplate.Execute(w, fortunes); err != nil {
		log.Print(err)
	}
}

// handleRepeated reads one random row `count` times, one query after another.
func (s *server) handleRepeated(w http.ResponseWriter, r *http.Request) {
	id := randomID()
	worlds := make([]World, clampCount(r, "count"))
	for i := range worlds {
		var err error
		if worlds[i], err = s.world(r.Context(), id); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	writeJSON(w, worlds)
}

// cachedWorld is a read-through cache: Redis first, PostgreSQL on a miss
// (then stored for 60 s).
func (s *server) cachedWorld(ctx context.Context, id int32) (World, error) {
	key := fmt.Sprintf("world:%d", id)
	var world World
	hit, err := s.cache.Get(ctx, key).Bytes()
	if err == nil {
		err = json.Unmarshal(hit, &world)
		return world, err
	}
	if !errors.Is(err, redis.Nil) {
		return world, err
	}
	if world, err = s.world(ctx, id); err != nil {
		return world, err
	}
	value, err := json.Marshal(world)
	if err != nil {
		return world, err
	}
	return world, s.cache.Set(ctx, key, value, cacheTTL).Err()
}

func (s *server) handleCached(w http.ResponseWriter, r *http.Request) {
	id := randomID()
	worlds := make([]World, clampCount(r, "count"))
	for i := range worlds {
		var err error
		if worlds[i], err = s.cachedWorld(r.Context(), id); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	writeJSON(w, worlds)
}

// withServerHeader names the server on every response; net/http itself sends
// Date, keeps HTTP/1.1 connections alive and answers HEAD on GET patterns
// without the body.
func withServerHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "go-net/http")
		next.ServeHTTP(w, r)
	})
}

func connect(ctx context.Context, workers int) (*server, error) {
	pgURL, redisURL := os.Getenv("DIEZMIL_PG_URL"), os.Getenv("DIEZMIL_REDIS_URL")
	if pgURL == "" || redisURL == "" {
		return nil, errors.New("DIEZMIL_PG_URL and DIEZMIL_REDIS_URL must be set (see bench/stack/README.md)")
	}
	config, err := pgxpool.ParseConfig(pgURL)
	if err != nil {
		return nil, fmt.Errorf("DIEZMIL_PG_URL: %w", err)
	}
	// Goroutines make this an async server: up to four connections per
	// worker thread (bench/stack/README.md). pgx prepares and caches every
	// statement by default.
	config.MaxConns = int32(workers * 4)
	db, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		return nil, err
	}
	options, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, fmt.Errorf("DIEZMIL_REDIS_URL: %w", err)
	}
	options.PoolSize = workers * 4
	return &server{db: db, cache: redis.NewClient(options)}, nil
}

func main() {
	port := flag.Int("port", 8080, "TCP port on $DIEZMIL_BIND (127.0.0.1 when unset)")
	workers := flag.Int("workers", runtime.NumCPU(), "GOMAXPROCS, and a quarter of the pool sizes")
	flag.Parse()
	runtime.GOMAXPROCS(*workers)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	s, err := connect(ctx, *workers)
	if err != nil {
		log.Fatal(err)
	}
	defer s.db.Close()
	defer s.cache.Close()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /db", s.handleDB)
	mux.HandleFunc("GET /queries", s.handleQueries)
	mux.HandleFunc("GET /fortunes", s.handleFortunes)
	mux.HandleFunc("GET /repeated", s.handleRepeated)
	mux.HandleFunc("GET /cached", s.handleCached)

	srv := &http.Server{
		Addr:              net.JoinHostPort(bindAddress(), strconv.Itoa(*port)),
		Handler:           withServerHeader(mux),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()

	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

// bindAddress is where to listen: the runner sets DIEZMIL_BIND to the server
// host's address when the load generator runs on another machine (--hosts).
func bindAddress() string {
	if a := os.Getenv("DIEZMIL_BIND"); a != "" {
		return a
	}
	return "127.0.0.1"
}
