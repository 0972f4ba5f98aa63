/* Builds a realistic org group: company-like org names, people, connections
 * with random non-empty type sets, and a few Salesforce orgs. */
#include "mock_seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_rng.h"
#include "mock_time.h"

#define FOUR_YEARS (4L * 365 * 86400)

static const char *const COMPANY[] = {
    "Acme",     "Globex",   "Initech",  "Umbrella", "Hooli",     "Vandelay", "Soylent",
    "Tyrell",   "Cyberdyne", "Wonka",   "Stark",    "Wayne",     "Oscorp",   "Massive Dynamic",
    "Pied Piper", "Dunder Mifflin", "Aperture", "Black Mesa", "Gringotts", "Monarch",
    "Nakatomi", "Prestige", "Sterling Cooper", "Wernham Hogg", "Bluth",  "Krusty",
    "Ollivander", "Zorg",   "Blue Sun", "Weyland",
};
static const char *const BUSINESS[] = {
    "Logistics", "Retail", "Payments", "Labs", "Analytics", "Cloud", "Health", "Media",
    "Energy", "Robotics", "Insurance", "Travel", "Foods", "Security", "Mobile", "Games",
};
static const char *const SUFFIX[] = {
    "", "", "", "EU", "US", "APAC", "Staging", "Prod", "Dev", "Sandbox", "QA", "Platform",
};
static const char *const FIRST[] = {
    "Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances",
    "Edsger", "Radia", "Donald", "Hedy", "John", "Sophie", "Tim", "Katherine", "Guido",
    "Yukihiro", "Anita", "Bjarne", "Leslie", "Mary", "Niklaus",
};
static const char *const LAST[] = {
    "Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie",
    "Allen", "Dijkstra", "Perlman", "Knuth", "Lamarr", "McCarthy", "Wilson", "Berners-Lee",
    "Johnson", "van Rossum", "Matsumoto", "Borg", "Stroustrup", "Lamport", "Keller", "Wirth",
};
static const char *const TYPES[] = {"logs", "metrics", "audit"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *pick(mock_rng *r, const char *const *a, size_t n)
{
    return a[rng_below(r, n)];
}

static void org_name(mock_rng *r, const mock_map *taken, char *out, size_t len)
{
    const char *c = pick(r, COMPANY, N(COMPANY));
    const char *b = pick(r, BUSINESS, N(BUSINESS));
    const char *s = pick(r, SUFFIX, N(SUFFIX));
    snprintf(out, len, "%s %s%s%s", c, b, *s ? " " : "", s);
    /* Names repeat once the word lists run out; a numeral keeps them apart,
     * as operators do with real org names. */
    size_t base = strlen(out);
    for (int k = 2; map_get(taken, out); k++)
        snprintf(out + base, len - base, " %d", k);
}

static time_t rand_time(mock_rng *r, time_t lo, time_t hi)
{
    return hi > lo ? lo + (time_t)rng_below(r, (uint64_t)(hi - lo)) : lo;
}

static int seed_orgs(mock_world *s, mock_rng *r, const mock_seed_opts *o)
{
    /* Org names are indexed only while seeding, to keep them unique. */
    mock_map names = {0};
    char **owned = calloc((size_t)o->orgs, sizeof(char *));
    size_t self = (size_t)rng_below(r, (uint64_t)o->orgs);
    int rc = owned ? 0 : -1;
    for (long i = 0; rc == 0 && i < o->orgs; i++) {
        char id[37], name[160], when[MOCK_TIME_LEN];
        rng_uuid(r, id);
        org_name(r, &names, name, sizeof name);
        time_t t = rand_time(r, MOCK_SEED_REFERENCE - FOUR_YEARS, MOCK_SEED_REFERENCE);
        if ((size_t)i == self)
            t = o->now - (time_t)o->self_org_age_days * 86400;
        mock_time_format(t, when);
        owned[i] = strdup(name);
        if (!owned[i] || map_put(&names, owned[i], owned[i]) != 0 ||
            !state_add_org(s, id, name, when, false))
            rc = -1;
        else if ((size_t)i == self && !(s->self_org_id = strdup(id)))
            rc = -1;
    }
    for (long i = 0; owned && i < o->orgs; i++)
        free(owned[i]);
    free(owned);
    map_free(&names);
    return rc;
}

static int seed_users(mock_world *s, mock_rng *r, const mock_seed_opts *o)
{
    long n = 8 + o->orgs / 4;
    size_t self = (size_t)rng_below(r, (uint64_t)n);
    for (long i = 0; i < n; i++) {
        char id[37], name[96];
        rng_uuid(r, id);
        snprintf(name, sizeof name, "%s %s", pick(r, FIRST, N(FIRST)), pick(r, LAST, N(LAST)));
        if (!state_add_user(s, id, name))
            return -1;
        if ((size_t)i == self &&
            (!(s->self_user.id = strdup(id)) || !(s->self_user.name = strdup(name))))
            return -1;
    }
    return 0;
}

/* created[] holds each org's creation time, parsed once for all pairs. */
static int add_random_conn(mock_world *s, mock_rng *r, const mock_seed_opts *o,
                           const time_t *created, size_t a, size_t b)
{
    const mock_org *src = s->orgs[a], *sink = s->orgs[b];
    time_t lo = created[a] > created[b] ? created[a] : created[b];
    time_t hi = lo < MOCK_SEED_REFERENCE ? MOCK_SEED_REFERENCE : o->now;
    char id[37], when[MOCK_TIME_LEN];
    rng_uuid(r, id);
    mock_time_format(rand_time(r, lo, hi), when);
    unsigned mask = 1 + (unsigned)rng_below(r, 7); /* non-empty subset of 3 types */
    const char *types[3];
    size_t nt = 0;
    for (unsigned k = 0; k < 3; k++)
        if (mask & (1u << k))
            types[nt++] = TYPES[k];
    const char *by = s->users[rng_below(r, s->nusers)]->id;
    return state_add_conn(s, id, src->id, sink->id, types, nt, when, by) ? 0 : -1;
}

static int seed_sparse(mock_world *s, mock_rng *r, const mock_seed_opts *o,
                       const time_t *created, uint64_t want)
{
    uint64_t n = (uint64_t)o->orgs;
    /* Draw pairs and let the pair index reject repeats. */
    while (s->nconns < want) {
        size_t a = rng_below(r, n), b = rng_below(r, n);
        if (a == b || state_conn_pair(s, s->orgs[a]->id, s->orgs[b]->id))
            continue;
        if (add_random_conn(s, r, o, created, a, b) != 0)
            return -1;
    }
    return 0;
}

static int seed_dense(mock_world *s, mock_rng *r, const mock_seed_opts *o,
                      const time_t *created, uint64_t want, uint64_t pairs)
{
    uint64_t n = (uint64_t)o->orgs;
    /* A partial shuffle of every ordered pair avoids endless retries. */
    uint64_t *all = malloc(pairs * sizeof *all);
    if (!all)
        return -1;
    uint64_t k = 0;
    for (uint64_t a = 0; a < n; a++)
        for (uint64_t b = 0; b < n; b++)
            if (a != b)
                all[k++] = a * n + b;
    for (uint64_t i = 0; i < want; i++) {
        uint64_t j = i + rng_below(r, pairs - i);
        uint64_t t = all[i];
        all[i] = all[j];
        all[j] = t;
        if (add_random_conn(s, r, o, created, all[i] / n, all[i] % n) != 0) {
            free(all);
            return -1;
        }
    }
    free(all);
    return 0;
}

static int seed_conns(mock_world *s, mock_rng *r, const mock_seed_opts *o)
{
    uint64_t n = (uint64_t)o->orgs;
    uint64_t pairs = n * (n - 1);
    uint64_t want = (uint64_t)o->connections;
    time_t *created = calloc(n, sizeof *created);
    if (!created)
        return -1;
    for (uint64_t i = 0; i < n; i++)
        mock_time_parse(s->orgs[i]->created_at, &created[i]);
    int rc = want * 2 <= pairs ? seed_sparse(s, r, o, created, want)
                               : seed_dense(s, r, o, created, want, pairs);
    free(created);
    return rc;
}

static void slug(const char *name, char *out, size_t len)
{
    size_t j = 0;
    for (const char *p = name; *p && j + 1 < len; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            out[j++] = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[j++] = c;
        else if (c == ' ')
            break;
    }
    out[j] = '\0';
}

static int seed_sf(mock_world *s, mock_rng *r, const mock_seed_opts *o)
{
    static const char ALNUM[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (long i = 0; i < o->sf_orgs; i++) {
        char id[37], sfdc[19], name[160], url[200], company[64];
        rng_uuid(r, id);
        size_t len = rng_below(r, 2) ? 18 : 15;
        memcpy(sfdc, "00D", 3);
        for (size_t k = 3; k < len; k++)
            sfdc[k] = ALNUM[rng_below(r, sizeof ALNUM - 1)];
        sfdc[len] = '\0';
        const char *co = pick(r, COMPANY, N(COMPANY));
        slug(co, company, sizeof company);
        uint64_t kind = rng_below(r, 3);
        const char *type = kind == 0 ? "Sandbox" : "Production";
        if (kind == 0)
            snprintf(url, sizeof url, "https://%s--uat.sandbox.my.salesforce.com", company);
        else
            snprintf(url, sizeof url, "https://%s-%s.my.salesforce.com", company,
                     kind == 1 ? "prod" : "crm");
        snprintf(name, sizeof name, "%s %s", co, kind == 0 ? "UAT Sandbox" : "Production Org");
        /* Some orgs connected through OAuth never report a display name. */
        bool named = rng_below(r, 4) != 0;
        long templates = (long)rng_below(r, 6);
        if (!state_add_sf(s, id, named ? name : NULL, sfdc, type, url, templates))
            return -1;
    }
    return 0;
}

mock_world *seed_state(const mock_seed_opts *o, char *err, size_t errlen)
{
    if (o->orgs < 2) {
        snprintf(err, errlen, "--orgs must be at least 2");
        return NULL;
    }
    uint64_t pairs = (uint64_t)o->orgs * (uint64_t)(o->orgs - 1);
    if (o->connections < 0 || (uint64_t)o->connections > pairs) {
        snprintf(err, errlen, "--connections %ld: %ld orgs allow at most %llu unique pairs",
                 o->connections, o->orgs, (unsigned long long)pairs);
        return NULL;
    }
    if (o->sf_orgs < 0) {
        snprintf(err, errlen, "--sf-orgs must not be negative");
        return NULL;
    }
    mock_world *s = state_new();
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* Each part draws from its own stream so that, say, --sf-orgs does not
     * reshuffle the connections. */
    mock_rng r_org, r_user, r_conn, r_sf;
    rng_init(&r_org, o->seed ^ 0x6f726773ULL);
    rng_init(&r_user, o->seed ^ 0x75736572ULL);
    rng_init(&r_conn, o->seed ^ 0x636f6e6eULL);
    rng_init(&r_sf, o->seed ^ 0x73666f72ULL);
    free(s->disable_status);
    s->disable_status = strdup(o->disable_status ? o->disable_status : "pending_disable");
    if (!s->disable_status || seed_orgs(s, &r_org, o) != 0 || seed_users(s, &r_user, o) != 0 ||
        seed_conns(s, &r_conn, o) != 0 || seed_sf(s, &r_sf, o) != 0) {
        snprintf(err, errlen, "out of memory while seeding");
        state_free(s);
        return NULL;
    }
    return s;
}
