# Benchmarks: make bench. Built only by that target, never by `make all`
# or `make check`: timings mean nothing on a loaded CI machine.
EXTRA_PROGRAMS += tests/bench/bench_parse
tests_bench_bench_parse_SOURCES = tests/bench/bench_parse.c
tests_bench_bench_parse_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS)
tests_bench_bench_parse_LDADD = $(DD_CORE_LIBS)
CLEANFILES += tests/bench/bench_parse$(EXEEXT)

.PHONY: bench
bench: tests/bench/bench_parse$(EXEEXT)
	./tests/bench/bench_parse$(EXEEXT)
