/* Test-side check that no piece of a key reached a text: independent of
 * src/redact.c, so the tests do not take the redactor's word for it.
 * A leak is a run of LEAK_RUN (8) or more consecutive characters of a key,
 * written as is, in either letter case, percent-encoded (%6b, %6B),
 * \u-escaped (\u006b) or as decimal character references (&#107;), once
 * the invisible format characters a screen does not show (zero-width, bidi
 * controls, BOM, soft hyphen) are dropped. */
#ifndef DD_TEST_LEAK_CHECK_H
#define DD_TEST_LEAK_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LEAK_RUN 8

static inline bool leak_invisible_at(const unsigned char *p, size_t *len)
{
    if (p[0] == 0xC2 && p[1] == 0xAD) {
        *len = 2;
        return true;
    }
    if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        *len = 3;
        return true;
    }
    bool e2 = p[0] == 0xE2;
    if (e2 && p[1] == 0x80 &&
        ((p[2] >= 0x8B && p[2] <= 0x8F) || (p[2] >= 0xAA && p[2] <= 0xAE))) {
        *len = 3;
        return true;
    }
    if (e2 && p[1] == 0x81 &&
        ((p[2] >= 0xA0 && p[2] <= 0xA4) || (p[2] >= 0xA6 && p[2] <= 0xA9))) {
        *len = 3;
        return true;
    }
    return false;
}

/* The text with invisible format characters dropped; malloc'd. */
static inline char *leak_visible(const char *text)
{
    size_t n = strlen(text), o = 0;
    char *out = malloc(n + 1);
    for (size_t i = 0; i < n;) {
        size_t len;
        if (leak_invisible_at((const unsigned char *)text + i, &len)) {
            i += len;
            continue;
        }
        out[o++] = text[i++];
    }
    out[o] = '\0';
    return out;
}

static inline unsigned char leak_fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static inline int leak_cmp(const void *a, const void *b)
{
    unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
    return x < y ? -1 : x > y;
}

static inline int leak_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)leak_fold((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The character encoded at p as prefix + 2 hex digits (prefix "%" or
 * "\u00"), or -1. */
static inline int leak_decode(const char *p, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncasecmp(p, prefix, n) != 0 || leak_hex(p[n]) < 0 || leak_hex(p[n + 1]) < 0)
        return -1;
    return leak_hex(p[n]) * 16 + leak_hex(p[n + 1]);
}

/* 8 decimal character references ("&#81;") from p, against the runs. */
static inline bool leak_entities(const char *p, const unsigned long long *runs, size_t nruns)
{
    unsigned long long v = 0;
    for (int j = 0; j < LEAK_RUN; j++) {
        if (p[0] != '&' || p[1] != '#')
            return false;
        p += 2;
        int c = 0, digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 4) {
            c = c * 10 + (*p++ - '0');
            digits++;
        }
        if (!digits || *p++ != ';')
            return false;
        v = v << 8 | leak_fold((unsigned char)c);
    }
    return bsearch(&v, runs, nruns, sizeof(v), leak_cmp) != NULL;
}

/* One pass over the text: at each place, the 8 characters as they are,
 * and the 8 %XX or \u00XX escapes starting there, against the key's runs. */
static inline bool leak_of(const char *text, const char *key)
{
    size_t klen = strlen(key);
    if (klen < LEAK_RUN)
        return false;
    size_t nruns = klen - LEAK_RUN + 1;
    unsigned long long *runs = malloc(nruns * sizeof(*runs));
    for (size_t i = 0; i < nruns; i++) {
        runs[i] = 0;
        for (size_t j = 0; j < LEAK_RUN; j++)
            runs[i] = runs[i] << 8 | leak_fold((unsigned char)key[i + j]);
    }
    qsort(runs, nruns, sizeof(*runs), leak_cmp);
    char *visible = leak_visible(text);
    size_t n = strlen(visible);
    bool found = false;
    static const char *const prefixes[] = { "%", "\\u00", "&#" };
    /* A quick filter before the search: one bit per hash of a run. */
    unsigned char filter[512] = { 0 };
    for (size_t i = 0; i < nruns; i++) {
        unsigned h = (unsigned)((runs[i] * 0x9E3779B97F4A7C15ULL) >> 52);
        filter[h >> 3] |= (unsigned char)(1u << (h & 7));
    }
    unsigned long long v = 0;
    for (size_t i = 0; i + 1 < LEAK_RUN && i < n; i++)
        v = v << 8 | leak_fold((unsigned char)visible[i]);
    for (size_t i = 0; !found && i < n; i++) {
        if (i + LEAK_RUN <= n) {
            v = v << 8 | leak_fold((unsigned char)visible[i + LEAK_RUN - 1]);
            unsigned h = (unsigned)((v * 0x9E3779B97F4A7C15ULL) >> 52);
            if ((filter[h >> 3] >> (h & 7) & 1) && bsearch(&v, runs, nruns, sizeof(v), leak_cmp))
                found = true;
        }
        for (size_t f = 0; !found && f < 3; f++) {
            if (visible[i] != prefixes[f][0])
                continue;
            if (f == 2) {
                found = leak_entities(visible + i, runs, nruns);
                continue;
            }
            size_t step = strlen(prefixes[f]) + 2, at = i, j;
            unsigned long long d = 0;
            for (j = 0; j < LEAK_RUN && at + step <= n; j++, at += step) {
                int c = leak_decode(visible + at, prefixes[f]);
                if (c < 0)
                    break;
                d = d << 8 | leak_fold((unsigned char)c);
            }
            if (j == LEAK_RUN && bsearch(&d, runs, nruns, sizeof(d), leak_cmp))
                found = true;
        }
    }
    free(visible);
    free(runs);
    return found;
}

/* Either key (k2 may be NULL). */
static inline bool leaks(const char *text, const char *k1, const char *k2)
{
    return leak_of(text, k1) || (k2 && leak_of(text, k2));
}

#endif
