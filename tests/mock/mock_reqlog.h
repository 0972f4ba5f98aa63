/* The log of API requests the mock answered, served by /_mock/requests so
 * tests can check what a client really sent. Keys never enter it. */
#ifndef DD_MOCK_REQLOG_H
#define DD_MOCK_REQLOG_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Oldest entries are dropped beyond this, so a long benchmark cannot eat
 * the machine's memory. */
#define REQLOG_MAX 20000
#define REQLOG_BODY_MAX (1024 * 1024)

typedef struct mock_reqlog {
    cJSON *entries; /* array */
    size_t n;       /* its length: cJSON counts by walking the list */
    long dropped;
} mock_reqlog;

void reqlog_init(mock_reqlog *l);
void reqlog_free(mock_reqlog *l);
/* Takes ownership of query and headers (objects). path: the routing form
 * (mock_path.h); raw_path: the path exactly as the request line had it,
 * escapes and all (up to the '?'). org_id: the org the request's keys
 * belong to, NULL when they name none. */
void reqlog_add(mock_reqlog *l, const char *method, const char *path, const char *raw_path,
                cJSON *query, cJSON *headers, const char *body, size_t body_len,
                const char *org_id, int status);
void reqlog_clear(mock_reqlog *l);
/* {"requests":[...], "dropped":N}; the caller owns it. */
cJSON *reqlog_to_json(const mock_reqlog *l);
/* Whether a header's value must be hidden. */
int reqlog_is_secret_header(const char *name);

#endif
