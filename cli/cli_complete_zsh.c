/* The zsh completion script (cli_complete.h): a #compdef function for
 * site-functions, which also registers itself when sourced. Commands and
 * options are offered with their help lines (_describe). */
#include "cli_complete.h"

#include <string.h>

/* "a b c" of a NULL-terminated list of plain words. */
static void words_of(FILE *f, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        fprintf(f, " %s", list[i]);
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

/* s inside single quotes: every ' closed, escaped and reopened. */
static void quoted_body(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", f);
        else
            fputc(*s, f);
    }
}

/* One _describe entry, quoted: 'name:help'. */
static void entry(FILE *f, const char *name, const char *help)
{
    fputs(" '", f);
    quoted_body(f, name);
    fputc(':', f);
    quoted_body(f, help);
    fputc('\'', f);
}

/* opts=(...) of a set of options, with their help lines. */
static void options_of(FILE *f, unsigned opts)
{
    fputs("opts=(", f);
    for (int o = 0; o < O_COUNT; o++) {
        if (!(opts & DD_CLI_BIT(o)) || dd_cli_opts[o].hidden)
            continue;
        char name[64];
        snprintf(name, sizeof(name), "--%s", dd_cli_opts[o].name);
        entry(f, name, dd_cli_opts[o].help);
    }
    fputs(" )", f);
}

static void value_arms(FILE *f)
{
    for (int o = 0; o < O_COUNT; o++) {
        const dd_cli_opt_def *d = &dd_cli_opts[o];
        const char *const *values = dd_complete_values(d->value);
        if (d->value != V_PROFILE && !values)
            continue;
        fprintf(f, "    (--%s", d->name);
        if (d->short_name)
            fprintf(f, "|-%c", d->short_name);
        if (d->value == V_PROFILE) {
            fputs(") _ddorgs_profiles ;;\n", f);
        } else if (d->value == V_TYPES) {
            fputs(") _ddorgs_list", f);
            words_of(f, values);
            fputs(" ;;\n", f);
        } else {
            fputs(") compadd --", f);
            words_of(f, values);
            fputs(" ;;\n", f);
        }
    }
}

static void option_arms(FILE *f)
{
    for (int i = 0; i < dd_cli_n_cmds; i++) {
        const dd_cli_cmd_def *d = &dd_cli_cmds[i];
        const char *verb = dd_cli_cmd_verb(d);
        if (verb)
            fprintf(f, "    ('%s %s') ", dd_cli_cmd_noun(d), verb);
        else
            fprintf(f, "    ('%s'|'%s '*) ", d->word, d->word);
        options_of(f, dd_cli_cmd_opts(d));
        fputs(" ;;\n", f);
    }
    const dd_cli_cmd_def *first[DD_COMPLETE_MAX_WORDS];
    size_t n = dd_complete_first_words(first, DD_COMPLETE_MAX_WORDS);
    for (size_t i = 0; i < n; i++) {
        if (first[i]->kind == K_LOCAL)
            continue;
        fprintf(f, "    ('%s') ", dd_cli_cmd_noun(first[i]));
        options_of(f, dd_complete_word_opts(first[i]));
        fputs(" ;;\n", f);
    }
    fputs("    ('') ", f);
    options_of(f, dd_complete_console_opts());
    fputs(" ;;\n", f);
}

/* The first words (with --all-profiles on the line, only those of
 * commands that take it). */
static void first_words(FILE *f, bool all)
{
    const dd_cli_cmd_def *first[DD_COMPLETE_MAX_WORDS];
    size_t n = dd_complete_first_words(first, DD_COMPLETE_MAX_WORDS);
    fputs("opts=(", f);
    for (size_t i = 0; i < n; i++) {
        if (all && !dd_complete_all_profiles_word(first[i]))
            continue;
        char help[300];
        dd_complete_word_help(first[i], help, sizeof(help));
        entry(f, dd_cli_cmd_noun(first[i]), help);
    }
    fputs(" )", f);
}

static void second_word_arms(FILE *f, bool all)
{
    const dd_cli_cmd_def *first[DD_COMPLETE_MAX_WORDS];
    size_t n = dd_complete_first_words(first, DD_COMPLETE_MAX_WORDS);
    for (size_t i = 0; i < n; i++) {
        const char *noun = dd_cli_cmd_noun(first[i]);
        if (all && !dd_complete_all_profiles_word(first[i]))
            continue;
        if (first[i]->kind == K_LOCAL) {
            if (first[i]->target != T_SHELL)
                continue;
            fprintf(f, "      (%s) compadd --", noun);
            words_of(f, dd_cli_shells);
            fputs(" ;;\n", f);
            continue;
        }
        fprintf(f, "      (%s) opts=(", noun);
        for (int c = 0; c < dd_cli_n_cmds; c++) {
            const dd_cli_cmd_def *d = &dd_cli_cmds[c];
            if (d->kind == K_API && strcmp(dd_cli_cmd_noun(d), noun) == 0 &&
                (!all || dd_complete_all_profiles_takes(d)))
                entry(f, dd_cli_cmd_verb(d), dd_cli_cmd_summary(d));
        }
        fprintf(f, " )\n        _describe -t commands '%s command' opts ;;\n", noun);
    }
}

void dd_complete_zsh(FILE *f)
{
    fprintf(f, "#compdef ddorgs\n"
               "# zsh completion for ddorgs. Made by 'ddorgs completion zsh' (ddorgs %s)\n"
               "# from its own command and option tables: regenerate it rather than edit it.\n\n",
            DDORGS_VERSION);
    fputs("# The profiles of the config file, from ddorgs itself (names only).\n"
          "_ddorgs_profiles() {\n"
          "  local prog=${words[1]/#\\~/$HOME}\n"
          "  local -a profiles\n"
          "  profiles=(${(f)\"$(\"$prog\" completion --list-profiles 2>/dev/null)\"})\n"
          "  compadd -a profiles\n"
          "}\n\n"
          "# A comma-separated list: the words not given yet, after those given.\n"
          "_ddorgs_list() {\n"
          "  local given= w\n"
          "  local -a left\n"
          "  [[ $cur == *,* ]] && given=${cur%,*},\n"
          "  for w in \"$@\"; do\n"
          "    [[ ,$given == *,$w,* ]] || left+=($w)\n"
          "  done\n"
          "  compset -P '*,'\n"
          "  compadd -a left\n"
          "}\n\n"
          "_ddorgs() {\n"
          "  local cur=${words[CURRENT]} opt= cmd i w all=0\n"
          "  local -a pos opts\n"
          "  # The option whose value is typed: '--site d' or '--site=d'.\n"
          "  if [[ $cur == --*=* ]]; then\n"
          "    opt=${cur%%=*} cur=${cur#*=}\n"
          "    compset -P '*='\n"
          "  elif (( CURRENT > 2 )); then\n"
          "    case ${words[CURRENT-1]} in\n"
          "    (", f);
    value_options(f);
    fputs(") opt=${words[CURRENT-1]} ;;\n"
          "    esac\n"
          "  fi\n"
          "  if [[ -n $opt ]]; then\n"
          "    case $opt in\n", f);
    value_arms(f);
    fputs("    esac\n"
          "    return 0\n"
          "  fi\n"
          "  # The command's words so far, options and their values left out.\n"
          "  for (( i = 2; i < CURRENT; i++ )); do\n"
          "    w=${words[i]}\n"
          "    case $w in\n"
          "    (", f);
    value_options(f);
    fputs(") (( i++ )) ;;\n"
          "    (--all-profiles) all=1 ;;\n"
          "    (-*) ;;\n"
          "    (*) pos+=(\"$w\") ;;\n"
          "    esac\n"
          "  done\n"
          "  cmd=${(j: :)pos[1,2]}\n"
          "  if [[ $cur == -* ]]; then\n"
          "    case $cmd in\n", f);
    option_arms(f);
    fputs("    esac\n"
          "    _describe -t options option opts\n"
          "    return 0\n"
          "  fi\n"
          "  # With --all-profiles only the commands that take it.\n"
          "  case ${#pos}$all in\n"
          "  (00) ", f);
    first_words(f, false);
    fputs("\n    _describe -t commands command opts ;;\n"
          "  (01) ", f);
    first_words(f, true);
    fputs("\n    _describe -t commands command opts ;;\n"
          "  (10)\n"
          "    case ${pos[1]} in\n", f);
    second_word_arms(f, false);
    fputs("    esac ;;\n"
          "  (11)\n"
          "    case ${pos[1]} in\n", f);
    second_word_arms(f, true);
    fputs("    esac ;;\n"
          "  esac\n"
          "  return 0\n"
          "}\n\n"
          "# Autoloaded from site-functions, the file is the function's body: run\n"
          "# it; sourced, it registers the function.\n"
          "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
          "  _ddorgs \"$@\"\n"
          "else\n"
          "  compdef _ddorgs ddorgs\n"
          "fi\n", f);
}
