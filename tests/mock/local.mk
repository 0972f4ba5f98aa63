# ddorgs-mock: the documented API on loopback (libmicrohttpd). Installed, since
# `ddorgs --demo` runs it.
bin_PROGRAMS += ddorgs-mock
ddorgs_mock_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(CJSON_CFLAGS)
ddorgs_mock_SOURCES = \
	tests/mock/mock_main.c
ddorgs_mock_LDADD = $(MHD_LIBS) $(CJSON_LIBS) -lz -lm

# Test helper: start/stop a mock process and talk to its control endpoints.
noinst_LIBRARIES += libmockharness.a
libmockharness_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
libmockharness_a_SOURCES = tests/mock/harness.c tests/mock/harness.h
