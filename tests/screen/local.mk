# Screen tests: the real console in tmux against ddorgs-mock, one script
# per flow, asserting the screen and what the mock received or holds.
check_PROGRAMS += tests/screen/mockctl
tests_screen_mockctl_SOURCES = tests/screen/mockctl.c
tests_screen_mockctl_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS) -I$(top_srcdir)/tests
tests_screen_mockctl_LDADD = libmockharness.a $(CURL_LIBS) $(CJSON_LIBS)

SCREEN_TESTS = \
	tests/screen/browse.sh \
	tests/screen/layout.sh \
	tests/screen/wide_ids.sh \
	tests/screen/filter.sh \
	tests/screen/sort.sh \
	tests/screen/scroll_load.sh \
	tests/screen/cancel.sh \
	tests/screen/edit_types.sh \
	tests/screen/create.sh \
	tests/screen/delete_undo.sh \
	tests/screen/sf_delete.sh \
	tests/screen/confirm_name.sh \
	tests/screen/disable.sh \
	tests/screen/disable_fit.sh \
	tests/screen/read_only.sh \
	tests/screen/resize.sh \
	tests/screen/resize_wait.sh \
	tests/screen/mouse.sh \
	tests/screen/no_color.sh \
	tests/screen/lang_c.sh \
	tests/screen/hostile.sh \
	tests/screen/textfield.sh \
	tests/screen/profiles.sh \
	tests/screen/other_profile_keys.sh \
	tests/screen/key_commands.sh \
	tests/screen/refresh.sh \
	tests/screen/undo_source.sh \
	tests/screen/undo_known_org.sh \
	tests/screen/account.sh \
	tests/screen/orgmap.sh \
	tests/screen/share_limit.sh \
	tests/screen/errors.sh \
	tests/screen/proxy_auth.sh \
	tests/screen/create_many_orgs.sh \
	tests/screen/retry_note.sh \
	tests/screen/idle.sh \
	tests/screen/message.sh \
	tests/screen/uncertain_write.sh \
	tests/screen/signals.sh \
	tests/screen/interrupt_write.sh \
	tests/screen/demo_tmp.sh \
	tests/screen/where.sh \
	tests/screen/incomplete.sh

EXTRA_DIST += tests/screen/lib.sh $(SCREEN_TESTS)
if HAVE_TMUX
TESTS += $(SCREEN_TESTS)
endif
