/* Error answers: the reason phrases and the decoding of an error body of
 * either form into a dd_error (api_json.h). Every server text has the keys
 * taken out of it whole (redact.h) before it is cleaned and cut. */
#include "api_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sanitize.h"

/* Server messages kept per error answer; the rest are counted. */
#define MAX_ERROR_MESSAGES 20
/* Characters of a non-JSON body's first line worth a message. */
#define PLAIN_TEXT_CHARS 200

const char *dd_http_reason(long status)
{
    switch (status) {
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 425: return "Too Early";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    }
    if (status >= 300 && status < 400)
        return "Redirect";
    if (status >= 400 && status < 500)
        return "Client Error";
    if (status >= 500 && status < 600)
        return "Server Error";
    return "";
}

/* Adds msg[0..len): keys out of the whole text first, then cleaned and cut
 * to keep characters at most; counts what is over the cap instead. */
static void add_message(dd_error *err, const char *msg, size_t len, size_t keep,
                        const dd_redactor *red, size_t *dropped)
{
    if (err->n_messages >= MAX_ERROR_MESSAGES) {
        (*dropped)++;
        return;
    }
    char *safe = dd_redact(red, msg, len, keep);
    if (!safe)
        return;
    char buf[DD_SAN_MAX_BYTES + 8];
    dd_sanitize_into(safe, strlen(safe), dd_sanitize_mode, buf, sizeof(buf));
    free(safe);
    if (buf[0])
        dd_error_add_message(err, buf);
}

static void add_string(dd_error *err, const char *msg, const dd_redactor *red, size_t *dropped)
{
    add_message(err, msg, strlen(msg), DD_SAN_MAX_BYTES, red, dropped);
}

/* One JSON:API error object: detail, else title; plus where it points. */
static void add_jsonapi_error(dd_error *err, const cJSON *e, const dd_redactor *red,
                              size_t *dropped)
{
    const cJSON *detail = cJSON_GetObjectItemCaseSensitive(e, "detail");
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(e, "title");
    const char *text = cJSON_IsString(detail) && detail->valuestring[0] ? detail->valuestring
                       : cJSON_IsString(title)                          ? title->valuestring
                                                                        : NULL;
    if (!text)
        return;
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(e, "source");
    const cJSON *ptr = cJSON_IsObject(source) ? cJSON_GetObjectItemCaseSensitive(source, "pointer")
                                              : NULL;
    if (!cJSON_IsString(ptr) || !ptr->valuestring[0]) {
        add_string(err, text, red, dropped);
        return;
    }
    size_t n = strlen(text) + strlen(ptr->valuestring) + 8;
    char *joined = malloc(n);
    if (!joined)
        return;
    snprintf(joined, n, "%s (at %s)", text, ptr->valuestring);
    add_string(err, joined, red, dropped);
    free(joined);
}

/* A body that is not JSON: a proxy's one-line text is worth showing (its
 * first 200 characters), an HTML error page is not. */
static void add_plain_text(dd_error *err, const char *body, size_t len, const dd_redactor *red,
                           size_t *dropped)
{
    while (len && (*body == ' ' || *body == '\t' || *body == '\r' || *body == '\n')) {
        body++;
        len--;
    }
    if (!len || *body == '<')
        return;
    size_t line = 0;
    while (line < len && body[line] != '\n' && body[line] != '\r')
        line++;
    add_message(err, body, line, PLAIN_TEXT_CHARS, red, dropped);
}

void dd_parse_error_body(long status, const char *body, size_t len, const dd_redactor *red,
                         dd_error *err)
{
    long retry_after = err->retry_after;
    dd_error_clear(err);
    err->retry_after = retry_after;
    err->code = DD_E_HTTP;
    err->http_status = status;

    size_t dropped = 0;
    cJSON *root = body && len ? cJSON_ParseWithLength(body, len) : NULL;
    const cJSON *errors = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "errors")
                                               : NULL;
    if (cJSON_IsArray(errors)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, errors) {
            if (cJSON_IsString(e))
                add_string(err, e->valuestring, red, &dropped);
            else if (cJSON_IsObject(e))
                add_jsonapi_error(err, e, red, &dropped);
        }
    } else if (cJSON_IsString(errors)) {
        add_string(err, errors->valuestring, red, &dropped);
    } else if (!root && body && len) {
        add_plain_text(err, body, len, red, &dropped);
    }
    cJSON_Delete(root);
    if (dropped) {
        char more[64];
        snprintf(more, sizeof(more), "(%zu more errors not shown)", dropped);
        dd_error_add_message(err, more);
    }

    const char *reason = dd_http_reason(status);
    char head[64];
    snprintf(head, sizeof(head), "HTTP %ld%s%s", status, reason[0] ? " " : "", reason);
    if (err->n_messages)
        dd_error_set(err, DD_E_HTTP, "%s: %s", head, err->messages[0]);
    else
        dd_error_set(err, DD_E_HTTP, "%s", head);
}

