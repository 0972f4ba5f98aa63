# Benchmarks: make bench. Built only by that target, never by `make all`
# or `make check`: timings mean nothing on a loaded CI machine.
EXTRA_PROGRAMS += tests/bench/bench_parse
tests_bench_bench_parse_SOURCES = tests/bench/bench_parse.c
tests_bench_bench_parse_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS)
tests_bench_bench_parse_LDADD = $(DD_CORE_LIBS)
CLEANFILES += tests/bench/bench_parse$(EXEEXT)

EXTRA_PROGRAMS += tests/bench/bench_store
tests_bench_bench_store_SOURCES = tests/bench/bench_store.c
tests_bench_bench_store_LDADD = $(DD_CORE_LIBS)
CLEANFILES += tests/bench/bench_store$(EXEEXT)

# Runs a command and reports its peak resident set (bench_output.sh).
EXTRA_PROGRAMS += tests/bench/bench_rss
tests_bench_bench_rss_SOURCES = tests/bench/bench_rss.c
CLEANFILES += tests/bench/bench_rss$(EXEEXT)

# The account view's load against the mock (with its harness).
EXTRA_PROGRAMS += tests/bench/bench_account
tests_bench_bench_account_SOURCES = tests/bench/bench_account.c
tests_bench_bench_account_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS) -I$(top_srcdir)/tests
tests_bench_bench_account_LDADD = libmockharness.a $(DD_CORE_LIBS)
CLEANFILES += tests/bench/bench_account$(EXEEXT)

EXTRA_DIST += tests/bench/run.sh tests/bench/bench_screen.sh tests/bench/bench_output.sh

# The screen bench drives the built console in tmux (skipped without tmux)
# and traces it with strace when present; the output bench measures the
# command line's memory per format at 1,000,000 rows; run.sh prints the
# summary.
.PHONY: bench
bench: tests/bench/bench_parse$(EXEEXT) tests/bench/bench_store$(EXEEXT) \
		tests/bench/bench_rss$(EXEEXT) tests/bench/bench_account$(EXEEXT) \
		ddorgs$(EXEEXT) ddorgs-mock$(EXEEXT)
	$(AM_TESTS_ENVIRONMENT) $(SHELL) $(srcdir)/tests/bench/run.sh
