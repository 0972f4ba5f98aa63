/* The usage text, from the command and option tables (cli_args.h) and the
 * operations table (ops.h): a command or an option added there is in the
 * help at once. */
#include "cli.h"
#include "cli_args.h"

#include <string.h>

#define WIDTH 79
#define INDENT 2

/* Words of a synopsis, wrapped under its command at WIDTH columns. */
typedef struct line {
    FILE *f;
    int col;      /* where the next word goes */
    int hang;     /* where a wrapped line starts */
} line;

static void word(line *l, const char *w)
{
    int len = (int)strlen(w);
    if (l->col > l->hang && l->col + 1 + len > WIDTH) {
        fprintf(l->f, "\n%*s", l->hang, "");
        l->col = l->hang;
    } else if (l->col > l->hang || l->col > INDENT) {
        fputc(' ', l->f);
        l->col++;
    }
    fputs(w, l->f);
    l->col += len;
}

static void option_word(line *l, int o, bool optional)
{
    const dd_cli_opt_def *d = &dd_cli_opts[o];
    char buf[80];
    if (d->short_name && d->metavar)
        snprintf(buf, sizeof(buf), "%s-%c %s%s", optional ? "[" : "", d->short_name, d->metavar,
                 optional ? "]" : "");
    else if (d->metavar)
        snprintf(buf, sizeof(buf), "%s--%s %s%s", optional ? "[" : "", d->name, d->metavar,
                 optional ? "]" : "");
    else
        snprintf(buf, sizeof(buf), "%s--%s%s", optional ? "[" : "", d->name, optional ? "]" : "");
    word(l, buf);
}

static void command(FILE *f, const dd_cli_cmd_def *c)
{
    const dd_op *op = dd_op_get(c->cmd);
    char words[64];
    if (c->kind == K_LOCAL)
        snprintf(words, sizeof(words), "%s", c->word);
    else
        dd_op_words(op, words, sizeof(words));
    line l = {f, INDENT, INDENT + (int)strlen(words) + 1};
    fprintf(f, "%*s%s", INDENT, "", words);
    l.col += (int)strlen(words);
    if (c->target == T_CONN_ID)
        word(&l, "CONNECTION_ID");
    else if (c->target == T_SF_ID)
        word(&l, "SALESFORCE_ORG_ID");
    else if (c->target == T_SHELL) {
        char list[64] = "";
        for (int i = 0; dd_cli_shells[i]; i++)
            snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? "|" : "",
                     dd_cli_shells[i]);
        word(&l, list);
    }
    for (int o = 0; o < O_COUNT; o++)
        if (c->required & DD_CLI_BIT(o))
            option_word(&l, o, false);
    for (int o = 0; o < O_COUNT; o++)
        if ((c->opts & DD_CLI_BIT(o)) && !(c->required & DD_CLI_BIT(o)) && !dd_cli_opts[o].hidden)
            option_word(&l, o, true);
    if (c->rows)
        option_word(&l, O_OUTPUT, true);
    fprintf(f, "\n%*s%s%s\n", INDENT + 4, "", dd_cli_cmd_summary(c),
            op && op->writes ? " (writes)" : "");
}

static void options(FILE *f, unsigned which)
{
    for (int o = 0; o < O_COUNT; o++) {
        if (!(which & DD_CLI_BIT(o)) || dd_cli_opts[o].hidden)
            continue;
        const dd_cli_opt_def *d = &dd_cli_opts[o];
        char names[64];
        if (d->short_name)
            snprintf(names, sizeof(names), "-%c, --%s%s%s", d->short_name, d->name,
                     d->metavar ? " " : "", d->metavar ? d->metavar : "");
        else
            snprintf(names, sizeof(names), "--%s%s%s", d->name, d->metavar ? " " : "",
                     d->metavar ? d->metavar : "");
        fprintf(f, "%*s%-20s %s\n", INDENT, "", names, d->help);
    }
}

void dd_cli_usage(FILE *f)
{
    fputs("Usage: ddorgs [OPTIONS]                      open the console\n"
          "       ddorgs [OPTIONS] COMMAND [ARGS]\n"
          "\n"
          "Commands:\n",
          f);
    for (int i = 0; i < dd_cli_n_cmds; i++)
        command(f, &dd_cli_cmds[i]);
    fputs("\nFORMAT: table (the default), json, jsonl (an object a line) or csv.\n"
          "\nOptions (before or after the command):\n",
          f);
    options(f, DD_CLI_GLOBAL_OPTS);
    fputs("\nConsole options:\n", f);
    options(f, DD_CLI_CONSOLE_OPTS);
    fputs("\nKeys come from DD_API_KEY and DD_APP_KEY or the profile, never from the\n"
          "command line. Exit codes and details: man ddorgs\n",
          f);
}
