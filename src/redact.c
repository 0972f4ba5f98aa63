/* Key redaction (redact.h). The text is read as a sequence of characters
 * ("units"), each with the source bytes it came from. Level 0 is the text
 * as written (UTF-8); level k+1 decodes one layer of escapes of level k.
 * On every level, each run of DD_REDACT_MIN_RUN consecutive visible
 * characters is compared, case-folded, with the keys' runs of that length
 * (packed 8 bytes into a uint64_t, so one binary search each); a hit marks
 * the run's source bytes. The marked byte ranges of all levels are then
 * replaced by one marker each. */
#include "redact.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

_Static_assert(DD_REDACT_MIN_RUN == 8, "runs are packed into a uint64_t");

/* Longest escape of one character, in units of the level below:
 * "&#x10FFFF;" is 10. */
#define ESCAPE_MAX 10

struct dd_redactor {
    uint64_t *runs;  /* every key's runs of 8, case-folded, sorted, unique */
    size_t n_runs;
    size_t max_key;  /* longest key, in bytes */
};

typedef struct unit {
    uint32_t cp;     /* code point; UNIT_BYTE | b for a byte that is not UTF-8 */
    bool invisible;  /* a format character no screen shows */
    size_t start, end;
} unit;

#define UNIT_BYTE 0x80000000u

typedef struct span {
    size_t start, end;
} span;

typedef struct spans {
    span *v;
    size_t n, cap;
    bool oom;
} spans;

static void wipe_free(void *p, size_t bytes)
{
    if (!p)
        return;
    explicit_bzero(p, bytes);
    free(p);
}

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

dd_redactor *dd_redactor_new(const char *const *keys, size_t n)
{
    dd_redactor *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    size_t total = 0;
    for (size_t k = 0; k < n; k++) {
        size_t len = keys[k] ? strlen(keys[k]) : 0;
        if (len >= DD_REDACT_MIN_RUN)
            total += len - DD_REDACT_MIN_RUN + 1;
        if (len > r->max_key)
            r->max_key = len;
    }
    r->runs = calloc(total ? total : 1, sizeof(*r->runs));
    if (!r->runs) {
        free(r);
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        const unsigned char *key = (const unsigned char *)keys[k];
        size_t len = key ? strlen(keys[k]) : 0;
        for (size_t i = 0; len >= DD_REDACT_MIN_RUN && i + DD_REDACT_MIN_RUN <= len; i++) {
            uint64_t v = 0;
            for (size_t j = 0; j < DD_REDACT_MIN_RUN; j++)
                v = v << 8 | fold(key[i + j]);
            r->runs[r->n_runs++] = v;
        }
    }
    if (r->n_runs > 1)
        qsort(r->runs, r->n_runs, sizeof(*r->runs), cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < r->n_runs; i++)
        if (u == 0 || r->runs[u - 1] != r->runs[i])
            r->runs[u++] = r->runs[i];
    r->n_runs = u;
    return r;
}

void dd_redactor_free(dd_redactor *r)
{
    if (!r)
        return;
    wipe_free(r->runs, (r->n_runs ? r->n_runs : 1) * sizeof(*r->runs));
    explicit_bzero(r, sizeof(*r));
    free(r);
}

/* One UTF-8 character at s[0..n): its code point and length, or the
 * first byte alone (UNIT_BYTE) when it is not valid UTF-8. */
static size_t utf8_at(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3
                                : (b & 0xF8) == 0xF0 ? 4 : 0;
    uint32_t v = len == 1 ? b : len == 2 ? b & 0x1Fu : len == 3 ? b & 0x0Fu : b & 0x07u;
    bool ok = len > 0 && len <= n;
    for (size_t i = 1; ok && i < len; i++) {
        ok = (s[i] & 0xC0) == 0x80;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    static const uint32_t min_for[] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (ok && (v < min_for[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)))
        ok = false;
    if (!ok) {
        *cp = UNIT_BYTE | b;
        return 1;
    }
    *cp = v;
    return len;
}

/* Level 0: the characters of s up to `limit` visible ones. *cut is set to
 * the end of the keep-th visible character (n when there are fewer). */
static unit *read_text(const char *s, size_t n, size_t limit, size_t keep, size_t *count,
                       size_t *cut)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t cap = 64, m = 0, visible = 0;
    unit *u = malloc(cap * sizeof(*u));
    *cut = keep == 0 ? 0 : n;
    for (size_t i = 0; u && i < n && visible < limit;) {
        if (m == cap) {
            unit *grown = realloc(u, 2 * cap * sizeof(*u));
            if (!grown) {
                wipe_free(u, cap * sizeof(*u));
                return NULL;
            }
            u = grown;
            cap *= 2;
        }
        uint32_t cp;
        size_t len = utf8_at(p + i, n - i, &cp);
        u[m] = (unit){ .cp = cp, .invisible = dd_is_ignorable(cp), .start = i, .end = i + len };
        if (!u[m].invisible && ++visible == keep)
            *cut = i + len;
        m++;
        i += len;
    }
    *count = m;
    return u;
}

static size_t solid(const unit *u, size_t n, size_t k)
{
    while (k < n && u[k].invisible)
        k++;
    return k;
}

static int hex_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 'a' && cp <= 'f')
        return (int)(cp - 'a' + 10);
    if (cp >= 'A' && cp <= 'F')
        return (int)(cp - 'A' + 10);
    return -1;
}

/* digits hex digits from unit k on (skipping invisible ones): value, and
 * *last set to the last one; -1 when they are not all there. */
static long hex_digits(const unit *u, size_t n, size_t k, int digits, size_t *last)
{
    long v = 0;
    for (int d = 0; d < digits; d++) {
        k = d ? solid(u, n, k + 1) : solid(u, n, k);
        if (k >= n || hex_value(u[k].cp) < 0)
            return -1;
        v = v * 16 + hex_value(u[k].cp);
    }
    *last = k;
    return v;
}

/* "&#107;" or "&#x6b;" from unit k (the '#'): value and last unit. */
static long char_reference(const unit *u, size_t n, size_t k, size_t *last)
{
    size_t i = solid(u, n, k + 1);
    bool hex = i < n && (u[i].cp == 'x' || u[i].cp == 'X');
    if (hex)
        i = solid(u, n, i + 1);
    long v = 0;
    int digits = 0;
    for (; i < n && digits < (hex ? 6 : 7); i = solid(u, n, i + 1), digits++) {
        uint32_t cp = u[i].cp;
        int d = hex ? hex_value(cp) : (cp >= '0' && cp <= '9' ? (int)(cp - '0') : -1);
        if (d < 0)
            break;
        v = v * (hex ? 16 : 10) + d;
    }
    if (digits == 0 || i >= n || u[i].cp != ';' || v > 0x10FFFF)
        return -1;
    *last = i;
    return v;
}

/* The escape starting at unit k, if there is one: its value and last unit. */
static long escape_at(const unit *u, size_t n, size_t k, size_t *last)
{
    size_t a = solid(u, n, k + 1);
    if (a >= n)
        return -1;
    switch (u[k].cp) {
    case '%':
        return hex_digits(u, n, a, 2, last);
    case '\\':
        if (u[a].cp == 'u')
            return hex_digits(u, n, a + 1, 4, last);
        if (u[a].cp == 'x')
            return hex_digits(u, n, a + 1, 2, last);
        if (u[a].cp == '"' || u[a].cp == '\\' || u[a].cp == '/') {
            *last = a;
            return (long)u[a].cp;
        }
        return -1;
    case '&':
        return u[a].cp == '#' ? char_reference(u, n, a, last) : -1;
    default:
        return -1;
    }
}

/* The next level: every escape of `in` decoded once. Returns the count,
 * *changed when anything was decoded. Written into out (room for n). An
 * escape's value is visible: its text shows, whatever it encodes. */
static size_t decode_level(const unit *in, size_t n, unit *out, bool *changed)
{
    size_t m = 0;
    *changed = false;
    for (size_t k = 0; k < n; k++) {
        size_t last;
        long v = in[k].invisible ? -1 : escape_at(in, n, k, &last);
        if (v < 0) {
            out[m++] = in[k];
            continue;
        }
        out[m++] = (unit){ .cp = (uint32_t)v, .start = in[k].start, .end = in[last].end };
        *changed = true;
        k = last;
    }
    return m;
}

static void spans_add(spans *s, size_t start, size_t end)
{
    if (s->oom)
        return;
    if (s->n && start <= s->v[s->n - 1].end) {
        if (end > s->v[s->n - 1].end)
            s->v[s->n - 1].end = end;
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        span *grown = realloc(s->v, cap * sizeof(*grown));
        if (!grown) {
            s->oom = true;
            return;
        }
        s->v = grown;
        s->cap = cap;
    }
    s->v[s->n++] = (span){ start, end };
}

static bool known_run(const dd_redactor *r, uint64_t v)
{
    return r && r->n_runs && bsearch(&v, r->runs, r->n_runs, sizeof(v), cmp_u64) != NULL;
}

/* One character eight times: padding in ids (00D000000000001AAA,
 * 00000000-0000-...), not a key's run on its own. Such a run counts only in
 * a chain of consecutive key runs that holds another run as well, so a key
 * with a long repeat is still found whole. */
static bool is_padding(uint64_t v)
{
    return v == (v & 0xFF) * UINT64_C(0x0101010101010101);
}

/* The chain of consecutive key runs the reader is in. */
typedef struct chain {
    size_t start;  /* source start of its first run; SIZE_MAX: no chain */
    bool real;     /* it holds a run that is not padding */
} chain;

/* Takes the window that ends here (a run of DD_REDACT_MIN_RUN starting at
 * source byte start); true when the chain so far is a key's. */
static bool chain_step(chain *ch, const dd_redactor *r, const dd_redactor *all, uint64_t v,
                       size_t start)
{
    if (!known_run(r, v) && !known_run(all, v)) {
        *ch = (chain){ SIZE_MAX, false };
        return false;
    }
    if (ch->start == SIZE_MAX)
        ch->start = start;
    if (!is_padding(v))
        ch->real = true;
    return ch->real;
}

/* Marks every run of r's keys or of the process's (all) among the visible
 * units of one level. */
static void find_runs(const dd_redactor *r, const dd_redactor *all, const unit *u, size_t n,
                      spans *out)
{
    size_t starts[DD_REDACT_MIN_RUN];
    uint64_t window = 0;
    size_t run = 0;
    chain ch = { SIZE_MAX, false };
    for (size_t k = 0; k < n; k++) {
        if (u[k].invisible)
            continue;
        if (u[k].cp >= 0x80) {
            run = 0;
            ch = (chain){ SIZE_MAX, false };
            continue;
        }
        window = window << 8 | fold((unsigned char)u[k].cp);
        starts[run % DD_REDACT_MIN_RUN] = u[k].start;
        run++;
        if (run >= DD_REDACT_MIN_RUN &&
            chain_step(&ch, r, all, window, starts[run % DD_REDACT_MIN_RUN]))
            spans_add(out, ch.start, u[k].end);
    }
}

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The marked source ranges of s[0..n) over all levels, sorted and merged,
 * and the cut point for keep; -1 when out of memory. all: the process's
 * set (secrets.h), may be NULL. */
static int mark_with(const dd_redactor *r, const dd_redactor *all, const char *s, size_t n,
                     size_t keep, spans *out, size_t *cut)
{
    /* How far past the cut a key that the cut splits can reach: every
     * character of the key escaped on every level. */
    size_t reach = r && r->max_key ? r->max_key : 1;
    if (all && all->max_key > reach)
        reach = all->max_key;
    for (int d = 0; d < DD_REDACT_MAX_DEPTH; d++)
        reach = reach > SIZE_MAX / ESCAPE_MAX ? SIZE_MAX : reach * ESCAPE_MAX;
    size_t limit = keep > SIZE_MAX - reach ? SIZE_MAX : keep + reach;
    size_t count;
    unit *cur = read_text(s, n, limit, keep, &count, cut);
    if (!cur)
        return -1;
    if ((!r || r->n_runs == 0) && (!all || all->n_runs == 0)) {
        wipe_free(cur, count * sizeof(*cur));
        return 0;
    }
    unit *next = malloc((count ? count : 1) * sizeof(*next));
    if (!next) {
        wipe_free(cur, count * sizeof(*cur));
        return -1;
    }
    size_t cap = count;
    spans level = { 0 };
    for (int d = 0; d <= DD_REDACT_MAX_DEPTH; d++) {
        level.n = 0;
        find_runs(r, all, cur, count, &level);
        for (size_t i = 0; i < level.n && !out->oom; i++) {
            /* Levels overlap: gather first, merge after sorting. */
            if (out->n == out->cap) {
                size_t c2 = out->cap ? 2 * out->cap : 8;
                span *grown = realloc(out->v, c2 * sizeof(*grown));
                if (!grown) {
                    out->oom = true;
                    break;
                }
                out->v = grown;
                out->cap = c2;
            }
            out->v[out->n++] = level.v[i];
        }
        bool changed = false;
        if (d < DD_REDACT_MAX_DEPTH) {
            size_t m = decode_level(cur, count, next, &changed);
            unit *t = cur;
            cur = next;
            next = t;
            count = m;
        }
        if (!changed)
            break;
    }
    wipe_free(cur, cap * sizeof(*cur));
    wipe_free(next, cap * sizeof(*next));
    free(level.v);
    if (out->oom || level.oom)
        return -1;
    if (out->n > 1)
        qsort(out->v, out->n, sizeof(*out->v), cmp_span);
    size_t m = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (m && out->v[i].start <= out->v[m - 1].end) {
            if (out->v[i].end > out->v[m - 1].end)
                out->v[m - 1].end = out->v[i].end;
        } else {
            out->v[m++] = out->v[i];
        }
    }
    out->n = m;
    return 0;
}

/* mark_with r and the process's set, under its read lock. */
static int mark(const dd_redactor *r, const char *s, size_t n, size_t keep, spans *out,
                size_t *cut)
{
    const dd_redactor *all = dd_secrets_hold();
    int rc = mark_with(r, all, s, n, keep, out, cut);
    dd_secrets_release();
    return rc;
}

char *dd_redact(const dd_redactor *r, const char *s, size_t n, size_t keep)
{
    if (!s)
        n = 0;
    spans marks = { 0 };
    size_t cut;
    if (mark(r, s ? s : "", n, keep, &marks, &cut) != 0) {
        free(marks.v);
        return NULL;
    }
    /* A marker the cut falls into is kept whole. */
    for (size_t i = 0; i < marks.n; i++)
        if (marks.v[i].start < cut && marks.v[i].end > cut)
            cut = marks.v[i].end;
    size_t mark_len = strlen(DD_REDACT_MARK);
    size_t out_len = cut;
    for (size_t i = 0; i < marks.n && marks.v[i].start < cut; i++)
        out_len += mark_len;
    char *out = malloc(out_len + 1);
    if (out) {
        size_t o = 0, at = 0;
        for (size_t i = 0; i < marks.n && marks.v[i].start < cut; i++) {
            memcpy(out + o, s + at, marks.v[i].start - at);
            o += marks.v[i].start - at;
            memcpy(out + o, DD_REDACT_MARK, mark_len);
            o += mark_len;
            at = marks.v[i].end;
        }
        memcpy(out + o, s ? s + at : "", cut - at);
        o += cut - at;
        out[o] = '\0';
    }
    free(marks.v);
    return out;
}

/* Level 0 alone, with nothing allocated: enough for a text in which no
 * escape can start (no '%', '\\' or '&'), the common case of a server's
 * names and ids, read once per row. */
static bool finds_plain(const dd_redactor *r, const dd_redactor *all, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t window = 0;
    size_t run = 0;
    chain ch = { SIZE_MAX, false };
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_at(p + i, n - i, &cp);
        if (dd_is_ignorable(cp))
            continue;
        if (cp >= 0x80) {
            run = 0;
            ch = (chain){ SIZE_MAX, false };
            continue;
        }
        window = window << 8 | fold((unsigned char)cp);
        if (++run >= DD_REDACT_MIN_RUN && chain_step(&ch, r, all, window, 0))
            return true;
    }
    return false;
}

int dd_redact_finds(const dd_redactor *r, const char *s, size_t n)
{
    if (!s)
        return 0;
    const dd_redactor *all = dd_secrets_hold();
    int found;
    if ((!r || r->n_runs == 0) && (!all || all->n_runs == 0)) {
        found = 0;
    } else if (!memchr(s, '%', n) && !memchr(s, '\\', n) && !memchr(s, '&', n)) {
        found = finds_plain(r, all, s, n);
    } else {
        spans marks = { 0 };
        size_t cut;
        int rc = mark_with(r, all, s, n, DD_REDACT_ALL, &marks, &cut);
        found = rc != 0 || marks.n > 0;
        free(marks.v);
    }
    dd_secrets_release();
    return found;
}

char *dd_redact_if_found(const char *s, size_t n, const char **out, size_t *len)
{
    *out = s;
    *len = n;
    if (!dd_redact_finds(NULL, s, n))
        return NULL;
    char *safe = dd_redact(NULL, s, n, DD_REDACT_ALL);
    if (!safe) {
        *out = NULL;
        return NULL;
    }
    *out = safe;
    *len = strlen(safe);
    return safe;
}

static const char withheld[] = "(text withheld: out of memory while removing the keys from it)";

int dd_redact_error(const dd_redactor *r, dd_error *e)
{
    if (!e)
        return 0;
    char *text = dd_redact(r, e->text, strlen(e->text), DD_REDACT_ALL);
    bool ok = text != NULL;
    for (size_t i = 0; ok && i < e->n_messages; i++) {
        char *m = dd_redact(r, e->messages[i], strlen(e->messages[i]), DD_REDACT_ALL);
        if (!m) {
            ok = false;
            break;
        }
        free(e->messages[i]);
        e->messages[i] = m;
    }
    if (!ok) {
        for (size_t i = 0; i < e->n_messages; i++)
            free(e->messages[i]);
        free(e->messages);
        e->messages = NULL;
        e->n_messages = 0;
        free(text);
        dd_error_set(e, e->code, "%s", withheld);
        return -1;
    }
    dd_error_set(e, e->code, "%s", text);
    free(text);
    return 0;
}
