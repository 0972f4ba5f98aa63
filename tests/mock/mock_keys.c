#include "mock_keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

cJSON *keys_to_json(const mock_world *s, const char *api_key, const char *app_key)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "self_org_id", s->self_org_id);
    cJSON *orgs = cJSON_AddArrayToObject(doc, "orgs");
    const mock_org *self = state_self_org(s);
    for (size_t i = 0; i < s->norgs; i++) {
        const mock_org *o = s->orgs[i];
        const char *api = o == self ? api_key : o->api_key;
        const char *app = o == self ? app_key : o->app_key;
        if (!api)
            continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", o->id);
        cJSON_AddStringToObject(e, "name", o->name);
        cJSON_AddStringToObject(e, "api_key", api);
        cJSON_AddStringToObject(e, "app_key", app);
        cJSON_AddBoolToObject(e, "disabled", o->disabled);
        cJSON_AddItemToArray(orgs, e);
    }
    return doc;
}

int keys_file_write(const char *path, const mock_world *s, const char *api_key,
                    const char *app_key, char *err, size_t errlen)
{
    cJSON *doc = keys_to_json(s, api_key, app_key);
    char *text = doc ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    size_t len = strlen(path) + 5;
    char *tmp = malloc(len);
    if (!text || !tmp) {
        free(text);
        free(tmp);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    snprintf(tmp, len, "%s.tmp", path);
    int rc = -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    /* A file left from before keeps its mode through O_CREAT: set it. */
    bool ok = fd >= 0 && fchmod(fd, 0600) == 0;
    size_t n = strlen(text), done = 0;
    while (ok && done < n) {
        ssize_t w = write(fd, text + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            ok = false;
        else
            done += (size_t)w;
    }
    ok = ok && write(fd, "\n", 1) == 1;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok)
        rc = rename(tmp, path);
    if (rc != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
    }
    /* The keys leave memory that is freed. */
    explicit_bzero(text, strlen(text));
    free(text);
    free(tmp);
    return rc;
}
