/* Key echoes of status faults (mock_echo.h). */
#include "mock_echo.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "mock_json.h"

typedef struct buf {
    char *s;
    size_t len, cap;
    int oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* The key as the fault writes it. "hidden" puts invisible format
 * characters (U+200B ZERO WIDTH SPACE, U+2066 LEFT-TO-RIGHT ISOLATE)
 * between characters: the key still looks whole on a screen. */
static void put_key(buf *b, echo_encoding enc, const char *key)
{
    char tmp[16];
    for (size_t i = 0; key[i]; i++) {
        unsigned char c = (unsigned char)key[i];
        switch (enc) {
        case ECHO_UPPER:
            tmp[0] = (char)toupper(c);
            put(b, tmp, 1);
            break;
        case ECHO_PERCENT:
            snprintf(tmp, sizeof tmp, "%%%02X", c);
            puts_(b, tmp);
            break;
        case ECHO_JSON:
            snprintf(tmp, sizeof tmp, "\\u%04x", c);
            puts_(b, tmp);
            break;
        case ECHO_HIDDEN:
            put(b, (const char *)&key[i], 1);
            if (key[i + 1] && i % 3 == 2)
                puts_(b, i % 2 ? "\xe2\x80\x8b" : "\xe2\x81\xa6");
            break;
        default:
            put(b, (const char *)&key[i], 1);
        }
    }
}

static void put_pad(buf *b, long pad)
{
    static const char text[] = "Request refused by the gateway; ";
    for (long i = 0; i < pad; i++)
        put(b, i < (long)sizeof text - 1 ? &text[i] : ".", 1);
}

long echo_pad_for(const mock_fault *f)
{
    long fired = f->fired > 0 ? f->fired - 1 : 0;
    return f->echo_pad + f->echo_pad_step * fired;
}

/* "<pad>invalid API key KEY for application key KEY" */
static char *message(const mock_fault *f, long pad, const char *api, const char *app)
{
    buf b = {0};
    put_pad(&b, pad);
    puts_(&b, "Invalid API key ");
    put_key(&b, f->echo_encoding, api);
    puts_(&b, " for application key ");
    put_key(&b, f->echo_encoding, app);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static cJSON *jsonapi_error(const mock_fault *f, int status, const char *msg, const char *api,
                            const char *app)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(doc, "errors");
    cJSON *e = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, e);
    char st[8];
    snprintf(st, sizeof st, "%d", status);
    cJSON_AddStringToObject(e, "status", st);
    cJSON_AddStringToObject(e, "title", msg);
    if (f->echo_form == ECHO_FORM_DETAIL)
        cJSON_AddStringToObject(e, "detail", msg);
    buf k1 = {0}, k2 = {0};
    put_key(&k1, f->echo_encoding, api);
    put_key(&k2, f->echo_encoding, app);
    cJSON *meta = cJSON_AddObjectToObject(e, "meta");
    cJSON_AddStringToObject(meta, "api_key", k1.s ? k1.s : "");
    cJSON_AddStringToObject(meta, "application_key", k2.s ? k2.s : "");
    free(k1.s);
    free(k2.s);
    return doc;
}

char *echo_body(const mock_fault *f, long pad, int status, const char *api, const char *app,
                const char **content_type, size_t *len)
{
    char *msg = message(f, pad, api, app);
    if (!msg)
        return NULL;
    char *out = NULL;
    *content_type = "application/json";
    switch (f->echo_form) {
    case ECHO_FORM_STRINGS: {
        cJSON *doc = json_error_strings(msg);
        out = doc ? cJSON_PrintUnformatted(doc) : NULL;
        cJSON_Delete(doc);
        break;
    }
    case ECHO_FORM_DETAIL:
    case ECHO_FORM_TITLE: {
        cJSON *doc = jsonapi_error(f, status, msg, api, app);
        out = doc ? cJSON_PrintUnformatted(doc) : NULL;
        cJSON_Delete(doc);
        break;
    }
    case ECHO_FORM_TEXT: {
        buf b = {0};
        puts_(&b, msg);
        puts_(&b, "\n");
        out = b.oom ? (free(b.s), NULL) : b.s;
        *content_type = "text/plain; charset=utf-8";
        break;
    }
    case ECHO_FORM_HTML: {
        buf b = {0};
        char head[128];
        snprintf(head, sizeof head, "<!DOCTYPE html>\n<html><head><title>%d %s</title></head>"
                                    "<body><p>", status, status_title(status));
        puts_(&b, head);
        puts_(&b, msg);
        puts_(&b, "</p></body></html>\n");
        out = b.oom ? (free(b.s), NULL) : b.s;
        *content_type = "text/html; charset=utf-8";
        break;
    }
    }
    free(msg);
    if (out)
        *len = strlen(out);
    return out;
}

char *echo_location(const mock_fault *f, long pad, const char *api)
{
    buf b = {0};
    puts_(&b, f->location);
    puts_(&b, strchr(f->location, '?') ? "&" : "?");
    if (pad > 0) {
        puts_(&b, "pad=");
        for (long i = 0; i < pad; i++)
            put(&b, "p", 1);
        puts_(&b, "&");
    }
    puts_(&b, "api_key=");
    put_key(&b, f->echo_encoding, api);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

char *echo_limit_name(const mock_fault *f, long pad, const char *api)
{
    buf b = {0};
    for (long i = 0; i < pad; i++)
        put(&b, "n", 1);
    put_key(&b, f->echo_encoding, api);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s ? b.s : strdup("");
}

void echo_key_as_type(cJSON *doc, const char *api)
{
    if (!cJSON_IsObject(doc) && !cJSON_IsArray(doc))
        return;
    for (cJSON *c = doc->child; c; c = c->next) {
        if (c->string && strcmp(c->string, "type") == 0 && cJSON_IsString(c))
            cJSON_SetValuestring(c, api);
        else
            echo_key_as_type(c, api);
    }
}
