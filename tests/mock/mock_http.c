/* libmicrohttpd glue: request bodies, routing, auth, rate-limit headers,
 * faults, the request log and one log line per request. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "mock_body.h"
#include "mock_echo.h"
#include "mock_json.h"
#include "mock_path.h"
#include "mock_route_table.h"
#include "mock_server.h"
#include "mock_time.h"

/* Fixtures for 100,000 connections are tens of MiB; API bodies are tiny. */
#define MAX_BODY (512UL * 1024 * 1024)

typedef struct req_ctx {
    char *route_path; /* the raw path in routing form (mock_path.h) */
    char *raw_path;   /* the path as the request line had it, up to '?' */
    bool started;     /* the access handler has seen this request */
    char *body;
    size_t len, cap;
    bool too_big;
    int64_t start_ms;
} req_ctx;

time_t server_now(const mock_server *srv)
{
    return srv->cfg.fixed_now ? srv->cfg.fixed_now : time(NULL);
}

static int append_body(req_ctx *c, const char *data, size_t n)
{
    if (c->too_big || c->len + n > MAX_BODY) {
        c->too_big = true;
        return 0;
    }
    if (c->len + n + 1 > c->cap) {
        size_t ncap = c->cap ? c->cap : 4096;
        while (ncap < c->len + n + 1)
            ncap *= 2;
        char *p = realloc(c->body, ncap);
        if (!p)
            return -1;
        c->body = p;
        c->cap = ncap;
    }
    memcpy(c->body + c->len, data, n);
    c->len += n;
    c->body[c->len] = '\0';
    return 0;
}

static const char *query_arg(void *qctx, const char *name)
{
    return MHD_lookup_connection_value(qctx, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    cJSON *obj = cls;
    const char *v = value ? value : "";
    if (kind == MHD_HEADER_KIND && reqlog_is_secret_header(key))
        v = "<redacted>";
    cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
    cJSON_AddStringToObject(obj, key, v);
    return MHD_YES;
}

/* Prints a path for the log with control characters escaped, so a hostile
 * request cannot rewrite the operator's terminal. */
static void log_line(const mock_server *srv, const char *method, const char *path, int status,
                     int64_t ms)
{
    if (srv->cfg.quiet)
        return;
    char safe[512];
    size_t j = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p && j + 5 < sizeof safe; p++) {
        if (*p < 0x20 || *p == 0x7f)
            j += (size_t)snprintf(safe + j, sizeof safe - j, "\\x%02x", *p);
        else
            safe[j++] = (char)*p;
    }
    safe[j] = '\0';
    fprintf(stderr, "%s %s %d %lldms\n", method, safe, status, (long long)ms);
}

/* The org the request's keys belong to, or NULL: the configured pair is
 * the self org's, any other pair must be an org's own. Under the lock. */
static mock_org *key_org(const mock_server *srv, struct MHD_Connection *conn)
{
    const char *api = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "DD-API-KEY");
    const char *app = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "DD-APPLICATION-KEY");
    if (!api || !app)
        return NULL;
    if (strcmp(api, srv->cfg.api_key) == 0 && strcmp(app, srv->cfg.app_key) == 0)
        return state_self_org(srv->state);
    return state_org_by_keys(srv->state, api, app);
}

/* The answer to keys that name no org, in the route's form. */
static void unauthorized(mock_route_id r, mock_resp *rs)
{
    if (r == ROUTE_LIST_SALESFORCE || r == ROUTE_DELETE_SALESFORCE)
        resp_error(rs, 403, "Forbidden");
    else if (route_uses_jsonapi(r))
        resp_error_api(rs, 401, NULL, "Unauthorized");
    else
        resp_error(rs, 401, "Unauthorized");
}

static bool accepts_gzip(struct MHD_Connection *conn)
{
    const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
    return ae && strstr(ae, "gzip");
}

/* The error a status fault answers with: the route's own error form,
 * except 429, which is the string form everywhere. */
static void fault_error(mock_route_id r, int status, mock_resp *rs)
{
    /* The API never redirects: a 3xx comes from something in front of it
     * (a proxy, a login page) and carries none of its error bodies. */
    if (status >= 300 && status <= 399) {
        rs->status = status;
        rs->json = NULL;
    } else if (route_uses_jsonapi(r) && status != 429)
        resp_error_api(rs, status, NULL, "%s", status_title(status));
    else if (status == 429)
        resp_error(rs, status, "Too many requests");
    else
        resp_error(rs, status, "%s", status_title(status));
}

/* A careless server or proxy that repeats the keys it was sent, in its
 * error answer and in the redirect it answers with (mock_echo.h): what the
 * client must never pass on. Header values are printable ASCII (MHD
 * checked them). */
static struct MHD_Response *echo_keys_response(struct MHD_Connection *conn, const mock_fault *f,
                                               char **location, char **limit_name)
{
    const char *api = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "DD-API-KEY");
    const char *app = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "DD-APPLICATION-KEY");
    api = api ? api : "";
    app = app ? app : "";
    long pad = echo_pad_for(f);
    if (f->location[0]) {
        *location = echo_location(f, pad, api);
        if (!*location)
            return NULL;
    }
    if (f->status == 429) {
        *limit_name = echo_limit_name(f, pad, api);
        if (!*limit_name)
            return NULL;
    }
    const char *type;
    size_t len;
    char *body = echo_body(f, pad, f->status, api, app, &type, &len);
    if (!body)
        return NULL;
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (resp)
        MHD_add_response_header(resp, "Content-Type", type);
    else
        free(body);
    return resp;
}

static void add_rl_headers(struct MHD_Response *resp, const rl_info *rl)
{
    char v[32];
    snprintf(v, sizeof v, "%ld", rl->limit);
    MHD_add_response_header(resp, "X-RateLimit-Limit", v);
    snprintf(v, sizeof v, "%ld", rl->period);
    MHD_add_response_header(resp, "X-RateLimit-Period", v);
    snprintf(v, sizeof v, "%ld", rl->remaining);
    MHD_add_response_header(resp, "X-RateLimit-Remaining", v);
    snprintf(v, sizeof v, "%ld", rl->reset);
    MHD_add_response_header(resp, "X-RateLimit-Reset", v);
    MHD_add_response_header(resp, "X-RateLimit-Name", rl->name);
}

/* The plain JSON (or empty) response for rs. */
static struct MHD_Response *plain_response(const mock_resp *rs, char *text, size_t len)
{
    if (!text)
        return MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    return MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
}

/* Builds the response, corrupting it as a post-handler fault says. */
static struct MHD_Response *build_response(struct MHD_Connection *conn, mock_resp *rs,
                                           const mock_fault *f, bool *gzip)
{
    *gzip = false;
    if (f && f->kind == FAULT_WRONG_TYPES) {
        if (!rs->json)
            rs->json = cJSON_CreateObject();
        if (f->echo_keys) {
            const char *api = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "DD-API-KEY");
            echo_key_as_type(rs->json, api ? api : "");
        } else {
            fault_wrong_types(rs->json);
        }
    }
    if (f && f->kind == FAULT_EMPTY_PAGE && rs->json)
        fault_empty_page(rs->json);
    char *text = rs->json ? cJSON_PrintUnformatted(rs->json) : NULL;
    size_t len = text ? strlen(text) : 0;
    if (!f)
        return plain_response(rs, text, len);
    switch (f->kind) {
    case FAULT_TRUNCATE:
        if (!text)
            return plain_response(rs, text, len);
        return body_truncated(text, len);
    case FAULT_MALFORMED: {
        size_t mlen;
        char *bad = fault_malformed(text ? text : "", len, &mlen);
        free(text);
        if (rs->status == 204)
            rs->status = 200; /* a 204 cannot carry the bad body */
        return bad ? MHD_create_response_from_buffer(mlen, bad, MHD_RESPMEM_MUST_FREE) : NULL;
    }
    case FAULT_OVERSIZE:
        free(text);
        if (rs->status == 204)
            rs->status = 200;
        *gzip = accepts_gzip(conn);
        return body_oversize(f->size, *gzip);
    case FAULT_DRIP:
        if (!text)
            return plain_response(rs, text, len);
        return body_drip(text, len, f->drip_ms);
    default:
        return plain_response(rs, text, len);
    }
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

static void record(mock_server *srv, struct MHD_Connection *conn, const char *method,
                   const char *path, const req_ctx *c, const char *org_id, int status)
{
    cJSON *query = cJSON_CreateObject();
    cJSON *headers = cJSON_CreateObject();
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_kv, query);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_kv, headers);
    pthread_mutex_lock(&srv->lock);
    reqlog_add(&srv->log, method, path, c->raw_path, query, headers, c->body, c->len, org_id,
               status);
    pthread_mutex_unlock(&srv->lock);
}

static enum MHD_Result queue(struct MHD_Connection *conn, int status,
                             struct MHD_Response *resp)
{
    if (!resp)
        return MHD_NO;
    enum MHD_Result rc = MHD_queue_response(conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* Everything decided under the lock before the handler may run. */
typedef struct gate {
    int route;
    const char *param;
    char allow[64];
    char *id; /* the decoded {id} segment (malloc'd) */
    char *org_id; /* the keys' org (malloc'd), NULL when they name none */
    rl_info rl;
    bool has_rl;
    bool has_fault;
    mock_fault fault;
} gate;

static void check_gate(mock_server *srv, struct MHD_Connection *conn, const char *method,
                       const char *path, gate *g, mock_resp *rs)
{
    const char *seg = NULL;
    g->route = route_match(method, path, &seg, g->allow, sizeof g->allow);
    if (g->route >= 0 && seg) {
        size_t cap = strlen(seg) + 1;
        g->id = malloc(cap);
        if (!g->id || path_decode_segment(seg, g->id, cap) != 0) {
            resp_error(rs, 500, "Internal Server Error");
            return;
        }
    }
    if (g->route < 0) {
        if (g->allow[0])
            resp_error(rs, 405, "Method Not Allowed");
        else
            resp_error(rs, 404, "Not found");
        return;
    }
    g->param = seg ? g->id : NULL;
    mock_route_id r = (mock_route_id)g->route;
    pthread_mutex_lock(&srv->lock);
    const mock_org *me = key_org(srv, conn);
    g->org_id = me ? strdup(me->id) : NULL;
    g->has_rl = true;
    /* Each org has its own windows; keys that name no org spend nothing. */
    bool allowed = rl_check(&srv->rl, me ? me->id : NULL, route_group(r), mock_mono_ms(), &g->rl);
    if (!me)
        unauthorized(r, rs);
    else if (!allowed)
        resp_error(rs, 429, "Too many requests");
    else if (me->disabled && r == ROUTE_DISABLE_ORG)
        resp_error_api(rs, 409, NULL, "Organization %s is already disabled", me->id);
    else if (me->disabled)
        resp_error(rs, 403, "Forbidden");
    else
        g->has_fault = faults_match(&srv->faults, g->route, me->id, &srv->fault_rng,
                                    &g->fault);
    pthread_mutex_unlock(&srv->lock);
}

/* Runs the route's handler as the keys' org, found again under the lock:
 * the state may have been replaced since the gate looked. */
static void run_handler(mock_server *srv, struct MHD_Connection *conn, const char *method,
                        const char *path, const gate *g, const req_ctx *c, mock_resp *rs)
{
    /* One reading of the clock: the second and its microseconds agree. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    bool fixed = srv->cfg.fixed_now != 0;
    mock_req rq = {method, path, g->param, query_arg, conn, c->body ? c->body : "", c->len,
                   fixed ? srv->cfg.fixed_now : ts.tv_sec, fixed ? 0 : ts.tv_nsec / 1000, NULL,
                   srv->cfg.share_limit, srv->cfg.max_page_size,
                   srv->cfg.min_page_size};
    pthread_mutex_lock(&srv->lock);
    rq.org = key_org(srv, conn);
    if (rq.org)
        route_handler((mock_route_id)g->route)(srv->state, &rq, rs);
    else
        unauthorized((mock_route_id)g->route, rs);
    pthread_mutex_unlock(&srv->lock);
}

/* A frozen clock (--now) is the server's clock in every way: its Date
 * header says that time too, so a client can measure its skew against
 * it. libmicrohttpd adds the wall clock's Date only when none is set. */
static void add_date(const mock_server *srv, struct MHD_Response *resp)
{
    if (!srv->cfg.fixed_now)
        return;
    char date[64];
    struct tm tm;
    time_t t = srv->cfg.fixed_now;
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&t, &tm));
    MHD_add_response_header(resp, "Date", date);
}

static enum MHD_Result api_request(mock_server *srv, struct MHD_Connection *conn,
                                   const char *method, const char *path, req_ctx *c)
{
    mock_resp rs = {0, NULL};
    gate g = {0};
    enum MHD_Result ret = MHD_NO;
    char *location = NULL, *limit_name = NULL;
    struct MHD_Response *echo = NULL;
    check_gate(srv, conn, method, path, &g, &rs);
    const mock_fault *post = NULL;
    if (!rs.status) {
        if (g.has_fault && g.fault.latency_ms > 0)
            sleep_ms(g.fault.latency_ms);
        if (g.has_fault && g.fault.kind == FAULT_RESET) {
            record(srv, conn, method, path, c, g.org_id, 0);
            log_line(srv, method, path, 0, mock_mono_ms() - c->start_ms);
            goto out; /* MHD_NO: MHD closes the socket without a reply */
        }
        if (g.has_fault && g.fault.kind == FAULT_STATUS && g.fault.echo_keys) {
            rs.status = g.fault.status;
            echo = echo_keys_response(conn, &g.fault, &location, &limit_name);
            if (!echo)
                goto out;
            if (limit_name) {
                g.rl.name = limit_name;
                g.rl.remaining = 0;
            }
        } else if (g.has_fault && g.fault.kind == FAULT_STATUS) {
            fault_error((mock_route_id)g.route, g.fault.status, &rs);
            if (g.fault.status == 429)
                g.rl.remaining = 0;
        } else {
            run_handler(srv, conn, method, path, &g, c, &rs);
            if (g.has_fault && !fault_before_handler(&g.fault))
                post = &g.fault;
        }
    }
    record(srv, conn, method, path, c, g.org_id, rs.status);
    bool gzip;
    /* 204 and the redirects of status faults carry no body, so no type. */
    bool has_body = (rs.json || post) && !echo;
    struct MHD_Response *resp = echo ? echo : build_response(conn, &rs, post, &gzip);
    if (echo)
        gzip = false;
    cJSON_Delete(rs.json);
    if (!resp)
        goto out;
    if (has_body)
        MHD_add_response_header(resp, "Content-Type", "application/json");
    if (gzip)
        MHD_add_response_header(resp, "Content-Encoding", "gzip");
    if (g.allow[0])
        MHD_add_response_header(resp, "Allow", g.allow);
    if (g.has_fault && g.fault.kind == FAULT_STATUS && g.fault.location[0])
        MHD_add_response_header(resp, "Location", location ? location : g.fault.location);
    if (g.has_fault && g.fault.kind == FAULT_STATUS && g.fault.rl_reset >= 0)
        g.rl.reset = g.fault.rl_reset;
    if (g.has_fault && g.fault.kind == FAULT_STATUS && g.fault.rl_period >= 0)
        g.rl.period = g.fault.rl_period;
    if (g.has_rl)
        add_rl_headers(resp, &g.rl);
    add_date(srv, resp);
    log_line(srv, method, path, rs.status, mock_mono_ms() - c->start_ms);
    ret = queue(conn, rs.status, resp);
out:
    free(location);
    free(limit_name);
    free(g.id);
    free(g.org_id);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    mock_server *srv = cls;
    (void)version;
    req_ctx *c = *con_cls;
    if (!c || !c->route_path)
        return MHD_NO; /* on_uri could not allocate */
    if (!c->started) {
        c->started = true;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (append_body(c, upload_data, *upload_data_size) != 0)
            return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (c->too_big) {
        mock_resp rs = {0, NULL};
        resp_error(&rs, 413, "Request body too large");
        char *text = cJSON_PrintUnformatted(rs.json);
        cJSON_Delete(rs.json);
        log_line(srv, method, url, 413, mock_mono_ms() - c->start_ms);
        struct MHD_Response *resp = plain_response(&rs, text, text ? strlen(text) : 0);
        if (resp)
            MHD_add_response_header(resp, "Content-Type", "application/json");
        return queue(conn, 413, resp);
    }
    if (strncmp(url, "/_mock/", 7) != 0)
        return api_request(srv, conn, method, c->route_path, c);

    mock_resp rs = {0, NULL};
    control_handle(srv, method, url, c->body ? c->body : "", c->len, &rs);
    char *text = rs.json ? cJSON_PrintUnformatted(rs.json) : NULL;
    cJSON_Delete(rs.json);
    struct MHD_Response *resp = plain_response(&rs, text, text ? strlen(text) : 0);
    if (resp)
        MHD_add_response_header(resp, "Content-Type", "application/json");
    log_line(srv, method, url, rs.status, mock_mono_ms() - c->start_ms);
    return queue(conn, rs.status, resp);
}

/* Called with the raw URI before libmicrohttpd decodes it: the request's
 * context starts here, keeping the path's escapes (mock_path.h). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    req_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->start_ms = mock_mono_ms();
    c->route_path = path_for_routing(uri);
    c->raw_path = strndup(uri, strcspn(uri, "?"));
    return c;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)conn;
    (void)code;
    req_ctx *c = *con_cls;
    if (c) {
        free(c->route_path);
        free(c->raw_path);
        free(c->body);
        free(c);
        *con_cls = NULL;
    }
}

int server_start(mock_server *srv, int port, int *bound, char *err, size_t errlen)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* A thread per connection: latency and drip faults sleep without
     * holding up other clients. */
    srv->daemon = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL,
        (uint16_t)port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&addr, MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    if (!srv->daemon) {
        snprintf(err, errlen, "cannot listen on 127.0.0.1:%d", port);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    *bound = info ? info->port : port;
    return 0;
}

void server_stop(mock_server *srv)
{
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    srv->daemon = NULL;
}
