/* The running server: configuration plus everything shared between
 * connection threads, all of it guarded by one mutex. */
#ifndef DD_MOCK_SERVER_H
#define DD_MOCK_SERVER_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "mock_faults.h"
#include "mock_ratelimit.h"
#include "mock_reqlog.h"
#include "mock_rng.h"
#include "mock_routes.h"
#include "mock_state.h"

typedef struct mock_config {
    const char *api_key; /* the configured pair: the self org's keys */
    const char *app_key;
    long share_limit;    /* orgs a source may share with; 0: no limit */
    bool quiet;
    time_t fixed_now; /* 0: the wall clock */
    long max_page_size; /* --max-page-size: a list page's rows at most; 0: no cap */
    long min_page_size; /* --min-page-size: a list page's rows at least; 0: as asked */
} mock_config;

typedef struct mock_server {
    mock_config cfg;
    pthread_mutex_t lock;
    mock_world *state;
    mock_faults faults;
    mock_ratelimit rl;
    mock_reqlog log;
    mock_rng fault_rng;
    struct MHD_Daemon *daemon;
} mock_server;

time_t server_now(const mock_server *srv);

/* Listens on 127.0.0.1:port (0: any free port); *bound gets the port. */
int server_start(mock_server *srv, int port, int *bound, char *err, size_t errlen);
void server_stop(mock_server *srv);

/* /_mock/... control routes; no auth, no rate limit, not recorded. */
void control_handle(mock_server *srv, const char *method, const char *path, const char *body,
                    size_t body_len, mock_resp *rs);

#endif
