/* The bash completion script (cli_complete.h). It needs nothing but bash
 * itself (COMP_WORDS, COMP_CWORD, compgen), so it works with or without
 * the bash-completion package. */
#include "cli_complete.h"

#include <string.h>

/* "a b c" of a NULL-terminated list, one shell word (the words are plain:
 * sites, formats, types, commands). */
static void words_of(FILE *f, const char *const *list)
{
    fputc('"', f);
    for (size_t i = 0; list[i]; i++)
        fprintf(f, "%s%s", i ? " " : "", list[i]);
    fputc('"', f);
}

/* "--profile --site ..." of a set of options, hidden ones left out. */
static void options_of(FILE *f, unsigned opts)
{
    bool first = true;
    fputc('"', f);
    for (int o = 0; o < O_COUNT; o++) {
        if (!(opts & DD_CLI_BIT(o)) || dd_cli_opts[o].hidden)
            continue;
        fprintf(f, "%s--%s", first ? "" : " ", dd_cli_opts[o].name);
        first = false;
    }
    fputc('"', f);
}

/* A case pattern of the options that take a value: "--site|-o|--output". */
static void value_options(FILE *f)
{
    bool first = true;
    for (int o = 0; o < O_COUNT; o++) {
        if (dd_cli_opts[o].value == V_NONE)
            continue;
        fprintf(f, "%s--%s", first ? "" : "|", dd_cli_opts[o].name);
        if (dd_cli_opts[o].short_name)
            fprintf(f, "|-%c", dd_cli_opts[o].short_name);
        first = false;
    }
}

/* The case arm completing each option's value. */
static void value_arms(FILE *f)
{
    for (int o = 0; o < O_COUNT; o++) {
        const dd_cli_opt_def *d = &dd_cli_opts[o];
        const char *const *values = dd_complete_values(d->value);
        if (d->value != V_PROFILE && !values)
            continue;
        fprintf(f, "        --%s", d->name);
        if (d->short_name)
            fprintf(f, "|-%c", d->short_name);
        if (d->value == V_PROFILE) {
            fputs(") _ddorgs_profiles ;;\n", f);
        } else if (d->value == V_TYPES) {
            fputs(") _ddorgs_list ", f);
            words_of(f, values);
            fputs(" ;;\n", f);
        } else {
            fputs(") _ddorgs_reply ", f);
            words_of(f, values);
            fputs(" ;;\n", f);
        }
    }
}

/* The options of each command, by its words ("connections list"). */
static void option_arms(FILE *f)
{
    for (int i = 0; i < dd_cli_n_cmds; i++) {
        const dd_cli_cmd_def *d = &dd_cli_cmds[i];
        const char *verb = dd_cli_cmd_verb(d);
        /* A local command's words are itself and its argument. */
        if (verb)
            fprintf(f, "        '%s %s') opts=", dd_cli_cmd_noun(d), verb);
        else
            fprintf(f, "        '%s' | '%s '*) opts=", d->word, d->word);
        options_of(f, dd_cli_cmd_opts(d));
        fputs(" ;;\n", f);
    }
    const dd_cli_cmd_def *first[DD_COMPLETE_MAX_WORDS];
    size_t n = dd_complete_first_words(first, DD_COMPLETE_MAX_WORDS);
    for (size_t i = 0; i < n; i++) {
        if (first[i]->kind == K_LOCAL)
            continue;
        fprintf(f, "        '%s') opts=", dd_cli_cmd_noun(first[i]));
        options_of(f, dd_complete_word_opts(first[i]));
        fputs(" ;;\n", f);
    }
    fputs("        '') opts=", f);
    options_of(f, dd_complete_console_opts());
    fputs(" ;;\n", f);
}

/* What follows each first word: an operation's verbs, a local command's
 * argument. */
/* "connections salesforce ...": the first words (with --all-profiles on
 * the line, only those of commands that take it). */
static void first_words(FILE *f, bool all)
{
    const dd_cli_cmd_def *first[DD_COMPLETE_MAX_WORDS];
    size_t n = dd_complete_first_words(first, DD_COMPLETE_MAX_WORDS);
    bool any = false;
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (all && !dd_complete_all_profiles_word(first[i]))
            continue;
        fprintf(f, "%s%s", any ? " " : "", dd_cli_cmd_noun(first[i]));
        any = true;
    }
    fputc('"', f);
}

static void second_word_arms(FILE *f, bool all)
{
    const dd_cli_cmd_def *first[DD_COMPLETE_MAX_WORDS];
    size_t n = dd_complete_first_words(first, DD_COMPLETE_MAX_WORDS);
    for (size_t i = 0; i < n; i++) {
        const char *noun = dd_cli_cmd_noun(first[i]);
        if (first[i]->kind == K_LOCAL && first[i]->target != T_SHELL)
            continue;
        if (all && !dd_complete_all_profiles_word(first[i]))
            continue;
        fprintf(f, "            %s) _ddorgs_reply ", noun);
        if (first[i]->kind == K_LOCAL) {
            words_of(f, dd_cli_shells);
        } else {
            fputc('"', f);
            bool any = false;
            for (int c = 0; c < dd_cli_n_cmds; c++) {
                const dd_cli_cmd_def *d = &dd_cli_cmds[c];
                if (d->kind != K_API || strcmp(dd_cli_cmd_noun(d), noun) != 0 ||
                    (all && !dd_complete_all_profiles_takes(d)))
                    continue;
                fprintf(f, "%s%s", any ? " " : "", dd_cli_cmd_verb(d));
                any = true;
            }
            fputc('"', f);
        }
        fputs(" ;;\n", f);
    }
}

void dd_complete_bash(FILE *f)
{
    fprintf(f, "# bash completion for ddorgs                          -*- shell-script -*-\n"
               "# Made by 'ddorgs completion bash' (ddorgs %s) from its own command and\n"
               "# option tables: regenerate it rather than edit it.\n\n",
            DDORGS_VERSION);
    fputs("_ddorgs_reply()\n"
          "{\n"
          "    local IFS=$' \\t\\n'\n"
          "    COMPREPLY=($(compgen -W \"$1\" -- \"$cur\"))\n"
          "}\n\n"
          "# A comma-separated list: the words not given yet, after those given.\n"
          "_ddorgs_list()\n"
          "{\n"
          "    local given= last=$cur w\n"
          "    [[ $cur == *,* ]] && given=${cur%,*},\n"
          "    last=${cur##*,}\n"
          "    COMPREPLY=()\n"
          "    for w in $1; do\n"
          "        [[ ,$given == *,\"$w\",* ]] && continue\n"
          "        [[ $w == \"$last\"* ]] && COMPREPLY+=(\"$given$w\")\n"
          "    done\n"
          "}\n\n"
          "# The profiles of the config file, from ddorgs itself (names only).\n"
          "_ddorgs_profiles()\n"
          "{\n"
          "    local prog=${COMP_WORDS[0]}\n"
          "    [[ $prog == \"~/\"* ]] && prog=$HOME/${prog#\"~/\"}\n"
          "    _ddorgs_reply \"$(\"$prog\" completion --list-profiles 2>/dev/null)\"\n"
          "}\n\n"
          "_ddorgs()\n"
          "{\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} opt= pre= cmd opts i w all=0\n"
          "    local -a words=()\n"
          "    COMPREPLY=()\n"
          "    # The option whose value is typed: '--site d', or '--site=d', which\n"
          "    # bash splits at the '=' when COMP_WORDBREAKS holds it.\n"
          "    if [[ $cur == --*=* ]]; then\n"
          "        opt=${cur%%=*} pre=${cur%%=*}= cur=${cur#*=}\n"
          "    elif [[ $cur == = ]]; then\n"
          "        opt=${COMP_WORDS[COMP_CWORD-1]} cur=\n"
          "    elif ((COMP_CWORD > 1)) && [[ ${COMP_WORDS[COMP_CWORD-1]} == = ]]; then\n"
          "        opt=${COMP_WORDS[COMP_CWORD-2]}\n"
          "    elif ((COMP_CWORD > 0)); then\n"
          "        case ${COMP_WORDS[COMP_CWORD-1]} in\n"
          "        ", f);
    value_options(f);
    fputs(") opt=${COMP_WORDS[COMP_CWORD-1]} ;;\n"
          "        esac\n"
          "    fi\n"
          "    if [[ -n $opt ]]; then\n"
          "        case $opt in\n", f);
    value_arms(f);
    fputs("        esac\n"
          "        [[ -n $pre ]] && COMPREPLY=(\"${COMPREPLY[@]/#/$pre}\")\n"
          "        return 0\n"
          "    fi\n"
          "    # The command's words so far, options and their values left out.\n"
          "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
          "        w=${COMP_WORDS[i]}\n"
          "        case $w in\n"
          "        ", f);
    value_options(f);
    fputs(")\n"
          "            [[ ${COMP_WORDS[i+1]-} == = ]] && ((i++))\n"
          "            ((i++)) ;;\n"
          "        --all-profiles) all=1 ;;\n"
          "        -*) ;;\n"
          "        *) words+=(\"$w\") ;;\n"
          "        esac\n"
          "    done\n"
          "    cmd=\"${words[*]:0:2}\"\n"
          "    if [[ $cur == -* ]]; then\n"
          "        case $cmd in\n", f);
    option_arms(f);
    fputs("        *) opts= ;;\n"
          "        esac\n"
          "        _ddorgs_reply \"$opts\"\n"
          "        return 0\n"
          "    fi\n"
          "    # With --all-profiles only the commands that take it.\n"
          "    case ${#words[@]}$all in\n"
          "    00) _ddorgs_reply ", f);
    first_words(f, false);
    fputs(" ;;\n"
          "    01) _ddorgs_reply ", f);
    first_words(f, true);
    fputs(" ;;\n"
          "    10)\n"
          "        case ${words[0]} in\n", f);
    second_word_arms(f, false);
    fputs("        esac ;;\n"
          "    11)\n"
          "        case ${words[0]} in\n", f);
    second_word_arms(f, true);
    fputs("        esac ;;\n"
          "    esac\n"
          "    return 0\n"
          "}\n\n"
          "complete -F _ddorgs ddorgs\n", f);
}
