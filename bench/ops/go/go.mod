module diezmil/bench/ops/go

go 1.19
