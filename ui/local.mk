# The console: the only code that knows about curses.
noinst_LIBRARIES += libddorgs_ui.a
libddorgs_ui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(PANEL_CFLAGS) $(FORM_CFLAGS)
libddorgs_ui_a_SOURCES = \
	ui/tui.c ui/tui.h \
	ui/app.c ui/app.h ui/loop.c ui/loop.h \
	ui/term.c ui/term.h ui/term_check.c \
	ui/theme.c ui/theme.h \
	ui/draw.c ui/draw.h \
	ui/textfield.c ui/textfield.h \
	ui/action.c ui/action.h ui/actions.c ui/actions.h \
	ui/chrome.c ui/chrome.h ui/mouse.c ui/mouse.h \
	ui/view_type.h ui/view.h ui/view_common.c ui/view_list.c ui/view_conn.c ui/view_sf.c \
	ui/view_org.c ui/view_orgmap.c \
	ui/dialog.c ui/dialog.h ui/dialogs.h \
	ui/checklist.c ui/checklist.h ui/confirm.c ui/confirm.h \
	ui/dlg_help.c ui/dlg_quit.c ui/dlg_conn_delete.c ui/dlg_types.c \
	ui/dlg_create.c ui/dlg_sf_delete.c ui/dlg_disable.c ui/dlg_profile.c \
	ui/dlg_server_filter.c ui/dlg_message.c
