/* ddorgs doctor: the report, the configuration checks (the config file,
 * the settings and where each came from) and the order of the checks.
 * The network, keys and terminal checks are in cli_doctor_*.c. */
#include "cli_doctor.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo.h"
#include "http.h"
#include "sanitize.h"

static const char *const status_word[] = {
    [DOC_OK] = "ok", [DOC_WARN] = "warn", [DOC_FAIL] = "fail", [DOC_SKIP] = "skip"};

static void line(doctor *d, doc_status st, const char *check, const char *fmt, va_list ap)
{
    char text[2048];
    vsnprintf(text, sizeof(text), fmt, ap);
    dd_cli_say(d->out, "%-5s %-12s %s\n", status_word[st], check, text);
    d->count[st]++;
}

void doc_line(doctor *d, doc_status st, const char *check, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    line(d, st, check, fmt, ap);
    va_end(ap);
}

void doc_fail(doctor *d, int code, const char *check, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    line(d, DOC_FAIL, check, fmt, ap);
    va_end(ap);
    if (d->exit_code == DD_EXIT_OK)
        d->exit_code = code;
}

/* The config file: where it is, and whether ddorgs may read it (the
 * checks of private_file.h and the parse of config.c, by listing its
 * profiles). false when it is refused. */
static bool config_file(doctor *d)
{
    char *path = dd_xdg_config_path();
    if (!path) {
        doc_fail(d, DD_EXIT_CONFIG, "config file",
                 "cannot find the home directory to look for it. Fix: set HOME or "
                 "XDG_CONFIG_HOME");
        return false;
    }
    bool ok = true;
    char **names;
    size_t n;
    dd_error err;
    dd_error_init(&err);
    struct stat st;
    if (dd_config_list_profiles(&names, &n, &err) != DD_OK) {
        /* The check's name already says "config file". */
        const char *why = err.text;
        if (strncmp(why, "config file ", 12) == 0)
            why += 12;
        doc_fail(d, dd_exit_for_error(&err), "config file", "%s", why);
        dd_error_clear(&err);
        ok = false;
    } else if (stat(path, &st) != 0) {
        doc_line(d, DOC_OK, "config file",
                 "none at %s: the settings come from the command line and the environment",
                 path);
        dd_config_free_names(names, n);
    } else {
        char list[400] = "";
        size_t used = 0;
        for (size_t i = 0; i < n && used < sizeof(list); i++)
            used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : ": ",
                                     names[i]);
        doc_line(d, DOC_OK, "config file", "%s: mode %04o, owned by %s, %zu profile%s%s", path,
                 (unsigned)(st.st_mode & 07777), st.st_uid == getuid() ? "you" : "root", n,
                 n == 1 ? "" : "s", list);
        dd_config_free_names(names, n);
    }
    free(path);
    return ok;
}

/* "from DD_SITE", "printed by api_key_command at FILE:5", or dflt. */
static void origin(const dd_setting_origin *o, const char *dflt, char *buf, size_t n)
{
    switch (o->from) {
    case DD_FROM_FLAG:
    case DD_FROM_ENV:
    case DD_FROM_PROFILE: snprintf(buf, n, "from %s", o->where); return;
    case DD_FROM_COMMAND: snprintf(buf, n, "printed by %s", o->where); return;
    case DD_FROM_DEMO: snprintf(buf, n, "the demo server's"); return;
    case DD_FROM_DEFAULT: break;
    }
    snprintf(buf, n, "%s", o->where[0] ? o->where : dflt);
}

static void key_line(doctor *d, const char *check, const char *key, const dd_setting_origin *o,
                     bool loaded)
{
    char from[700];
    origin(o, "", from, sizeof(from));
    if (key) {
        char shown[32];
        dd_key_fingerprint(key, shown, sizeof(shown));
        doc_line(d, DOC_OK, check, "%s (%s)", shown, from);
    } else {
        doc_line(d, DOC_SKIP, check, "none%s", loaded ? "" : " (see above)");
    }
}

/* Every setting and where it came from. keys: the keys were loaded (their
 * commands run). */
static void settings(doctor *d, const dd_config *cfg, const dd_config_origins *o, bool keys)
{
    char from[700];
    origin(&o->profile, "", from, sizeof(from));
    if (cfg->profile)
        doc_line(d, DOC_OK, "profile", "%s (%s)", cfg->profile, from);
    else if (o->site.from == DD_FROM_DEMO)
        doc_line(d, DOC_OK, "profile", "none: --demo reads no config file");
    else
        doc_line(d, DOC_OK, "profile", "none: no --profile, no DDORGS_PROFILE and no profile "
                                       "named default");
    origin(&o->site, "the default", from, sizeof(from));
    doc_line(d, DOC_OK, "site", "%s (%s%s)", cfg->site, from,
             o->api_url.from == DD_FROM_FLAG ? "; requests go to --api-url" : "");
    origin(&o->api_url, "made from the site", from, sizeof(from));
    doc_line(d, DOC_OK, "API URL", "%s (%s%s)", cfg->base_url, from,
             cfg->allow_http ? "; plain http, allowed on loopback only" : "");
    if (o->api_key.from == DD_FROM_COMMAND && !cfg->api_key)
        keys = false;
    key_line(d, "API key", cfg->api_key, &o->api_key, keys);
    key_line(d, "app key", cfg->app_key, &o->app_key, keys);
    origin(&o->read_only, "the default", from, sizeof(from));
    doc_line(d, DOC_OK, "read-only", "%s (%s)", cfg->read_only ? "on" : "off", from);
}

/* The settings as a command would resolve them. false when none could be
 * resolved; *keys: both keys are there. A failure is one line with the
 * core's own reason (and fix); the settings are then resolved again
 * without the keys, so that the network can still be checked. */
static bool load_settings(doctor *d, const dd_cli_args *a, bool file_ok, dd_config *cfg,
                          dd_config_origins *o, bool *keys)
{
    dd_config_flags flags = {.profile = a->profile, .site = a->site, .api_url = a->api_url,
                             .read_only = a->read_only, .need_keys = true, .origins = o};
    dd_error err;
    dd_error_init(&err);
    *keys = false;
    if (dd_config_load(&flags, cfg, &err) == DD_OK) {
        *keys = true;
        return true;
    }
    /* A refused file stops every load, for the reason already said. */
    if (file_ok)
        doc_fail(d, dd_exit_for_error(&err), "settings", "%s", err.text);
    else
        doc_line(d, DOC_SKIP, "settings", "not resolved: the config file is refused (see above)");
    dd_error_clear(&err);
    flags.need_keys = false;
    if (dd_config_load(&flags, cfg, &err) == DD_OK)
        return true;
    dd_error_clear(&err);
    return false;
}

static bool start_demo(doctor *d, const dd_cli_args *a, dd_demo *demo, dd_config *cfg,
                       dd_config_origins *o)
{
    doc_line(d, DOC_SKIP, "config file", "not read: --demo runs against its own server and keys");
    dd_error err;
    dd_error_init(&err);
    dd_config_flags flags = {.read_only = a->read_only, .origins = o};
    if (dd_demo_start(demo, &err) == DD_OK &&
        dd_config_demo(&flags, demo->url, demo->api_key, demo->app_key, cfg, &err) == DD_OK)
        return true;
    doc_fail(d, dd_exit_for_error(&err), "demo", "%s", err.text);
    dd_error_clear(&err);
    return false;
}

static void summary(doctor *d)
{
    char code[64] = "";
    if (d->exit_code != DD_EXIT_OK)
        snprintf(code, sizeof(code), "; exit status %d", d->exit_code);
    fprintf(d->out, "doctor: %d ok, %d warning%s, %d failure%s, %d skipped%s\n",
            d->count[DOC_OK], d->count[DOC_WARN], d->count[DOC_WARN] == 1 ? "" : "s",
            d->count[DOC_FAIL], d->count[DOC_FAIL] == 1 ? "" : "s", d->count[DOC_SKIP], code);
}

int dd_cli_doctor(const dd_cli_args *a, const dd_doctor_terminal *term)
{
    doctor d = {.out = stdout};
    fprintf(d.out, "ddorgs doctor: %s\n", dd_http_user_agent());
    dd_demo demo = {0};
    dd_config cfg = {0};
    dd_config_origins o;
    memset(&o, 0, sizeof(o));
    bool keys = false, have = false;
    if (a->demo) {
        have = keys = start_demo(&d, a, &demo, &cfg, &o);
    } else {
        bool file_ok = config_file(&d);
        have = load_settings(&d, a, file_ok, &cfg, &o, &keys);
    }
    if (have)
        settings(&d, &cfg, &o, keys);
    dd_probe probe;
    bool answered = have && doc_network(&d, &cfg, &probe);
    if (!have)
        doc_line(&d, DOC_SKIP, "network", "not checked: no API URL (see above)");
    if (answered && keys)
        doc_keys(&d, &cfg);
    else
        doc_line(&d, DOC_SKIP, "keys", "not checked: %s",
                 !have ? "no settings (see above)"
                       : !answered ? "the server cannot be reached (see above)"
                                   : "the keys are missing (see above)");
    doc_clock(&d, answered ? &probe : NULL);
    doc_terminal(&d, term);
    summary(&d);
    dd_config_free(&cfg);
    dd_demo_stop(&demo);
    if (fflush(d.out) != 0 || ferror(d.out)) {
        int e = errno;
        if (e == EPIPE)
            return DD_EXIT_CLOSED_PIPE;
        fprintf(stderr, "ddorgs: cannot write the report: %s. Check where standard output "
                        "goes.\n", strerror(e ? e : EIO));
        return DD_EXIT_OUTPUT;
    }
    return d.exit_code;
}
