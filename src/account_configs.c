/* The account view's configurations (account_configs.h). */
#define _GNU_SOURCE
#include "account_configs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"

static void note_failure(char **notes, const char *name, const dd_error *err)
{
    char *more = NULL;
    bool named = dd_account_text_names_profile(err->text, name);
    if (asprintf(&more, "%s%s%s%s%s%s", *notes ? *notes : "", *notes ? "; " : "",
                 named ? "" : "profile ", named ? "" : name, named ? "" : ": ", err->text) < 0)
        return;
    free(*notes);
    *notes = more;
}

bool dd_account_text_names_profile(const char *text, const char *name)
{
    char plain[300], quoted[300];
    snprintf(plain, sizeof(plain), "profile %s", name);
    snprintf(quoted, sizeof(quoted), "profile '%s'", name);
    size_t pl = strlen(plain);
    /* "profile ab" does not name profile "a". */
    bool is_plain = strncmp(text, plain, pl) == 0 && (text[pl] == ':' || text[pl] == ' ' ||
                                                       text[pl] == ',' || text[pl] == '\0');
    return is_plain || strncmp(text, quoted, strlen(quoted)) == 0;
}

static int push(dd_account_configs *out, dd_config *c)
{
    dd_config **grown = realloc(out->items, (out->n + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    out->items = grown;
    out->items[out->n++] = c;
    return 0;
}

static void free_one(dd_config *c)
{
    if (!c)
        return;
    dd_config_free(c);
    free(c);
}

void dd_account_configs_free(dd_account_configs *out)
{
    for (size_t i = 0; i < out->n; i++)
        free_one(out->items[i]);
    free(out->items);
    free(out->notes);
    memset(out, 0, sizeof(*out));
}

dd_status dd_account_configs_from_file(const char *api_url, bool read_only, bool no_terminal,
                                       dd_account_configs *out, dd_error *err)
{
    return dd_account_configs_read(api_url, read_only, no_terminal, NULL, NULL, out, err);
}

dd_status dd_account_configs_read(const char *api_url, bool read_only, bool no_terminal,
                                  dd_account_skip_fn on_skip, void *ud,
                                  dd_account_configs *out, dd_error *err)
{
    memset(out, 0, sizeof(*out));
    char **names = NULL;
    size_t nn = 0;
    if (dd_config_list_profiles(&names, &nn, err) != DD_OK)
        return err->code;
    if (nn == 0) {
        dd_config_free_names(names, nn);
        return dd_error_set(err, DD_E_CONFIG,
                            "the config file holds no profiles: every profile at once means "
                            "every [profile NAME] section of %s",
                            "$XDG_CONFIG_HOME/ddorgs/config (~/.config/ddorgs/config)");
    }
    dd_status st = DD_OK;
    char *over = NULL;   /* the profiles past the limit, "a, b" */
    for (size_t i = 0; i < nn && st == DD_OK; i++) {
        dd_config *c = calloc(1, sizeof(*c));
        dd_error e;
        dd_error_init(&e);
        dd_config_flags fl = {.profile = names[i], .profile_from = "the config file",
                              .api_url = api_url, .read_only = read_only, .need_keys = true,
                              .no_terminal = no_terminal};
        if (c && out->n == DD_ACCOUNT_MAX_PROFILES) {
            /* The rest are named, not read: their key commands never run. */
            dd_error_set(&e, DD_E_CONFIG, "profile %s: left out: at most %d profiles are loaded "
                         "at once (the first %d readable ones, in the file's order)",
                         names[i], DD_ACCOUNT_MAX_PROFILES, DD_ACCOUNT_MAX_PROFILES);
            char *more = NULL;
            if (asprintf(&more, "%s%s%s", over ? over : "", over ? ", " : "", names[i]) >= 0) {
                free(over);
                over = more;
            }
            out->n_skipped++;
            if (on_skip)
                on_skip(names[i], i, &e, ud);
            free(c);
        } else if (!c) {
            st = dd_error_set(err, DD_E_NOMEM, "out of memory");
        } else if (dd_config_load(&fl, c, &e) == DD_OK) {
            if (push(out, c) != 0) {
                free_one(c);
                st = dd_error_set(err, DD_E_NOMEM, "out of memory");
            }
        } else {
            note_failure(&out->notes, names[i], &e);
            out->n_skipped++;
            if (on_skip)
                on_skip(names[i], i, &e, ud);
            free(c);
        }
        dd_error_clear(&e);
    }
    dd_config_free_names(names, nn);
    if (over) {
        /* One note for them all: a long file would otherwise repeat it. */
        char *more = NULL;
        if (asprintf(&more, "%s%sprofiles left out, as at most %d profiles are loaded at once: %s",
                     out->notes ? out->notes : "", out->notes ? "; " : "",
                     DD_ACCOUNT_MAX_PROFILES, over) >= 0) {
            free(out->notes);
            out->notes = more;
        }
        free(over);
    }
    if (st == DD_OK && out->n == 0)
        st = dd_error_set(err, DD_E_CONFIG, "no profile of the config file could be read: %s",
                          out->notes ? out->notes : "");
    if (st != DD_OK)
        dd_account_configs_free(out);
    return st;
}

static int dup_str(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = strdup(src);
    return *dst ? 0 : -1;
}

int dd_account_configs_add(dd_account_configs *out, const dd_config *cfg)
{
    dd_config *c = calloc(1, sizeof(*c));
    if (!c)
        return -1;
    c->allow_http = cfg->allow_http;
    c->read_only = cfg->read_only;
    c->no_mouse = cfg->no_mouse;
    if (dup_str(&c->profile, cfg->profile) || dup_str(&c->site, cfg->site) ||
        dup_str(&c->base_url, cfg->base_url) || dup_str(&c->api_key, cfg->api_key) ||
        dup_str(&c->app_key, cfg->app_key) || dup_str(&c->config_path, cfg->config_path) ||
        dup_str(&c->audit_path, cfg->audit_path) || push(out, c) != 0) {
        free_one(c);
        return -1;
    }
    return 0;
}

int dd_account_configs_copy(dd_account_configs *dst, const dd_account_configs *src)
{
    memset(dst, 0, sizeof(*dst));
    for (size_t i = 0; i < src->n; i++)
        if (dd_account_configs_add(dst, src->items[i]) != 0)
            goto oom;
    if (src->notes && !(dst->notes = strdup(src->notes)))
        goto oom;
    dst->n_skipped = src->n_skipped;
    return 0;
oom:
    dd_account_configs_free(dst);
    return -1;
}
