package main

// The eight operations as testing.B benchmarks. Each loop accumulates its
// result into acc and stores acc in the package-level `checksum` when done;
// objects built in the loop are stored in package-level sinks so escape
// analysis cannot drop the allocation. See bench/ops/README.md.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// checksum is the accumulator of the most recent benchmark invocation.
var checksum uint64

type Obj struct{ A, B, C uint64 }

type Rec struct{ A, B, C uint64 }

type Record struct {
	ID          int64
	Name        string
	Description string
	Type        string
	Count       int64
	CreatedAt   float64
}

type Out struct {
	ID        int64
	Name      string
	Type      string
	Count     int64
	Score     int64
	CreatedAt int64
}

var (
	obj      = &Obj{A: 1, B: 7, C: 3}
	lookup   = map[string]uint64{}
	keys     []string
	records  []Record
	sinkRec  *Rec
	sinkStr  string
	sinkOut  Out
	sinkKeep bool
)

func init() {
	for k := 0; k < 100; k++ {
		key := "key" + strconv.Itoa(k)
		keys = append(keys, key)
		lookup[key] = uint64(k)
	}
	for i := 0; i < 1000; i++ {
		records = append(records, Record{
			ID: int64(i), Name: "My name", Description: "Some words on here so it looks full",
			Type: "U", Count: 33, CreatedAt: 1569882498.9117897,
		})
	}
}

//go:noinline
func inc(x uint64) uint64 { return x + 1 }

// transform validates one record and builds its output.
func transform(r *Record) (Out, bool) {
	if r.ID < 0 || r.Name == "" {
		return Out{}, false
	}
	switch r.Type {
	case "U", "A", "M":
	default:
		return Out{}, false
	}
	if r.Count < 0 || r.Count > 1000 {
		return Out{}, false
	}
	return Out{
		ID:        r.ID,
		Name:      r.Name,
		Type:      strings.ToUpper(r.Type),
		Count:     r.Count,
		Score:     r.Count*2 + r.ID%7,
		CreatedAt: int64(math.Round(r.CreatedAt)),
	}, true
}

func BenchmarkOverhead(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}

func BenchmarkEmptyLoop(b *testing.B) {
	var acc uint64
	for i := 0; i < b.N; i++ {
		acc++
	}
	checksum = acc
}

func BenchmarkCall(b *testing.B) {
	var acc uint64
	for i := 0; i < b.N; i++ {
		acc += inc(uint64(i))
	}
	checksum = acc
}

func BenchmarkAttribute(b *testing.B) {
	var acc uint64
	for i := 0; i < b.N; i++ {
		acc += obj.B
	}
	checksum = acc
}

func BenchmarkMapLookup(b *testing.B) {
	var acc uint64
	for i := 0; i < b.N; i++ {
		acc += lookup[keys[i%100]]
	}
	checksum = acc
}

func BenchmarkMapInsert(b *testing.B) {
	var acc uint64
	m := make(map[uint64]uint64)
	for i := 0; i < b.N; i++ {
		m[uint64(i)] = uint64(i)
		if i&1023 == 1023 {
			acc += uint64(len(m))
			for k := range m { // compiled to a single map clear
				delete(m, k)
			}
		}
	}
	checksum = acc
}

func BenchmarkAlloc(b *testing.B) {
	var acc uint64
	for i := 0; i < b.N; i++ {
		r := &Rec{A: uint64(i), B: 1, C: 2}
		sinkRec = r
		acc += r.A
	}
	checksum = acc
}

func BenchmarkFormat(b *testing.B) {
	var acc uint64
	for i := 0; i < b.N; i++ {
		s := fmt.Sprintf("item-%d", i)
		sinkStr = s
		acc += uint64(len(s))
	}
	checksum = acc
}

func BenchmarkRecordLogic(b *testing.B) {
	var acc uint64
	for i := 0; i < b.N; i++ {
		out, ok := transform(&records[i%1000])
		if ok {
			sinkOut = out
			acc += uint64(out.Score)
		}
	}
	checksum = acc
}

type op struct {
	name  string
	bench func(*testing.B)
}

var ops = []op{
	{"empty_loop", BenchmarkEmptyLoop},
	{"call", BenchmarkCall},
	{"attribute", BenchmarkAttribute},
	{"map_lookup", BenchmarkMapLookup},
	{"map_insert", BenchmarkMapInsert},
	{"alloc", BenchmarkAlloc},
	{"format", BenchmarkFormat},
	{"record_logic", BenchmarkRecordLogic},
}

// expected is the checksum of one run of n iterations (bench/ops/README.md).
func expected(name string, n uint64) uint64 {
	sumMod := func(n, period, mod uint64) uint64 {
		var full, part uint64
		for j := uint64(0); j < period; j++ {
			full += j % mod
			if j < n%period {
				part += j % mod
			}
		}
		return n/period*full + part
	}
	switch name {
	case "empty_loop":
		return n
	case "call":
		return n * (n + 1) / 2
	case "attribute":
		return 7 * n
	case "map_lookup":
		return sumMod(n, 100, 100)
	case "map_insert":
		return 1024 * (n / 1024)
	case "alloc":
		if n == 0 {
			return 0
		}
		return n * (n - 1) / 2
	case "format":
		digits := uint64(0)
		if n > 0 {
			digits = 1 // the number 0
		}
		for lo, d := uint64(1), uint64(1); lo < n; lo, d = lo*10, d+1 {
			hi := lo * 10
			if hi > n {
				hi = n
			}
			digits += (hi - lo) * d
		}
		return 5*n + digits
	case "record_logic":
		return 66*n + sumMod(n, 1000, 7)
	}
	panic("unknown op " + name)
}
