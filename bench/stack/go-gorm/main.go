// Diez Mil web-stack server: net/http (ServeMux) + GORM with its postgres
// driver (pgx underneath, through database/sql), html/template for HTML.
//
// Usage: server -port PORT -workers N
// PostgreSQL comes from DIEZMIL_PG_URL (bench/stack/README.md). -workers sets
// GOMAXPROCS.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
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

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// World and Fortune are GORM models of the two tables.
type World struct {
	ID           int32 `gorm:"column:id;primaryKey" json:"id"`
	RandomNumber int32 `gorm:"column:randomnumber" json:"randomNumber"`
}

func (World) TableName() string { return "world" }

type Fortune struct {
	ID      int32  `gorm:"column:id;primaryKey"`
	Message string `gorm:"column:message"`
}

func (Fortune) TableName() string { return "fortune" }

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
	db *gorm.DB
}

func randomID() int32 {
	return rand.Int32N(10_000) + 1
}

// clampCount reads ?queries=: clamped to 1..500, 1 when missing or not a number.
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

// world loads one row by primary key. Take, unlike First, adds no ORDER BY.
func (s *server) world(ctx context.Context, id int32) (World, error) {
	var world World
	err := s.db.WithContext(ctx).Take(&world, id).Error
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
	var fortunes []Fortune
	if err := s.db.WithContext(r.Context()).Find(&fortunes).Error; err != nil {
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

// withServerHeader names the server on every response; net/http itself sends
// Date, keeps HTTP/1.1 connections alive and answers HEAD on GET patterns
// without the body.
func withServerHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "go-net/http")
		next.ServeHTTP(w, r)
	})
}

func connect(workers int) (*gorm.DB, error) {
	dsn := os.Getenv("DIEZMIL_PG_URL")
	if dsn == "" {
		return nil, errors.New("DIEZMIL_PG_URL must be set (see bench/stack/README.md)")
	}
	// The postgres driver runs pgx through database/sql; pgx prepares and
	// caches each statement on first use by default.
	db, err := gorm.Open(postgres.Open(dsn), &gorm.Config{})
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	// Goroutines make this an async server: up to four connections per
	// worker thread (bench/stack/README.md).
	sqlDB.SetMaxOpenConns(workers * 4)
	sqlDB.SetMaxIdleConns(workers * 4)
	return db, nil
}

func main() {
	port := flag.Int("port", 8080, "TCP port on $DIEZMIL_BIND (127.0.0.1 when unset)")
	workers := flag.Int("workers", runtime.NumCPU(), "GOMAXPROCS, and a quarter of the pool size")
	flag.Parse()
	runtime.GOMAXPROCS(*workers)

	db, err := connect(*workers)
	if err != nil {
		log.Fatal(err)
	}
	s := &server{db: db}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /db", s.handleDB)
	mux.HandleFunc("GET /queries", s.handleQueries)
	mux.HandleFunc("GET /fortunes", s.handleFortunes)

	srv := &http.Server{
		Addr:              net.JoinHostPort(bindAddress(), strconv.Itoa(*port)),
		Handler:           withServerHeader(mux),
		ReadHeaderTimeout: 10 * time.Second,
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
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
