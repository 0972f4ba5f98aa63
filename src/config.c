#include "config.h"

#include <pwd.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config_file.h"
#include "keycmd.h"
#include "sanitize.h"
#include "secrets.h"
#include "site.h"

static char *home_dir(void)
{
    const char *h = getenv("HOME");
    if (h && h[0] == '/')
        return strdup(h);
    struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
        return strdup(pw->pw_dir);
    return NULL;
}

/* XDG base directory: the variable when it holds an absolute path (the spec
 * says relative values are to be ignored), else HOME + fallback. */
static char *xdg_path(const char *var, const char *fallback, const char *leaf)
{
    const char *v = getenv(var);
    char *base = NULL;
    const char *mid = "";
    if (v && v[0] == '/') {
        base = strdup(v);
    } else {
        base = home_dir();
        mid = fallback;
    }
    if (!base)
        return NULL;
    size_t n = strlen(base) + strlen(mid) + strlen(leaf) + 3;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s/%s", base, mid, leaf);
    free(base);
    return out;
}

char *dd_xdg_config_path(void)
{
    return xdg_path("XDG_CONFIG_HOME", "/.config", "ddorgs/config");
}

char *dd_xdg_state_dir(void)
{
    return xdg_path("XDG_STATE_HOME", "/.local/state", "ddorgs");
}


void dd_config_free(dd_config *c)
{
    if (!c)
        return;
    free(c->profile);
    free(c->site);
    free(c->base_url);
    if (c->api_key)
        explicit_bzero(c->api_key, strlen(c->api_key));
    if (c->app_key)
        explicit_bzero(c->app_key, strlen(c->app_key));
    free(c->api_key);
    free(c->app_key);
    free(c->config_path);
    free(c->audit_path);
    memset(c, 0, sizeof(*c));
}

static void note(const dd_config_flags *flags, size_t offset, dd_origin from, const char *fmt,
                 ...) __attribute__((format(printf, 4, 5)));

/* Records where the setting at offset (in dd_config_origins) came from,
 * when the caller asked (flags->origins). */
static void note(const dd_config_flags *flags, size_t offset, dd_origin from, const char *fmt,
                 ...)
{
    if (!flags || !flags->origins)
        return;
    dd_setting_origin *o = (dd_setting_origin *)((char *)flags->origins + offset);
    o->from = from;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->where, sizeof(o->where), fmt, ap);
    va_end(ap);
}

#define ORIGIN(field) offsetof(dd_config_origins, field)

/* profile_where: "[profile NAME] in PATH" when the profile sets it. */
static dd_status resolve_read_only(const dd_config_flags *flags, int profile_value,
                                   const char *profile_where, bool *out, dd_error *err)
{
    if (flags && flags->read_only) {
        *out = true;
        note(flags, ORIGIN(read_only), DD_FROM_FLAG, "--read-only");
        return DD_OK;
    }
    const char *env = getenv("DDORGS_READ_ONLY");
    if (env && env[0]) {
        int b = dd_cfg_parse_bool(env);
        if (b < 0)
            return dd_error_set(err, DD_E_CONFIG,
                                "DDORGS_READ_ONLY must be 1 or 0 (or true/false), not '%.40s'",
                                env);
        *out = b;
        note(flags, ORIGIN(read_only), DD_FROM_ENV, "DDORGS_READ_ONLY");
        return DD_OK;
    }
    *out = profile_value > 0;
    if (profile_value >= 0)
        note(flags, ORIGIN(read_only), DD_FROM_PROFILE, "read_only of %s", profile_where);
    return DD_OK;
}

static dd_status set_audit_path(dd_config *out, dd_error *err)
{
    char *dir = dd_xdg_state_dir();
    if (!dir)
        return dd_error_set(err, DD_E_CONFIG,
                            "cannot find the home directory for the audit log; set HOME or "
                            "XDG_STATE_HOME");
    size_t n = strlen(dir) + sizeof("/audit.log");
    out->audit_path = malloc(n);
    if (out->audit_path)
        snprintf(out->audit_path, n, "%s/audit.log", dir);
    free(dir);
    return out->audit_path ? DD_OK : dd_error_set(err, DD_E_NOMEM, "out of memory");
}

static void list_names(const cfg_file *cf, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cf->n && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", cf->p[i].name);
}

static void list_sites(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; dd_sites[i] && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", dd_sites[i]);
}

/* What the operator probably meant by an unknown site: the site is the
 * host name after "api." with no scheme, e.g. the URL of the web app
 * (app.datadoghq.eu) or of the API names it. Empty when nothing fits; else
 * a clause that continues the error's one sentence (", perhaps you meant
 * datadoghq.eu"). */
static void site_hint(const char *site, char *buf, size_t n)
{
    buf[0] = '\0';
    const char *host = site;
    const char *scheme = strstr(host, "://");
    if (scheme)
        host = scheme + 3;
    char name[128];
    snprintf(name, sizeof(name), "%.*s", (int)strcspn(host, "/:"), host);
    const char *canonical = dd_site_canonical(name);
    if (!canonical && (strncasecmp(name, "app.", 4) == 0 || strncasecmp(name, "api.", 4) == 0))
        canonical = dd_site_canonical(name + 4);
    if (canonical)
        snprintf(buf, n, ", perhaps you meant %s", canonical);
    else if (scheme)
        snprintf(buf, n, ", but a site is a host name such as datadoghq.eu, without a scheme");
}

/* One of the two keys, as the profile gives it. */
typedef struct key_source {
    const char *env_name;   /* "DD_API_KEY" */
    const char *setting;    /* "api_key_command" */
    const char *value;      /* the profile's api_key, or NULL */
    const char *command;    /* the profile's api_key_command, or NULL */
    int command_line;
    size_t origin;          /* ORIGIN(api_key) */
    const char *profile_where; /* "[profile NAME] in PATH" */
} key_source;

/* A key from the environment, else from the profile: its key, or what its
 * command prints. The command is not run when the environment has the key,
 * nor when no key is needed (--dry-run). An environment variable that is
 * set but empty is a mistake worth stopping for: silently falling back to
 * the profile would use a key the operator meant to replace. */
static dd_status pick_key(const key_source *ks, const dd_config_flags *flags,
                          const dd_config *out, char **dst, dd_error *err)
{
    const char *env = getenv(ks->env_name);
    if (env) {
        if (!env[0])
            return dd_error_set(err, DD_E_CONFIG,
                                "%s is set but empty; export the key or unset the variable",
                                ks->env_name);
        if (!dd_cfg_key_chars_ok(env))
            return dd_error_set(err, DD_E_CONFIG,
                                "%s contains a space or control character; check the key",
                                ks->env_name);
        *dst = strdup(env);
        note(flags, ks->origin, DD_FROM_ENV, "%s", ks->env_name);
    } else if (ks->value) {
        *dst = strdup(ks->value);
        note(flags, ks->origin, DD_FROM_PROFILE, "%.3s_key of %s", ks->setting, ks->profile_where);
    } else if (ks->command && flags->need_keys) {
        char where[600];
        snprintf(where, sizeof(where), "%s:%d", out->config_path, ks->command_line);
        note(flags, ks->origin, DD_FROM_COMMAND, "%s at %s", ks->setting, where);
        dd_keycmd k = {.command = ks->command, .profile = out->profile, .setting = ks->setting,
                       .where = where, .env_name = ks->env_name,
                       .no_terminal = flags->no_terminal};
        dd_status st = dd_keycmd_run(&k, dst, err);
        if (st != DD_OK || dd_secrets_add(*dst) == 0)
            return st;
        return dd_error_set(err, DD_E_NOMEM, "out of memory");
    } else {
        return DD_OK;
    }
    return *dst && dd_secrets_add(*dst) == 0 ? DD_OK
                                             : dd_error_set(err, DD_E_NOMEM, "out of memory");
}

static dd_status missing_keys(const dd_config *out, dd_error *err)
{
    const char *what, *vars, *keys;
    if (!out->api_key && !out->app_key) {
        what = "an API key and an application key";
        vars = "DD_API_KEY and DD_APP_KEY";
        keys = "api_key and app_key";
    } else if (!out->api_key) {
        what = "an API key";
        vars = "DD_API_KEY";
        keys = "api_key";
    } else {
        what = "an application key";
        vars = "DD_APP_KEY";
        keys = "app_key";
    }
    char where[600];
    const char *path = out->config_path;
    char *fallback = NULL;
    if (!path)
        path = fallback = dd_xdg_config_path();
    snprintf(where, sizeof(where), "[profile %s] in %s (chmod 600)",
             out->profile ? out->profile : "NAME", path ? path : "~/.config/ddorgs/config");
    free(fallback);
    return dd_error_set(err, DD_E_CONFIG, "missing %s; export %s, or set %s under %s", what, vars,
                        keys, where);
}

dd_status dd_config_load(const dd_config_flags *flags, dd_config *out, dd_error *err)
{
    static const dd_config_flags none = {0};
    if (!flags)
        flags = &none;
    memset(out, 0, sizeof(*out));
    if (flags->origins)
        memset(flags->origins, 0, sizeof(*flags->origins));
    char *path = dd_xdg_config_path();
    cfg_file cf;
    dd_status st = dd_cfg_file_read(path, &cf, err);
    if (st != DD_OK) {
        free(path);
        return st;
    }
    if (cf.exists)
        out->config_path = path;
    else
        free(path);

    const char *want = flags->profile;
    const char *want_from = flags->profile_from ? flags->profile_from : "--profile";
    if (!want) {
        const char *env = getenv("DDORGS_PROFILE");
        if (env && env[0]) {
            want = env;
            want_from = "DDORGS_PROFILE";
        }
    }
    const profile *p = NULL;
    if (want) {
        p = dd_cfg_find_profile(&cf, want);
        if (!p) {
            char *shown = out->config_path ? NULL : dd_xdg_config_path();
            const char *file = out->config_path ? out->config_path : shown;
            if (!file)
                file = "~/.config/ddorgs/config";
            if (cf.n) {
                char names[400];
                list_names(&cf, names, sizeof(names));
                dd_error_set(err, DD_E_CONFIG,
                             "unknown profile '%.64s' (from %s); profiles in %s: %s", want,
                             want_from, file, names);
            } else {
                dd_error_set(err, DD_E_CONFIG,
                             "unknown profile '%.64s' (from %s): %s has no profiles; add a "
                             "[profile %.64s] section there",
                             want, want_from, file, want);
            }
            free(shown);
            st = DD_E_CONFIG;
            goto out;
        }
    } else {
        p = dd_cfg_find_profile(&cf, "default");
    }
    if (p && !(out->profile = strdup(p->name))) {
        st = dd_error_set(err, DD_E_NOMEM, "out of memory");
        goto out;
    }
    if (want)
        note(flags, ORIGIN(profile), strcmp(want_from, "DDORGS_PROFILE") == 0 ? DD_FROM_ENV
                                                                               : DD_FROM_FLAG,
             "%s", want_from);
    else if (p)
        note(flags, ORIGIN(profile), DD_FROM_DEFAULT, "the profile named default");
    char profile_where[700] = "";
    if (p)
        snprintf(profile_where, sizeof(profile_where), "[profile %s] in %s", p->name,
                 out->config_path);

    const char *site = flags->site, *site_from = "--site";
    char site_where[400];
    dd_origin site_origin = DD_FROM_FLAG;
    if (!site) {
        const char *env = getenv("DD_SITE");
        if (env && env[0]) {
            site = env;
            site_from = "DD_SITE";
            site_origin = DD_FROM_ENV;
        } else if (p && p->site) {
            site = p->site;
            snprintf(site_where, sizeof(site_where), "%s:%d", out->config_path, p->site_line);
            site_from = site_where;
            site_origin = DD_FROM_PROFILE;
        } else {
            site = DD_DEFAULT_SITE;
            site_from = "";
            site_origin = DD_FROM_DEFAULT;
        }
    }
    note(flags, ORIGIN(site), site_origin, "%s", site_from);
    const char *canonical = dd_site_canonical(site);
    if (!canonical) {
        char sites[400], hint[120];
        list_sites(sites, sizeof(sites));
        site_hint(site, hint, sizeof(hint));
        st = dd_error_set(err, DD_E_CONFIG,
                          "unknown site '%.64s' (from %s)%s; use one of: %s; for a custom or "
                          "proxied endpoint give --api-url https://HOST instead",
                          site, site_from, hint, sites);
        goto out;
    }
    site = canonical;
    out->site = strdup(site);
    if (flags->api_url) {
        note(flags, ORIGIN(api_url), DD_FROM_FLAG, "--api-url");
        out->base_url = dd_api_url_check(flags->api_url, &out->allow_http, err);
        if (!out->base_url) {
            st = err ? err->code : DD_E_CONFIG;
            goto out;
        }
    } else {
        out->base_url = dd_site_base_url(site);
    }
    if (!out->site || !out->base_url) {
        st = dd_error_set(err, DD_E_NOMEM, "out of memory");
        goto out;
    }

    if ((st = resolve_read_only(flags, p ? p->read_only : -1, profile_where, &out->read_only,
                                err)) != DD_OK)
        goto out;
    out->no_mouse = p && p->mouse == 0;
    key_source api = {.env_name = "DD_API_KEY", .setting = "api_key_command",
                      .origin = ORIGIN(api_key), .profile_where = profile_where};
    key_source app = {.env_name = "DD_APP_KEY", .setting = "app_key_command",
                      .origin = ORIGIN(app_key), .profile_where = profile_where};
    if (p) {
        api.value = p->api_key;
        api.command = p->api_key_command;
        api.command_line = p->api_key_command_line;
        app.value = p->app_key;
        app.command = p->app_key_command;
        app.command_line = p->app_key_command_line;
    }
    if ((st = pick_key(&api, flags, out, &out->api_key, err)) != DD_OK)
        goto out;
    if ((st = pick_key(&app, flags, out, &out->app_key, err)) != DD_OK)
        goto out;
    if (flags->need_keys && (!out->api_key || !out->app_key)) {
        st = missing_keys(out, err);
        goto out;
    }
    st = set_audit_path(out, err);

out:
    dd_cfg_file_free(&cf);
    if (st != DD_OK)
        dd_config_free(out);
    return st;
}

dd_status dd_config_demo(const dd_config_flags *flags, const char *base_url, const char *api_key,
                         const char *app_key, dd_config *out, dd_error *err)
{
    memset(out, 0, sizeof(*out));
    if (flags && flags->origins) {
        memset(flags->origins, 0, sizeof(*flags->origins));
        note(flags, ORIGIN(site), DD_FROM_DEMO, "--demo");
        note(flags, ORIGIN(api_url), DD_FROM_DEMO, "--demo");
        note(flags, ORIGIN(api_key), DD_FROM_DEMO, "--demo");
        note(flags, ORIGIN(app_key), DD_FROM_DEMO, "--demo");
    }
    dd_status st = resolve_read_only(flags, -1, "", &out->read_only, err);
    if (st != DD_OK)
        return st;
    out->site = strdup("demo");
    out->base_url = dd_api_url_check(base_url, &out->allow_http, err);
    if (!out->base_url) {
        dd_config_free(out);
        return err ? err->code : DD_E_CONFIG;
    }
    out->api_key = strdup(api_key);
    out->app_key = strdup(app_key);
    if (!out->site || !out->api_key || !out->app_key || dd_secrets_add(api_key) != 0 ||
        dd_secrets_add(app_key) != 0) {
        dd_config_free(out);
        return dd_error_set(err, DD_E_NOMEM, "out of memory");
    }
    if ((st = set_audit_path(out, err)) != DD_OK)
        dd_config_free(out);
    return st;
}

dd_status dd_config_list_profiles(char ***names, size_t *n, dd_error *err)
{
    *names = NULL;
    *n = 0;
    char *path = dd_xdg_config_path();
    cfg_file cf;
    dd_status st = dd_cfg_file_read(path, &cf, err);
    free(path);
    if (st != DD_OK)
        return st;
    if (cf.n) {
        *names = calloc(cf.n, sizeof(**names));
        if (!*names) {
            dd_cfg_file_free(&cf);
            return dd_error_set(err, DD_E_NOMEM, "out of memory");
        }
        for (size_t i = 0; i < cf.n; i++) {
            (*names)[i] = cf.p[i].name;
            cf.p[i].name = NULL;
        }
        *n = cf.n;
    }
    dd_cfg_file_free(&cf);
    return DD_OK;
}

void dd_config_free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

void dd_key_fingerprint(const char *key, char *buf, size_t n)
{
    if (!n)
        return;
    size_t len = key ? strlen(key) : 0;
    if (len == 0) {
        snprintf(buf, n, "(none)");
        return;
    }
    /* Short keys show fewer characters so that most of the key stays hidden. */
    size_t show = len >= 8 ? 4 : len / 2;
    /* The ellipsis as the locale can show it (dd_sanitize_mode). */
    const char *ell = dd_sanitize_mode & DD_SAN_ASCII ? "..." : "\xe2\x80\xa6";
    snprintf(buf, n, "%s%s", ell, key + len - show);
}
