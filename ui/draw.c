#include "draw.h"

#include <stdio.h>
#include <string.h>

#include "textwidth.h"

void draw_fit(WINDOW *win, int y, int x, int w, const char *s, int attr)
{
    if (w <= 0)
        return;
    char buf[2048];
    dd_text_fit(s ? s : "", w, 1, theme_ascii(), buf, sizeof(buf));
    wattrset(win, attr);
    mvwaddstr(win, y, x, buf);
    wattrset(win, A_NORMAL);
}

int draw_text(WINDOW *win, int y, int x, int w, const char *s, int attr)
{
    if (w <= 0)
        return 0;
    char buf[2048];
    int cols = dd_text_fit(s ? s : "", w, 0, theme_ascii(), buf, sizeof(buf));
    wattrset(win, attr);
    mvwaddstr(win, y, x, buf);
    wattrset(win, A_NORMAL);
    return cols;
}

void draw_fill(WINDOW *win, int y, int x, int attr)
{
    int w = getmaxx(win);
    wattrset(win, attr);
    wmove(win, y, x);
    for (int i = x; i < w; i++)
        waddch(win, ' ');
    wattrset(win, A_NORMAL);
}

void draw_box(WINDOW *win)
{
    if (theme_ascii())
        wborder(win, '|', '|', '-', '-', '+', '+', '+', '+');
    else
        box(win, 0, 0);
}

int draw_wrap(WINDOW *win, int y, int x, int w, int max_rows, const char *s, int attr)
{
    int used = 0;
    char line[1024];
    while (*s && used < max_rows) {
        /* Take words while they fit; a word longer than the row is cut. */
        size_t len = 0, last_space = 0;
        const char *p = s;
        while (*p && *p != '\n') {
            size_t clen = 1;
            while ((p[clen] & 0xC0) == 0x80)
                clen++;
            if (len + clen >= sizeof(line))
                break;
            memcpy(line + len, p, clen);
            line[len + clen] = '\0';
            if (dd_text_width(line) > w)
                break;
            if (*p == ' ')
                last_space = len;
            len += clen;
            p += clen;
        }
        if (*p && *p != '\n' && last_space > 0) {
            len = last_space;
            p = s + last_space + 1;
        }
        line[len] = '\0';
        draw_fit(win, y + used, x, w, line, attr);
        used++;
        s = *p == '\n' ? p + 1 : p;
        if (len == 0 && *p && *p != '\n')
            s = p + 1;  /* a column too narrow for one character */
    }
    return used;
}

void fmt_count(char *buf, size_t n, long long v)
{
    char raw[32];
    snprintf(raw, sizeof(raw), "%lld", v < 0 ? -v : v);
    size_t len = strlen(raw), o = 0;
    if (v < 0 && o + 1 < n)
        buf[o++] = '-';
    for (size_t i = 0; i < len && o + 1 < n; i++) {
        if (i && (len - i) % 3 == 0 && o + 1 < n)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
}
