/* The 'completion' command and what the three scripts share: the words of
 * the tables (cli_complete.h), and the profile names the scripts ask for
 * at completion time (completion --list-profiles). */
#include "cli.h"
#include "cli_complete.h"

#include <errno.h>
#include <string.h>

#include "config.h"
#include "model.h"
#include "site.h"

size_t dd_complete_first_words(const dd_cli_cmd_def **out, size_t max)
{
    size_t n = 0;
    for (int i = 0; i < dd_cli_n_cmds && n < max; i++) {
        const char *w = dd_cli_cmd_noun(&dd_cli_cmds[i]);
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = strcmp(dd_cli_cmd_noun(out[j]), w) == 0;
        if (!seen)
            out[n++] = &dd_cli_cmds[i];
    }
    return n;
}

void dd_complete_word_help(const dd_cli_cmd_def *first, char *buf, size_t n)
{
    if (first->kind == K_LOCAL) {
        snprintf(buf, n, "%s", first->summary);
        return;
    }
    const char *noun = dd_cli_cmd_noun(first);
    int total = 0, count = 0;
    for (int i = 0; i < dd_cli_n_cmds; i++)
        total += dd_cli_cmds[i].kind == K_API && strcmp(dd_cli_cmd_noun(&dd_cli_cmds[i]), noun) == 0;
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < dd_cli_n_cmds && used < n; i++) {
        const dd_cli_cmd_def *d = &dd_cli_cmds[i];
        if (d->kind != K_API || strcmp(dd_cli_cmd_noun(d), noun) != 0)
            continue;
        count++;
        int w = snprintf(buf + used, n - used, "%s%s",
                         count == 1 ? "" : count == total ? " or " : ", ", dd_cli_cmd_verb(d));
        if (w > 0)
            used += (size_t)w;
    }
}

const char *const *dd_complete_values(dd_cli_value v)
{
    switch (v) {
    case V_SITE: return dd_sites;
    case V_FORMAT: return dd_cli_formats;
    case V_TYPES: return dd_known_conn_types;
    case V_NONE:
    case V_TEXT:
    case V_PROFILE:
    case V_URL:
    case V_NUMBER:
    case V_ORG_ID:
    case V_UUID: break;
    }
    return NULL;
}

bool dd_complete_all_profiles_takes(const dd_cli_cmd_def *d)
{
    return d->kind == K_API && (d->opts & DD_CLI_BIT(O_ALL_PROFILES));
}

bool dd_complete_all_profiles_word(const dd_cli_cmd_def *first)
{
    const char *noun = dd_cli_cmd_noun(first);
    for (int i = 0; i < dd_cli_n_cmds; i++)
        if (dd_complete_all_profiles_takes(&dd_cli_cmds[i]) &&
            strcmp(dd_cli_cmd_noun(&dd_cli_cmds[i]), noun) == 0)
            return true;
    return false;
}

unsigned dd_complete_console_opts(void)
{
    return DD_CLI_GLOBAL_OPTS | DD_CLI_CONSOLE_OPTS;
}

unsigned dd_complete_word_opts(const dd_cli_cmd_def *first)
{
    return first->kind == K_LOCAL ? dd_cli_cmd_opts(first) : DD_CLI_GLOBAL_OPTS;
}

void dd_complete_fish_quote(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

/* The profile names, one a line: only names, never a setting, and
 * nothing at all on stdout when the file cannot be read (the scripts
 * throw stderr away). */
static int list_profiles(FILE *out)
{
    char **names;
    size_t n;
    dd_error err;
    dd_error_init(&err);
    if (dd_config_list_profiles(&names, &n, &err) != DD_OK) {
        dd_cli_say(stderr, "ddorgs: %s\n", err.text);
        int rc = dd_exit_for_error(&err);
        dd_error_clear(&err);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s\n", names[i]);
    dd_config_free_names(names, n);
    return DD_EXIT_OK;
}

int dd_cli_completion(const dd_cli_args *a, FILE *out)
{
    int rc = DD_EXIT_OK;
    if (a->list_profiles)
        rc = list_profiles(out);
    else if (strcmp(a->shell, "bash") == 0)
        dd_complete_bash(out);
    else if (strcmp(a->shell, "zsh") == 0)
        dd_complete_zsh(out);
    else
        dd_complete_fish(out);
    if (fflush(out) != 0 || ferror(out)) {
        int e = errno;
        if (e == EPIPE)
            return DD_EXIT_CLOSED_PIPE;
        fprintf(stderr, "ddorgs: cannot write the %s: %s. Check where standard output goes.\n",
                a->list_profiles ? "profile names" : "completion script", strerror(e ? e : EIO));
        return DD_EXIT_OUTPUT;
    }
    return rc;
}
