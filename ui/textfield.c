/* The form library does the editing. Its form is posted in a pad that
 * nothing else draws into, and each draw copies the visible part of the pad
 * into the caller's window: the dialogs and the status line erase and
 * redraw their windows on every frame, and a form posted in a subwindow of
 * theirs could only be repainted by posting it again, which puts its cursor
 * back at column 0.
 *
 * The field is static, one column wider than the maximum so the cursor
 * always has a cell after the text, and the sideways scrolling is done here
 * when copying. The form library can scroll a
 * dynamic (growing) field itself, but in ncurses 6.4 growing a field that
 * holds double-width characters leaves NUL cells in it, which then show as
 * "^@" and end up in the value. Being independent of the screen, the form
 * also outlives a resize untouched.
 *
 * The form library lets the cursor roam into the blank part of a field and
 * offers no request that reports where it is, so the cursor and the text
 * length are kept here, in characters, and moved only by requests whose
 * success is checked. That also lets a rebuilt form get its cursor back. */
#include "textfield.h"

#include <form.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

typedef struct tf_form {
    FIELD *fields[2];   /* the form keeps a pointer to this array */
    FORM *form;
    WINDOW *pad;
    int attr;           /* the attribute it was built with */
} tf_form;

struct textfield {
    tf_form *f;
    int max;            /* columns of the field: the most text kept */
    size_t pos, len;    /* cursor and text length, in characters */
};

static void form_destroy(tf_form *f)
{
    if (!f)
        return;
    if (f->form) {
        unpost_form(f->form);
        free_form(f->form);
    }
    if (f->fields[0])
        free_field(f->fields[0]);
    if (f->pad)
        delwin(f->pad);
    free(f);
}

static tf_form *form_build(int max, int attr)
{
    tf_form *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->attr = attr;
    f->pad = newpad(1, max + 1);
    f->fields[0] = new_field(1, max + 1, 0, 0, 0, 0);
    if (!f->pad || !f->fields[0])
        goto fail;
    /* When full, no jump to a next field (the only one, whose cursor would
     * go back to its start); typing in the first column must not wipe the
     * text (O_BLANK). */
    field_opts_off(f->fields[0], O_AUTOSKIP | O_BLANK);
    set_field_fore(f->fields[0], (chtype)attr);
    set_field_back(f->fields[0], (chtype)attr);
    wbkgdset(f->pad, (chtype)attr | ' ');
    f->form = new_form(f->fields);
    if (!f->form || set_form_win(f->form, f->pad) != E_OK ||
        set_form_sub(f->form, f->pad) != E_OK || post_form(f->form) != E_OK)
        goto fail;
    return f;
fail:
    form_destroy(f);
    return NULL;
}

static bool request(textfield *tf, int req)
{
    return form_driver_w(tf->f->form, KEY_CODE_YES, (wchar_t)req) == E_OK;
}

static void move_to(textfield *tf, size_t pos)
{
    if (pos > tf->len)
        pos = tf->len;
    while (tf->pos > pos && request(tf, REQ_PREV_CHAR))
        tf->pos--;
    while (tf->pos < pos && request(tf, REQ_NEXT_CHAR))
        tf->pos++;
}

/* Characters the field takes: printable and at least one column wide (the
 * cursor bookkeeping counts one step per character). */
static bool takes(wchar_t c)
{
    return iswprint((wint_t)c) && wcwidth(c) > 0;
}

textfield *textfield_new(int max)
{
    textfield *tf = calloc(1, sizeof(*tf));
    if (!tf)
        return NULL;
    tf->max = max < 1 ? 1 : max;
    /* Keys may come before the first draw (typed ahead): the form takes
     * them already, and the draw's attribute rebuilds it if need be. */
    tf->f = form_build(tf->max, A_NORMAL);
    if (!tf->f) {
        free(tf);
        return NULL;
    }
    return tf;
}

void textfield_free(textfield *tf)
{
    if (!tf)
        return;
    form_destroy(tf->f);
    free(tf);
}

void textfield_set(textfield *tf, const char *utf8)
{
    const char *src = utf8 ? utf8 : "";
    size_t n = strlen(src);
    char *clean = malloc(n + 1);
    if (!clean)
        return;
    /* Keep what typing could have produced: printable characters within
     * the maximum width, trailing blanks dropped (as when reading). */
    mbstate_t st;
    memset(&st, 0, sizeof(st));
    size_t out = 0, chars = 0, keep = 0, keep_chars = 0;
    int cols = 0;
    while (*src) {
        wchar_t c;
        size_t k = mbrtowc(&c, src, strlen(src), &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            memset(&st, 0, sizeof(st));
            src++;
            continue;
        }
        if (takes(c)) {
            if (cols + wcwidth(c) > tf->max)
                break;
            cols += wcwidth(c);
            memcpy(clean + out, src, k);
            out += k;
            chars++;
            if (c != L' ') {
                keep = out;
                keep_chars = chars;
            }
        }
        src += k;
    }
    clean[keep] = '\0';
    set_field_buffer(tf->f->fields[0], 0, clean);
    free(clean);
    /* Setting the buffer of the current field puts the cursor at its start. */
    tf->pos = 0;
    tf->len = keep_chars;
    move_to(tf, tf->len);
}

void textfield_get(textfield *tf, char *out, size_t n)
{
    if (!n)
        return;
    out[0] = '\0';
    /* The form edits a window; the field's buffer catches up on validation. */
    form_driver_w(tf->f->form, KEY_CODE_YES, REQ_VALIDATION);
    const char *s = field_buffer(tf->f->fields[0], 0);
    if (!s)
        return;
    /* The buffer is padded with blanks to the field's size. */
    size_t end = strlen(s);
    while (end && s[end - 1] == ' ')
        end--;
    /* Cut on a character boundary when out is too small. */
    mbstate_t st;
    memset(&st, 0, sizeof(st));
    size_t used = 0;
    while (used < end) {
        size_t k = mbrlen(s + used, end - used, &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
            k = 1;
        if (used + k > n - 1)
            break;
        used += k;
    }
    memcpy(out, s, used);
    out[used] = '\0';
}

/* Columns of the character whose first cell is col (the pad's cells after
 * the text are blanks). */
static int cell_cols(WINDOW *pad, int col)
{
    cchar_t cc;
    wchar_t wc[CCHARW_MAX + 1];
    attr_t at;
    short pair;
    if (mvwin_wch(pad, 0, col, &cc) == ERR || getcchar(&cc, wc, &at, &pair, NULL) == ERR)
        return 1;
    int n = wcwidth(wc[0]);
    return n < 1 ? 1 : n;
}

bool textfield_key(textfield *tf, bool is_key, wint_t ch)
{
    if (is_key) {
        switch (ch) {
        case KEY_LEFT: move_to(tf, tf->pos ? tf->pos - 1 : 0); return true;
        case KEY_RIGHT: move_to(tf, tf->pos + 1); return true;
        case KEY_HOME: move_to(tf, 0); return true;
        case KEY_END: move_to(tf, tf->len); return true;
        case KEY_BACKSPACE: goto backspace;
        case KEY_DC:
            if (tf->pos < tf->len && request(tf, REQ_DEL_CHAR))
                tf->len--;
            return true;
        default: return false;
        }
    }
    switch (ch) {
    case 127:
    case 8: goto backspace;
    case 1: move_to(tf, 0); return true;            /* ^A */
    case 5: move_to(tf, tf->len); return true;      /* ^E */
    case 11:                                         /* ^K: to the end */
        if (request(tf, REQ_CLR_EOL))
            tf->len = tf->pos;
        return true;
    case 21:                                         /* ^U: all */
        if (request(tf, REQ_CLR_FIELD))
            tf->pos = tf->len = 0;
        return true;
    default: break;
    }
    if (!takes((wchar_t)ch))
        return false;
    /* Past the maximum the character is dropped (the spare column stays
     * free for the cursor). */
    int used = 0;
    for (size_t i = 0; i < tf->len; i++)
        used += cell_cols(tf->f->pad, used);
    if (used + wcwidth((wchar_t)ch) > tf->max)
        return true;
    if (form_driver_w(tf->f->form, OK, (wchar_t)ch) == E_OK) {
        tf->pos++;
        tf->len++;
    }
    return true;
backspace:
    if (tf->pos && request(tf, REQ_DEL_PREV)) {
        tf->pos--;
        tf->len--;
    }
    return true;
}

/* A form with another attribute: the text and cursor move over. When it
 * cannot be built the old one stays. */
static void rebuild(textfield *tf, int attr)
{
    tf_form *nf = form_build(tf->max, attr);
    if (!nf)
        return;
    size_t cap = (size_t)tf->max * MB_CUR_MAX + 1;
    char *value = malloc(cap);
    if (!value) {
        form_destroy(nf);
        return;
    }
    textfield_get(tf, value, cap);
    size_t pos = tf->pos;
    form_destroy(tf->f);
    tf->f = nf;
    textfield_set(tf, value);
    move_to(tf, pos);
    free(value);
}

int textfield_draw(textfield *tf, WINDOW *win, int y, int x, int w, int attr)
{
    if (w < 1)
        return x;
    if (attr != tf->f->attr)
        rebuild(tf, attr);
    WINDOW *pad = tf->f->pad;
    pos_form_cursor(tf->f->form);
    int cx = getcurx(pad);
    /* Show as much as fits before the cursor, starting on a character's
     * first cell (characters start where walking from column 0 lands). */
    int scroll = 0;
    while (cx - scroll > w - 1)
        scroll += cell_cols(pad, scroll);
    /* Whole characters only, up to the region's width. */
    int n = 0;
    while (scroll + n <= tf->max) {
        int c = cell_cols(pad, scroll + n);
        if (n + c > w)
            break;
        n += c;
    }
    mvwhline(win, y, x, (chtype)attr | ' ', w);
    if (n > 0)
        copywin(pad, win, 0, scroll, y, x, y, x + n - 1, FALSE);
    return x + cx - scroll;
}
