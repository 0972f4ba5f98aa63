/* The typed confirmation's text: what the operator types, folded from what
 * the screen shows (confirm_text.h). */
#include "confirm_text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

typedef struct { uint32_t lo, hi; } cp_range;

static bool in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (cp < r[i].lo)
            return false;
        if (cp <= r[i].hi)
            return true;
    }
    return false;
}

/* Takes no cell and cannot be seen: Cf (sanitize.h) and the rest of
 * Default_Ignorable_Code_Point (Unicode 15, DerivedCoreProperties.txt). */
static bool invisible(uint32_t cp)
{
    static const cp_range ignorable[] = {
        {0x034F, 0x034F},   {0x115F, 0x1160},   {0x17B4, 0x17B5},   {0x180B, 0x180F},
        {0x3164, 0x3164},   {0xFE00, 0xFE0F},   {0xFFA0, 0xFFA0},   {0xFFF0, 0xFFF8},
        {0xE0000, 0xE0FFF},
    };
    return dd_is_control_or_format(cp) ||
           in_ranges(cp, ignorable, sizeof(ignorable) / sizeof(ignorable[0]));
}

/* Looks like a space on a terminal: U+0020, Zs, and the line and
 * paragraph separators. */
static bool spacelike(uint32_t cp)
{
    static const cp_range spaces[] = {
        {0x0020, 0x0020}, {0x00A0, 0x00A0}, {0x1680, 0x1680}, {0x2000, 0x200A},
        {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
    };
    return in_ranges(cp, spaces, sizeof(spaces) / sizeof(spaces[0]));
}

long dd_confirm_fold(const char *s, unsigned flags, char *out, size_t cap)
{
    if (!s)
        s = "";
    char *shown = dd_sanitize(s, strlen(s), flags);
    if (!shown)
        return -1;
    size_t n = strlen(shown), len = 0, i = 0;
    bool space = false;   /* a space is owed before the next visible character */
    bool full = false;
    if (cap > 0)
        out[0] = '\0';
    while (i < n) {
        uint32_t cp;
        size_t used = dd_utf8_next(shown + i, n - i, &cp);
        const char *at = shown + i;
        i += used;
        if (spacelike(cp)) {
            space = len > 0;
            continue;
        }
        if (cp != DD_UTF8_BAD && invisible(cp))
            continue;
        size_t need = used + (space ? 1 : 0);
        if (!full && len + need < cap) {
            if (space)
                out[len] = ' ';
            memcpy(out + len + (space ? 1 : 0), at, used);
            out[len + need] = '\0';
        } else {
            full = true;   /* keep counting; out keeps the prefix */
        }
        len += need;
        space = false;
    }
    free(shown);
    return (long)len;
}

/* The id, for an item whose name cannot serve: folded; an id that folds to
 * nothing is spelled as its code points ("U+200B U+200C"), which anyone
 * can type; one too long keeps its first DD_CONFIRM_TEXT_MAX - 1 bytes. */
static int id_text(const char *id, unsigned flags, dd_confirm_text *out)
{
    long n = dd_confirm_fold(id, flags, out->text, sizeof(out->text));
    if (n < 0)
        return -1;
    if (n > 0 || !id || !*id)
        return 0;
    size_t len = 0, k = strlen(id), i = 0;
    while (i < k && len + 8 < sizeof(out->text)) {
        uint32_t cp;
        i += dd_utf8_next(id + i, k - i, &cp);
        len += (size_t)snprintf(out->text + len, sizeof(out->text) - len, "%sU+%04X",
                                len ? " " : "", cp == DD_UTF8_BAD ? 0xFFFDu : (unsigned)cp);
    }
    return 0;
}

int dd_confirm_sf_text(const dd_sf_list *l, size_t i, unsigned flags, dd_confirm_text *out)
{
    const dd_sf_org *o = &l->items[i];
    out->by_id = false;
    out->why = NULL;
    long n = dd_confirm_fold(o->name, flags, out->text, sizeof(out->text));
    if (n < 0)
        return -1;
    if (!o->name || !*o->name)
        out->why = "it has no name";
    else if (n == 0)
        out->why = "its name is blank once invisible characters are left out";
    else if ((size_t)n >= sizeof(out->text))
        out->why = "its name is too long to type";
    for (size_t j = 0; !out->why && j < l->n; j++) {
        if (j == i || !l->items[j].name)
            continue;
        char other[DD_CONFIRM_TEXT_MAX];
        long m = dd_confirm_fold(l->items[j].name, flags, other, sizeof(other));
        if (m < 0)
            return -1;
        if (m == n && strcmp(other, out->text) == 0)
            out->why = "another Salesforce org's name looks the same on screen";
    }
    if (!out->why)
        return 0;
    out->by_id = true;
    return id_text(o->id, flags, out);
}

bool dd_confirm_text_matches(const dd_confirm_text *c, const char *typed, unsigned flags)
{
    /* The line's end and the blanks typed around the answer are no part
     * of it (a tab or newline would otherwise fold to its glyph). */
    while (*typed && isspace((unsigned char)*typed))
        typed++;
    size_t k = strlen(typed);
    while (k && isspace((unsigned char)typed[k - 1]))
        k--;
    char *line = strndup(typed, k);
    if (!line)
        return false;
    char got[DD_CONFIRM_TEXT_MAX];
    long n = dd_confirm_fold(line, flags, got, sizeof(got));
    free(line);
    if (n < 0 || (size_t)n >= sizeof(got))
        return false;
    return c->text[0] != '\0' && strcmp(got, c->text) == 0;
}
