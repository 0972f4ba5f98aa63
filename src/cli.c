/* The command line's words: parsing (pure: no I/O, no environment), the
 * usage text, and what each command is called and whether it writes. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "model.h"
#include "sanitize.h"

enum opt_id {
    O_PROFILE, O_SITE, O_API_URL, O_READ_ONLY, O_DRY_RUN, O_DEMO, O_YES, O_REFRESH, O_HELP,
    O_VERSION, O_SINK_ORG, O_SOURCE_ORG, O_LIMIT, O_OFFSET, O_ALL, O_OUTPUT, O_TYPES, O_ORG_UUID,
    O_COUNT
};

typedef struct opt_def {
    const char *name;
    char short_name;
    bool has_arg;
} opt_def;

static const opt_def opts[O_COUNT] = {
    [O_PROFILE] = {"profile", 0, true},     [O_SITE] = {"site", 0, true},
    [O_API_URL] = {"api-url", 0, true},     [O_READ_ONLY] = {"read-only", 0, false},
    [O_DRY_RUN] = {"dry-run", 0, false},    [O_DEMO] = {"demo", 0, false},
    [O_YES] = {"yes", 'y', false},          [O_REFRESH] = {"refresh", 0, true},
    [O_HELP] = {"help", 'h', false},        [O_VERSION] = {"version", 'V', false},
    [O_SINK_ORG] = {"sink-org", 0, true},   [O_SOURCE_ORG] = {"source-org", 0, true},
    [O_LIMIT] = {"limit", 0, true},         [O_OFFSET] = {"offset", 0, true},
    [O_ALL] = {"all", 0, false},            [O_OUTPUT] = {"output", 'o', true},
    [O_TYPES] = {"types", 0, true},         [O_ORG_UUID] = {"org-uuid", 0, true},
};

#define BIT(o) (1u << (o))
/* Options that apply to every command. */
#define GLOBAL_OPTS                                                                            \
    (BIT(O_PROFILE) | BIT(O_SITE) | BIT(O_API_URL) | BIT(O_READ_ONLY) | BIT(O_DRY_RUN) |      \
     BIT(O_DEMO) | BIT(O_YES) | BIT(O_HELP) | BIT(O_VERSION))

static unsigned allowed_opts(dd_cli_cmd cmd)
{
    switch (cmd) {
    case DD_CMD_NONE: return GLOBAL_OPTS | BIT(O_REFRESH);
    case DD_CMD_CONN_LIST:
        return GLOBAL_OPTS | BIT(O_SINK_ORG) | BIT(O_SOURCE_ORG) | BIT(O_LIMIT) | BIT(O_OFFSET) |
               BIT(O_ALL) | BIT(O_OUTPUT);
    case DD_CMD_CONN_CREATE: return GLOBAL_OPTS | BIT(O_SINK_ORG) | BIT(O_TYPES) | BIT(O_OUTPUT);
    case DD_CMD_CONN_UPDATE: return GLOBAL_OPTS | BIT(O_TYPES) | BIT(O_OUTPUT);
    case DD_CMD_SF_LIST: return GLOBAL_OPTS | BIT(O_OUTPUT);
    case DD_CMD_CONN_DELETE:
    case DD_CMD_SF_DELETE: return GLOBAL_OPTS;
    case DD_CMD_ORG_DISABLE: return GLOBAL_OPTS | BIT(O_ORG_UUID);
    }
    return GLOBAL_OPTS;
}

const char *dd_cli_cmd_name(dd_cli_cmd cmd)
{
    switch (cmd) {
    case DD_CMD_NONE: return "the console";
    case DD_CMD_CONN_LIST: return "connections list";
    case DD_CMD_CONN_CREATE: return "connections create";
    case DD_CMD_CONN_UPDATE: return "connections update";
    case DD_CMD_CONN_DELETE: return "connections delete";
    case DD_CMD_SF_LIST: return "salesforce list";
    case DD_CMD_SF_DELETE: return "salesforce delete";
    case DD_CMD_ORG_DISABLE: return "org disable";
    }
    return "?";
}

bool dd_cli_cmd_writes(dd_cli_cmd cmd)
{
    return cmd == DD_CMD_CONN_CREATE || cmd == DD_CMD_CONN_UPDATE || cmd == DD_CMD_CONN_DELETE ||
           cmd == DD_CMD_SF_DELETE || cmd == DD_CMD_ORG_DISABLE;
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
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
            return i;
    return -1;
}

static int find_short(char c)
{
    for (int i = 0; i < O_COUNT; i++)
        if (opts[i].short_name && opts[i].short_name == c)
            return i;
    return -1;
}

/* A value given twice is refused rather than the last one kept: with two
 * --sink-org or --org-uuid values a write would go to whichever came last,
 * and nothing says the operator meant that one. Flags (--yes, --all, ...)
 * say the same thing however often they are given, so they may repeat. */
static int given_twice(int id, char *why, size_t n)
{
    if (opts[id].short_name)
        return usage_err(why, n, "-%c/--%s given twice", opts[id].short_name, opts[id].name);
    return usage_err(why, n, "--%s given twice", opts[id].name);
}

static int set_opt(dd_cli_args *a, int id, const char *v, char *why, size_t n)
{
    switch ((enum opt_id)id) {
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
        if (strcmp(v, "table") == 0)
            a->out = DD_OUT_TABLE;
        else if (strcmp(v, "json") == 0)
            a->out = DD_OUT_JSON;
        else if (strcmp(v, "jsonl") == 0)
            a->out = DD_OUT_JSONL;
        else if (strcmp(v, "csv") == 0)
            a->out = DD_OUT_CSV;
        else
            return usage_err(why, n, "-o/--output must be table, json, jsonl or csv, not '%.40s'",
                             v);
        break;
    case O_COUNT: break;
    }
    return 0;
}

static int resolve_command(dd_cli_args *a, const char **words, size_t nw, char *why, size_t n)
{
    if (nw == 0) {
        a->cmd = DD_CMD_NONE;
        return 0;
    }
    const char *group = words[0];
    const char *verb = nw > 1 ? words[1] : NULL;
    size_t want = 2;
    if (strcmp(group, "connections") == 0) {
        if (!verb)
            return usage_err(why, n, "'connections' needs a subcommand: list, create, update or "
                                     "delete");
        if (strcmp(verb, "list") == 0) {
            a->cmd = DD_CMD_CONN_LIST;
        } else if (strcmp(verb, "create") == 0) {
            a->cmd = DD_CMD_CONN_CREATE;
        } else if (strcmp(verb, "update") == 0 || strcmp(verb, "delete") == 0) {
            a->cmd = verb[0] == 'u' ? DD_CMD_CONN_UPDATE : DD_CMD_CONN_DELETE;
            want = 3;
            if (nw < 3)
                return usage_err(why, n, "'connections %s' needs a connection ID; see "
                                         "'ddorgs connections list'", verb);
            if (!dd_is_uuid(words[2]))
                return usage_err(why, n, "'%.60s' is not a connection ID: connection IDs are "
                                         "UUIDs such as 6f1a2b3c-1234-4abc-9def-0123456789ab",
                                 words[2]);
            a->id = words[2];
        } else {
            return usage_err(why, n, "unknown subcommand 'connections %.40s'; use list, create, "
                                     "update or delete", verb);
        }
    } else if (strcmp(group, "salesforce") == 0) {
        if (!verb)
            return usage_err(why, n, "'salesforce' needs a subcommand: list or delete");
        if (strcmp(verb, "list") == 0) {
            a->cmd = DD_CMD_SF_LIST;
        } else if (strcmp(verb, "delete") == 0) {
            a->cmd = DD_CMD_SF_DELETE;
            want = 3;
            if (nw < 3)
                return usage_err(why, n, "'salesforce delete' needs a Salesforce org ID; see "
                                         "'ddorgs salesforce list'");
            if (!plain_id(words[2], 100))
                return usage_err(why, n, "'%.60s' is not a Salesforce org ID: IDs are 1 to 100 "
                                         "characters without spaces or URL punctuation",
                                 words[2]);
            a->id = words[2];
        } else {
            return usage_err(why, n, "unknown subcommand 'salesforce %.40s'; use list or delete",
                             verb);
        }
    } else if (strcmp(group, "org") == 0) {
        if (!verb || strcmp(verb, "disable") != 0)
            return usage_err(why, n, "'org' needs the subcommand disable");
        a->cmd = DD_CMD_ORG_DISABLE;
    } else {
        return usage_err(why, n, "unknown command '%.40s'; commands are connections, salesforce "
                                 "and org", group);
    }
    if (nw > want)
        return usage_err(why, n, "unexpected argument '%.60s' after '%s'", words[want],
                         dd_cli_cmd_name(a->cmd));
    return 0;
}

static int check_command_options(dd_cli_args *a, unsigned given, char *why, size_t n)
{
    unsigned extra = given & ~allowed_opts(a->cmd);
    for (int i = 0; i < O_COUNT; i++) {
        if (!(extra & BIT(i)))
            continue;
        if (a->cmd == DD_CMD_NONE)
            return usage_err(why, n, "--%s needs a command, such as 'connections list'",
                             opts[i].name);
        if (i == O_REFRESH)
            return usage_err(why, n, "--refresh applies to the console only; run ddorgs "
                                     "without a command to use it");
        return usage_err(why, n, "--%s does not apply to '%s'", opts[i].name,
                         dd_cli_cmd_name(a->cmd));
    }
    if (a->all && (a->limit >= 0 || a->offset >= 0))
        return usage_err(why, n, "--all fetches every page; drop it or drop --limit/--offset");
    if (a->cmd == DD_CMD_CONN_CREATE && !a->sink_org)
        return usage_err(why, n, "'connections create' needs --sink-org ID and --types TYPES");
    if ((a->cmd == DD_CMD_CONN_CREATE || a->cmd == DD_CMD_CONN_UPDATE) && !a->types)
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
                if (!opts[id].has_arg)
                    return usage_err(why, n, "--%s takes no value", opts[id].name);
                value = eq + 1;
            }
        } else {
            id = find_short(arg[1]);
            if (id < 0)
                return usage_err(why, n, "unknown option '-%c'", arg[1]);
            if (arg[2]) {
                if (!opts[id].has_arg)
                    return usage_err(why, n, "-%c takes no value", arg[1]);
                value = arg + 2;
            }
        }
        if (opts[id].has_arg && !value) {
            if (i + 1 >= argc || (argv[i + 1][0] == '-' && argv[i + 1][1] == '-'))
                return usage_err(why, n, "--%s needs a value", opts[id].name);
            value = argv[++i];
        }
        if (opts[id].has_arg && !value[0])
            return usage_err(why, n, "--%s needs a non-empty value", opts[id].name);
        if (opts[id].has_arg && (given & BIT(id)))
            return given_twice(id, why, n);
        if (set_opt(a, id, value, why, n))
            return -1;
        given |= BIT(id);
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

void dd_cli_usage(FILE *f)
{
    fputs("Usage: ddorgs [OPTIONS]                      open the console\n"
          "       ddorgs [OPTIONS] COMMAND [ARGS]\n"
          "\n"
          "Commands:\n"
          "  connections list [--sink-org ID] [--source-org ID]\n"
          "                   [--limit N] [--offset N] [--all] [-o FORMAT]\n"
          "  connections create --sink-org ID --types logs,metrics,audit [-o FORMAT]\n"
          "  connections update CONNECTION_ID --types TYPES [-o FORMAT]\n"
          "  connections delete CONNECTION_ID\n"
          "  salesforce list [-o FORMAT]\n"
          "  salesforce delete SALESFORCE_ORG_ID\n"
          "  org disable [--org-uuid UUID]\n"
          "\n"
          "FORMAT: table (the default), json, jsonl (an object a line) or csv.\n"
          "\n"
          "Options (before or after the command):\n"
          "  --profile NAME     use [profile NAME] of ~/.config/ddorgs/config\n"
          "  --site SITE        Datadog site, e.g. datadoghq.eu (default datadoghq.com)\n"
          "  --api-url URL      API base URL (https; http only on loopback)\n"
          "  --read-only        refuse every write\n"
          "  --dry-run          print the request (keys redacted) and send nothing\n"
          "  --demo             run against a local mock with sample data\n"
          "  -y, --yes          do not ask before deleting or disabling\n"
          "  --refresh SECONDS  console: reload the lists every SECONDS\n"
          "  -h, --help         show this help\n"
          "  -V, --version      show the version\n"
          "\n"
          "Keys come from DD_API_KEY and DD_APP_KEY or the profile, never from the\n"
          "command line. Exit codes and details: man ddorgs\n",
          f);
}
