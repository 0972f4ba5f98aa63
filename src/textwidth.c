#include "textwidth.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

/* Decodes one code point from NUL-terminated UTF-8. Input is sanitized, so
 * this only has to be safe on bad bytes, not precise: a stray byte counts as
 * one column, like the U+FFFD it would have become. */
static size_t next_cp(const unsigned char *s, uint32_t *cp)
{
    unsigned char b = s[0];
    size_t len;
    uint32_t v;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if ((b & 0xE0) == 0xC0) {
        len = 2;
        v = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
        len = 3;
        v = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
        len = 4;
        v = b & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return i;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return len;
}

static int cp_width(uint32_t cp)
{
    int w = wcwidth((wchar_t)cp);
    /* Clean text holds no controls; anything wcwidth still calls
     * non-printable (unassigned code points) is drawn by the terminal as one
     * cell, usually a replacement glyph. */
    return w < 0 ? 1 : w;
}

int dd_text_width(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    int cols = 0;
    while (*u) {
        uint32_t cp;
        u += next_cp(u, &cp);
        cols += cp_width(cp);
    }
    return cols;
}

int dd_text_fit(const char *s, int cols, int pad, int ascii, char *buf, size_t cap)
{
    if (cap == 0)
        return 0;
    buf[0] = '\0';
    if (cols <= 0)
        return 0;
    const char *ell = ascii ? "~" : "\xe2\x80\xa6";
    size_t ell_len = strlen(ell);
    size_t slen = strlen(s);
    int total = dd_text_width(s);
    bool whole = total <= cols && slen < cap;

    const unsigned char *u = (const unsigned char *)s;
    size_t pos = 0;
    int used = 0;
    if (whole) {
        memcpy(buf, s, slen);
        pos = slen;
        used = total;
    } else {
        /* Keep one column and the ellipsis' bytes for the ellipsis; a wide
         * character that would straddle the limit is left out whole. */
        int room = cols - 1;
        while (*u) {
            uint32_t cp;
            size_t k = next_cp(u, &cp);
            int w = cp_width(cp);
            if (used + w > room || pos + k + ell_len + 1 > cap)
                break;
            memcpy(buf + pos, u, k);
            pos += k;
            used += w;
            u += k;
        }
        if (pos + ell_len + 1 <= cap) {
            memcpy(buf + pos, ell, ell_len);
            pos += ell_len;
            used += 1;
        }
    }
    if (pad) {
        while (used < cols && pos + 1 < cap) {
            buf[pos++] = ' ';
            used++;
        }
    }
    buf[pos] = '\0';
    return used;
}
