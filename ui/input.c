#include "input.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

void input_clear(line_input *in)
{
    in->len = in->cur = 0;
    in->buf[0] = L'\0';
}

void input_set(line_input *in, const char *utf8)
{
    mbstate_t st;
    memset(&st, 0, sizeof(st));
    const char *src = utf8 ? utf8 : "";
    size_t n = mbsrtowcs(in->buf, &src, sizeof(in->buf) / sizeof(in->buf[0]) - 1, &st);
    if (n == (size_t)-1)
        n = 0;
    in->len = in->cur = n;
    in->buf[n] = L'\0';
}

void input_get(const line_input *in, char *out, size_t n)
{
    mbstate_t st;
    memset(&st, 0, sizeof(st));
    const wchar_t *src = in->buf;
    size_t w = wcsrtombs(out, &src, n - 1, &st);
    if (w == (size_t)-1)
        w = 0;
    out[w] = '\0';
}

bool input_key(line_input *in, bool is_key, wint_t ch)
{
    size_t cap = sizeof(in->buf) / sizeof(in->buf[0]) - 1;
    if (is_key) {
        switch (ch) {
        case KEY_LEFT: if (in->cur) in->cur--; return true;
        case KEY_RIGHT: if (in->cur < in->len) in->cur++; return true;
        case KEY_HOME: in->cur = 0; return true;
        case KEY_END: in->cur = in->len; return true;
        case KEY_BACKSPACE:
            goto backspace;
        case KEY_DC:
            if (in->cur < in->len) {
                wmemmove(in->buf + in->cur, in->buf + in->cur + 1, in->len - in->cur);
                in->len--;
            }
            return true;
        default: return false;
        }
    }
    switch (ch) {
    case 127:
    case 8:
        goto backspace;
    case 1: in->cur = 0; return true;          /* ^A */
    case 5: in->cur = in->len; return true;    /* ^E */
    case 21: input_clear(in); return true;     /* ^U */
    default: break;
    }
    if (!iswprint(ch) || in->len >= cap)
        return false;
    wmemmove(in->buf + in->cur + 1, in->buf + in->cur, in->len - in->cur + 1);
    in->buf[in->cur++] = (wchar_t)ch;
    in->len++;
    return true;
backspace:
    if (in->cur) {
        wmemmove(in->buf + in->cur - 1, in->buf + in->cur, in->len - in->cur + 1);
        in->cur--;
        in->len--;
    }
    return true;
}

static int wwidth(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}

int input_draw(WINDOW *win, int y, int x, int w, const line_input *in, int attr)
{
    /* Start far enough right that the cursor fits in w - 1 columns. */
    size_t start = 0;
    int before = 0;
    for (size_t i = 0; i < in->cur; i++)
        before += wwidth(in->buf[i]);
    while (before > w - 1 && start < in->cur)
        before -= wwidth(in->buf[start++]);
    wattrset(win, attr);
    wmove(win, y, x);
    int used = 0;
    for (size_t i = start; i < in->len; i++) {
        int cw = wwidth(in->buf[i]);
        if (used + cw > w)
            break;
        wchar_t one[2] = {in->buf[i], L'\0'};
        waddwstr(win, one);
        used += cw;
    }
    for (; used < w; used++)
        waddch(win, ' ');
    wattrset(win, A_NORMAL);
    return x + before;
}
