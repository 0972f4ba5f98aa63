/* The demo's account (demo.h): the profiles read from the mock's keys
 * file, and their configurations. */
#include "demo.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account_configs.h"
#include "config.h"

/* Far more than the 12 orgs' document needs. */
#define KEYS_FILE_MAX (1024 * 1024)

/* Wipes every string of the document before it is freed: keys must not
 * stay in freed memory. */
static void wipe_json(cJSON *j)
{
    for (; j; j = j->next) {
        if (j->valuestring)
            explicit_bzero(j->valuestring, strlen(j->valuestring));
        wipe_json(j->child);
    }
}

static char *read_all(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return NULL;
    struct stat sb;
    char *buf = NULL;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        sb.st_size <= KEYS_FILE_MAX && (buf = malloc((size_t)sb.st_size + 1))) {
        size_t done = 0;
        while (done < (size_t)sb.st_size) {
            ssize_t got = read(fd, buf + done, (size_t)sb.st_size - done);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                break;
            done += (size_t)got;
        }
        buf[done] = '\0';
        *len = done;
    }
    close(fd);
    return buf;
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* "demo-" and the first `words` words of name, lower case, letters and
 * digits only, words joined by '-'. */
static void profile_name(const char *name, int words, char *out, size_t n)
{
    size_t j = (size_t)snprintf(out, n, "demo");
    bool gap = true;
    for (const char *p = name; *p && j + 2 < n; p++) {
        char c = *p;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum) {
            if (!gap && --words == 0)
                break;
            gap = true;
            continue;
        }
        if (gap)
            out[j++] = '-';
        gap = false;
        out[j++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[j] = '\0';
}

static bool name_taken(const dd_demo *d, const char *name)
{
    for (size_t i = 0; i < d->n_profiles; i++)
        if (strcmp(d->profiles[i].name, name) == 0)
            return true;
    return false;
}

/* Adds org o as the next profile, named uniquely: one word more while the
 * name is taken, then a number. false when a field is missing or too long. */
static bool add_profile(dd_demo *d, const cJSON *o)
{
    const char *id = str_of(o, "id"), *name = str_of(o, "name");
    const char *api = str_of(o, "api_key"), *app = str_of(o, "app_key");
    dd_demo_profile *p = &d->profiles[d->n_profiles];
    if (!id || !name || !api || !app || strlen(id) >= sizeof(p->org_id) ||
        strlen(api) >= sizeof(p->api_key) || strlen(app) >= sizeof(p->app_key))
        return false;
    char last[sizeof(p->name)] = "";
    for (int words = 1; words < 8; words++) {
        profile_name(name, words, p->name, sizeof(p->name));
        if (!name_taken(d, p->name) || strcmp(p->name, last) == 0)
            break;
        snprintf(last, sizeof(last), "%s", p->name);
    }
    if (name_taken(d, p->name)) {
        char base[36];
        snprintf(base, sizeof(base), "%s", p->name);
        for (int k = 2; name_taken(d, p->name); k++)
            snprintf(p->name, sizeof(p->name), "%s-%d", base, k);
    }
    snprintf(p->org_id, sizeof(p->org_id), "%s", id);
    snprintf(p->api_key, sizeof(p->api_key), "%s", api);
    snprintf(p->app_key, sizeof(p->app_key), "%s", app);
    d->n_profiles++;
    return true;
}

/* The self org first, then the others that are not disabled (a disabled
 * org's keys are refused everything), in the file's order. */
static bool pick_profiles(dd_demo *d, const cJSON *doc)
{
    const char *self = str_of(doc, "self_org_id");
    const cJSON *orgs = cJSON_GetObjectItemCaseSensitive(doc, "orgs");
    if (!self || !cJSON_IsArray(orgs))
        return false;
    const cJSON *o;
    cJSON_ArrayForEach(o, orgs) {
        const char *id = str_of(o, "id");
        if (id && strcmp(id, self) == 0)
            if (!add_profile(d, o))
                return false;
    }
    if (d->n_profiles != 1)
        return false;
    cJSON_ArrayForEach(o, orgs) {
        const char *id = str_of(o, "id");
        if (d->n_profiles == DD_DEMO_MAX_PROFILES)
            break;
        if (!id || strcmp(id, self) == 0 ||
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "disabled")))
            continue;
        if (!add_profile(d, o))
            return false;
    }
    return true;
}

dd_status dd_demo_read_keys(dd_demo *d, const char *path, dd_error *err)
{
    explicit_bzero(d->profiles, sizeof(d->profiles));
    d->n_profiles = 0;
    size_t len = 0;
    char *text = read_all(path, &len);
    if (!text)
        return dd_error_set(err, DD_E_CONFIG, "the demo server's keys file %s could not be read",
                            path);
    cJSON *doc = cJSON_ParseWithLength(text, len);
    explicit_bzero(text, len);
    free(text);
    bool ok = doc && pick_profiles(d, doc);
    if (doc) {
        wipe_json(doc);
        cJSON_Delete(doc);
    }
    if (ok)
        return DD_OK;
    explicit_bzero(d->profiles, sizeof(d->profiles));
    d->n_profiles = 0;
    return dd_error_set(err, DD_E_CONFIG, "the demo server's keys file %s does not list its "
                        "orgs' keys as expected", path);
}

dd_status dd_demo_account_configs(const dd_demo *d, const dd_config_flags *flags,
                                  dd_account_configs *out, dd_error *err)
{
    memset(out, 0, sizeof(*out));
    if (d->n_profiles == 0)
        return dd_error_set(err, DD_E_CONFIG, "the demo server is not running, so it has no "
                            "profiles");
    for (size_t i = 0; i < d->n_profiles; i++) {
        const dd_demo_profile *p = &d->profiles[i];
        dd_config c;
        dd_status st = dd_config_demo(flags, d->url, p->api_key, p->app_key, &c, err);
        if (st != DD_OK) {
            dd_account_configs_free(out);
            return st;
        }
        c.profile = strdup(p->name);
        int rc = c.profile ? dd_account_configs_add(out, &c) : -1;
        dd_config_free(&c);
        if (rc != 0) {
            dd_account_configs_free(out);
            return dd_error_set(err, DD_E_NOMEM, "out of memory");
        }
    }
    return DD_OK;
}
