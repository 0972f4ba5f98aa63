/* JSON strings and CSV fields for the machine outputs. */
#include "out_text.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sanitize.h"

static void json_escape(FILE *f, uint32_t cp)
{
    static const char hex[] = "0123456789abcdef";
    if (cp > 0xFFFF) {
        /* UTF-16 surrogate pair (RFC 8259, section 7). */
        cp -= 0x10000;
        json_escape(f, 0xD800 + (cp >> 10));
        json_escape(f, 0xDC00 + (cp & 0x3FF));
        return;
    }
    char e[6] = {'\\', 'u', hex[cp >> 12], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15],
                 hex[cp & 15]};
    fwrite(e, 1, sizeof(e), f);
}

void dd_json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    size_t n = strlen(s);
    fputc('"', f);
    size_t i = 0;
    while (i < n) {
        /* A run of bytes written as they are: printable ASCII but the two
         * that JSON escapes. */
        size_t run = i;
        while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F &&
               s[run] != '"' && s[run] != '\\')
            run++;
        if (run > i) {
            fwrite(s + i, 1, run - i, f);
            i = run;
            continue;
        }
        if (s[i] == '"' || s[i] == '\\') {
            fputc('\\', f);
            fputc(s[i++], f);
            continue;
        }
        uint32_t cp;
        size_t k = dd_utf8_next(s + i, n - i, &cp);
        if (cp == DD_UTF8_BAD)
            fputs("\xef\xbf\xbd", f);
        else if (dd_is_control_or_format(cp))
            json_escape(f, cp);
        else
            fwrite(s + i, 1, k, f);
        i += k;
    }
    fputc('"', f);
}

void dd_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    bool formula = s[0] && strchr("=+-@\t\r", s[0]);
    if (!strpbrk(s, ",\"\r\n")) {
        if (formula)
            fputc('\'', f);
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
