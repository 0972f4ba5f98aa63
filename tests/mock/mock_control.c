/* Control routes under /_mock: state dump and replace, the orgs' keys,
 * request log, faults. Tests and the demo mode use them; clients never see
 * them. */
#include <stdio.h>
#include <string.h>

#include "mock_json.h"
#include "mock_keys.h"
#include "mock_server.h"

static void method_not_allowed(mock_resp *rs) { resp_error(rs, 405, "Method Not Allowed"); }

static void ok(mock_resp *rs)
{
    rs->status = 200;
    rs->json = cJSON_CreateObject();
    cJSON_AddBoolToObject(rs->json, "ok", 1);
}

static void state_route(mock_server *srv, const char *method, const char *body, size_t len,
                        mock_resp *rs)
{
    if (strcmp(method, "GET") == 0) {
        pthread_mutex_lock(&srv->lock);
        rs->json = state_to_json(srv->state);
        pthread_mutex_unlock(&srv->lock);
        rs->status = 200;
        return;
    }
    if (strcmp(method, "PUT") != 0) {
        method_not_allowed(rs);
        return;
    }
    /* The new state is built without the lock; requests keep being served
     * from the old one until the swap. */
    cJSON *doc = cJSON_ParseWithLength(body, len);
    char err[512] = "not a JSON document";
    mock_world *s = doc ? state_from_json(doc, err, sizeof err) : NULL;
    cJSON_Delete(doc);
    if (!s) {
        resp_error(rs, 400, "invalid fixture: %s", err);
        return;
    }
    pthread_mutex_lock(&srv->lock);
    mock_world *old = srv->state;
    srv->state = s;
    pthread_mutex_unlock(&srv->lock);
    state_free(old);
    ok(rs);
}

static void requests_route(mock_server *srv, const char *method, mock_resp *rs)
{
    if (strcmp(method, "GET") == 0) {
        pthread_mutex_lock(&srv->lock);
        rs->json = reqlog_to_json(&srv->log);
        pthread_mutex_unlock(&srv->lock);
        rs->status = 200;
    } else if (strcmp(method, "DELETE") == 0) {
        pthread_mutex_lock(&srv->lock);
        reqlog_clear(&srv->log);
        pthread_mutex_unlock(&srv->lock);
        ok(rs);
    } else {
        method_not_allowed(rs);
    }
}

static void faults_route(mock_server *srv, const char *method, const char *body, size_t len,
                         mock_resp *rs)
{
    if (strcmp(method, "GET") == 0) {
        pthread_mutex_lock(&srv->lock);
        rs->json = faults_to_json(&srv->faults);
        pthread_mutex_unlock(&srv->lock);
        rs->status = 200;
        return;
    }
    if (strcmp(method, "DELETE") == 0) {
        pthread_mutex_lock(&srv->lock);
        faults_clear(&srv->faults);
        pthread_mutex_unlock(&srv->lock);
        ok(rs);
        return;
    }
    if (strcmp(method, "POST") != 0) {
        method_not_allowed(rs);
        return;
    }
    /* One fault object, or an array of them added together. */
    cJSON *doc = cJSON_ParseWithLength(body, len);
    if (!doc || (!cJSON_IsObject(doc) && !cJSON_IsArray(doc))) {
        cJSON_Delete(doc);
        resp_error(rs, 400, "expected a fault object or an array of them");
        return;
    }
    int n = cJSON_IsArray(doc) ? cJSON_GetArraySize(doc) : 1;
    mock_fault parsed[32];
    if (n > 32) {
        cJSON_Delete(doc);
        resp_error(rs, 400, "at most 32 faults per request");
        return;
    }
    char err[256];
    for (int i = 0; i < n; i++) {
        const cJSON *o = cJSON_IsArray(doc) ? cJSON_GetArrayItem(doc, i) : doc;
        if (fault_parse_json(o, &parsed[i], err, sizeof err) != 0) {
            cJSON_Delete(doc);
            resp_error(rs, 400, "%s", err);
            return;
        }
    }
    cJSON_Delete(doc);
    pthread_mutex_lock(&srv->lock);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = faults_add(&srv->faults, &parsed[i]);
    pthread_mutex_unlock(&srv->lock);
    if (rc != 0)
        resp_error(rs, 500, "out of memory");
    else
        ok(rs);
}

void control_handle(mock_server *srv, const char *method, const char *path, const char *body,
                    size_t body_len, mock_resp *rs)
{
    if (strcmp(path, "/_mock/state") == 0)
        state_route(srv, method, body, body_len, rs);
    else if (strcmp(path, "/_mock/requests") == 0)
        requests_route(srv, method, rs);
    else if (strcmp(path, "/_mock/faults") == 0)
        faults_route(srv, method, body, body_len, rs);
    else if (strcmp(path, "/_mock/health") == 0 && strcmp(method, "GET") == 0)
        ok(rs);
    else if (strcmp(path, "/_mock/keys") == 0 && strcmp(method, "GET") == 0) {
        pthread_mutex_lock(&srv->lock);
        rs->json = keys_to_json(srv->state, srv->cfg.api_key, srv->cfg.app_key);
        pthread_mutex_unlock(&srv->lock);
        rs->status = 200;
    }
    else
        resp_error(rs, 404, "Not found");
}
