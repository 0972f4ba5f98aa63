/* The command line's side of errors: the exit code for an error, and the
 * one line that says what happened and what to do, derived from the
 * command that ran; every such line is cleaned (dd_cli_say). */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "retry.h"
#include "sanitize.h"

int dd_exit_for_error(const dd_error *e)
{
    switch (e->code) {
    case DD_OK: return DD_EXIT_OK;
    case DD_E_USAGE: return DD_EXIT_USAGE;
    case DD_E_CONFIG: return DD_EXIT_CONFIG;
    case DD_E_READ_ONLY: return DD_EXIT_READ_ONLY;
    case DD_E_NETWORK:
    case DD_E_TIMEOUT:
    case DD_E_CANCELLED: return DD_EXIT_NETWORK;
    case DD_E_TOO_LARGE:
    case DD_E_PROTOCOL: return DD_EXIT_SERVER;
    case DD_E_NOMEM:
    case DD_E_IO: return DD_EXIT_INTERNAL;
    case DD_E_INCOMPLETE: return DD_EXIT_INCOMPLETE;
    case DD_E_HTTP: break;
    }
    long s = e->http_status;
    if (s == 401 || s == 403)
        return DD_EXIT_AUTH;
    if (s == 404)
        return DD_EXIT_NOT_FOUND;
    if (s == 409)
        return DD_EXIT_CONFLICT;
    if (s == 429)
        return DD_EXIT_RATE_LIMITED;
    /* The API never redirects: something between us and it answered. */
    if (s >= 300 && s < 400)
        return DD_EXIT_NETWORK;
    if (s >= 400 && s < 500)
        return DD_EXIT_BAD_REQUEST;
    return DD_EXIT_SERVER;
}

/* Every switch over the commands below lists them all, with no default:
 * a hint is derived from the command that ran, and a command added later
 * is a compiler warning until each hint has its own words for it. */
void dd_cli_check_advice(const dd_cli_args *a, char *buf, size_t n)
{
    switch (a->cmd) {
    case DD_CMD_CONN_CREATE:
        snprintf(buf, n, "check with 'ddorgs connections list --sink-org %s'", a->sink_org);
        return;
    case DD_CMD_CONN_UPDATE:
    case DD_CMD_CONN_DELETE: snprintf(buf, n, "check with 'ddorgs connections list'"); return;
    case DD_CMD_SF_DELETE: snprintf(buf, n, "check with 'ddorgs salesforce list'"); return;
    /* The managed-orgs listing says whether an org is disabled, but a
     * disabled org's own keys get 403 on every call: the check is made
     * from another org of the account (the parent, which manages it). */
    case DD_CMD_ORG_DISABLE:
        snprintf(buf, n, "check from another org of the account, e.g. with 'ddorgs --profile "
                         "PARENT orgs list', where this org shows as disabled (once disabled, "
                         "its own keys get 403 on every call)");
        return;
    /* Reads change nothing: there is no result to check. */
    case DD_CMD_CONN_LIST:
    case DD_CMD_SF_LIST:
    case DD_CMD_ORGS_LIST:
    case DD_CMD_DOCTOR:
    case DD_CMD_COMPLETION:
    case DD_CMD_NONE: break;
    }
    snprintf(buf, n, "check the result");
}


/* A write that failed after it may have reached the server (5xx, an
 * answer lost or unreadable, a broken connection): repeating it blindly
 * could apply it twice, so the hint says how to look first. A 2xx whose
 * body could not be read was applied (the error's text says the server
 * accepted it): then the advice is not to repeat it at all. */
static const char *maybe_applied_hint(const dd_error *e, const dd_cli_args *a, char *buf,
                                      size_t n)
{
    char check[300];
    dd_cli_check_advice(a, check, sizeof(check));
    if (e->http_status >= 200 && e->http_status <= 299)
        snprintf(buf, n, "Do not repeat it: %s", check);
    else
        snprintf(buf, n, "The change may have been applied: %s before trying again", check);
    return buf;
}

/* A disabled org's keys get 403 on every call but the disable itself:
 * what a 403 adds after the permissions it may lack. */
#define MAYBE_DISABLED                                                                         \
    ". The org may also be disabled: a disabled org's keys get 403 on every call; check "      \
    "from another org of the account, e.g. with 'ddorgs --profile PARENT orgs list'"

/* The permission each operation needs comes from its row (ops.h). */
static const char *auth_hint(const dd_error *e, dd_cli_cmd cmd, char *buf, size_t n)
{
    static const char keys[] = "Check DD_API_KEY and DD_APP_KEY (or the profile's keys) and the "
                               "site";
    /* Datadog answers a bad key with 403 as often as with 401. */
    const dd_op *op = dd_op_get((int)cmd);
    if (e->http_status == 401 || !op)
        return keys;
    if (cmd == DD_CMD_ORG_DISABLE)
        snprintf(buf, n, "Check the keys and the site. Disabling needs %s, an org created in "
                         "the last 10 days, and the feature enabled for the org",
                 op->permission);
    else
        snprintf(buf, n, "%s; the application key needs %s" MAYBE_DISABLED, keys,
                 op->permission);
    return buf;
}

/* A 404 names what was not found: the given ID when there is one, else
 * the API itself (a wrong site or --api-url). */
static const char *not_found_hint(const dd_cli_args *a)
{
    switch (a->cmd) {
    case DD_CMD_CONN_UPDATE:
    case DD_CMD_CONN_DELETE: return "Check the ID with 'ddorgs connections list'";
    case DD_CMD_SF_DELETE: return "Check the ID with 'ddorgs salesforce list'";
    case DD_CMD_CONN_CREATE: return "Check the sink org ID";
    case DD_CMD_CONN_LIST:
        if (a->sink_org || a->source_org)
            return "Check the org IDs given with --sink-org and --source-org, and the site";
        break;
    case DD_CMD_ORG_DISABLE:
        if (a->org_uuid)
            return "Check the org UUID and the site: the keys must belong to that org";
        break;
    case DD_CMD_SF_LIST:
    case DD_CMD_ORGS_LIST:
    case DD_CMD_DOCTOR:
    case DD_CMD_COMPLETION:
    case DD_CMD_NONE: break;
    }
    return "Check the site and --api-url: the API was not found there";
}

static const char *conflict_hint(const dd_cli_args *a, char *buf, size_t n)
{
    switch (a->cmd) {
    case DD_CMD_ORG_DISABLE: return "The org is already disabled";
    case DD_CMD_CONN_CREATE:
        snprintf(buf, n, "See the existing connection with 'ddorgs connections list --sink-org "
                         "%s'", a->sink_org);
        return buf;
    case DD_CMD_CONN_UPDATE:
    case DD_CMD_CONN_DELETE:
        return "See the connection's current state with 'ddorgs connections list'";
    case DD_CMD_SF_DELETE: return "See the Salesforce org's state with 'ddorgs salesforce list'";
    /* The API documents no 409 for a read: something else answered. */
    case DD_CMD_CONN_LIST:
    case DD_CMD_SF_LIST:
    case DD_CMD_ORGS_LIST:
        snprintf(buf, n, "A list never conflicts with anything: try 'ddorgs %s' again, and if "
                         "it persists check the site, --api-url and any proxy",
                 dd_cli_cmd_name(a->cmd));
        return buf;
    case DD_CMD_DOCTOR:
    case DD_CMD_COMPLETION:
    case DD_CMD_NONE: break;
    }
    return "Try again";
}

/* The server's X-RateLimit-Reset, when it is believable by the client's
 * one rule (dd_retry_reset_s: at most two days, within the window); the
 * error text already says when it was not. A wait of hours is said in
 * hours. */
static const char *rate_limit_hint(long secs, char *buf, size_t n)
{
    if (secs <= 0 || secs > DD_RETRY_MAX_RESET_S)
        return "Wait a minute and try again";
    if (secs <= 3600)
        snprintf(buf, n, "Wait %ld seconds and try again", secs);
    else
        snprintf(buf, n, "The server asks to wait about %ld hours; try again then",
                 (secs + 1799) / 3600);
    return buf;
}

static const char *bad_request_hint(const dd_error *e)
{
    /* Our only large headers are the keys: a 431 means one holds more
     * than a key, or a proxy adds headers of its own. */
    if (e->http_status == 431)
        return "The request headers were refused as too large: check that DD_API_KEY and "
               "DD_APP_KEY (or the profile's keys) hold just the keys, and any proxy";
    /* A proxy in between asks for credentials (client_send.c). */
    if (e->http_status == 407)
        return "Give the proxy's user and password in https_proxy "
               "(https://USER:PASSWORD@HOST:PORT), or use a proxy that needs none; "
               "'ddorgs doctor' shows the proxy in use";
    return "Check the arguments; see 'ddorgs --help'";
}

static const char *hint_for(const dd_error *e, const dd_cli_args *a, char *buf, size_t n)
{
    bool write = dd_cli_cmd_writes(a->cmd);
    switch (dd_exit_for_error(e)) {
    case DD_EXIT_AUTH: return auth_hint(e, a->cmd, buf, n);
    case DD_EXIT_NOT_FOUND: return not_found_hint(a);
    case DD_EXIT_CONFLICT: return conflict_hint(a, buf, n);
    case DD_EXIT_RATE_LIMITED: return rate_limit_hint(e->retry_after, buf, n);
    case DD_EXIT_NETWORK:
        if (e->code == DD_E_CANCELLED)
            return "Nothing more was sent";
        /* The redirect's own text already says where it led and what to
         * check. */
        if (e->http_status >= 300 && e->http_status < 400)
            return "";
        if (write && dd_error_write_maybe_applied(e))
            return maybe_applied_hint(e, a, buf, n);
        return "Check the network, proxy settings and --site/--api-url, then try again";
    case DD_EXIT_SERVER:
        if (write && dd_error_write_maybe_applied(e))
            return maybe_applied_hint(e, a, buf, n);
        return "The service answered unexpectedly; try again later";
    case DD_EXIT_BAD_REQUEST: return bad_request_hint(e);
    case DD_EXIT_READ_ONLY:
        return "Drop --read-only, unset DDORGS_READ_ONLY, or set read_only = false in the profile";
    case DD_EXIT_INCOMPLETE:
        return "The rows received were printed. Run it again; if the list stays short, the "
               "server or a proxy in front of it ends listings early";
    default: return "";
    }
}

void dd_cli_say(FILE *f, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int len = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    char clean[DD_SAN_MAX_BYTES + 8];
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        dd_sanitize_into(p, n, dd_sanitize_mode, clean, sizeof(clean));
        fputs(clean, f);
        if (p[n] == '\n')
            fputc('\n', f);
        p += n + (p[n] == '\n');
    }
    free(text);
}

void dd_cli_report(const dd_error *e, const dd_cli_args *a)
{
    char text[1024], hintbuf[512];
    dd_error_describe(e, text, sizeof(text));
    size_t len = strlen(text);
    while (len && (text[len - 1] == '.' || text[len - 1] == ' '))
        text[--len] = '\0';
    const char *hint = hint_for(e, a, hintbuf, sizeof(hintbuf));
    /* The text may quote the command line (a profile, a site) and the hint
     * an org ID given with it. */
    if (hint[0])
        dd_cli_say(stderr, "ddorgs: %s. %s.\n", text, hint);
    else
        dd_cli_say(stderr, "ddorgs: %s.\n", text);
}
