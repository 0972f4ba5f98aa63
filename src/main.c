/* ddorgs: parse the command line, resolve the configuration, then run one
 * command or the console, optionally against the bundled demo server. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tui.h"
#include "account_configs.h"
#include "cli.h"
#include "config.h"
#include "coredump.h"
#include "demo.h"
#include "http.h"
#include "sanitize.h"

static void set_sanitize_mode(void)
{
    const char *cs = nl_langinfo(CODESET);
    bool utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0);
    dd_sanitize_mode = utf8 ? 0 : DD_SAN_ASCII;
}

/* A demo server that did not start: what its log said, indented under
 * the error, since the log is deleted when ddorgs exits. */
static void print_demo_log(const dd_demo *demo)
{
    for (const char *p = demo->log_tail; *p;) {
        size_t n = strcspn(p, "\n");
        fprintf(stderr, "  %.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
}

/* Without a command ddorgs opens the console, which draws on a terminal
 * and reads keys from one. Said before anything starts (no demo server,
 * no configuration), as a usage error: the fix is on the command line. */
static bool console_without_terminal(const dd_cli_args *a)
{
    if (a->cmd != DD_CMD_NONE || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)))
        return false;
    fprintf(stderr, "ddorgs: without a command ddorgs opens the console, which needs a terminal "
                    "on standard input and output. For scripts give a command, such as "
                    "'ddorgs connections list'; see 'ddorgs --help'.\n");
    return true;
}

static int load_config(const dd_cli_args *a, dd_demo *demo, dd_config *cfg)
{
    dd_config_flags flags = {.profile = a->profile, .site = a->site, .api_url = a->api_url,
                             .read_only = a->read_only, .need_keys = !a->dry_run};
    dd_error err;
    dd_error_init(&err);
    dd_status st;
    if (a->demo) {
        st = dd_demo_start(demo, &err);
        if (st == DD_OK)
            st = dd_config_demo(&flags, demo->url, demo->api_key, demo->app_key, cfg, &err);
    } else {
        /* The console opened in the account view needs a profile in use
         * (the Salesforce tab, the org's own page): without --profile,
         * $DDORGS_PROFILE or a default profile, the file's first. */
        char **names = NULL;
        size_t n = 0;
        const char *env = getenv("DDORGS_PROFILE");
        if (a->all_profiles && !a->profile && !(env && *env) &&
            dd_config_list_profiles(&names, &n, &err) == DD_OK && n > 0) {
            bool has_default = false;
            for (size_t i = 0; i < n; i++)
                has_default = has_default || strcmp(names[i], "default") == 0;
            if (!has_default) {
                flags.profile = names[0];
                flags.profile_from = "--all-profiles (the config file's first profile)";
            }
        }
        dd_error_clear(&err);
        dd_error_init(&err);
        st = dd_config_load(&flags, cfg, &err);
        dd_config_free_names(names, n);
    }
    if (st == DD_OK)
        return DD_EXIT_OK;
    int rc = dd_exit_for_error(&err);
    dd_cli_report(&err, a);
    dd_error_clear(&err);
    print_demo_log(demo);
    return rc;
}

/* Every way out after standard output may have been written ends here.
 * A write that failed and was not reported yet (the commands report their
 * own) turns a success into DD_EXIT_OUTPUT, said on stderr; a closed pipe
 * ends quietly. DD_EXIT_CLOSED_PIPE: stdout's reader is gone, so the
 * process ends as other tools do, by SIGPIPE (the shell's 141), once the
 * caller has stopped the demo server. */
static int end_output(int rc)
{
    errno = 0;
    bool failed = fflush(stdout) != 0 || ferror(stdout);
    int e = errno ? errno : EIO;
    if (failed && rc == DD_EXIT_OK) {
        if (e == EPIPE) {
            rc = DD_EXIT_CLOSED_PIPE;
        } else {
            fprintf(stderr, "ddorgs: cannot write to standard output: %s. Check where it goes "
                            "(a full disk, a closed file).\n",
                    strerror(e));
            rc = DD_EXIT_OUTPUT;
        }
    }
    if (rc == DD_EXIT_CLOSED_PIPE) {
        signal(SIGPIPE, SIG_DFL);
        raise(SIGPIPE);
    }
    return rc;
}

/* --all-profiles with a command: every profile of the config file, or
 * the demo's profiles with --demo; no single configuration. */
static int run_all_profiles(const dd_cli_args *a, dd_demo *demo)
{
    if (!a->demo)
        return dd_cli_run_account(a, NULL);
    dd_config_flags flags = {.read_only = a->read_only};
    dd_account_configs cfgs = {0};
    dd_error err;
    dd_error_init(&err);
    dd_status st = dd_demo_start(demo, &err);
    if (st == DD_OK)
        st = dd_demo_account_configs(demo, &flags, &cfgs, &err);
    int rc;
    if (st == DD_OK) {
        rc = dd_cli_run_account(a, &cfgs);
    } else {
        rc = dd_exit_for_error(&err);
        dd_cli_report(&err, a);
        print_demo_log(demo);
    }
    dd_account_configs_free(&cfgs);
    dd_error_clear(&err);
    return rc;
}

int main(int argc, char **argv)
{
    /* Before anything reads a key: no core file can hold them. */
    if (dd_coredump_disable() < 0)
        fprintf(stderr, "ddorgs: warning: cannot turn core dumps off (%s); a crash could write "
                        "the keys to a core file.\n", strerror(errno));
    setlocale(LC_ALL, "");
    set_sanitize_mode();
    /* A closed pipe (ddorgs ... | head) must be a write error, not a kill. */
    signal(SIGPIPE, SIG_IGN);

    dd_cli_args a;
    char why[512];
    if (dd_cli_parse(argc, argv, &a, why, sizeof(why)) != 0) {
        fprintf(stderr, "ddorgs: %s.\nRun 'ddorgs --help' for usage.\n", why);
        return DD_EXIT_USAGE;
    }
    if (a.help) {
        dd_cli_usage(stdout);
        return end_output(DD_EXIT_OK);
    }
    if (a.version) {
        printf("ddorgs %s\n", DDORGS_VERSION);
        return end_output(DD_EXIT_OK);
    }
    if (a.cmd == DD_CMD_COMPLETION)
        return end_output(dd_cli_completion(&a, stdout));
    if (a.demo && (a.api_url || a.site || a.profile)) {
        fprintf(stderr, "ddorgs: --demo runs against a local mock and cannot be combined with "
                        "--api-url, --site or --profile.\nRun 'ddorgs --help' for usage.\n");
        return DD_EXIT_USAGE;
    }
    if (console_without_terminal(&a))
        return DD_EXIT_USAGE;
    if (a.cmd == DD_CMD_NONE && !dd_tui_terminal_ok(why, sizeof(why))) {
        fprintf(stderr, "ddorgs: %s\n", why);
        return DD_EXIT_USAGE;
    }

    /* Before any thread exists (the console's worker, libcurl's resolver). */
    if (dd_http_global_init() != 0) {
        fprintf(stderr, "ddorgs: cannot initialise libcurl. Check the installation.\n");
        return DD_EXIT_INTERNAL;
    }
    if (a.cmd == DD_CMD_DOCTOR) {
        dd_doctor_terminal term = {dd_tui_terminal_ok, dd_tui_terminal_colors, dd_tui_min_cols,
                                   dd_tui_min_rows};
        int rc = dd_cli_doctor(&a, &term);
        dd_http_global_cleanup();
        return end_output(rc);
    }
    dd_demo demo = {0};
    dd_config cfg = {0};
    dd_account_configs account = {0};
    int rc;
    if (a.all_profiles && a.cmd != DD_CMD_NONE) {
        rc = run_all_profiles(&a, &demo);
    } else if ((rc = load_config(&a, &demo, &cfg)) == DD_EXIT_OK) {
        if (a.cmd == DD_CMD_NONE) {
            dd_tui_opts topts = {.refresh_s = a.refresh_s > 0 ? a.refresh_s : 0, .demo = a.demo,
                                 .mouse = !a.no_mouse && !cfg.no_mouse, .account_at_start = a.all_profiles};
            /* The demo's account view shows the demo's profiles, not the
             * config file's. */
            dd_config_flags flags = {.read_only = a.read_only};
            dd_error err;
            dd_error_init(&err);
            if (a.demo && dd_demo_account_configs(&demo, &flags, &account, &err) == DD_OK) {
                topts.account = &account;
            } else if (a.demo) {
                rc = dd_exit_for_error(&err);
                dd_cli_report(&err, &a);
            }
            dd_error_clear(&err);
            if (rc == DD_EXIT_OK)
                rc = dd_tui_run(&cfg, &topts);
        } else {
            rc = dd_cli_run(&a, &cfg);
        }
    }
    dd_config_free(&cfg);
    dd_account_configs_free(&account);
    dd_demo_stop(&demo);
    dd_http_global_cleanup();
    return end_output(rc);
}
