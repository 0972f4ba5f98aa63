/* The command line's tables (cli_args.h) and its parser (pure: no I/O, no
 * environment). What each command is called, and whether it writes, comes
 * from the operations table (ops.h). */
#include "cli.h"
#include "cli_args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "model.h"
#include "sanitize.h"
#include "url.h"

const dd_cli_opt_def dd_cli_opts[O_COUNT] = {
    [O_PROFILE] = {"profile", 0, V_PROFILE, "NAME", "use [profile NAME] of ~/.config/ddorgs/config"},
    [O_SITE] = {"site", 0, V_SITE, "SITE", "Datadog site, e.g. datadoghq.eu (default datadoghq.com)"},
    [O_API_URL] = {"api-url", 0, V_URL, "URL", "API base URL (https; http only on loopback)"},
    [O_READ_ONLY] = {"read-only", 0, V_NONE, NULL, "refuse every write"},
    [O_DRY_RUN] = {"dry-run", 0, V_NONE, NULL, "print the request (keys redacted) and send nothing"},
    [O_DEMO] = {"demo", 0, V_NONE, NULL, "run against a local mock with sample data"},
    [O_YES] = {"yes", 'y', V_NONE, NULL, "do not ask before deleting or disabling"},
    [O_REFRESH] = {"refresh", 0, V_NUMBER, "SECONDS", "console: reload the lists every SECONDS"},
    [O_NO_MOUSE] = {"no-mouse", 0, V_NONE, NULL, "console: read no clicks (the terminal selects text)"},
    [O_HELP] = {"help", 'h', V_NONE, NULL, "show this help"},
    [O_VERSION] = {"version", 'V', V_NONE, NULL, "show the version"},
    [O_SINK_ORG] = {"sink-org", 0, V_ORG_ID, "ID", "the org that receives the data"},
    [O_SOURCE_ORG] = {"source-org", 0, V_ORG_ID, "ID", "the org that shares its data"},
    [O_LIMIT] = {"limit", 0, V_NUMBER, "N", "at most N rows"},
    [O_OFFSET] = {"offset", 0, V_NUMBER, "N", "skip the first N rows"},
    [O_ALL] = {"all", 0, V_NONE, NULL, "every page (the default without --limit)"},
    [O_OUTPUT] = {"output", 'o', V_FORMAT, "FORMAT", "table (the default), json, jsonl or csv"},
    [O_TYPES] = {"types", 0, V_TYPES, "TYPES", "comma-separated: logs, metrics, audit"},
    [O_ORG_UUID] = {"org-uuid", 0, V_UUID, "UUID", "the org the keys belong to (the server checks it)"},
    [O_NAME] = {"name", 0, V_TEXT, "TEXT", "orgs whose name holds TEXT"},
    [O_LIST_PROFILES] = {"list-profiles", 0, V_NONE, NULL,
                         "print the config file's profile names, one a line", true},
    [O_ALL_PROFILES] = {"all-profiles", 0, V_NONE, NULL,
                        "every profile at once: connections list, orgs list, the console"},
};

const char *const dd_cli_formats[] = {
    [DD_OUT_TABLE] = "table", [DD_OUT_JSON] = "json", [DD_OUT_JSONL] = "jsonl",
    [DD_OUT_CSV] = "csv", [DD_OUT_CSV + 1] = NULL,
};

const char *const dd_cli_shells[] = {"bash", "zsh", "fish", NULL};

#define B DD_CLI_BIT
/* The rest of an operation's row: its words and summary are the table's. */
#define API K_API, NULL, NULL

const dd_cli_cmd_def dd_cli_cmds[] = {
    {DD_CMD_CONN_LIST,
     B(O_SINK_ORG) | B(O_SOURCE_ORG) | B(O_LIMIT) | B(O_OFFSET) | B(O_ALL) | B(O_ALL_PROFILES), 0,
     T_NONE, true, API},
    {DD_CMD_CONN_CREATE, B(O_SINK_ORG) | B(O_TYPES), B(O_SINK_ORG) | B(O_TYPES), T_NONE, true, API},
    {DD_CMD_CONN_UPDATE, B(O_TYPES), B(O_TYPES), T_CONN_ID, true, API},
    {DD_CMD_CONN_DELETE, 0, 0, T_CONN_ID, false, API},
    {DD_CMD_SF_LIST, 0, 0, T_NONE, true, API},
    {DD_CMD_SF_DELETE, 0, 0, T_SF_ID, false, API},
    {DD_CMD_ORGS_LIST, B(O_NAME) | B(O_ALL_PROFILES), 0, T_NONE, true, API},
    {DD_CMD_ORG_DISABLE, B(O_ORG_UUID), 0, T_NONE, false, API},
    {DD_CMD_DOCTOR, B(O_PROFILE) | B(O_SITE) | B(O_API_URL) | B(O_READ_ONLY) | B(O_DEMO), 0,
     T_NONE, false, K_LOCAL, "doctor",
     "check the configuration, the network, the keys and the terminal, a line each"},
    {DD_CMD_COMPLETION, B(O_LIST_PROFILES), 0, T_SHELL, false, K_LOCAL, "completion",
     "print the completion script of a shell (installed by make install)"},
};

const int dd_cli_n_cmds = (int)(sizeof(dd_cli_cmds) / sizeof(dd_cli_cmds[0]));

const dd_cli_cmd_def *dd_cli_cmd_def_of(dd_cli_cmd cmd)
{
    for (int i = 0; i < dd_cli_n_cmds; i++)
        if (dd_cli_cmds[i].cmd == cmd)
            return &dd_cli_cmds[i];
    return NULL;
}

const char *dd_cli_cmd_noun(const dd_cli_cmd_def *d)
{
    return d->kind == K_LOCAL ? d->word : dd_op_get(d->cmd)->noun;
}

const char *dd_cli_cmd_verb(const dd_cli_cmd_def *d)
{
    return d->kind == K_LOCAL ? NULL : dd_op_get(d->cmd)->verb;
}

const char *dd_cli_cmd_summary(const dd_cli_cmd_def *d)
{
    return d->kind == K_LOCAL ? d->summary : dd_op_get(d->cmd)->summary;
}

unsigned dd_cli_cmd_opts(const dd_cli_cmd_def *d)
{
    if (d->kind == K_LOCAL)
        return d->opts | B(O_HELP) | B(O_VERSION);
    return DD_CLI_GLOBAL_OPTS | d->opts | (d->rows ? B(O_OUTPUT) : 0);
}

static unsigned allowed_opts(dd_cli_cmd cmd)
{
    const dd_cli_cmd_def *d = dd_cli_cmd_def_of(cmd);
    if (!d)
        return DD_CLI_GLOBAL_OPTS | DD_CLI_CONSOLE_OPTS;
    return dd_cli_cmd_opts(d);
}

const char *dd_cli_cmd_name(dd_cli_cmd cmd)
{
    static char names[DD_OP_COUNT][48];
    const dd_op *op = dd_op_get((int)cmd);
    const dd_cli_cmd_def *d = dd_cli_cmd_def_of(cmd);
    if (!op)
        return d ? d->word : "the console";
    if (!names[cmd][0])
        dd_op_words(op, names[cmd], sizeof(names[cmd]));
    return names[cmd];
}

bool dd_cli_cmd_writes(dd_cli_cmd cmd)
{
    const dd_op *op = dd_op_get((int)cmd);
    return op && op->writes;
}

static int usage_err(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The reason, cleaned like server text: it quotes what was typed, which
 * may hold escape sequences meant for the terminal. */
static int usage_err(char *why, size_t n, const char *fmt, ...)
{
    char raw[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof(raw), fmt, ap);
    va_end(ap);
    if (n)
        dd_sanitize_into(raw, strlen(raw), dd_sanitize_mode, why, n);
    return -1;
}

static int parse_count(const char *opt, const char *v, long min, long max, long *out, char *why,
                       size_t n)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!*v || *end || errno || x < min || x > max || v[0] == '+' || v[0] == ' ')
        return usage_err(why, n, "--%s needs a whole number from %ld to %ld, not '%.40s'", opt,
                         min, max, v);
    *out = x;
    return 0;
}

/* Ids go into URL paths and query strings: refuse anything that could change
 * the request's shape before it reaches the client. */
static bool plain_id(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len == 0 || len > max)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || strchr("/?#%&=+\\\"'<>", *p))
            return false;
    return true;
}

/* True, with the reason in why, when id cannot be a Salesforce org ID in
 * a request path: dd_url_id_segment's rule, said before anything else. */
static bool sf_id_refused(const char *id, char *why, size_t n)
{
    char *seg = NULL;
    dd_error e;
    dd_error_init(&e);
    dd_status st = dd_url_id_segment("Salesforce org ID", id, &seg, &e);
    free(seg);
    if (st != DD_OK)
        usage_err(why, n, "%s", e.text);
    dd_error_clear(&e);
    return st != DD_OK;
}

static int check_types(const char *csv, char *why, size_t n)
{
    char **types = NULL;
    size_t nt = 0;
    char reason[200];
    if (dd_types_parse_csv(csv, &types, &nt, reason, sizeof(reason)) != 0)
        return usage_err(why, n, "--types '%.60s': %s; use one or more of logs,metrics,audit",
                         csv, reason);
    for (size_t i = 0; i < nt; i++) {
        if (!dd_conn_type_is_known(types[i])) {
            usage_err(why, n, "unknown connection type '%.40s'; use one or more of "
                              "logs,metrics,audit (comma-separated)", types[i]);
            dd_types_free(types, nt);
            return -1;
        }
    }
    dd_types_free(types, nt);
    return 0;
}

static int find_long(const char *name, size_t len)
{
    for (int i = 0; i < O_COUNT; i++)
        if (strlen(dd_cli_opts[i].name) == len && strncmp(dd_cli_opts[i].name, name, len) == 0)
            return i;
    return -1;
}

static int find_short(char c)
{
    for (int i = 0; i < O_COUNT; i++)
        if (dd_cli_opts[i].short_name && dd_cli_opts[i].short_name == c)
            return i;
    return -1;
}

/* A value given twice is refused rather than the last one kept: with two
 * --sink-org or --org-uuid values a write would go to whichever came last,
 * and nothing says the operator meant that one. Flags (--yes, --all, ...)
 * say the same thing however often they are given, so they may repeat. */
static int given_twice(int id, char *why, size_t n)
{
    if (dd_cli_opts[id].short_name)
        return usage_err(why, n, "-%c/--%s given twice", dd_cli_opts[id].short_name, dd_cli_opts[id].name);
    return usage_err(why, n, "--%s given twice", dd_cli_opts[id].name);
}

static int set_opt(dd_cli_args *a, int id, const char *v, char *why, size_t n)
{
    switch ((dd_cli_opt)id) {
    case O_PROFILE: a->profile = v; break;
    case O_SITE: a->site = v; break;
    case O_API_URL: a->api_url = v; break;
    case O_READ_ONLY: a->read_only = true; break;
    case O_DRY_RUN: a->dry_run = true; break;
    case O_DEMO: a->demo = true; break;
    case O_YES: a->yes = true; break;
    case O_HELP: a->help = true; break;
    case O_VERSION: a->version = true; break;
    case O_ALL: a->all = true; break;
    case O_SINK_ORG: a->sink_org = v; break;
    case O_SOURCE_ORG: a->source_org = v; break;
    case O_TYPES: a->types = v; break;
    case O_ORG_UUID: a->org_uuid = v; break;
    case O_NAME: a->name = v; break;
    case O_NO_MOUSE: a->no_mouse = true; break;
    case O_LIST_PROFILES: a->list_profiles = true; break;
    case O_ALL_PROFILES: a->all_profiles = true; break;
    case O_REFRESH: {
        long r;
        if (parse_count("refresh", v, 1, 86400, &r, why, n))
            return -1;
        a->refresh_s = (int)r;
        break;
    }
    case O_LIMIT: return parse_count("limit", v, 1, 1000000, &a->limit, why, n);
    case O_OFFSET: return parse_count("offset", v, 0, 1000000000L, &a->offset, why, n);
    case O_OUTPUT:
        for (int f = 0; dd_cli_formats[f]; f++)
            if (strcmp(v, dd_cli_formats[f]) == 0) {
                a->out = (dd_out_format)f;
                return 0;
            }
        return usage_err(why, n, "-o/--output must be table, json, jsonl or csv, not '%.40s'", v);
    case O_COUNT: break;
    }
    return 0;
}

/* The verbs of a noun, from the commands' operations: "list, create,
 * update or delete". */
static void verbs_of(const char *noun, char *buf, size_t n)
{
    size_t used = 0;
    int count = 0, total = 0;
    for (int i = 0; i < dd_cli_n_cmds; i++)
        total += strcmp(dd_cli_cmd_noun(&dd_cli_cmds[i]), noun) == 0;
    buf[0] = '\0';
    for (int i = 0; i < dd_cli_n_cmds && used < n; i++) {
        const dd_cli_cmd_def *d = &dd_cli_cmds[i];
        if (strcmp(dd_cli_cmd_noun(d), noun) != 0 || d->kind == K_LOCAL)
            continue;
        count++;
        const char *sep = count == 1 ? "" : count == total ? " or " : ", ";
        int w = snprintf(buf + used, n - used, "%s%s", sep, dd_cli_cmd_verb(d));
        if (w > 0)
            used += (size_t)w;
    }
}

static bool known_noun(const char *noun)
{
    for (int i = 0; i < dd_cli_n_cmds; i++)
        if (strcmp(dd_cli_cmd_noun(&dd_cli_cmds[i]), noun) == 0)
            return true;
    return false;
}

/* The local command whose word is w, or NULL. */
static const dd_cli_cmd_def *local_command(const char *w)
{
    for (int i = 0; i < dd_cli_n_cmds; i++)
        if (dd_cli_cmds[i].kind == K_LOCAL && strcmp(dd_cli_cmds[i].word, w) == 0)
            return &dd_cli_cmds[i];
    return NULL;
}

/* "connections, salesforce, orgs, org, doctor and completion". */
static void nouns(char *buf, size_t n)
{
    const char *list[16];
    int count = 0;
    for (int i = 0; i < dd_cli_n_cmds && count < 16; i++) {
        const char *noun = dd_cli_cmd_noun(&dd_cli_cmds[i]);
        bool seen = false;
        for (int j = 0; j < count; j++)
            seen = seen || strcmp(list[j], noun) == 0;
        if (!seen)
            list[count++] = noun;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < count && used < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i == 0 ? "" : i + 1 == count ? " and " : ", ",
                         list[i]);
        if (w > 0)
            used += (size_t)w;
    }
}

/* "bash, zsh or fish". */
static void shells(char *buf, size_t n)
{
    size_t used = 0, total = 0;
    while (dd_cli_shells[total])
        total++;
    buf[0] = '\0';
    for (size_t i = 0; i < total && used < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s",
                         i == 0 ? "" : i + 1 == total ? " or " : ", ", dd_cli_shells[i]);
        if (w > 0)
            used += (size_t)w;
    }
}

/* A local command: its word, then its argument when it takes one. */
static int resolve_local(dd_cli_args *a, const dd_cli_cmd_def *d, const char **words, size_t nw,
                         char *why, size_t n)
{
    a->cmd = d->cmd;
    size_t want = 1;
    /* --list-profiles is the completion scripts' own call: no shell. */
    if (d->target == T_SHELL && !a->list_profiles) {
        char list[64];
        shells(list, sizeof(list));
        if (nw < 2)
            return usage_err(why, n, "'%s' needs a shell: %s", d->word, list);
        for (int i = 0; dd_cli_shells[i]; i++)
            if (strcmp(words[1], dd_cli_shells[i]) == 0)
                a->shell = dd_cli_shells[i];
        if (!a->shell)
            return usage_err(why, n, "no completion script for the shell '%.40s'; use %s",
                             words[1], list);
        want = 2;
    }
    if (nw > want)
        return usage_err(why, n, "unexpected argument '%.60s' after '%s'", words[want],
                         want == 2 ? words[1] : d->word);
    return 0;
}

static int resolve_command(dd_cli_args *a, const char **words, size_t nw, char *why, size_t n)
{
    if (nw == 0) {
        a->cmd = DD_CMD_NONE;
        return 0;
    }
    const char *noun = words[0];
    const char *verb = nw > 1 ? words[1] : NULL;
    char list[200];
    if (!known_noun(noun)) {
        nouns(list, sizeof(list));
        return usage_err(why, n, "unknown command '%.40s'; commands are %s", noun, list);
    }
    const dd_cli_cmd_def *local = local_command(noun);
    if (local)
        return resolve_local(a, local, words, nw, why, n);
    verbs_of(noun, list, sizeof(list));
    if (!verb)
        return usage_err(why, n, "'%s' needs a subcommand: %s", noun, list);
    const dd_op *op = dd_op_by_words(noun, verb);
    const dd_cli_cmd_def *d = op ? dd_cli_cmd_def_of((dd_cli_cmd)op->id) : NULL;
    if (!d)
        return usage_err(why, n, "unknown subcommand '%s %.40s'; use %s", noun, verb, list);
    a->cmd = d->cmd;
    size_t want = d->target == T_NONE ? 2 : 3;
    if (d->target != T_NONE) {
        const char *what = d->target == T_CONN_ID ? "a connection ID" : "a Salesforce org ID";
        char lister[64];
        dd_op_words(dd_op_get(d->target == T_CONN_ID ? DD_OP_CONN_LIST : DD_OP_SF_LIST), lister,
                    sizeof(lister));
        if (nw < 3)
            return usage_err(why, n, "'%s' needs %s; see 'ddorgs %s'", dd_cli_cmd_name(a->cmd),
                             what, lister);
        if (d->target == T_CONN_ID && !dd_is_uuid(words[2]))
            return usage_err(why, n, "'%.60s' is not a connection ID: connection IDs are "
                                     "UUIDs such as 6f1a2b3c-1234-4abc-9def-0123456789ab",
                             words[2]);
        /* The client's one rule for ids in paths (url.h): any id goes as
         * one percent-encoded segment; only "", "." and ".." are refused. */
        if (d->target == T_SF_ID && sf_id_refused(words[2], why, n))
            return -1;
        a->id = words[2];
    }
    if (nw > want)
        return usage_err(why, n, "unexpected argument '%.60s' after '%s'", words[want],
                         dd_cli_cmd_name(a->cmd));
    return 0;
}

/* --all-profiles reads every profile of the config file: it goes with the
 * listings and the console only, and with nothing that picks one profile
 * or one site for them all. */
static int check_all_profiles(const dd_cli_args *a, char *why, size_t n)
{
    if (!a->all_profiles)
        return 0;
    if (a->cmd != DD_CMD_NONE && a->cmd != DD_CMD_CONN_LIST && a->cmd != DD_CMD_ORGS_LIST)
        return usage_err(why, n, "--all-profiles applies to 'connections list', 'orgs list' "
                                 "and the console, not '%s'; name one profile with --profile "
                                 "NAME instead", dd_cli_cmd_name(a->cmd));
    if (a->profile)
        return usage_err(why, n, "--all-profiles reads every profile of the config file; drop "
                                 "--profile or --all-profiles");
    if (a->site)
        return usage_err(why, n, "--all-profiles uses each profile's own site; drop --site or "
                                 "--all-profiles");
    if (a->dry_run)
        return usage_err(why, n, "--dry-run shows one profile's request; drop --all-profiles "
                                 "or --dry-run");
    return 0;
}

static int check_command_options(dd_cli_args *a, unsigned given, char *why, size_t n)
{
    if (check_all_profiles(a, why, n))
        return -1;
    unsigned extra = given & ~allowed_opts(a->cmd);
    for (int i = 0; i < O_COUNT; i++) {
        if (!(extra & B(i)))
            continue;
        if (a->cmd == DD_CMD_NONE)
            return usage_err(why, n, "--%s needs a command, such as 'connections list'",
                             dd_cli_opts[i].name);
        if (DD_CLI_CONSOLE_OPTS & B(i))
            return usage_err(why, n, "--%s applies to the console only; run ddorgs without a "
                                     "command to use it", dd_cli_opts[i].name);
        return usage_err(why, n, "--%s does not apply to '%s'", dd_cli_opts[i].name,
                         dd_cli_cmd_name(a->cmd));
    }
    if (a->all && (a->limit >= 0 || a->offset >= 0))
        return usage_err(why, n, "--all fetches every page; drop it or drop --limit/--offset");
    const dd_cli_cmd_def *d = dd_cli_cmd_def_of(a->cmd);
    unsigned missing = d ? d->required & ~given : 0;
    if (missing & B(O_SINK_ORG))
        return usage_err(why, n, "'%s' needs --sink-org ID and --types TYPES",
                         dd_cli_cmd_name(a->cmd));
    if (missing & B(O_TYPES))
        return usage_err(why, n, "'%s' needs --types, one or more of logs,metrics,audit",
                         dd_cli_cmd_name(a->cmd));
    if (a->types && check_types(a->types, why, n))
        return -1;
    if (a->sink_org && !plain_id(a->sink_org, 200))
        return usage_err(why, n, "--sink-org '%.60s' is not an org ID", a->sink_org);
    if (a->source_org && !plain_id(a->source_org, 200))
        return usage_err(why, n, "--source-org '%.60s' is not an org ID", a->source_org);
    if (a->org_uuid && !dd_is_uuid(a->org_uuid))
        return usage_err(why, n, "--org-uuid '%.60s' is not a UUID", a->org_uuid);
    return 0;
}

int dd_cli_parse(int argc, char *const *argv, dd_cli_args *a, char *why, size_t n)
{
    memset(a, 0, sizeof(*a));
    a->refresh_s = -1;
    a->limit = -1;
    a->offset = -1;
    if (n)
        why[0] = '\0';
    const char *words[8];
    size_t nw = 0;
    unsigned given = 0;
    bool only_words = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int id = -1;
        const char *value = NULL;
        if (only_words || arg[0] != '-' || arg[1] == '\0') {
            if (nw == sizeof(words) / sizeof(words[0]))
                return usage_err(why, n, "too many arguments");
            words[nw++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_words = true;
            continue;
        }
        if (arg[1] == '-') {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            id = find_long(name, len);
            if (id < 0)
                return usage_err(why, n, "unknown option '--%.*s'", (int)(len > 40 ? 40 : len),
                                 name);
            if (eq) {
                if (!(dd_cli_opts[id].value != V_NONE))
                    return usage_err(why, n, "--%s takes no value", dd_cli_opts[id].name);
                value = eq + 1;
            }
        } else {
            id = find_short(arg[1]);
            if (id < 0)
                return usage_err(why, n, "unknown option '-%c'", arg[1]);
            if (arg[2]) {
                if (!(dd_cli_opts[id].value != V_NONE))
                    return usage_err(why, n, "-%c takes no value", arg[1]);
                value = arg + 2;
            }
        }
        if ((dd_cli_opts[id].value != V_NONE) && !value) {
            if (i + 1 >= argc || (argv[i + 1][0] == '-' && argv[i + 1][1] == '-'))
                return usage_err(why, n, "--%s needs a value", dd_cli_opts[id].name);
            value = argv[++i];
        }
        if ((dd_cli_opts[id].value != V_NONE) && !value[0])
            return usage_err(why, n, "--%s needs a non-empty value", dd_cli_opts[id].name);
        if ((dd_cli_opts[id].value != V_NONE) && (given & B(id)))
            return given_twice(id, why, n);
        if (set_opt(a, id, value, why, n))
            return -1;
        given |= B(id);
    }
    /* --help and --version answer whatever else is on the line. */
    if (a->help || a->version)
        return 0;
    if (resolve_command(a, words, nw, why, n))
        return -1;
    if (check_command_options(a, given, why, n))
        return -1;
    if (a->dry_run && a->cmd == DD_CMD_NONE)
        return usage_err(why, n, "--dry-run needs a command, such as 'connections delete ID'");
    return 0;
}
