/* The eight documented API operations. Handlers run with the server lock
 * held, read the request, change the state and fill a response, acting as
 * the org the request's keys belong to. They know nothing of HTTP
 * plumbing. */
#ifndef DD_MOCK_ROUTES_H
#define DD_MOCK_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "mock_state.h"

typedef enum mock_route_id {
    ROUTE_LIST_CONNECTIONS,
    ROUTE_CREATE_CONNECTION,
    ROUTE_UPDATE_CONNECTION,
    ROUTE_DELETE_CONNECTION,
    ROUTE_LIST_SALESFORCE,
    ROUTE_DELETE_SALESFORCE,
    ROUTE_DISABLE_ORG,
    ROUTE_LIST_ORGS,
    ROUTE_COUNT
} mock_route_id;

typedef struct mock_req {
    const char *method;
    const char *path;
    const char *param; /* the {id} path segment, or NULL */
    /* Query argument by name, NULL when absent. */
    const char *(*query)(void *qctx, const char *name);
    void *qctx;
    const char *body; /* NUL-terminated, may be empty */
    size_t body_len;
    time_t now;
    long now_usec;    /* microseconds of now: 0 with a fixed clock */
    mock_org *org;    /* the org of the request's keys: never NULL */
    long share_limit; /* orgs a source may share with; 0: no limit */
    long max_page_size; /* rows a list page holds at most, whatever limit asks; 0: no cap */
    long min_page_size; /* rows a list page holds at least (while rows remain); 0: as asked */
} mock_req;

typedef struct mock_resp {
    int status;
    cJSON *json; /* NULL: empty body */
} mock_resp;

typedef void (*mock_handler)(mock_world *s, const mock_req *rq, mock_resp *rs);

void route_list_connections(mock_world *s, const mock_req *rq, mock_resp *rs);
void route_create_connection(mock_world *s, const mock_req *rq, mock_resp *rs);
void route_update_connection(mock_world *s, const mock_req *rq, mock_resp *rs);
void route_delete_connection(mock_world *s, const mock_req *rq, mock_resp *rs);
void route_list_salesforce(mock_world *s, const mock_req *rq, mock_resp *rs);
void route_delete_salesforce(mock_world *s, const mock_req *rq, mock_resp *rs);
void route_disable_org(mock_world *s, const mock_req *rq, mock_resp *rs);
void route_list_orgs(mock_world *s, const mock_req *rq, mock_resp *rs);

/* Route names as used by --fault and X-RateLimit-Name. */
const char *route_name(mock_route_id r);
const char *route_group(mock_route_id r);
/* -1 when unknown; "*" is not a route. */
int route_by_name(const char *name);
/* Whether the route answers errors in the JSON:API form. */
bool route_uses_jsonapi(mock_route_id r);

#endif
