/* Builds a realistic account: company-like org names with their
 * attributes and keys, people, connections (mock_seed_conns.c) and a few
 * Salesforce orgs. */
#include "mock_seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_rng.h"
#include "mock_seed_conns.h"
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

static const char *const DESCRIPTION[] = {
    "Production workloads", "Staging and QA", "Shared platform services", "Security and audit",
    "Data and analytics", "Customer-facing services",
};

static time_t rand_time(mock_rng *r, time_t lo, time_t hi)
{
    return hi > lo ? lo + (time_t)rng_below(r, (uint64_t)(hi - lo)) : lo;
}

/* n lowercase hex digits: seeded keys look like Datadog's (32 for an API
 * key, 40 for an application key). */
static void hex_key(mock_rng *r, char *out, size_t n)
{
    static const char HEX[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++)
        out[i] = HEX[rng_below(r, 16)];
    out[n] = '\0';
}

static void public_id(mock_rng *r, char out[17])
{
    static const char ALNUM[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (size_t i = 0; i < 16; i++)
        out[i] = ALNUM[rng_below(r, sizeof ALNUM - 1)];
    out[16] = '\0';
}

/* The self org is L->self; the idle others (others[active..]) include the
 * disabled orgs: the first half of them, rounded up. */
static int seed_orgs(mock_world *s, mock_rng *r, mock_rng *rk, const mock_seed_opts *o,
                     const seed_layout *L, time_t *created)
{
    /* Org names are indexed only while seeding, to keep them unique. */
    mock_map names = {0};
    char **owned = calloc((size_t)o->orgs, sizeof(char *));
    bool *disabled = calloc((size_t)o->orgs, sizeof(bool));
    size_t idle = L->n_others - L->active;
    for (size_t i = 0; disabled && i < (idle + 1) / 2; i++)
        disabled[L->others[L->active + i]] = true;
    int rc = owned && disabled ? 0 : -1;
    for (long i = 0; rc == 0 && i < o->orgs; i++) {
        bool self = (size_t)i == L->self;
        char id[37], name[160], when[MOCK_TIME_LEN], modified[MOCK_TIME_LEN], pub[17];
        char api[33], app[41], descr[96];
        rng_uuid(r, id);
        org_name(r, &names, name, sizeof name);
        time_t t = rand_time(r, MOCK_SEED_REFERENCE - FOUR_YEARS, MOCK_SEED_REFERENCE);
        if (self)
            t = o->now - (time_t)o->self_org_age_days * 86400;
        created[i] = t;
        mock_time_format(t, (long)rng_below(r, 1000000), when);
        public_id(r, pub);
        snprintf(descr, sizeof descr, "%s", pick(r, DESCRIPTION, N(DESCRIPTION)));
        bool has_descr = rng_below(r, 3) != 0, has_url = rng_below(r, 5) != 0;
        bool modified_ever = rng_below(r, 3) != 0;
        mock_time_format(rand_time(r, t, t > MOCK_SEED_REFERENCE ? t : MOCK_SEED_REFERENCE),
                         (long)rng_below(r, 1000000), modified);
        hex_key(rk, api, 32);
        hex_key(rk, app, 40);
        bool denied = rng_below(rk, 5) == 0;
        /* Each org's keys belong to one of the account's users. */
        size_t u = (size_t)rng_below(rk, s->nusers);
        if (s->self_user.id && strcmp(s->users[u]->id, s->self_user.id) == 0)
            u = (u + 1) % s->nusers;
        mock_org_attrs a = {
            .id = id, .name = name, .created_at = when, .disabled = disabled[i],
            .public_id = pub, .description = has_descr ? descr : NULL,
            .url = has_url ? "https://app.datadoghq.com" : NULL, .sharing = "Disabled",
            .modified_at = modified_ever ? modified : NULL,
            .api_key = self ? o->api_key : api, .app_key = self ? o->app_key : app,
            .user_id = self ? NULL : s->users[u]->id, .list_orgs_denied = !self && denied,
        };
        owned[i] = strdup(name);
        if (!owned[i] || map_put(&names, owned[i], owned[i]) != 0 || !state_add_org(s, &a))
            rc = -1;
        else if (self && !(s->self_org_id = strdup(id)))
            rc = -1;
    }
    for (long i = 0; owned && i < o->orgs; i++)
        free(owned[i]);
    free(owned);
    free(disabled);
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
    /* Each part draws from its own stream so that, say, --sf-orgs does not
     * reshuffle the connections. */
    mock_rng r_org, r_user, r_conn, r_sf, r_key;
    rng_init(&r_org, o->seed ^ 0x6f726773ULL);
    rng_init(&r_user, o->seed ^ 0x75736572ULL);
    rng_init(&r_conn, o->seed ^ 0x636f6e6eULL);
    rng_init(&r_sf, o->seed ^ 0x73666f72ULL);
    rng_init(&r_key, o->seed ^ 0x6b657973ULL);
    seed_layout L;
    size_t self = (size_t)rng_below(&r_org, (uint64_t)o->orgs);
    if (seed_layout_plan(&L, &r_conn, self, o, err, errlen) != 0)
        return NULL;
    mock_world *s = state_new();
    time_t *created = calloc((size_t)o->orgs, sizeof *created);
    if (s) {
        free(s->disable_status);
        s->disable_status = strdup(o->disable_status ? o->disable_status : "pending_disable");
    }
    if (!s || !created || !s->disable_status || seed_users(s, &r_user, o) != 0 ||
        seed_orgs(s, &r_org, &r_key, o, &L, created) != 0 ||
        seed_connections(s, &r_conn, &L, created, o->now) != 0 || seed_sf(s, &r_sf, o) != 0) {
        snprintf(err, errlen, "out of memory while seeding");
        state_free(s);
        s = NULL;
    }
    free(created);
    seed_layout_free(&L);
    return s;
}
