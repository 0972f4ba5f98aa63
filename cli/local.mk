# The command line: a front end beside the console (ui/), over the core.
noinst_LIBRARIES += libddorgs_cli.a
libddorgs_cli_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(CJSON_CFLAGS)
libddorgs_cli_a_SOURCES = \
	cli/cli.h cli/cli_args.c cli/cli_args.h cli/cli_usage.c \
	cli/cli_signals.c cli/cli_signals.h \
	cli/cli_commands.c cli/cli_run.h cli/cli_rows.c cli/cli_account.c \
	cli/cli_report.c \
	cli/cli_confirm.c cli/cli_confirm.h \
	cli/cli_output.c cli/cli_output.h cli/out_text.c cli/out_text.h \
	cli/cli_complete.c cli/cli_complete.h cli/cli_complete_bash.c \
	cli/cli_complete_zsh.c cli/cli_complete_fish.c \
	cli/cli_doctor.c cli/cli_doctor.h cli/cli_doctor_net.c cli/cli_doctor_api.c \
	cli/cli_doctor_term.c

DD_CLI_LIBS = libddorgs_cli.a
