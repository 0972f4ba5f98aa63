/* ddorgs doctor: the terminal the console would run in. Whether it can
 * drive TERM and how many colours TERM has are the console's own checks
 * (tui.h, handed over by main); the locale and the size are read here. */
#include "cli_doctor.h"

#include <langinfo.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The variable that sets the character set: LC_ALL, else LC_CTYPE, else
 * LANG ("" when none is set). */
static const char *locale_var(char *buf, size_t n)
{
    static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (v && v[0]) {
            snprintf(buf, n, "%s=%s", vars[i], v);
            return buf;
        }
    }
    snprintf(buf, n, "no LC_ALL, LC_CTYPE or LANG");
    return buf;
}

static void colours(doctor *d, const dd_doctor_terminal *t)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && nc[0]) {
        doc_line(d, DOC_OK, "colours", "off: NO_COLOR is set (the console uses bold and "
                                       "reverse video)");
        return;
    }
    if (!t || !t->colors) {
        doc_line(d, DOC_SKIP, "colours", "not checked");
        return;
    }
    int n = t->colors();
    if (n < 0)
        doc_line(d, DOC_SKIP, "colours", "not known: TERM has no usable terminfo entry");
    else if (n == 0)
        doc_line(d, DOC_OK, "colours", "none in TERM's terminfo entry (the console uses bold "
                                       "and reverse video)");
    else
        doc_line(d, DOC_OK, "colours", "%d", n);
}

static void charset(doctor *d)
{
    const char *cs = nl_langinfo(CODESET);
    char var[200];
    locale_var(var, sizeof(var));
    if (cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0))
        doc_line(d, DOC_OK, "UTF-8", "the locale's character set is UTF-8 (%s)", var);
    else
        doc_line(d, DOC_WARN, "UTF-8",
                 "the locale's character set is %s (%s): the console shows characters outside "
                 "ASCII as '?' and draws its lines in ASCII. Fix: use a UTF-8 locale, such as "
                 "LANG=C.UTF-8", cs && cs[0] ? cs : "unknown", var);
}

static void size(doctor *d, const dd_doctor_terminal *t)
{
    static const int fds[] = {STDOUT_FILENO, STDIN_FILENO, STDERR_FILENO};
    struct winsize ws = {0};
    bool got = false;
    for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]) && !got; i++)
        got = isatty(fds[i]) && ioctl(fds[i], TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row;
    int min_cols = t ? t->min_cols : 0, min_rows = t ? t->min_rows : 0;
    if (!got)
        doc_line(d, DOC_SKIP, "size", "not checked: no terminal on standard input, output or "
                                      "error");
    else if (ws.ws_col < min_cols || ws.ws_row < min_rows)
        doc_line(d, DOC_WARN, "size", "%dx%d: the console needs at least %dx%d. Fix: enlarge "
                                      "the window", ws.ws_col, ws.ws_row, min_cols, min_rows);
    else
        doc_line(d, DOC_OK, "size", "%dx%d (the console needs %dx%d at least)", ws.ws_col,
                 ws.ws_row, min_cols, min_rows);
}

void doc_terminal(doctor *d, const dd_doctor_terminal *t)
{
    const char *term = getenv("TERM");
    char why[400];
    if (!t || !t->usable)
        doc_line(d, DOC_SKIP, "terminal", "not checked");
    else if (t->usable(why, sizeof(why)))
        doc_line(d, DOC_OK, "terminal", "TERM=%s: the console can drive it", term);
    else
        doc_line(d, DOC_WARN, "terminal", "%s", why);
    colours(d, t);
    charset(d);
    size(d, t);
}
