/* One table maps method and path to an operation, its fault name and its
 * rate-limit group. */
#include "mock_route_table.h"

#include <string.h>

typedef struct route_def {
    const char *method;
    const char *prefix; /* the path, or the part before {id} */
    bool has_param;
    const char *name;
    const char *group;
    bool jsonapi;
    mock_handler handler;
} route_def;

#define CONN "/api/v2/org_connections"
#define SF "/api/v2/integration/salesforce-incidents/organizations"

static const route_def ROUTES[ROUTE_COUNT] = {
    [ROUTE_LIST_CONNECTIONS] = {"GET", CONN, false, "list_connections", "org_connections",
                                false, route_list_connections},
    [ROUTE_CREATE_CONNECTION] = {"POST", CONN, false, "create_connection", "org_connections",
                                 false, route_create_connection},
    [ROUTE_UPDATE_CONNECTION] = {"PATCH", CONN, true, "update_connection", "org_connections",
                                 false, route_update_connection},
    [ROUTE_DELETE_CONNECTION] = {"DELETE", CONN, true, "delete_connection", "org_connections",
                                 false, route_delete_connection},
    [ROUTE_LIST_SALESFORCE] = {"GET", SF, false, "list_salesforce", "salesforce_integration",
                               false, route_list_salesforce},
    [ROUTE_DELETE_SALESFORCE] = {"DELETE", SF, true, "delete_salesforce",
                                 "salesforce_integration", false, route_delete_salesforce},
    [ROUTE_DISABLE_ORG] = {"POST", "/api/v2/org/disable", false, "disable_org", "org_disable",
                           true, route_disable_org},
    [ROUTE_LIST_ORGS] = {"GET", "/api/v2/org", false, "list_orgs", "orgs", false,
                         route_list_orgs},
};

const char *route_name(mock_route_id r) { return ROUTES[r].name; }
const char *route_group(mock_route_id r) { return ROUTES[r].group; }
bool route_uses_jsonapi(mock_route_id r) { return ROUTES[r].jsonapi; }
mock_handler route_handler(mock_route_id r) { return ROUTES[r].handler; }

int route_by_name(const char *name)
{
    for (int i = 0; i < ROUTE_COUNT; i++)
        if (strcmp(ROUTES[i].name, name) == 0)
            return i;
    return -1;
}

/* Whether path is the route's path; *param points into path for {id}. */
static bool path_matches(const route_def *d, const char *path, const char **param)
{
    size_t n = strlen(d->prefix);
    if (strncmp(path, d->prefix, n) != 0)
        return false;
    const char *rest = path + n;
    if (!d->has_param)
        return *rest == '\0';
    if (*rest != '/' || rest[1] == '\0' || strchr(rest + 1, '/'))
        return false;
    *param = rest + 1;
    return true;
}

int route_match(const char *method, const char *path, const char **param, char *allow,
                size_t allow_len)
{
    allow[0] = '\0';
    for (int i = 0; i < ROUTE_COUNT; i++) {
        const char *p = NULL;
        if (!path_matches(&ROUTES[i], path, &p))
            continue;
        if (strcmp(ROUTES[i].method, method) == 0) {
            /* Allow belongs to a 405 only: forget the methods of the routes
             * that shared this path but were tried before the match. */
            allow[0] = '\0';
            *param = p;
            return i;
        }
        size_t used = strlen(allow);
        if (used + strlen(ROUTES[i].method) + 3 < allow_len)
            strcat(strcat(allow, used ? ", " : ""), ROUTES[i].method);
    }
    return -1;
}
