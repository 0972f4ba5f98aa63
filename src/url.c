/* Percent-encoding of ids (url.h). */
#include "url.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ASCII only, whatever the locale: a byte of a UTF-8 character is never
 * unreserved (isalnum() says otherwise in some 8-bit locales). */
static bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

char *dd_url_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (unreserved(*p)) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
    return out;
}

dd_status dd_url_id_segment(const char *what, const char *id, char **out, dd_error *err)
{
    *out = NULL;
    if (!id || !*id)
        return dd_error_set(err, DD_E_USAGE, "%s is empty: give the id of the one to act on",
                            what);
    if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
        return dd_error_set(err, DD_E_USAGE,
                            "%s '%s' refused: servers read '.' and '..' as steps in the path, so "
                            "the request would reach another resource; check the id",
                            what, id);
    *out = dd_url_escape(id);
    return *out ? DD_OK : dd_error_set(err, DD_E_NOMEM, "out of memory");
}
