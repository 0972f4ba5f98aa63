#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s[0..len) was cut to fit a buffer: drops a multi-byte UTF-8 character
 * left incomplete at the end, so that cleaned text stays valid UTF-8. */
static void cut_on_char_boundary(char *s, size_t len)
{
    size_t i = len, cont = 0;
    while (i > 0 && cont < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
        cont++;
    }
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (cont + 1 < need)
        s[i - 1] = '\0';
}

void dd_error_init(dd_error *e)
{
    memset(e, 0, sizeof(*e));
    e->retry_after = -1;
}

void dd_error_clear(dd_error *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n_messages; i++)
        free(e->messages[i]);
    free(e->messages);
    dd_error_init(e);
}

dd_status dd_error_set(dd_error *e, dd_status code, const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(e->text, sizeof(e->text), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(e->text))
        cut_on_char_boundary(e->text, sizeof(e->text) - 1);
    return code;
}

int dd_error_add_message(dd_error *e, const char *msg)
{
    char *copy = strdup(msg ? msg : "");
    if (!copy)
        return -1;
    char **grown = realloc(e->messages, (e->n_messages + 1) * sizeof(*grown));
    if (!grown) {
        free(copy);
        return -1;
    }
    e->messages = grown;
    e->messages[e->n_messages++] = copy;
    return 0;
}

void dd_error_move(dd_error *dst, dd_error *src)
{
    dd_error_clear(dst);
    *dst = *src;
    dd_error_init(src);
}

bool dd_error_write_maybe_applied(const dd_error *e)
{
    if (e->not_sent)
        return false;
    switch (e->code) {
    case DD_E_NETWORK:
    case DD_E_TIMEOUT:
    case DD_E_CANCELLED:
    case DD_E_PROTOCOL:
    case DD_E_TOO_LARGE:
        return true;
    case DD_E_HTTP:
        return e->http_status >= 500;
    default:
        return false;
    }
}

const char *dd_status_name(dd_status s)
{
    switch (s) {
    case DD_OK: return "ok";
    case DD_E_USAGE: return "usage";
    case DD_E_CONFIG: return "config";
    case DD_E_READ_ONLY: return "read-only";
    case DD_E_NETWORK: return "network";
    case DD_E_TIMEOUT: return "timeout";
    case DD_E_CANCELLED: return "cancelled";
    case DD_E_TOO_LARGE: return "too-large";
    case DD_E_HTTP: return "http";
    case DD_E_PROTOCOL: return "protocol";
    case DD_E_NOMEM: return "out-of-memory";
    case DD_E_IO: return "io";
    case DD_E_INCOMPLETE: return "incomplete";
    }
    return "unknown";
}

void dd_error_describe(const dd_error *e, char *buf, size_t n)
{
    if (n == 0)
        return;
    size_t used = (size_t)snprintf(buf, n, "%s", e->text[0] ? e->text : dd_status_name(e->code));
    for (size_t i = 0; i < e->n_messages && used + 1 < n; i++) {
        /* The text may already quote the first message; avoid saying it twice. */
        if (strstr(e->text, e->messages[i]))
            continue;
        used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? "; " : "", e->messages[i]);
    }
    if (used >= n)
        cut_on_char_boundary(buf, n - 1);
}
