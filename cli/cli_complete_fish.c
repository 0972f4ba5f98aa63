/* The fish completion script (cli_complete.h): `complete` lines whose
 * conditions ask __ddorgs_context which command the line holds so far. */
#include "cli_complete.h"

#include <string.h>

/* The context of a command's own options: its words. */
static void context_of(const dd_cli_cmd_def *d, char *buf, size_t n)
{
    const char *verb = dd_cli_cmd_verb(d);
    snprintf(buf, n, "%s%s%s", dd_cli_cmd_noun(d), verb ? " " : "", verb ? verb : "");
}

/* -n '__ddorgs_context A "B C" ...': the contexts in which option o
 * applies. "" is the console's (no command yet). */
static void option_condition(FILE *f, int o)
{
    unsigned bit = DD_CLI_BIT(o);
    char cond[2048] = "__ddorgs_context";
    size_t used = strlen(cond);
    char ctx[64];
    if (dd_complete_console_opts() & bit)
        used += (size_t)snprintf(cond + used, sizeof(cond) - used, " ''");
    const dd_cli_cmd_def *first[DD_COMPLETE_MAX_WORDS];
    size_t n = dd_complete_first_words(first, DD_COMPLETE_MAX_WORDS);
    for (size_t i = 0; i < n && used < sizeof(cond); i++)
        if (first[i]->kind == K_API && (dd_complete_word_opts(first[i]) & bit))
            used += (size_t)snprintf(cond + used, sizeof(cond) - used, " %s",
                                     dd_cli_cmd_noun(first[i]));
    for (int i = 0; i < dd_cli_n_cmds && used < sizeof(cond); i++) {
        if (!(dd_cli_cmd_opts(&dd_cli_cmds[i]) & bit))
            continue;
        context_of(&dd_cli_cmds[i], ctx, sizeof(ctx));
        used += (size_t)snprintf(cond + used, sizeof(cond) - used, " '%s'", ctx);
    }
    fputs(" -n ", f);
    dd_complete_fish_quote(f, cond);
}

static void options(FILE *f)
{
    for (int o = 0; o < O_COUNT; o++) {
        const dd_cli_opt_def *d = &dd_cli_opts[o];
        if (d->hidden)
            continue;
        fputs("complete -c ddorgs", f);
        option_condition(f, o);
        if (d->short_name)
            fprintf(f, " -s %c", d->short_name);
        fprintf(f, " -l %s", d->name);
        const char *const *values = dd_complete_values(d->value);
        if (d->value == V_PROFILE) {
            fputs(" -x -a '(__ddorgs_profiles)'", f);
        } else if (d->value == V_TYPES) {
            fputs(" -x -a '(__ddorgs_list", f);
            for (size_t i = 0; values[i]; i++)
                fprintf(f, " %s", values[i]);
            fputs(")'", f);
        } else if (values) {
            fputs(" -x -a '", f);
            for (size_t i = 0; values[i]; i++)
                fprintf(f, "%s%s", i ? " " : "", values[i]);
            fputc('\'', f);
        } else if (d->value != V_NONE) {
            fputs(" -x", f);
        }
        fputs(" -d ", f);
        dd_complete_fish_quote(f, d->help);
        fputc('\n', f);
    }
}

static void words(FILE *f)
{
    const dd_cli_cmd_def *first[DD_COMPLETE_MAX_WORDS];
    size_t n = dd_complete_first_words(first, DD_COMPLETE_MAX_WORDS);
    for (size_t i = 0; i < n; i++) {
        char help[300];
        dd_complete_word_help(first[i], help, sizeof(help));
        fprintf(f, "complete -c ddorgs -n \"__ddorgs_context ''%s\" -a %s -d ",
                dd_complete_all_profiles_word(first[i]) ? "" : "; and not __ddorgs_all",
                dd_cli_cmd_noun(first[i]));
        dd_complete_fish_quote(f, help);
        fputc('\n', f);
    }
    for (int i = 0; i < dd_cli_n_cmds; i++) {
        const dd_cli_cmd_def *d = &dd_cli_cmds[i];
        if (d->kind == K_API) {
            fprintf(f, "complete -c ddorgs -n '__ddorgs_words_are %s%s' -a %s -d ",
                    dd_cli_cmd_noun(d),
                    dd_complete_all_profiles_takes(d) ? "" : "; and not __ddorgs_all",
                    dd_cli_cmd_verb(d));
            dd_complete_fish_quote(f, dd_cli_cmd_summary(d));
            fputc('\n', f);
        } else if (d->target == T_SHELL) {
            fprintf(f, "complete -c ddorgs -n '__ddorgs_words_are %s' -a '", d->word);
            for (size_t s = 0; dd_cli_shells[s]; s++)
                fprintf(f, "%s%s", s ? " " : "", dd_cli_shells[s]);
            fputs("'\n", f);
        }
    }
}

void dd_complete_fish(FILE *f)
{
    fprintf(f, "# fish completion for ddorgs. Made by 'ddorgs completion fish' (ddorgs %s)\n"
               "# from its own command and option tables: regenerate it rather than edit it.\n\n",
            DDORGS_VERSION);
    fputs("# The command's words so far, options and their values left out.\n"
          "function __ddorgs_words\n"
          "    set -l skip 0\n"
          "    for t in (commandline -opc)[2..-1]\n"
          "        if test $skip -eq 1\n"
          "            set skip 0\n"
          "            continue\n"
          "        end\n"
          "        switch $t\n"
          "            case", f);
    for (int o = 0; o < O_COUNT; o++) {
        if (dd_cli_opts[o].value == V_NONE)
            continue;
        fprintf(f, " --%s", dd_cli_opts[o].name);
        if (dd_cli_opts[o].short_name)
            fprintf(f, " -%c", dd_cli_opts[o].short_name);
    }
    fputs("\n"
          "                set skip 1\n"
          "            case '-*'\n"
          "            case '*'\n"
          "                echo $t\n"
          "        end\n"
          "    end\n"
          "end\n\n"
          "# True when the words so far are exactly the arguments.\n"
          "function __ddorgs_words_are\n"
          "    set -l w (__ddorgs_words)\n"
          "    test \"$w\" = \"$argv\"\n"
          "end\n\n"
          "# True when the line's command is one of the arguments: '' before any\n"
          "# command, a noun before its verb, 'noun verb', or a local command.\n"
          "function __ddorgs_context\n"
          "    set -l w (__ddorgs_words)\n"
          "    set -l ctx ''\n"
          "    if test (count $w) -ge 2\n"
          "        set ctx \"$w[1] $w[2]\"\n"
          "    else if test (count $w) -eq 1\n"
          "        set ctx $w[1]\n"
          "    end\n"
          "    contains -- $ctx $argv; or contains -- \"$w[1]\" $argv\n"
          "end\n\n"
          "# True when --all-profiles is on the line: only the commands that take\n"
          "# it are offered.\n"
          "function __ddorgs_all\n"
          "    contains -- --all-profiles (commandline -opc)\n"
          "end\n\n"
          "# The profiles of the config file, from ddorgs itself (names only).\n"
          "function __ddorgs_profiles\n"
          "    set -l prog (commandline -opc)[1]\n"
          "    command $prog completion --list-profiles 2>/dev/null\n"
          "end\n\n"
          "# A comma-separated list: the words not given yet, after those given.\n"
          "function __ddorgs_list\n"
          "    set -l cur (string replace -r -- '^--[a-z-]+=' '' (commandline -ct))\n"
          "    set -l given (string replace -r -- '[^,]*$' '' $cur)\n"
          "    for w in $argv\n"
          "        contains -- $w (string split , -- $given); or echo $given$w\n"
          "    end\n"
          "end\n\n"
          "complete -c ddorgs -f\n", f);
    words(f);
    options(f);
}
