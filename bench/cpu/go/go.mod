module diezmil/bench/cpu/go

go 1.19
