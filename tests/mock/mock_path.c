/* Raw request paths into routing form and decoded ids. */
#include "mock_path.h"

#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The byte of a valid %XX at s, or -1. */
static int escape_at(const char *s)
{
    if (s[0] != '%')
        return -1;
    int hi = hexval(s[1]);
    int lo = hi < 0 ? -1 : hexval(s[2]);
    return lo < 0 ? -1 : hi * 16 + lo;
}

char *path_for_routing(const char *raw)
{
    size_t n = strcspn(raw, "?");
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        int b = escape_at(raw + i);
        if (b == '/' || b == '%') {
            /* Kept for path_decode_segment, in one spelling. */
            out[o++] = '%';
            out[o++] = '2';
            out[o++] = b == '/' ? 'F' : '5';
            i += 3;
        } else if (b > 0) {
            out[o++] = (char)b;
            i += 3;
        } else {
            /* %00 and malformed escapes stay literal: no route or id
             * contains them, so the request fails as unknown. */
            out[o++] = raw[i++];
        }
    }
    out[o] = '\0';
    return out;
}

int path_decode_segment(const char *seg, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; seg[i];) {
        int b = escape_at(seg + i);
        char ch = b > 0 ? (char)b : seg[i];
        i += b > 0 ? 3 : 1;
        if (o + 1 >= cap)
            return -1;
        buf[o++] = ch;
    }
    if (cap == 0)
        return -1;
    buf[o] = '\0';
    return 0;
}
