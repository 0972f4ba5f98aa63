/* Test harness: runs ddorgs-mock ($DDORGS_MOCK_BIN) as a child process on a
 * free loopback port and talks to its control endpoints. Used by the
 * integration, CLI and screen tests. */
#ifndef DD_MOCK_HARNESS_H
#define DD_MOCK_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

/* Keys the mock accepts unless told otherwise (--api-key / --app-key). */
#define MOCK_API_KEY "mock-api-key-2f8104fba08f6d3682da2b"
#define MOCK_APP_KEY "mock-app-key-d8e369316bf60b7d9b3263896cf74"

typedef struct mock_proc {
    pid_t pid;
    int port;
    char url[64];        /* "http://127.0.0.1:PORT" */
    char dir[256];       /* private temp dir (port file, stderr log) */
    char log_path[300];  /* the mock's stderr */
} mock_proc;

/* Starts the mock with extra command-line arguments (NULL-terminated list,
 * may be NULL) plus --port 0 --port-file; waits until it listens.
 * Returns 0, or -1 with a message on stderr. */
int mock_start(mock_proc *m, const char *const *extra_args);
/* SIGTERM, wait; removes the temp dir. Safe on a never-started mock. */
void mock_stop(mock_proc *m);

/* Control endpoint calls. Return the HTTP status (or -1), body malloc'd into
 * *body when body != NULL. */
long mock_http(mock_proc *m, const char *method, const char *path, const char *req_body,
               char **body);
/* GET /_mock/state parsed; NULL on failure. Caller cJSON_Delete()s. */
cJSON *mock_state(mock_proc *m);
/* GET /_mock/requests parsed (the "requests" array owner); NULL on failure. */
cJSON *mock_requests(mock_proc *m);
/* Number of requests received with this method and path prefix (e.g.
 * "POST", "/api/v2/org_connections"); -1 on failure. */
int mock_count_requests(mock_proc *m, const char *method, const char *path_prefix);
/* DELETE /_mock/requests. */
int mock_clear_requests(mock_proc *m);
/* POST /_mock/faults with a JSON fault spec; DELETE /_mock/faults. */
int mock_add_fault(mock_proc *m, const char *fault_json);
int mock_clear_faults(mock_proc *m);
/* PUT /_mock/state with a fixture document. */
int mock_load_state(mock_proc *m, const char *fixture_json);

#endif
