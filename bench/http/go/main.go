// Diez Mil HTTP benchmark server: net/http (ServeMux), encoding/json,
// github.com/vmihailenco/msgpack/v5.
//
// Usage: server -port PORT -workers N   (run from this folder; the data is read
// from ../../data/records.msgpack). -workers sets GOMAXPROCS.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/vmihailenco/msgpack/v5"
)

const dataPath = "../../data/records.msgpack"

// Record is decoded into a typed struct, as the 2019 essay did.
// Field order is the JSON key order.
type Record struct {
	ID          int64   `msgpack:"id" json:"id"`
	Name        string  `msgpack:"name" json:"name"`
	Description string  `msgpack:"description" json:"description"`
	Type        string  `msgpack:"type" json:"type"`
	Count       int64   `msgpack:"count" json:"count"`
	CreatedAt   float64 `msgpack:"created_at" json:"created_at"`
}

type server struct {
	packed   [][]byte // the 1000 pre-encoded records, one MessagePack blob each
	records  []Record // decoded once at start-up, for /encode-json
	document []byte   // JSON encoded once at start-up, for /transfer-data
}

// loopIterations is a variable, not a constant, so the compiler cannot
// evaluate the loop at build time: every request runs all one million iterations.
var loopIterations int64 = 1_000_000

func oneMillionLoop(n int64) int64 {
	var acc int64
	for i := int64(0); i < n; i++ {
		acc = (acc*31 + i) % 1_000_003
		if acc%2 == 0 {
			acc++
		}
	}
	return acc
}

// splitStream cuts the concatenated MessagePack stream into one blob per record.
func splitStream(stream []byte) ([][]byte, error) {
	rd := bytes.NewReader(stream)
	dec := msgpack.NewDecoder(rd)
	var blobs [][]byte
	for rd.Len() > 0 {
		start := len(stream) - rd.Len()
		if err := dec.Skip(); err != nil {
			return nil, err
		}
		blobs = append(blobs, stream[start:len(stream)-rd.Len()])
	}
	return blobs, nil
}

func decodeRecords(packed [][]byte) ([]Record, error) {
	records := make([]Record, len(packed))
	for i, blob := range packed {
		if err := msgpack.Unmarshal(blob, &records[i]); err != nil {
			return nil, err
		}
	}
	return records, nil
}

func load(path string) (*server, error) {
	stream, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	packed, err := splitStream(stream)
	if err != nil {
		return nil, err
	}
	records, err := decodeRecords(packed)
	if err != nil {
		return nil, err
	}
	document, err := json.Marshal(records)
	if err != nil {
		return nil, err
	}
	return &server{packed: packed, records: records, document: document}, nil
}

func writeText(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(body))
}

func (s *server) index(w http.ResponseWriter, r *http.Request) {
	writeText(w, "Welcome!\n")
}

func (s *server) parseMsgpack(w http.ResponseWriter, r *http.Request) {
	records, err := decodeRecords(s.packed)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeText(w, strconv.Itoa(len(records)))
}

func (s *server) encodeJSON(w http.ResponseWriter, r *http.Request) {
	document, err := json.Marshal(s.records)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeText(w, strconv.Itoa(utf8.RuneCount(document)))
}

func (s *server) transferData(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	// Without a length net/http would send a body this large chunked.
	h.Set("Content-Length", strconv.Itoa(len(s.document)))
	_, _ = w.Write(s.document)
}

func (s *server) loop(w http.ResponseWriter, r *http.Request) {
	writeText(w, strconv.FormatInt(oneMillionLoop(loopIterations), 10))
}

// withServerHeader names the server on every response, as TechEmpower's
// rules ask; net/http itself sends Date, keeps HTTP/1.1 connections alive and
// answers HEAD on GET patterns without the body.
func withServerHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "go-net/http")
		next.ServeHTTP(w, r)
	})
}

func main() {
	port := flag.Int("port", 8080, "TCP port on $DIEZMIL_BIND (127.0.0.1 when unset)")
	workers := flag.Int("workers", 0, "GOMAXPROCS (0: Go's default)")
	flag.Parse()

	if *workers > 0 {
		runtime.GOMAXPROCS(*workers)
	}

	s, err := load(dataPath)
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /parse-msgpack", s.parseMsgpack)
	mux.HandleFunc("GET /encode-json", s.encodeJSON)
	mux.HandleFunc("GET /transfer-data", s.transferData)
	mux.HandleFunc("GET /loop", s.loop)

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
