package main

// The eight operations: each a loop of n iterations (i = 0 … n − 1) that
// returns its accumulator, wrapped as a testing.B benchmark that stores the
// result in the package-level `checksum`. Objects built in a loop are stored
// in package-level sinks so escape analysis cannot drop the allocation.
// What keeps each operation's work in: bench/ops/README.md.

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
	objs     [8]*Obj // attribute: B = 8k + 1, set in init
	lookup   = map[string]uint64{}
	keys     []string
	records  []Record
	sinkRec  *Rec
	sinkStr  string
	sinkOut  Out
	sinkKeep bool
)

func init() {
	for k := range objs {
		objs[k] = &Obj{A: uint64(k), B: 8*uint64(k) + 1, C: 3}
	}
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

func loopOverhead(n int) uint64 {
	for i := 0; i < n; i++ {
	}
	return 0
}

// Go has no loop-closed-form rewriting: acc++ stays one add a turn.
func loopEmptyLoop(n int) uint64 {
	var acc uint64
	for i := 0; i < n; i++ {
		acc++
	}
	return acc
}

func loopCall(n int) uint64 {
	var acc uint64
	for i := 0; i < n; i++ {
		acc += inc(uint64(i))
	}
	return acc
}

// The object is objs[acc & 7]: chosen by what the previous turn read, so no
// load can be hoisted or started early. B ≡ 1 (mod 8), so turn i reads object
// i & 7, and a wrong object gives a wrong checksum.
func loopAttribute(n int) uint64 {
	var acc uint64
	for i := 0; i < n; i++ {
		acc += objs[acc&7].B
	}
	return acc
}

func loopMapLookup(n int) uint64 {
	var acc uint64
	for i := 0; i < n; i++ {
		acc += lookup[keys[i%100]]
	}
	return acc
}

func loopMapInsert(n int) uint64 {
	var acc uint64
	m := make(map[uint64]uint64)
	for i := 0; i < n; i++ {
		m[uint64(i)] = uint64(i)
		if i&1023 == 1023 {
			acc += uint64(len(m))
			for k := range m { // compiled to a single map clear
				delete(m, k)
			}
		}
	}
	return acc
}

func loopAlloc(n int) uint64 {
	var acc uint64
	for i := 0; i < n; i++ {
		r := &Rec{A: uint64(i), B: 1, C: 2}
		sinkRec = r
		acc += r.A
	}
	return acc
}

func loopFormat(n int) uint64 {
	var acc uint64
	for i := 0; i < n; i++ {
		s := fmt.Sprintf("item-%d", i)
		sinkStr = s
		acc += uint64(len(s))
	}
	return acc
}

func loopRecordLogic(n int) uint64 {
	var acc uint64
	for i := 0; i < n; i++ {
		out, ok := transform(&records[i%1000])
		if ok {
			sinkOut = out
			acc += uint64(out.Score)
		}
	}
	return acc
}

func BenchmarkOverhead(b *testing.B)    { checksum = loopOverhead(b.N) }
func BenchmarkEmptyLoop(b *testing.B)   { checksum = loopEmptyLoop(b.N) }
func BenchmarkCall(b *testing.B)        { checksum = loopCall(b.N) }
func BenchmarkAttribute(b *testing.B)   { checksum = loopAttribute(b.N) }
func BenchmarkMapLookup(b *testing.B)   { checksum = loopMapLookup(b.N) }
func BenchmarkMapInsert(b *testing.B)   { checksum = loopMapInsert(b.N) }
func BenchmarkAlloc(b *testing.B)       { checksum = loopAlloc(b.N) }
func BenchmarkFormat(b *testing.B)      { checksum = loopFormat(b.N) }
func BenchmarkRecordLogic(b *testing.B) { checksum = loopRecordLogic(b.N) }

type op struct {
	name  string
	bench func(*testing.B)
	loop  func(n int) uint64
}

var ops = []op{
	{"empty_loop", BenchmarkEmptyLoop, loopEmptyLoop},
	{"call", BenchmarkCall, loopCall},
	{"attribute", BenchmarkAttribute, loopAttribute},
	{"map_lookup", BenchmarkMapLookup, loopMapLookup},
	{"map_insert", BenchmarkMapInsert, loopMapInsert},
	{"alloc", BenchmarkAlloc, loopAlloc},
	{"format", BenchmarkFormat, loopFormat},
	{"record_logic", BenchmarkRecordLogic, loopRecordLogic},
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
		return n + 8*sumMod(n, 8, 8)
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
