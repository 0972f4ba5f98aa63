# libcheck suites. Unit tests need no network; integration and CLI tests
# start ddorgs-mock on a free loopback port.
DD_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS) -I$(top_srcdir)/tests
DD_TEST_LIBS = libmockharness.a $(DD_CORE_LIBS) $(CHECK_LIBS)

UNIT_TESTS = \
	tests/unit/test_strpool \
	tests/unit/test_sanitize \
	tests/unit/test_confirm_text \
	tests/unit/test_out_text \
	tests/unit/test_textwidth \
	tests/unit/test_model \
	tests/unit/test_api_body \
	tests/unit/test_api_parse \
	tests/unit/test_api_parse_orgs \
	tests/unit/test_retry \
	tests/unit/test_http_ratelimit \
	tests/unit/test_http_peer \
	tests/unit/test_redact \
	tests/unit/test_secrets \
	tests/unit/test_url \
	tests/unit/test_coredump \
	tests/unit/test_pager_guard \
	tests/unit/test_site \
	tests/unit/test_config \
	tests/unit/test_audit \
	tests/unit/test_keycmd \
	tests/unit/test_private_file \
	tests/unit/test_proxy_env \
	tests/unit/test_netprobe \
	tests/unit/test_store \
	tests/unit/test_worker \
	tests/unit/test_ops \
	tests/unit/test_client_ops \
	tests/unit/test_list_kind \
	tests/unit/test_session \
	tests/unit/test_session_account \
	tests/unit/test_demo \
	tests/unit/test_account \
	tests/unit/test_account_configs \
	tests/unit/test_account_rows \
	tests/unit/test_demo_account \
	tests/unit/test_fuzz_parse

INTEGRATION_TESTS = \
	tests/integration/test_client_mock \
	tests/integration/test_account_mock \
	tests/integration/test_cli \
	tests/integration/test_cli_account \
	tests/integration/test_cli_output \
	tests/integration/test_doctor

check_PROGRAMS += $(UNIT_TESTS) $(INTEGRATION_TESTS)
TESTS += $(UNIT_TESTS) $(INTEGRATION_TESTS)
tests_unit_test_strpool_SOURCES = tests/unit/test_strpool.c
tests_unit_test_strpool_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_strpool_LDADD = $(DD_TEST_LIBS)
tests_unit_test_sanitize_SOURCES = tests/unit/test_sanitize.c
tests_unit_test_sanitize_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_sanitize_LDADD = $(DD_TEST_LIBS)
tests_unit_test_confirm_text_SOURCES = tests/unit/test_confirm_text.c
tests_unit_test_confirm_text_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_confirm_text_LDADD = $(DD_TEST_LIBS)
tests_unit_test_out_text_SOURCES = tests/unit/test_out_text.c
tests_unit_test_out_text_CFLAGS = $(DD_TEST_CFLAGS) -I$(top_srcdir)/cli
tests_unit_test_out_text_LDADD = $(DD_CLI_LIBS) $(DD_TEST_LIBS)
tests_unit_test_textwidth_SOURCES = tests/unit/test_textwidth.c
tests_unit_test_textwidth_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_textwidth_LDADD = $(DD_TEST_LIBS)
tests_unit_test_model_SOURCES = tests/unit/test_model.c
tests_unit_test_model_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_model_LDADD = $(DD_TEST_LIBS)
tests_unit_test_api_body_SOURCES = tests/unit/test_api_body.c
tests_unit_test_api_body_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_api_body_LDADD = $(DD_TEST_LIBS)
tests_unit_test_api_parse_SOURCES = tests/unit/test_api_parse.c
tests_unit_test_api_parse_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_api_parse_LDADD = $(DD_TEST_LIBS)
tests_unit_test_api_parse_orgs_SOURCES = tests/unit/test_api_parse_orgs.c
tests_unit_test_api_parse_orgs_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_api_parse_orgs_LDADD = $(DD_TEST_LIBS)
tests_unit_test_pager_guard_SOURCES = tests/unit/test_pager_guard.c
tests_unit_test_pager_guard_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_pager_guard_LDADD = $(DD_TEST_LIBS)
tests_unit_test_retry_SOURCES = tests/unit/test_retry.c
tests_unit_test_retry_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_retry_LDADD = $(DD_TEST_LIBS)
tests_unit_test_http_ratelimit_SOURCES = tests/unit/test_http_ratelimit.c
tests_unit_test_http_ratelimit_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_http_ratelimit_LDADD = $(DD_TEST_LIBS)
tests_unit_test_http_peer_SOURCES = tests/unit/test_http_peer.c
tests_unit_test_http_peer_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_http_peer_LDADD = $(DD_TEST_LIBS)
tests_unit_test_redact_SOURCES = tests/unit/test_redact.c tests/leak_check.h
tests_unit_test_redact_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_redact_LDADD = $(DD_TEST_LIBS)
tests_unit_test_secrets_SOURCES = tests/unit/test_secrets.c
tests_unit_test_secrets_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_secrets_LDADD = $(DD_TEST_LIBS)
tests_unit_test_coredump_SOURCES = tests/unit/test_coredump.c
tests_unit_test_coredump_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_coredump_LDADD = $(DD_TEST_LIBS)
tests_unit_test_url_SOURCES = tests/unit/test_url.c
tests_unit_test_url_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_url_LDADD = $(DD_TEST_LIBS)
tests_unit_test_site_SOURCES = tests/unit/test_site.c
tests_unit_test_site_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_site_LDADD = $(DD_TEST_LIBS)
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_config_LDADD = $(DD_TEST_LIBS)
tests_unit_test_audit_SOURCES = tests/unit/test_audit.c
tests_unit_test_audit_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_audit_LDADD = $(DD_TEST_LIBS)
tests_unit_test_keycmd_SOURCES = tests/unit/test_keycmd.c
tests_unit_test_keycmd_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_keycmd_LDADD = $(DD_TEST_LIBS)
tests_unit_test_private_file_SOURCES = tests/unit/test_private_file.c
tests_unit_test_private_file_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_private_file_LDADD = $(DD_TEST_LIBS)
tests_unit_test_proxy_env_SOURCES = tests/unit/test_proxy_env.c
tests_unit_test_proxy_env_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_proxy_env_LDADD = $(DD_TEST_LIBS)
tests_unit_test_netprobe_SOURCES = tests/unit/test_netprobe.c
tests_unit_test_netprobe_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_netprobe_LDADD = $(DD_TEST_LIBS)
tests_unit_test_store_SOURCES = tests/unit/test_store.c
tests_unit_test_store_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_store_LDADD = $(DD_TEST_LIBS)
tests_unit_test_worker_SOURCES = tests/unit/test_worker.c
tests_unit_test_worker_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_worker_LDADD = $(DD_TEST_LIBS)
tests_unit_test_ops_SOURCES = tests/unit/test_ops.c
tests_unit_test_ops_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_ops_LDADD = $(DD_TEST_LIBS)
tests_unit_test_client_ops_SOURCES = tests/unit/test_client_ops.c
tests_unit_test_client_ops_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_client_ops_LDADD = $(DD_TEST_LIBS)
tests_unit_test_list_kind_SOURCES = tests/unit/test_list_kind.c
tests_unit_test_list_kind_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_list_kind_LDADD = $(DD_TEST_LIBS)
tests_unit_test_session_SOURCES = tests/unit/test_session.c tests/unit/session_fake.h
tests_unit_test_session_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_session_LDADD = $(DD_TEST_LIBS)
tests_unit_test_session_account_SOURCES = tests/unit/test_session_account.c tests/unit/session_fake.h
tests_unit_test_session_account_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_session_account_LDADD = $(DD_TEST_LIBS)
tests_unit_test_demo_SOURCES = tests/unit/test_demo.c
tests_unit_test_demo_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_demo_LDADD = $(DD_TEST_LIBS)
tests_unit_test_account_SOURCES = tests/unit/test_account.c
tests_unit_test_account_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_account_LDADD = $(DD_TEST_LIBS)
tests_unit_test_account_configs_SOURCES = tests/unit/test_account_configs.c
tests_unit_test_account_configs_CFLAGS = $(DD_TEST_CFLAGS)
# free() of a watched block checks it was wiped first (the test's __wrap_free).
tests_unit_test_account_configs_LDFLAGS = -Wl,--wrap=free
tests_unit_test_account_configs_LDADD = $(DD_TEST_LIBS)
tests_unit_test_account_rows_SOURCES = tests/unit/test_account_rows.c
tests_unit_test_account_rows_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_account_rows_LDADD = $(DD_TEST_LIBS)
tests_unit_test_demo_account_SOURCES = tests/unit/test_demo_account.c
tests_unit_test_demo_account_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_demo_account_LDADD = $(DD_TEST_LIBS)
tests_unit_test_fuzz_parse_SOURCES = tests/unit/test_fuzz_parse.c
tests_unit_test_fuzz_parse_CFLAGS = $(DD_TEST_CFLAGS)
tests_unit_test_fuzz_parse_LDADD = $(DD_TEST_LIBS)
tests_integration_test_client_mock_SOURCES = tests/integration/test_client_mock.c tests/leak_check.h \
	tests/raw_server.h
tests_integration_test_client_mock_CFLAGS = $(DD_TEST_CFLAGS)
tests_integration_test_client_mock_LDADD = $(DD_TEST_LIBS)
tests_integration_test_cli_SOURCES = tests/integration/test_cli.c tests/leak_check.h \
	tests/raw_server.h
tests_integration_test_cli_CFLAGS = $(DD_TEST_CFLAGS) -I$(top_srcdir)/cli
tests_integration_test_cli_LDADD = $(DD_CLI_LIBS) $(DD_TEST_LIBS)
tests_integration_test_cli_account_SOURCES = tests/integration/test_cli_account.c
tests_integration_test_cli_account_CFLAGS = $(DD_TEST_CFLAGS) -I$(top_srcdir)/cli
tests_integration_test_cli_account_LDADD = $(DD_TEST_LIBS)
tests_integration_test_account_mock_SOURCES = tests/integration/test_account_mock.c
tests_integration_test_account_mock_CFLAGS = $(DD_TEST_CFLAGS)
tests_integration_test_account_mock_LDADD = $(DD_TEST_LIBS)
tests_integration_test_cli_output_SOURCES = tests/integration/test_cli_output.c
tests_integration_test_cli_output_CFLAGS = $(DD_TEST_CFLAGS) -I$(top_srcdir)/cli
tests_integration_test_cli_output_LDADD = $(DD_CLI_LIBS) $(DD_TEST_LIBS)
tests_integration_test_doctor_SOURCES = tests/integration/test_doctor.c
tests_integration_test_doctor_CFLAGS = $(DD_TEST_CFLAGS)
tests_integration_test_doctor_LDADD = $(DD_TEST_LIBS)

# libFuzzer harness for the parsers: `make fuzz` builds ./fuzz_parse with
# clang when it is installed. Not part of `make check`.
CLANG = clang
DD_FUZZ_SRC = $(top_srcdir)/tests/fuzz/fuzz_parse.c $(top_srcdir)/src/api_parse.c \
	$(top_srcdir)/src/api_parse_orgs.c $(top_srcdir)/src/model_orgs.c \
	$(top_srcdir)/src/api_doc.c \
	$(top_srcdir)/src/api_error.c $(top_srcdir)/src/redact.c \
	$(top_srcdir)/src/sanitize.c $(top_srcdir)/src/textwidth.c $(top_srcdir)/src/error.c \
	$(top_srcdir)/src/strpool.c $(top_srcdir)/src/model.c $(top_srcdir)/src/model_time.c
EXTRA_DIST += tests/fuzz/fuzz_parse.c
fuzz:
	@command -v $(CLANG) >/dev/null 2>&1 || { echo "make fuzz needs clang ($(CLANG))"; exit 1; }
	$(CLANG) -g -O1 -D_GNU_SOURCE= -I$(top_srcdir)/src $(CJSON_CFLAGS) \
		-fsanitize=fuzzer,address,undefined $(DD_FUZZ_SRC) $(CJSON_LIBS) -lm -o fuzz_parse
CLEANFILES += fuzz_parse
.PHONY: fuzz

# The completion scripts the build makes, in their shells (zsh and fish
# ones skip, status 77, where that shell is not installed).
COMPLETION_TESTS = \
	tests/completion/bash.sh \
	tests/completion/zsh.sh \
	tests/completion/fish.sh
TESTS += $(COMPLETION_TESTS)
EXTRA_DIST += tests/completion/lib.sh $(COMPLETION_TESTS)

# The shape of the code: no include circle, layers respected, files small.
check_SCRIPTS += tests/arch/layers.sh
TESTS += tests/arch/layers.sh
EXTRA_DIST += tests/arch/layers.sh
# The end of every suite's main() (included by each).
EXTRA_DIST += tests/suite_main.h
# What the client's suites share (a client or a failed test, a dead port).
EXTRA_DIST += tests/client_test.h
