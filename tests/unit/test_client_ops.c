/* The operations table (ops.h) drives the client: each call sends its row's
 * method and path (as --dry-run prints the request line), is refused in
 * read-only mode and audited exactly when its row writes, under its row's
 * audit name, and is retried after a lost connection exactly when its row's
 * retry class is the read class. No network: a dry run, and a loopback
 * port nothing listens on. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "client.h"
#include "client_test.h"
#include "http.h"
#include "ops.h"
#include "suite_main.h"

#define BASE "https://api.example.test"
#define CONN_ID "11111111-2222-4333-8444-555555555555"
#define SINK_ID "66666666-7777-4888-8999-000000000000"
#define SF_ID "sf org/7"
#define SF_SEGMENT "sf%20org%2F7"

static char tmpdir[64];
static char dead_url[64];

/* The id the call below puts in its path, as the path holds it; NULL for
 * an operation without a target in its path. */
static const char *path_id(dd_op_id id)
{
    switch (id) {
    case DD_OP_CONN_UPDATE:
    case DD_OP_CONN_DELETE:
        return CONN_ID;
    case DD_OP_SF_DELETE:
        return SF_SEGMENT;
    default:
        return NULL;
    }
}

/* Makes the client call of operation id with valid arguments. */
static dd_status call(dd_client *c, dd_op_id id, dd_error *err)
{
    static const char *const types[] = { "logs", "metrics" };
    dd_conn_list conns;
    dd_sf_list sfs;
    dd_managed_orgs orgs;
    dd_disable_result dis = { 0 };
    ck_assert_int_eq(dd_conn_list_init(&conns), 0);
    ck_assert_int_eq(dd_sf_list_init(&sfs), 0);
    ck_assert_int_eq(dd_managed_orgs_init(&orgs), 0);
    dd_status st = DD_E_USAGE;
    switch (id) {
    case DD_OP_CONN_LIST:
        st = dd_list_connections(c, NULL, &conns, err);
        break;
    case DD_OP_CONN_CREATE:
        st = dd_create_connection(c, SINK_ID, types, 2, &conns, err);
        break;
    case DD_OP_CONN_UPDATE:
        st = dd_update_connection(c, CONN_ID, types, 2, &conns, err);
        break;
    case DD_OP_CONN_DELETE:
        st = dd_delete_connection(c, CONN_ID, err);
        break;
    case DD_OP_SF_LIST:
        st = dd_list_salesforce(c, &sfs, err);
        break;
    case DD_OP_SF_DELETE:
        st = dd_delete_salesforce(c, SF_ID, err);
        break;
    case DD_OP_ORG_DISABLE:
        st = dd_disable_org(c, NULL, &dis, err);
        break;
    case DD_OP_ORGS_LIST:
        st = dd_list_managed_orgs(c, NULL, &orgs, err);
        break;
    case DD_OP_COUNT:
        ck_abort_msg("no call for operation %d", (int)id);
    }
    dd_conn_list_free(&conns);
    dd_sf_list_free(&sfs);
    dd_managed_orgs_free(&orgs);
    dd_disable_result_free(&dis);
    return st;
}

static dd_client_opts opts(const char *base)
{
    dd_client_opts o;
    memset(&o, 0, sizeof(o));
    o.base_url = base;
    o.api_key = "test-api-key-0000";
    o.app_key = "test-app-key-0000";
    o.site = "test";
    o.profile = "ops";
    o.max_rate_wait_s = 1;
    o.http.connect_timeout_s = 5;
    o.http.timeout_s = 5;
    o.http.allow_http = true;
    return o;
}

/* "DELETE https://api.example.test/api/v2/org_connections/<id>": the row's
 * method and path template, the target's id in place of {id}. */
static void request_line(const dd_op *op, char *buf, size_t n)
{
    const char *brace = strstr(op->path, "{id}");
    const char *id = path_id(op->id);
    ck_assert_msg((brace != NULL) == (id != NULL), "%s %s", op->noun, op->verb);
    if (brace)
        snprintf(buf, n, "%s %s%.*s%s%s", op->method, BASE, (int)(brace - op->path), op->path,
                 id, brace + 4);
    else
        snprintf(buf, n, "%s %s%s", op->method, BASE, op->path);
}

/* Makes op's call on a dry-running client (read-only or not); what it
 * printed into *out (malloc'd, *len bytes). */
static dd_status dry_call(const dd_op *op, bool read_only, char **out, size_t *len,
                          dd_error *err)
{
    FILE *f = open_memstream(out, len);
    ck_assert_ptr_nonnull(f);
    dd_client_opts o = opts(BASE);
    o.dry_run = f;
    o.read_only = read_only;
    dd_client *c = test_client_new(&o);
    dd_error_init(err);
    dd_status st = call(c, op->id, err);
    dd_client_free(c);
    fclose(f);
    return st;
}

START_TEST(dry_run_prints_each_rows_request_line)
{
    for (int i = 0; i < DD_OP_COUNT; i++) {
        const dd_op *op = &dd_ops[i];
        char *out = NULL;
        size_t len = 0;
        dd_error err;
        ck_assert_msg(dry_call(op, false, &out, &len, &err) == DD_OK, "%s %s: %s", op->noun,
                      op->verb, err.text);
        char want[300];
        request_line(op, want, sizeof(want));
        ck_assert_msg(strncmp(out, want, strlen(want)) == 0 && out[strlen(want)] == '\n',
                      "%s %s printed \"%s\", its row says \"%s\"", op->noun, op->verb, out, want);
        free(out);
    }
}
END_TEST

START_TEST(read_only_refuses_exactly_the_writes_by_their_audit_name)
{
    for (int i = 0; i < DD_OP_COUNT; i++) {
        const dd_op *op = &dd_ops[i];
        char *out = NULL;
        size_t len = 0;
        dd_error err;
        dd_status st = dry_call(op, true, &out, &len, &err);
        if (op->writes) {
            char want[100];
            snprintf(want, sizeof(want), "read-only mode: %s not sent", op->audit);
            ck_assert_int_eq(st, DD_E_READ_ONLY);
            ck_assert_str_eq(err.text, want);
            ck_assert(err.not_sent);
            ck_assert_msg(len == 0, "%s %s printed \"%s\"", op->noun, op->verb, out);
        } else {
            ck_assert_msg(st == DD_OK, "%s %s: %s", op->noun, op->verb, err.text);
            ck_assert_str_eq(strtok(out, " "), op->method);
        }
        free(out);
    }
}
END_TEST

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ddorgs-client-ops-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    test_dead_url(dead_url, sizeof(dead_url));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* A wait of the retry policy: counted, then cut short, so that a read that
 * would be tried again costs no time. */
typedef struct waits {
    dd_client *c;
    int n;
    char operation[300];
} waits;

static void on_wait(const dd_wait_info *w, void *ud)
{
    waits *x = ud;
    x->n++;
    snprintf(x->operation, sizeof(x->operation), "%s", w->operation);
    dd_client_cancel(x->c);
}

START_TEST(writes_audited_and_reads_retried_as_their_rows_say)
{
    char log[128];
    snprintf(log, sizeof(log), "%s/audit.log", tmpdir);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(log, &err);
    ck_assert_msg(a != NULL, "%s", err.text);
    waits w = { 0 };
    dd_client_opts o = opts(dead_url);
    o.audit = a;
    o.on_wait = on_wait;
    o.on_wait_ud = &w;
    dd_client *c = test_client_new(&o);
    w.c = c;
    size_t records = 0;
    for (int i = 0; i < DD_OP_COUNT; i++) {
        const dd_op *op = &dd_ops[i];
        w.n = 0;
        dd_client_clear_cancel(c);
        dd_error_init(&err);
        dd_status st = call(c, op->id, &err);
        /* A lost connection: tried again (the wait cut short) for a read
         * only; a write may have been applied and is left to the operator. */
        if (op->retry == DD_RETRY_READ) {
            ck_assert_msg(st == DD_E_CANCELLED && w.n == 1, "%s %s: %s, %d waits", op->noun,
                          op->verb, dd_status_name(st), w.n);
            char want[200];
            snprintf(want, sizeof(want), "%s %s", op->method, op->path);
            ck_assert_str_eq(w.operation, want);
        } else {
            ck_assert_msg(st == DD_E_NETWORK && w.n == 0, "%s %s: %s, %d waits", op->noun,
                          op->verb, dd_status_name(st), w.n);
        }
        dd_audit_entry *e = NULL;
        size_t n = 0;
        ck_assert_int_eq(dd_audit_read_recent(log, 100, &e, &n, &err), DD_OK);
        if (op->writes) {
            ck_assert_uint_eq(n, records + 2);
            ck_assert_str_eq(e[n - 2].phase, "intent");
            ck_assert_str_eq(e[n - 2].op, op->audit);
            ck_assert_str_eq(e[n - 1].phase, "outcome");
            ck_assert_str_eq(e[n - 1].op, op->audit);
        } else {
            ck_assert_msg(n == records, "%s %s was audited", op->noun, op->verb);
        }
        records = n;
        free(e);
    }
    dd_client_free(c);
    dd_audit_close(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("client_ops");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, dry_run_prints_each_rows_request_line);
    tcase_add_test(tc, read_only_refuses_exactly_the_writes_by_their_audit_name);
    suite_add_tcase(s, tc);
    tc = tcase_create("network");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, writes_audited_and_reads_retried_as_their_rows_say);
    suite_add_tcase(s, tc);
    return dd_run_suite_http(s);
}
