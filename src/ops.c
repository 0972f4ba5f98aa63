/* The operations table (ops.h) and its lookups. */
#include "ops.h"

#include <stdio.h>
#include <string.h>

/* Lists, by store.h's dd_which numbering. */
enum { LIST_CONNS = 0, LIST_SF = 1, LIST_ORGS = 2 };

const dd_op dd_ops[DD_OP_COUNT] = {
    [DD_OP_CONN_LIST] = {
        .id = DD_OP_CONN_LIST, .noun = "connections", .verb = "list",
        .cli_args = "[--sink-org ID] [--source-org ID] [--limit N --offset N | --all]",
        .summary = "list the org connections the keys' org takes part in",
        .title = "connections list", .permission = "org_connections_read",
        .method = "GET", .path = "/api/v2/org_connections",
        .list = LIST_CONNS, .retry = DD_RETRY_READ,
    },
    [DD_OP_CONN_CREATE] = {
        .id = DD_OP_CONN_CREATE, .noun = "connections", .verb = "create",
        .cli_args = "--sink-org ID --types logs,metrics",
        .summary = "create a connection from the keys' org to a sink org",
        .title = "create", .permission = "org_connections_write",
        .method = "POST", .path = "/api/v2/org_connections",
        .audit = "connections.create", .writes = true, .account_routed = true,
        .confirm_cli = DD_CONFIRM_NONE, .confirm_console = DD_CONFIRM_REVIEW,
        .confirm_why = "the command line already names the sink and the types (--dry-run "
                       "shows the request); the console's form shows the exact request "
                       "before Enter sends it",
        /* Datadog's cross-org visibility docs: the sink queries the
         * source's data as its own. */
        .consequence = "once connected, the sink org can query the source org's data of these "
                       "types as its own, sensitive data included",
        .list = LIST_CONNS, .retry = DD_RETRY_WRITE,
    },
    [DD_OP_CONN_UPDATE] = {
        .id = DD_OP_CONN_UPDATE, .noun = "connections", .verb = "update",
        .cli_args = "CONNECTION_ID --types logs,audit",
        .summary = "replace a connection's types",
        .title = "update", .permission = "org_connections_write",
        .method = "PATCH", .path = "/api/v2/org_connections/{id}",
        .audit = "connections.update", .writes = true, .account_routed = true,
        .confirm_cli = DD_CONFIRM_NONE, .confirm_console = DD_CONFIRM_REVIEW,
        .confirm_why = "the command line already names the connection and the new types; "
                       "the console shows the change and the exact request before Enter "
                       "sends it",
        .list = LIST_CONNS, .retry = DD_RETRY_WRITE,
    },
    [DD_OP_CONN_DELETE] = {
        .id = DD_OP_CONN_DELETE, .noun = "connections", .verb = "delete",
        .cli_args = "CONNECTION_ID",
        .summary = "delete a connection (data stops flowing to the sink)",
        .title = "delete", .permission = "org_connections_write",
        .method = "DELETE", .path = "/api/v2/org_connections/{id}",
        .audit = "connections.delete", .writes = true, .account_routed = true,
        .confirm_cli = DD_CONFIRM_ID8, .confirm_console = DD_CONFIRM_YES_NO,
        .confirm_why = "the console can undo a delete for 30 s (u re-creates the connection "
                       "from the keys' org), so a Yes/No question is enough there while undo "
                       "is possible; the command line has no undo, and neither has the console "
                       "for a connection from another source org: both then ask for the "
                       "first 8 characters of the id",
        .list = LIST_CONNS, .retry = DD_RETRY_WRITE,
    },
    [DD_OP_SF_LIST] = {
        .id = DD_OP_SF_LIST, .noun = "salesforce", .verb = "list",
        .cli_args = "",
        .summary = "list the connected Salesforce orgs",
        .title = "Salesforce list", .permission = "integrations_read",
        .method = "GET", .path = "/api/v2/integration/salesforce-incidents/organizations",
        .list = LIST_SF, .retry = DD_RETRY_READ,
    },
    [DD_OP_SF_DELETE] = {
        .id = DD_OP_SF_DELETE, .noun = "salesforce", .verb = "delete",
        .cli_args = "SALESFORCE_ORG_ID",
        .summary = "delete a Salesforce org and the incident templates that use it",
        .title = "Salesforce delete", .permission = "manage_integrations",
        .method = "DELETE",
        .path = "/api/v2/integration/salesforce-incidents/organizations/{id}",
        .audit = "salesforce.delete", .writes = true,
        .confirm_cli = DD_CONFIRM_NAME, .confirm_console = DD_CONFIRM_NAME,
        .list = LIST_SF, .retry = DD_RETRY_WRITE,
    },
    [DD_OP_ORG_DISABLE] = {
        .id = DD_OP_ORG_DISABLE, .noun = "org", .verb = "disable",
        .cli_args = "[--org-uuid UUID]",
        .summary = "disable the org that owns the keys (its users lose access)",
        .title = "org disable", .permission = "org_management",
        .method = "POST", .path = "/api/v2/org/disable",
        .audit = "org.disable", .writes = true,
        .confirm_cli = DD_CONFIRM_UUID, .confirm_console = DD_CONFIRM_UUID,
        .list = DD_OPS_NO_LIST, .retry = DD_RETRY_WRITE,
    },
    [DD_OP_ORGS_LIST] = {
        .id = DD_OP_ORGS_LIST, .noun = "orgs", .verb = "list",
        .cli_args = "[--name TEXT]",
        .summary = "list the managed organizations: the keys' org and the orgs it manages",
        .title = "org list", .permission = "org_management or org_connections_write",
        .method = "GET", .path = "/api/v2/org",
        .list = LIST_ORGS, .retry = DD_RETRY_READ,
    },
};

const dd_op *dd_op_get(int id)
{
    return id >= 0 && id < DD_OP_COUNT ? &dd_ops[id] : NULL;
}

const dd_op *dd_op_by_words(const char *noun, const char *verb)
{
    if (!noun || !verb)
        return NULL;
    for (int i = 0; i < DD_OP_COUNT; i++)
        if (strcmp(dd_ops[i].noun, noun) == 0 && strcmp(dd_ops[i].verb, verb) == 0)
            return &dd_ops[i];
    return NULL;
}

void dd_op_words(const dd_op *op, char *buf, size_t n)
{
    snprintf(buf, n, "%s %s", op->noun, op->verb);
}

void dd_op_request_line(const dd_op *op, char *buf, size_t n)
{
    snprintf(buf, n, "%s %s", op->method, op->path);
}
