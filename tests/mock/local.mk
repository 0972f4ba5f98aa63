# ddorgs-mock: the documented API on loopback (libmicrohttpd). Installed, since
# `ddorgs --demo` runs it.
bin_PROGRAMS += ddorgs-mock
ddorgs_mock_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(CJSON_CFLAGS) -I$(top_srcdir)/tests/mock
ddorgs_mock_SOURCES = \
	tests/mock/mock_main.c \
	tests/mock/mock_server.h \
	tests/mock/mock_http.c \
	tests/mock/mock_control.c \
	tests/mock/mock_body.c tests/mock/mock_body.h \
	tests/mock/mock_route_table.c tests/mock/mock_route_table.h \
	tests/mock/mock_path.c tests/mock/mock_path.h \
	tests/mock/mock_routes.h \
	tests/mock/mock_routes_conn.c \
	tests/mock/mock_routes_sf.c \
	tests/mock/mock_routes_org.c \
	tests/mock/mock_routes_orgs.c \
	tests/mock/mock_keys.c tests/mock/mock_keys.h \
	tests/mock/mock_json.c tests/mock/mock_json.h \
	tests/mock/mock_faults.c tests/mock/mock_faults.h \
	tests/mock/mock_echo.c tests/mock/mock_echo.h \
	tests/mock/mock_ratelimit.c tests/mock/mock_ratelimit.h \
	tests/mock/mock_reqlog.c tests/mock/mock_reqlog.h \
	tests/mock/mock_state.c tests/mock/mock_state.h \
	tests/mock/mock_fixture.c \
	tests/mock/mock_seed.c tests/mock/mock_seed.h \
	tests/mock/mock_seed_conns.c tests/mock/mock_seed_conns.h \
	tests/mock/mock_map.c tests/mock/mock_map.h \
	tests/mock/mock_rng.c tests/mock/mock_rng.h \
	tests/mock/mock_time.c tests/mock/mock_time.h \
	tests/mock/harness.h
ddorgs_mock_LDADD = $(MHD_LIBS) $(CJSON_LIBS) -lz -lm

# Test helper: start/stop a mock process and talk to its control endpoints.
noinst_LIBRARIES += libmockharness.a
libmockharness_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
libmockharness_a_SOURCES = tests/mock/harness.c tests/mock/harness.h

# Self-test of the mock against the documented behaviour.
check_PROGRAMS += tests/mock/test_mock
TESTS += tests/mock/test_mock
tests_mock_test_mock_SOURCES = tests/mock/test_mock.c tests/mock/mock_path.c tests/mock/mock_path.h
tests_mock_test_mock_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS) -I$(top_srcdir)/tests
tests_mock_test_mock_LDADD = libmockharness.a $(CHECK_LIBS) $(CURL_LIBS) $(CJSON_LIBS)

# The mock as a whole account: per-org keys, who sees and may do what, the
# recorded answers, managed orgs, the seeded account.
check_PROGRAMS += tests/mock/test_mock_account
TESTS += tests/mock/test_mock_account
tests_mock_test_mock_account_SOURCES = tests/mock/test_mock_account.c
tests_mock_test_mock_account_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS) -I$(top_srcdir)/tests
tests_mock_test_mock_account_LDADD = libmockharness.a $(CHECK_LIBS) $(CURL_LIBS) $(CJSON_LIBS)
