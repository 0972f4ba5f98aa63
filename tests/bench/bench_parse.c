/* make bench: how much dd_parse_conn_list costs on a 100,000-connection
 * answer, measured against cJSON_Parse of the same body in the same run
 * (the floor: no parser built on cJSON can be faster than its tree), and how
 * much memory interning saves over copying every string of every row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <cjson/cJSON.h>

#include "api_json.h"

#define ROWS 100000
#define ORGS 400
#define USERS 60
#define RUNS 5

/* Both contenders start from the same heap: without this, whichever runs
 * right after a cJSON_Delete finds millions of freed nodes in malloc's fast
 * bins and either reuses them (faster) or pays to consolidate them on its
 * first large request (slower), which measures glibc, not the parser. */
static void settle_heap(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Deterministic, so runs compare (xorshift64). */
static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static unsigned long long rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void uuid(char out[37])
{
    unsigned long long a = rnd(), b = rnd();
    snprintf(out, 37, "%08llx-%04llx-4%03llx-%04llx-%012llx", a >> 32, (a >> 16) & 0xffff,
             a & 0xfff, 0x8000 | (b >> 48 & 0x3fff), b & 0xffffffffffffull);
}

typedef struct org {
    char id[37];
    char name[64];
} org;

typedef struct body {
    char *text;
    size_t len;
    size_t naive_bytes;  /* every stored string copied per row, NULs included */
} body;

static const char *const regions[] = { "US1", "US3", "US5", "EU1", "AP1", "AP2" };
static const char *const teams[] = { "Payments", "Search", "Platform", "Data", "Mobile",
                                     "Identity", "Billing", "Edge" };
static const char *const type_sets[] = { "[\"logs\"]", "[\"metrics\"]", "[\"logs\",\"metrics\"]",
                                         "[\"logs\",\"metrics\",\"audit\"]", "[\"audit\"]" };
static const size_t type_bytes[] = { 5, 8, 5 + 8, 5 + 8 + 6, 6 };

static body make_body(void)
{
    static org orgs[ORGS], users[USERS];
    for (int i = 0; i < ORGS; i++) {
        uuid(orgs[i].id);
        snprintf(orgs[i].name, sizeof(orgs[i].name), "Acme %s %s %03d",
                 teams[i % 8], regions[i % 6], i);
    }
    for (int i = 0; i < USERS; i++) {
        uuid(users[i].id);
        snprintf(users[i].name, sizeof(users[i].name), "Operator %02d Example", i);
    }
    size_t cap = (size_t)ROWS * 700 + 256;
    body b = { .text = malloc(cap) };
    if (!b.text)
        exit(1);
    size_t len = (size_t)snprintf(b.text, cap, "{\"data\":[");
    for (int i = 0; i < ROWS; i++) {
        char id[37];
        uuid(id);
        const org *src = &orgs[rnd() % ORGS], *sink = &orgs[rnd() % ORGS];
        const org *user = &users[rnd() % USERS];
        int ts = (int)(rnd() % 5);
        long long t = 1700000000LL + (long long)(rnd() % 60000000);
        time_t tt = (time_t)t;
        struct tm tm;
        gmtime_r(&tt, &tm);
        char when[40];
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
        len += (size_t)snprintf(
            b.text + len, cap - len,
            "%s{\"attributes\":{\"connection_types\":%s,\"created_at\":\"%s\"},\"id\":\"%s\","
            "\"relationships\":{\"created_by\":{\"data\":{\"id\":\"%s\",\"name\":\"%s\","
            "\"type\":\"users\"}},\"sink_org\":{\"data\":{\"id\":\"%s\",\"name\":\"%s\","
            "\"type\":\"orgs\"}},\"source_org\":{\"data\":{\"id\":\"%s\",\"name\":\"%s\","
            "\"type\":\"orgs\"}}},\"type\":\"org_connection\"}",
            i ? "," : "", type_sets[ts], when, id, user->id, user->name, sink->id, sink->name,
            src->id, src->name);
        b.naive_bytes += 37 + strlen(when) + 1 + type_bytes[ts] + 37 + strlen(user->name) + 1 +
                         37 + strlen(sink->name) + 1 + 37 + strlen(src->name) + 1;
    }
    len += (size_t)snprintf(b.text + len, cap - len,
                            "],\"meta\":{\"page\":{\"total_count\":%d,\"total_filtered_count\":%d}}}",
                            ROWS, ROWS);
    b.len = len;
    return b;
}

int main(void)
{
    body b = make_body();
    double floor_best = 1e9, parse_best = 1e9;
    size_t interned = 0, arena = 0, rows = 0;

    for (int run = 0; run < RUNS; run++) {
        settle_heap();
        double t0 = now_s();
        cJSON *tree = cJSON_ParseWithLength(b.text, b.len);
        cJSON_Delete(tree);
        double t1 = now_s();
        if (!tree) {
            fprintf(stderr, "bench: generated body is not JSON\n");
            return 1;
        }
        if (t1 - t0 < floor_best)
            floor_best = t1 - t0;

        dd_conn_list l;
        dd_error err;
        dd_error_init(&err);
        if (dd_conn_list_init(&l) != 0)
            return 1;
        settle_heap();
        t0 = now_s();
        dd_status st = dd_parse_conn_list(b.text, b.len, DD_TEXT_SCREEN, &l, &err);
        t1 = now_s();
        if (st != DD_OK) {
            fprintf(stderr, "bench: parse failed: %s\n", err.text);
            return 1;
        }
        if (t1 - t0 < parse_best)
            parse_best = t1 - t0;
        rows = l.n;
        interned = dd_strpool_interned_count(l.pool);
        arena = dd_strpool_bytes(l.pool);
        dd_conn_list_free(&l);
        dd_error_clear(&err);
    }

    printf("ddorgs parse benchmark: %zu connections, %d orgs, %d users, body %.1f MB\n", rows,
           ORGS, USERS, (double)b.len / 1e6);
    printf("best of %d runs\n\n", RUNS);
    printf("  %-44s %10.1f ms\n", "cJSON_ParseWithLength + cJSON_Delete (floor)", floor_best * 1e3);
    printf("  %-44s %10.1f ms\n", "dd_parse_conn_list (parse, check, clean)", parse_best * 1e3);
    printf("  %-44s %10.2f x\n", "ratio to the floor", parse_best / floor_best);
    printf("  %-44s %10.0f\n", "rows per second", (double)rows / parse_best);
    printf("  %-44s %10.0f ns\n", "our work per row beyond cJSON",
           (parse_best - floor_best) / (double)rows * 1e9);
    printf("\n");
    printf("  %-44s %10zu\n", "distinct interned strings", interned);
    printf("  %-44s %10.1f MB\n", "arena bytes (ids, texts, interned, arrays)", (double)arena / 1e6);
    printf("  %-44s %10.1f MB\n", "naive per-row string copies would take", (double)b.naive_bytes / 1e6);
    printf("  %-44s %10.2f x\n", "saved by interning", (double)b.naive_bytes / (double)arena);
    free(b.text);
    return 0;
}
