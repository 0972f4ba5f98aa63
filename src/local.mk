# Core library: everything but curses. Linked by both binaries and the tests.
noinst_LIBRARIES += libddorgs.a
libddorgs_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS) $(INIH_CFLAGS)
libddorgs_a_SOURCES = \
	src/error.c src/error.h \
	src/clock.c src/clock.h \
	src/ops.c src/ops.h \
	src/confirm_text.c src/confirm_text.h \
	src/coredump.c src/coredump.h \
	src/strpool.c src/strpool.h \
	src/sanitize.c src/sanitize.h \
	src/textwidth.c src/textwidth.h \
	src/model.c src/model_time.c src/model.h \
	src/model_orgs.c src/model_orgs.h \
	src/api_body.c src/api_parse.c src/api_parse_orgs.c src/api_doc.c src/api_doc.h \
	src/api_error.c src/api_json.h \
	src/redact.c src/redact.h src/secrets.c src/secrets.h \
	src/url.c src/url.h \
	src/http.c src/http.h src/http_ratelimit.c src/http_peer.c src/http_peer.h \
	src/retry.c src/retry.h \
	src/pager_guard.c src/pager_guard.h \
	src/client.c src/client_pager.c src/client.h src/client_priv.h src/client_send.c \
	src/client_url.c \
	src/account.c src/account_configs.c src/account_configs.h src/account_load.c src/account_merge.c src/account_route.c src/account.h \
	src/account_index.c src/account_index.h src/account_rows.c src/account_rows.h \
	src/site.c src/site.h \
	src/config.c src/config.h src/config_file.c src/config_file.h \
	src/private_file.c src/private_file.h \
	src/proxy_env.c src/proxy_env.h src/netprobe.c src/netprobe.h \
	src/keycmd.c src/keycmd.h \
	src/audit.c src/audit.h \
	src/demo.c src/demo_account.c src/demo.h \
	src/list_kind.c src/list_kind.h src/list_conns.c src/list_sf.c src/list_orgs.c src/list_managed.c \
	src/list_account_orgs.c \
	src/orgmap.c src/orgmap_account.c src/orgmap.h \
	src/store.c src/store_rows.c src/store.h src/store_priv.h src/store_index.h \
	src/store_rank.c src/store_sort.c src/store_filter.c \
	src/worker.c src/worker_jobs.c src/worker_account.c src/worker.h src/worker_priv.h \
	src/session.c src/session_apply.c src/session_account.c src/session_write.c src/session_map.c src/session.h src/session_priv.h

DD_CORE_LIBS = libddorgs.a $(CURL_LIBS) $(CJSON_LIBS) $(INIH_LIBS) -lm

bin_PROGRAMS += ddorgs
ddorgs_SOURCES = src/main.c
ddorgs_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) -I$(top_srcdir)/cli -I$(top_srcdir)/ui
ddorgs_LDADD = libddorgs_cli.a libddorgs_ui.a $(DD_CORE_LIBS) $(PANEL_LIBS) $(FORM_LIBS) \
	$(NCURSES_LIBS)
