/* Reading a response document, for the parsers of api_parse.c: the JSON
 * tree, the counts of meta.page and the data member (api_doc.h). */
#include "api_doc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const char *dd_doc_kind_problem(int kind)
{
    switch (kind) {
    case cJSON_String: return "is not a string";
    case cJSON_Object: return "is not an object";
    case cJSON_Array: return "is not an array";
    case cJSON_Number: return "is not a number";
    }
    return "has the wrong type";
}

/* The tree of body[0..len); the top level must be an object. */
static cJSON *parse_tree(const char *body, size_t len, dd_error *err)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, false);
    if (!root) {
        size_t at = end && end >= body ? (size_t)(end - body) : 0;
        dd_error_set(err, DD_E_PROTOCOL, "malformed response: not valid JSON (near byte %zu)", at);
        return NULL;
    }
    for (const char *p = end; p && p < body + len; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            dd_error_set(err, DD_E_PROTOCOL,
                         "malformed response: unexpected data after the JSON value (byte %zu)",
                         (size_t)(p - body));
            cJSON_Delete(root);
            return NULL;
        }
    }
    if (!cJSON_IsObject(root)) {
        dd_error_set(err, DD_E_PROTOCOL, "malformed response: top level is not an object");
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* The four hex digits at p as a number, or -1 when they are not hex. */
static long hex4(const char *p)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        char ch = p[k];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* The offset (its backslash) of the first \u escape from `from` on that a
 * server may send but cJSON would not read as the character it names: a
 * U+0000 (cJSON strings are C strings: the rest of the string would go in
 * silence) or a surrogate not in a high-low pair (cJSON refuses the whole
 * document, so one hostile name would hide every row). len when none. An
 * escape is a backslash after an even number of backslashes; outside
 * strings JSON has none, so the body need not be parsed to find them. */
static size_t find_bad_escape(const char *body, size_t len, size_t from)
{
    size_t i = from;
    while (i < len) {
        const char *bs = memchr(body + i, '\\', len - i);
        if (!bs)
            return len;
        size_t j = (size_t)(bs - body);
        size_t run = 0;
        while (j + run < len && body[j + run] == '\\')
            run++;
        size_t esc = j + run - 1; /* the backslash an odd run ends with */
        i = j + run;
        if (run % 2 == 0 || esc + 6 > len || body[esc + 1] != 'u')
            continue;
        long cp = hex4(body + esc + 2);
        if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
            return esc;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            long low = esc + 12 <= len && body[esc + 6] == '\\' && body[esc + 7] == 'u'
                           ? hex4(body + esc + 8)
                           : -1;
            if (low < 0xDC00 || low > 0xDFFF)
                return esc;
            i = esc + 12;   /* a pair: both read as one character */
        }
    }
    return len;
}

/* Each escape find_bad_escape finds is read as U+FFFD instead (the same
 * six bytes, so byte offsets in errors stay true), as ill-formed UTF-8 is:
 * a copy of the body when there is one, else NULL with *oom false. */
static char *bad_escapes_replaced(const char *body, size_t len, bool *oom)
{
    *oom = false;
    size_t at = find_bad_escape(body, len, 0);
    if (at == len)
        return NULL;
    char *copy = malloc(len);
    if (!copy) {
        *oom = true;
        return NULL;
    }
    memcpy(copy, body, len);
    for (; at < len; at = find_bad_escape(copy, len, at + 6))
        memcpy(copy + at + 2, "FFFD", 4);
    return copy;
}

cJSON *dd_doc_root(const char *body, size_t len, dd_error *err)
{
    if (!body || len == 0) {
        dd_error_set(err, DD_E_PROTOCOL, "malformed response: empty body");
        return NULL;
    }
    bool oom;
    char *replaced = bad_escapes_replaced(body, len, &oom);
    if (oom) {
        dd_error_set(err, DD_E_NOMEM, "out of memory while reading the response");
        return NULL;
    }
    if (replaced)
        body = replaced;
    cJSON *root = parse_tree(body, len, err);
    free(replaced);
    return root;
}

/* meta.page.<key>: an optional integer. Paths here are rooted at the
 * document, not at data. */
static dd_status get_count(dd_error *err, const cJSON *page, const char *key, int64_t *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(page, key);
    if (!it || cJSON_IsNull(it))
        return DD_OK;
    double v = it->valuedouble;
    /* Exactly representable integers only: a count of 1.5 or 1e300 is not
     * a count. */
    if (!cJSON_IsNumber(it) || !(v >= -9007199254740992.0 && v <= 9007199254740992.0) ||
        v != (double)(int64_t)v)
        return dd_error_set(err, DD_E_PROTOCOL, "malformed response: meta.page.%s is not an integer",
                            key);
    *out = (int64_t)v;
    return DD_OK;
}

dd_status dd_doc_meta(dd_error *err, const cJSON *root, int64_t *total, int64_t *filtered)
{
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "meta");
    if (!meta || cJSON_IsNull(meta))
        return DD_OK;
    if (!cJSON_IsObject(meta))
        return dd_error_set(err, DD_E_PROTOCOL, "malformed response: meta is not an object");
    const cJSON *page = cJSON_GetObjectItemCaseSensitive(meta, "page");
    if (!page || cJSON_IsNull(page))
        return DD_OK;
    if (!cJSON_IsObject(page))
        return dd_error_set(err, DD_E_PROTOCOL, "malformed response: meta.page is not an object");
    dd_status st = get_count(err, page, "total_count", total);
    if (st == DD_OK)
        st = get_count(err, page, "total_filtered_count", filtered);
    return st;
}

dd_status dd_doc_data(dd_error *err, const cJSON *root, int kind, const cJSON **out)
{
    *out = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (!*out)
        return dd_error_set(err, DD_E_PROTOCOL, "malformed response: data is missing");
    if (((*out)->type & 0xFF) != kind)
        return dd_error_set(err, DD_E_PROTOCOL, "malformed response: data %s", dd_doc_kind_problem(kind));
    return DD_OK;
}
