#include "sanitize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

unsigned dd_sanitize_mode = 0;

#define BAD_CP UINT32_MAX

static const char ELLIPSIS_UTF8[] = "\xe2\x80\xa6";  /* U+2026 */
static const char ELLIPSIS_ASCII[] = "...";

/* Decodes one code point at s[0..n) (n >= 1). Returns the bytes consumed;
 * *cp is BAD_CP for an ill-formed sequence. Ill-formed input is consumed by
 * "maximal subpart" (Unicode 15, section 3.9): one U+FFFD per broken
 * sequence, never swallowing the byte that broke it. The second-byte ranges
 * are what shut out overlongs (E0, F0), surrogates (ED) and code points above
 * U+10FFFF (F4). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t len;
    uint32_t v;
    unsigned char lo = 0x80, hi = 0xBF;  /* allowed range of the second byte */
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
        v = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        v = b & 0x0F;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        v = b & 0x07;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
    } else {
        *cp = BAD_CP;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if (i >= n) {
            *cp = BAD_CP;
            return i;
        }
        unsigned char c = s[i];
        if (c < lo || c > hi) {
            *cp = BAD_CP;
            return i;
        }
        lo = 0x80;
        hi = 0xBF;
        v = (v << 6) | (c & 0x3F);
    }
    *cp = v;
    return len;
}

static bool is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static size_t encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* What one decoded character becomes: writes 0-4 bytes into rep, returns
 * how many (0: dropped). src/srclen are the original bytes, copied as they
 * are when the character is kept. */
static size_t replace(uint32_t cp, const unsigned char *src, size_t srclen, bool ascii, char *rep)
{
    if (cp != BAD_CP && is_bidi_control(cp))
        return 0;
    if (ascii) {
        rep[0] = (cp >= 0x20 && cp <= 0x7E) ? (char)cp : '?';
        return 1;
    }
    if (cp == BAD_CP || (cp >= 0x80 && cp <= 0x9F))
        return encode(0xFFFD, rep);
    if (cp < 0x20)
        return encode(0x2400 + cp, rep);
    if (cp == 0x7F)
        return encode(0x2421, rep);
    memcpy(rep, src, srclen);
    return srclen;
}

size_t dd_sanitize_into(const char *s, size_t n, unsigned flags, char *buf, size_t cap)
{
    if (cap == 0)
        return 0;
    bool ascii = (flags & DD_SAN_ASCII) != 0;
    const char *ell = ascii ? ELLIPSIS_ASCII : ELLIPSIS_UTF8;
    size_t ell_len = strlen(ell);
    size_t limit = cap - 1 < DD_SAN_MAX_BYTES ? cap - 1 : DD_SAN_MAX_BYTES;
    bool ell_fits = ell_len <= limit;
    const unsigned char *u = (const unsigned char *)s;
    size_t pos = 0;
    /* The last character boundary after which the ellipsis still fits:
     * where the text is cut if the rest turns out not to fit. */
    size_t safe = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t used = decode(u + i, n - i, &cp);
        char rep[4];
        size_t k = replace(cp, u + i, used, ascii, rep);
        i += used;
        if (k == 0)
            continue;
        if (k > limit - pos) {
            if (ell_fits) {
                memcpy(buf + safe, ell, ell_len);
                pos = safe + ell_len;
            }
            break;
        }
        memcpy(buf + pos, rep, k);
        pos += k;
        if (!ell_fits || pos + ell_len <= limit)
            safe = pos;
    }
    buf[pos] = '\0';
    return pos;
}

char *dd_sanitize(const char *s, size_t n, unsigned flags)
{
    /* One input byte never becomes more than three output bytes, and the
     * output never exceeds the cap. */
    size_t need = n >= DD_SAN_MAX_BYTES / 3 ? DD_SAN_MAX_BYTES : n * 3;
    char *out = malloc(need + 1);
    if (!out)
        return NULL;
    size_t len = dd_sanitize_into(s, n, flags, out, need + 1);
    char *shrunk = realloc(out, len + 1);
    return shrunk ? shrunk : out;
}

bool dd_sanitize_is_clean(const char *s, size_t n, unsigned flags)
{
    if (n > DD_SAN_MAX_BYTES)
        return false;
    const unsigned char *u = (const unsigned char *)s;
    bool ascii = (flags & DD_SAN_ASCII) != 0;
    size_t i = 0;
    while (i < n) {
        unsigned char b = u[i];
        if (b >= 0x20 && b <= 0x7E) {
            i++;
            continue;
        }
        if (b < 0x80 || ascii)
            return false;
        uint32_t cp;
        size_t used = decode(u + i, n - i, &cp);
        if (cp == BAD_CP || cp <= 0x9F || is_bidi_control(cp))
            return false;
        i += used;
    }
    return true;
}

/* ---- Exact text ---------------------------------------------------------- */

size_t dd_utf8_next(const char *s, size_t n, uint32_t *cp)
{
    size_t used = decode((const unsigned char *)s, n, cp);
    if (*cp == BAD_CP)
        *cp = DD_UTF8_BAD;
    return used;
}

bool dd_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        i += decode(u + i, n - i, &cp);
        if (cp == BAD_CP)
            return false;
    }
    return true;
}

char *dd_utf8_repair(const char *s, size_t n, size_t *len)
{
    /* An ill-formed sequence is at least one byte and becomes three. */
    if (n > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t cp;
        size_t used = decode(u + i, n - i, &cp);
        if (cp == BAD_CP) {
            o += encode(0xFFFD, out + o);
        } else {
            memcpy(out + o, u + i, used);
            o += used;
        }
        i += used;
    }
    out[o] = '\0';
    if (len)
        *len = o;
    char *shrunk = realloc(out, o + 1);
    return shrunk ? shrunk : out;
}

bool dd_is_ignorable(uint32_t cp)
{
    if (cp < 0xAD)
        return false;
    /* Default_Ignorable_Code_Point (DerivedCoreProperties.txt) joined with
     * Cf (DerivedGeneralCategory.txt), Unicode 15.0, sorted. */
    static const struct { uint32_t lo, hi; } ranges[] = {
        {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x0600, 0x0605},   {0x061C, 0x061C},
        {0x06DD, 0x06DD},   {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},
        {0x115F, 0x1160},   {0x17B4, 0x17B5},   {0x180B, 0x180F},   {0x200B, 0x200F},
        {0x202A, 0x202E},   {0x2060, 0x206F},   {0x3164, 0x3164},   {0xFE00, 0xFE0F},
        {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},   {0xFFF0, 0xFFFB},   {0x110BD, 0x110BD},
        {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
        {0xE0000, 0xE0FFF},
    };
    size_t lo = 0, hi = sizeof(ranges) / sizeof(ranges[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < ranges[mid].lo)
            hi = mid;
        else if (cp > ranges[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

bool dd_is_control_or_format(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           dd_is_ignorable(cp);
}
