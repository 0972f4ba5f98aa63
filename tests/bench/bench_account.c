/* make bench: the account view's load, N profiles at once against one
 * after another (issue 8, "Speed"). ddorgs-mock serves a seeded account
 * with 50 ms added to every request; each profile is an org of it with its
 * own keys, holding a few pages of connections. For N = 8 and N = 32,
 * RUNS runs each of:
 *   - concurrent: dd_account_loader with its default bound (32 threads);
 *   - sequential: the same loader with one thread, one profile after
 *     another; its slowest profile is the slowest single profile's load
 *     (each profile loads alone there).
 * Reported: the medians, concurrent / slowest single profile (goal: 1.5 x
 * at most) and sequential / concurrent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "account.h"
#include "config.h"
#include "http.h"
#include "mock/harness.h"

#define RUNS 5
#define LATENCY "*:latency_ms=50"
#define PAGE_LIMIT 25 /* rows a page: each profile holds 1 to 3 pages or so */
#define GOAL 1.5

static mock_proc mock;

static void die(const char *what)
{
    fprintf(stderr, "bench_account: %s\n", what);
    mock_stop(&mock);
    exit(1);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- The account's profiles ---------------------------------------------- */

static dd_config cfgs[DD_ACCOUNT_MAX_PROFILES];
static const dd_config *ptrs[DD_ACCOUNT_MAX_PROFILES];
static size_t n_cfgs;
static cJSON *keys_doc, *state_doc;

static bool org_disabled(const char *id)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItem(state_doc, "orgs")) {
        const char *oid = cJSON_GetStringValue(cJSON_GetObjectItem(o, "id"));
        if (oid && dd_org_id_eq(oid, id))
            return cJSON_IsTrue(cJSON_GetObjectItem(o, "disabled"));
    }
    return true;
}

/* Every active org with keys becomes a profile, in directory order (the
 * self org first: it answers to the configured pair). */
static void make_profiles(void)
{
    char *body = NULL;
    if (mock_http(&mock, "GET", "/_mock/keys", NULL, &body) != 200 || !body)
        die("cannot read the mock's keys");
    keys_doc = cJSON_Parse(body);
    free(body);
    state_doc = mock_state(&mock);
    if (!keys_doc || !state_doc)
        die("cannot read the mock's account");
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItem(keys_doc, "orgs")) {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(o, "id"));
        if (!id || org_disabled(id) || n_cfgs == DD_ACCOUNT_MAX_PROFILES)
            continue;
        char *name = malloc(16);
        if (!name)
            die("out of memory");
        snprintf(name, 16, "org%02zu", n_cfgs + 1);
        cfgs[n_cfgs] = (dd_config){
            .profile = name, .site = "mock", .base_url = mock.url, .allow_http = true,
            .api_key = cJSON_GetStringValue(cJSON_GetObjectItem(o, "api_key")),
            .app_key = cJSON_GetStringValue(cJSON_GetObjectItem(o, "app_key")) };
        ptrs[n_cfgs] = &cfgs[n_cfgs];
        n_cfgs++;
    }
}

/* ---- One load ------------------------------------------------------------- */

typedef struct load_result {
    double wall_ms;
    double slowest_ms; /* the slowest profile's own load */
    size_t rows_min, rows_max, refused;
} load_result;

static load_result load(size_t n, int parallel)
{
    dd_account_opts o = { .profiles = ptrs, .n_profiles = n, .max_parallel = parallel,
                          .page_limit = PAGE_LIMIT };
    dd_error err;
    dd_error_init(&err);
    dd_account_loader *l = dd_account_loader_new(&o, &err);
    if (!l)
        die(err.text);
    dd_account *a = NULL;
    double t0 = now_ms();
    dd_status st = dd_account_loader_run(l, &a, &err);
    load_result r = { .wall_ms = now_ms() - t0, .rows_min = (size_t)-1 };
    if (st != DD_OK)
        die(err.text);
    for (size_t i = 0; i < a->n_profiles; i++) {
        const dd_account_profile *p = &a->profiles[i];
        if (p->status != DD_OK) {
            char line[800];
            dd_account_profile_describe(p, line, sizeof(line));
            die(line);
        }
        if (p->load_ms > r.slowest_ms)
            r.slowest_ms = p->load_ms;
        if (p->conns.n < r.rows_min)
            r.rows_min = p->conns.n;
        if (p->conns.n > r.rows_max)
            r.rows_max = p->conns.n;
        r.refused += p->orgs_access == DD_ORGS_REFUSED;
    }
    dd_account_free(a);
    dd_account_loader_free(l);
    return r;
}

typedef struct figures {
    size_t n;
    double concurrent, sequential, slowest;
    load_result shape;
} figures;

static figures bench(size_t n)
{
    double conc[RUNS], seq[RUNS], slow[RUNS];
    figures f = { .n = n };
    for (int run = 0; run < RUNS; run++) {
        /* Alternated, so a load on the machine touches both alike. */
        load_result c = load(n, 0);
        load_result s = load(n, 1);
        conc[run] = c.wall_ms;
        seq[run] = s.wall_ms;
        slow[run] = s.slowest_ms;
        f.shape = c;
    }
    f.concurrent = median(conc, RUNS);
    f.sequential = median(seq, RUNS);
    f.slowest = median(slow, RUNS);
    return f;
}

/* Requests the pager makes for a listing of rows (an empty one is a page). */
static size_t pages(size_t rows)
{
    return rows == 0 ? 1 : (rows + PAGE_LIMIT - 1) / PAGE_LIMIT;
}

static void summary(const figures *f, size_t n)
{
    const char *path = getenv("DDORGS_BENCH_SUMMARY");
    if (!path || !*path)
        return;
    FILE *out = fopen(path, "a");
    if (!out)
        die("cannot open the summary file");
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "account: %zu profiles at once (goal <= %.1f x)|%.0f ms|slowest profile "
                     "%.0f ms|%.2f x\n",
                f[i].n, GOAL, f[i].concurrent, f[i].slowest, f[i].concurrent / f[i].slowest);
        fprintf(out, "account: %zu profiles one after another|%.0f ms|at once %.0f ms|%.2f x\n",
                f[i].n, f[i].sequential, f[i].concurrent, f[i].sequential / f[i].concurrent);
    }
    fclose(out);
}

int main(void)
{
    dd_http_global_init();
    static const char *const args[] = { "--seed", "8", "--orgs", "40", "--connections", "900",
                                        "--self-connections", "60", "--quiet", "--fault",
                                        LATENCY, NULL };
    if (mock_start(&mock, args) != 0)
        die("ddorgs-mock did not start");
    make_profiles();
    if (n_cfgs < 32)
        die("the seeded account has fewer than 32 active orgs with keys");

    static const size_t sizes[] = { 8, 32 };
    figures f[2];
    for (size_t i = 0; i < 2; i++)
        f[i] = bench(sizes[i]);

    printf("ddorgs account load benchmark: profiles of one seeded account (ddorgs-mock, "
           "50 ms added to every request),\neach with its own keys; %d rows a page; median of "
           "%d runs of each, alternated\n\n", PAGE_LIMIT, RUNS);
    printf("  %-9s %-22s %12s %12s %12s %14s %14s\n", "profiles", "rows a profile",
           "at once ms", "one by one", "slowest ms", "at once/slow", "one by one/at");
    printf("  %-9s %-22s %12s %12s %12s %14s %14s\n", "---------", "----------------------",
           "------------", "------------", "------------", "--------------", "--------------");
    for (size_t i = 0; i < 2; i++) {
        char rows[96];
        snprintf(rows, sizeof(rows), "%zu-%zu, %zu-%zu pages", f[i].shape.rows_min,
                 f[i].shape.rows_max, pages(f[i].shape.rows_min), pages(f[i].shape.rows_max));
        printf("  %-9zu %-22s %12.0f %12.0f %12.0f %13.2fx %13.2fx\n", f[i].n, rows,
               f[i].concurrent, f[i].sequential, f[i].slowest, f[i].concurrent / f[i].slowest,
               f[i].sequential / f[i].concurrent);
    }
    printf("\n  slowest = the slowest profile's own load in the one-by-one runs (it loads "
           "alone there);\n  goal: at once within %.1f x of it. Profiles whose keys may not "
           "list managed orgs (403,\n  then the self org is inferred): %zu of 8, %zu of 32.\n",
           GOAL, f[0].shape.refused, f[1].shape.refused);
    for (size_t i = 0; i < 2; i++)
        if (f[i].concurrent / f[i].slowest > GOAL)
            printf("  GOAL MISSED for %zu profiles: %.2f x\n", f[i].n,
                   f[i].concurrent / f[i].slowest);
    summary(f, 2);

    for (size_t i = 0; i < n_cfgs; i++)
        free(cfgs[i].profile);
    cJSON_Delete(keys_doc);
    cJSON_Delete(state_doc);
    mock_stop(&mock);
    dd_http_global_cleanup();
    return 0;
}
