# The console: the only code that knows about curses.
noinst_LIBRARIES += libddorgs_ui.a
libddorgs_ui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(PANEL_CFLAGS) $(FORM_CFLAGS)
libddorgs_ui_a_SOURCES = \
	ui/tui.c ui/tui.h
