/* Fault specs: parsing, listing and matching. */
#include "mock_faults.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mock_routes.h"

static const char *const KIND_NAMES[] = {
    [FAULT_NONE] = "none",           [FAULT_STATUS] = "status",
    [FAULT_RESET] = "reset",         [FAULT_TRUNCATE] = "truncate",
    [FAULT_MALFORMED] = "malformed", [FAULT_WRONG_TYPES] = "wrong_types",
    [FAULT_OVERSIZE] = "oversize",   [FAULT_DRIP] = "drip",
    [FAULT_EMPTY_PAGE] = "empty_page",
};

static void init_fault(mock_fault *f)
{
    memset(f, 0, sizeof *f);
    f->route = FAULT_ANY_ROUTE;
    f->every = 1;
    f->probability = 1.0;
    f->times = -1;
    f->size = FAULT_DEFAULT_SIZE;
    f->drip_ms = FAULT_DEFAULT_DRIP_MS;
    f->rl_reset = f->rl_period = -1;
}

static const char *const FORM_NAMES[] = {
    [ECHO_FORM_STRINGS] = "strings", [ECHO_FORM_DETAIL] = "detail", [ECHO_FORM_TITLE] = "title",
    [ECHO_FORM_TEXT] = "text",       [ECHO_FORM_HTML] = "html",
};
static const char *const ENCODING_NAMES[] = {
    [ECHO_PLAIN] = "plain", [ECHO_UPPER] = "upper",   [ECHO_PERCENT] = "percent",
    [ECHO_JSON] = "json",   [ECHO_HIDDEN] = "hidden",
};

/* Index of text in names[0..n), or -1. */
static int name_index(const char *const *names, size_t n, const char *text)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], text) == 0)
            return (int)i;
    return -1;
}

static int set_route(mock_fault *f, const char *v, char *err, size_t errlen)
{
    if (strcmp(v, "*") == 0) {
        f->route = FAULT_ANY_ROUTE;
        return 0;
    }
    f->route = route_by_name(v);
    if (f->route < 0) {
        snprintf(err, errlen,
                 "unknown fault route '%s' (list_connections, create_connection, "
                 "update_connection, delete_connection, list_salesforce, delete_salesforce, "
                 "disable_org or *)",
                 v);
        return -1;
    }
    return 0;
}

static int parse_num(const char *v, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    double mult = 1;
    if (end != v && (*end == 'k' || *end == 'K'))
        mult = 1024.0, end++;
    else if (end != v && (*end == 'm' || *end == 'M'))
        mult = 1024.0 * 1024, end++;
    else if (end != v && (*end == 'g' || *end == 'G'))
        mult = 1024.0 * 1024 * 1024, end++;
    if (end == v || *end || errno)
        return -1;
    *out = d * mult;
    return 0;
}

/* Applies one key; the value is text (from a flag) or a JSON scalar. */
static int set_key(mock_fault *f, const char *key, const char *text, char *err, size_t errlen)
{
    if (strcmp(key, "route") == 0)
        return set_route(f, text, err, errlen);
    if (strcmp(key, "kind") == 0) {
        for (size_t k = 0; k < sizeof KIND_NAMES / sizeof KIND_NAMES[0]; k++)
            if (strcmp(KIND_NAMES[k], text) == 0) {
                f->kind = (fault_kind)k;
                return 0;
            }
        snprintf(err, errlen,
                 "unknown fault kind '%s' (status, reset, truncate, malformed, wrong_types, "
                 "oversize, drip, empty_page)",
                 text);
        return -1;
    }
    if (strcmp(key, "echo_form") == 0) {
        int i = name_index(FORM_NAMES, sizeof FORM_NAMES / sizeof FORM_NAMES[0], text);
        if (i < 0) {
            snprintf(err, errlen, "fault key echo_form: '%s' is not strings, detail, title, text "
                                  "or html", text);
            return -1;
        }
        f->echo_form = (echo_form)i;
        return 0;
    }
    if (strcmp(key, "echo_encoding") == 0) {
        int i = name_index(ENCODING_NAMES, sizeof ENCODING_NAMES / sizeof ENCODING_NAMES[0], text);
        if (i < 0) {
            snprintf(err, errlen, "fault key echo_encoding: '%s' is not plain, upper, percent, "
                                  "json or hidden", text);
            return -1;
        }
        f->echo_encoding = (echo_encoding)i;
        return 0;
    }
    if (strcmp(key, "org") == 0) {
        size_t n = strlen(text);
        if (n == 0 || n >= sizeof f->org) {
            snprintf(err, errlen, "fault key org: an org id of 1 to %zu characters",
                     sizeof f->org - 1);
            return -1;
        }
        memcpy(f->org, text, n + 1);
        return 0;
    }
    if (strcmp(key, "location") == 0) {
        /* Goes into a header as it is: printable ASCII only, so a control
         * request cannot split the answer. */
        size_t n = strlen(text);
        for (size_t i = 0; i < n; i++)
            if (text[i] <= ' ' || text[i] > '~') {
                snprintf(err, errlen, "fault key location: only printable ASCII, no spaces");
                return -1;
            }
        if (n == 0 || n >= sizeof f->location) {
            snprintf(err, errlen, "fault key location: 1 to %zu characters",
                     sizeof f->location - 1);
            return -1;
        }
        memcpy(f->location, text, n + 1);
        return 0;
    }
    double d;
    if (parse_num(text, &d) != 0) {
        snprintf(err, errlen, "fault key %s: '%s' is not a number", key, text);
        return -1;
    }
    if (strcmp(key, "latency_ms") == 0 && d >= 0 && d <= 600000)
        f->latency_ms = (long)d;
    else if (strcmp(key, "status") == 0 && d >= 100 && d <= 599)
        f->status = (int)d;
    else if (strcmp(key, "every") == 0 && d >= 1)
        f->every = (long)d;
    else if (strcmp(key, "probability") == 0 && d >= 0 && d <= 1)
        f->probability = d;
    else if (strcmp(key, "times") == 0 && d >= -1)
        f->times = (long)d;
    else if (strcmp(key, "size") == 0 && d >= 2 && d <= 64.0 * 1024 * 1024 * 1024)
        f->size = (uint64_t)d;
    else if (strcmp(key, "drip_ms") == 0 && d >= 0 && d <= 60000)
        f->drip_ms = (long)d;
    else if (strcmp(key, "echo_keys") == 0 && (d == 0 || d == 1))
        f->echo_keys = d == 1;
    else if (strcmp(key, "echo_pad") == 0 && d >= 0 && d <= 100000)
        f->echo_pad = (long)d;
    else if (strcmp(key, "echo_pad_step") == 0 && d >= 0 && d <= 100000)
        f->echo_pad_step = (long)d;
    else if (strcmp(key, "ratelimit_reset") == 0 && d >= 0 && d <= 1e13)
        f->rl_reset = (long)d;
    else if (strcmp(key, "ratelimit_period") == 0 && d >= 0 && d <= 1e13)
        f->rl_period = (long)d;
    else {
        snprintf(err, errlen, "fault key %s: unknown key or value %s out of range", key, text);
        return -1;
    }
    return 0;
}

/* A status without a kind means a status fault; a kind needing a status
 * gets 500. */
static int finish(mock_fault *f, char *err, size_t errlen)
{
    if (f->kind == FAULT_NONE && f->status)
        f->kind = FAULT_STATUS;
    if (f->kind == FAULT_STATUS && !f->status)
        f->status = 500;
    if (f->echo_keys && f->kind != FAULT_STATUS && f->kind != FAULT_WRONG_TYPES) {
        snprintf(err, errlen, "fault key echo_keys: only with a status or kind wrong_types");
        return -1;
    }
    bool echo_shape = f->echo_form != ECHO_FORM_STRINGS || f->echo_encoding != ECHO_PLAIN ||
                      f->echo_pad || f->echo_pad_step;
    if (echo_shape && !f->echo_keys) {
        snprintf(err, errlen, "fault keys echo_form, echo_encoding, echo_pad, echo_pad_step: "
                              "only with echo_keys=1");
        return -1;
    }
    if (f->echo_keys && (f->location[0] || f->status == 429) && f->echo_encoding == ECHO_HIDDEN) {
        snprintf(err, errlen, "fault key echo_encoding: hidden cannot go into a header (a "
                              "location, a 429's X-RateLimit-Name): printable ASCII only");
        return -1;
    }
    if ((f->rl_reset >= 0 || f->rl_period >= 0) && f->kind != FAULT_STATUS) {
        snprintf(err, errlen,
                 "fault keys ratelimit_reset, ratelimit_period: only with a status (say 429)");
        return -1;
    }
    if (f->location[0] && f->kind != FAULT_STATUS) {
        snprintf(err, errlen, "fault key location: only with a status (a redirect, say 302)");
        return -1;
    }
    if (f->kind == FAULT_NONE && !f->latency_ms) {
        snprintf(err, errlen, "fault does nothing: give status, kind or latency_ms");
        return -1;
    }
    return 0;
}

int fault_parse_spec(const char *spec, mock_fault *out, char *err, size_t errlen)
{
    init_fault(out);
    const char *colon = strchr(spec, ':');
    if (!colon) {
        snprintf(err, errlen, "fault '%s': expected ROUTE:key=value,...", spec);
        return -1;
    }
    char *copy = strdup(spec);
    if (!copy) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    copy[colon - spec] = '\0';
    int rc = set_route(out, copy, err, errlen);
    char *save = NULL;
    for (char *kv = strtok_r(copy + (colon - spec) + 1, ",", &save); rc == 0 && kv;
         kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq) {
            snprintf(err, errlen, "fault '%s': '%s' is not key=value", spec, kv);
            rc = -1;
            break;
        }
        *eq = '\0';
        rc = set_key(out, kv, eq + 1, err, errlen);
    }
    free(copy);
    return rc == 0 ? finish(out, err, errlen) : -1;
}

int fault_parse_json(const cJSON *o, mock_fault *out, char *err, size_t errlen)
{
    init_fault(out);
    if (!cJSON_IsObject(o)) {
        snprintf(err, errlen, "a fault is a JSON object");
        return -1;
    }
    const cJSON *kv;
    cJSON_ArrayForEach(kv, o) {
        char num[64];
        const char *text;
        if (cJSON_IsString(kv)) {
            text = kv->valuestring;
        } else if (cJSON_IsNumber(kv)) {
            snprintf(num, sizeof num, "%.17g", kv->valuedouble);
            text = num;
        } else {
            snprintf(err, errlen, "fault key %s: expected a string or a number", kv->string);
            return -1;
        }
        if (set_key(out, kv->string, text, err, errlen) != 0)
            return -1;
    }
    return finish(out, err, errlen);
}

int faults_add(mock_faults *f, const mock_fault *fault)
{
    if (f->n == f->cap) {
        size_t ncap = f->cap ? f->cap * 2 : 8;
        mock_fault *v = realloc(f->v, ncap * sizeof *v);
        if (!v)
            return -1;
        f->v = v;
        f->cap = ncap;
    }
    f->v[f->n++] = *fault;
    return 0;
}

void faults_clear(mock_faults *f)
{
    free(f->v);
    f->v = NULL;
    f->n = f->cap = 0;
}

cJSON *faults_to_json(const mock_faults *f)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(doc, "faults");
    for (size_t i = 0; i < f->n; i++) {
        const mock_fault *x = &f->v[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "route", x->route < 0 ? "*" : route_name(x->route));
        cJSON_AddStringToObject(o, "kind", KIND_NAMES[x->kind]);
        if (x->org[0])
            cJSON_AddStringToObject(o, "org", x->org);
        cJSON_AddNumberToObject(o, "latency_ms", (double)x->latency_ms);
        cJSON_AddNumberToObject(o, "status", x->status);
        cJSON_AddNumberToObject(o, "every", (double)x->every);
        cJSON_AddNumberToObject(o, "probability", x->probability);
        cJSON_AddNumberToObject(o, "times", (double)x->times);
        cJSON_AddNumberToObject(o, "size", (double)x->size);
        cJSON_AddNumberToObject(o, "drip_ms", (double)x->drip_ms);
        if (x->location[0])
            cJSON_AddStringToObject(o, "location", x->location);
        if (x->echo_keys) {
            cJSON_AddNumberToObject(o, "echo_keys", 1);
            cJSON_AddStringToObject(o, "echo_form", FORM_NAMES[x->echo_form]);
            cJSON_AddStringToObject(o, "echo_encoding", ENCODING_NAMES[x->echo_encoding]);
            cJSON_AddNumberToObject(o, "echo_pad", (double)x->echo_pad);
            cJSON_AddNumberToObject(o, "echo_pad_step", (double)x->echo_pad_step);
        }
        if (x->rl_reset >= 0)
            cJSON_AddNumberToObject(o, "ratelimit_reset", (double)x->rl_reset);
        if (x->rl_period >= 0)
            cJSON_AddNumberToObject(o, "ratelimit_period", (double)x->rl_period);
        cJSON_AddNumberToObject(o, "seen", (double)x->seen);
        cJSON_AddNumberToObject(o, "fired", (double)x->fired);
        cJSON_AddItemToArray(arr, o);
    }
    return doc;
}

bool faults_match(mock_faults *f, int route, const char *org_id, mock_rng *rng,
                  mock_fault *out)
{
    bool found = false;
    for (size_t i = 0; i < f->n; i++) {
        mock_fault *x = &f->v[i];
        if (x->route != FAULT_ANY_ROUTE && x->route != route)
            continue;
        if (x->org[0] && (!org_id || strcasecmp(x->org, org_id) != 0))
            continue;
        x->seen++;
        if (found || (x->times >= 0 && x->fired >= x->times) || x->seen % x->every != 0)
            continue;
        /* Draw only for probabilistic faults so others keep the stream. */
        if (x->probability < 1.0 && rng_unit(rng) >= x->probability)
            continue;
        x->fired++;
        *out = *x;
        found = true;
    }
    return found;
}

bool fault_before_handler(const mock_fault *f)
{
    return f->kind == FAULT_NONE || f->kind == FAULT_STATUS || f->kind == FAULT_RESET;
}

void fault_empty_page(cJSON *doc)
{
    cJSON *data = cJSON_GetObjectItemCaseSensitive(doc, "data");
    if (!cJSON_IsArray(data))
        return;
    while (data->child)
        cJSON_Delete(cJSON_DetachItemViaPointer(data, data->child));
}

/* Replaces well-known fields with values of the wrong JSON type. */
void fault_wrong_types(cJSON *doc)
{
    if (!doc)
        return;
    if (cJSON_IsArray(doc) || cJSON_IsObject(doc)) {
        cJSON *child = doc->child;
        while (child) {
            cJSON *next = child->next;
            const char *k = child->string;
            cJSON *repl = NULL;
            if (k && strcmp(k, "id") == 0)
                repl = cJSON_CreateNumber(12345);
            else if (k && strcmp(k, "connection_types") == 0)
                repl = cJSON_CreateString("logs,metrics");
            else if (k && strcmp(k, "created_at") == 0)
                repl = cJSON_CreateNumber(1704067200);
            else if (k && (strcmp(k, "total_count") == 0 || strcmp(k, "total_filtered_count") == 0))
                repl = cJSON_CreateString("many");
            else if (k && (strcmp(k, "name") == 0 || strcmp(k, "status") == 0 ||
                           strcmp(k, "sfdc_org_id") == 0))
                repl = cJSON_CreateBool(1);
            else
                fault_wrong_types(child);
            /* By name: replacing via the pointer would drop the member's
             * key, and the answer would lack the field instead of holding
             * it with the wrong type. */
            if (repl)
                cJSON_ReplaceItemInObjectCaseSensitive(doc, k, repl);
            child = next;
        }
    }
    if (cJSON_IsObject(doc) && !doc->child && !doc->string) {
        /* An empty top-level object (DELETE) becomes an array instead. */
        cJSON_AddItemToObject(doc, "data", cJSON_CreateNumber(0));
    }
}

char *fault_malformed(const char *body, size_t len, size_t *out_len)
{
    /* Half the document, then a stray token: no JSON parser accepts it. */
    static const char junk[] = "\"\x01<html>\n,,}";
    size_t keep = len / 2;
    char *out = malloc(keep + sizeof junk);
    if (!out)
        return NULL;
    memcpy(out, body, keep);
    memcpy(out + keep, junk, sizeof junk);
    *out_len = keep + sizeof junk - 1;
    return out;
}
