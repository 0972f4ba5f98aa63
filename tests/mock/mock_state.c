/* Storage and indexes of the mock's world. */
#include "mock_state.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Grows an array of pointers by doubling. */
static int reserve(void ***arr, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    while (ncap < need)
        ncap *= 2;
    void **p = realloc(*arr, ncap * sizeof(void *));
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

mock_world *state_new(void)
{
    mock_world *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->disable_feature_flag = true;
    s->disable_status = strdup("pending_disable");
    if (!s->disable_status) {
        free(s);
        return NULL;
    }
    return s;
}

static void free_types(char **types, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(types[i]);
    free(types);
}

static void conn_free(mock_conn *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->source_id);
    free(c->sink_id);
    free(c->pair_key);
    free_types(c->types, c->ntypes);
    free(c->created_at);
    free(c->created_by_id);
    free(c);
}

static void sf_free(mock_sf_org *o)
{
    if (!o)
        return;
    free(o->id);
    free(o->name);
    free(o->sfdc_org_id);
    free(o->sfdc_org_type);
    free(o->instance_url);
    free(o);
}

static void org_free(mock_org *o)
{
    if (!o)
        return;
    free(o->id);
    free(o->key);
    free(o->name);
    free(o->created_at);
    free(o->public_id);
    free(o->description);
    free(o->url);
    free(o->sharing);
    free(o->modified_at);
    free(o->api_key);
    free(o->app_key);
    free(o->key_pair);
    free(o->user_id);
    free(o->conns);
    free(o);
}

void state_free(mock_world *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->norgs; i++)
        org_free(s->orgs[i]);
    for (size_t i = 0; i < s->nusers; i++) {
        free(s->users[i]->id);
        free(s->users[i]->name);
        free(s->users[i]);
    }
    for (size_t i = 0; i < s->nconns; i++)
        conn_free(s->conns[i]);
    for (size_t i = 0; i < s->nsf; i++)
        sf_free(s->sf[i]);
    free(s->orgs);
    free(s->users);
    free(s->conns);
    free(s->sf);
    map_free(&s->org_by_id);
    map_free(&s->org_by_keys);
    map_free(&s->user_by_id);
    map_free(&s->conn_by_id);
    map_free(&s->conn_by_pair);
    free(s->self_org_id);
    free(s->self_user.id);
    free(s->self_user.name);
    free(s->disable_status);
    free(s);
}

/* The id in lower case (ASCII letters only: ids are ASCII in practice, and
 * any other byte stays as it is). */
static char *lower_dup(const char *id)
{
    char *k = strdup(id);
    for (char *p = k; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return k;
}

bool org_id_eq(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

/* "API key US application key": the index key of a pair. */
static char *keys_key(const char *api_key, const char *app_key)
{
    size_t a = strlen(api_key), b = strlen(app_key);
    char *k = malloc(a + b + 2);
    if (!k)
        return NULL;
    memcpy(k, api_key, a);
    k[a] = '\x1f';
    memcpy(k + a + 1, app_key, b + 1);
    return k;
}

static bool copy_opt(char **dst, const char *src)
{
    *dst = dup_or_null(src);
    return !src || *dst;
}

mock_org *state_add_org(mock_world *s, const mock_org_attrs *a)
{
    if ((a->api_key == NULL) != (a->app_key == NULL) || state_org(s, a->id) ||
        (a->api_key && state_org_by_keys(s, a->api_key, a->app_key)) ||
        reserve((void ***)&s->orgs, &s->orgs_cap, s->norgs + 1))
        return NULL;
    mock_org *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->id = strdup(a->id);
    o->key = lower_dup(a->id);
    o->name = strdup(a->name);
    o->created_at = strdup(a->created_at);
    o->disabled = a->disabled;
    o->list_orgs_denied = a->list_orgs_denied;
    bool ok = o->id && o->key && o->name && o->created_at && copy_opt(&o->public_id, a->public_id) &&
              copy_opt(&o->description, a->description) && copy_opt(&o->url, a->url) &&
              copy_opt(&o->sharing, a->sharing) && copy_opt(&o->modified_at, a->modified_at) &&
              copy_opt(&o->api_key, a->api_key) && copy_opt(&o->app_key, a->app_key) &&
              copy_opt(&o->user_id, a->user_id);
    o->key_pair = ok && a->api_key ? keys_key(a->api_key, a->app_key) : NULL;
    if (!ok || (a->api_key && !o->key_pair) || map_put(&s->org_by_id, o->key, o) != 0) {
        org_free(o);
        return NULL;
    }
    if (o->key_pair && map_put(&s->org_by_keys, o->key_pair, o) != 0) {
        map_del(&s->org_by_id, o->key);
        org_free(o);
        return NULL;
    }
    s->orgs[s->norgs++] = o;
    return o;
}

mock_user *state_add_user(mock_world *s, const char *id, const char *name)
{
    if (map_get(&s->user_by_id, id) ||
        reserve((void ***)&s->users, &s->users_cap, s->nusers + 1))
        return NULL;
    mock_user *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->id = strdup(id);
    u->name = strdup(name);
    if (!u->id || !u->name || map_put(&s->user_by_id, u->id, u) != 0) {
        free(u->id);
        free(u->name);
        free(u);
        return NULL;
    }
    s->users[s->nusers++] = u;
    return u;
}

static char *pair_key(const char *source_id, const char *sink_id)
{
    size_t a = strlen(source_id), b = strlen(sink_id);
    char *k = malloc(a + b + 2);
    if (!k)
        return NULL;
    memcpy(k, source_id, a);
    k[a] = '\x1f'; /* unit separator: cannot be confused with id text */
    memcpy(k + a + 1, sink_id, b + 1);
    /* Org ids compare in any case: the pair is keyed in lower case. */
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return k;
}

/* Index of c in a seq-sorted array, or n when absent. */
static size_t seq_find(mock_conn *const *v, size_t n, const mock_conn *c)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid]->seq < c->seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == c ? lo : n;
}

static void org_unlist(mock_org *o, const mock_conn *c)
{
    size_t i = seq_find(o->conns, o->nconns, c);
    if (i == o->nconns)
        return;
    memmove(&o->conns[i], &o->conns[i + 1], (o->nconns - i - 1) * sizeof(mock_conn *));
    o->nconns--;
}

static char **copy_types(const char *const *types, size_t n)
{
    char **t = calloc(n ? n : 1, sizeof(char *));
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(t[i] = strdup(types[i]))) {
            free_types(t, i);
            return NULL;
        }
    return t;
}

mock_conn *state_add_conn(mock_world *s, const char *id, const char *source_id,
                          const char *sink_id, const char *const *types, size_t ntypes,
                          const char *created_at, const char *created_by_id)
{
    if (map_get(&s->conn_by_id, id) || state_conn_pair(s, source_id, sink_id) ||
        reserve((void ***)&s->conns, &s->conns_cap, s->nconns + 1))
        return NULL;
    mock_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->id = strdup(id);
    c->source_id = strdup(source_id);
    c->sink_id = strdup(sink_id);
    c->pair_key = pair_key(source_id, sink_id);
    c->types = copy_types(types, ntypes);
    c->ntypes = ntypes;
    c->created_at = strdup(created_at);
    c->created_by_id = dup_or_null(created_by_id);
    if (!c->id || !c->source_id || !c->sink_id || !c->pair_key || !c->types || !c->created_at ||
        (created_by_id && !c->created_by_id)) {
        conn_free(c);
        return NULL;
    }
    if (map_put(&s->conn_by_id, c->id, c) != 0) {
        conn_free(c);
        return NULL;
    }
    if (map_put(&s->conn_by_pair, c->pair_key, c) != 0) {
        map_del(&s->conn_by_id, c->id);
        conn_free(c);
        return NULL;
    }
    /* Both orgs list it (once when the two are one org); seq only grows,
     * so appending keeps their lists sorted. */
    mock_org *src = state_org(s, source_id), *sink = state_org(s, sink_id);
    if (sink == src)
        sink = NULL;
    if ((src && reserve((void ***)&src->conns, &src->conns_cap, src->nconns + 1)) ||
        (sink && reserve((void ***)&sink->conns, &sink->conns_cap, sink->nconns + 1))) {
        map_del(&s->conn_by_pair, c->pair_key);
        map_del(&s->conn_by_id, c->id);
        conn_free(c);
        return NULL;
    }
    c->seq = s->next_seq++;
    s->conns[s->nconns++] = c;
    if (src)
        src->conns[src->nconns++] = c;
    if (sink)
        sink->conns[sink->nconns++] = c;
    return c;
}

mock_sf_org *state_add_sf(mock_world *s, const char *id, const char *name,
                          const char *sfdc_org_id, const char *sfdc_org_type,
                          const char *instance_url, long incident_templates)
{
    if (state_sf_index(s, id) >= 0 || reserve((void ***)&s->sf, &s->sf_cap, s->nsf + 1))
        return NULL;
    mock_sf_org *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->id = strdup(id);
    o->name = dup_or_null(name);
    o->sfdc_org_id = dup_or_null(sfdc_org_id);
    o->sfdc_org_type = dup_or_null(sfdc_org_type);
    o->instance_url = dup_or_null(instance_url);
    o->incident_templates = incident_templates;
    if (!o->id || (name && !o->name) || (sfdc_org_id && !o->sfdc_org_id) ||
        (sfdc_org_type && !o->sfdc_org_type) || (instance_url && !o->instance_url)) {
        sf_free(o);
        return NULL;
    }
    s->sf[s->nsf++] = o;
    return o;
}

mock_org *state_org(const mock_world *s, const char *id)
{
    char small[64];
    char *k = strlen(id) < sizeof small ? strcpy(small, id) : strdup(id);
    if (!k)
        return NULL;
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    mock_org *o = map_get(&s->org_by_id, k);
    if (k != small)
        free(k);
    return o;
}

mock_org *state_org_by_keys(const mock_world *s, const char *api_key, const char *app_key)
{
    char *k = keys_key(api_key, app_key);
    mock_org *o = k ? map_get(&s->org_by_keys, k) : NULL;
    free(k);
    return o;
}

bool org_takes_part(const mock_org *o, const mock_conn *c)
{
    return org_id_eq(c->source_id, o->id) || org_id_eq(c->sink_id, o->id);
}

const mock_user *state_org_user(const mock_world *s, const mock_org *o)
{
    if (o->user_id)
        return state_user(s, o->user_id);
    if (s->self_org_id && org_id_eq(o->id, s->self_org_id) && s->self_user.id)
        return &s->self_user;
    return NULL;
}

const mock_user *state_user(const mock_world *s, const char *id)
{
    const mock_user *u = map_get(&s->user_by_id, id);
    if (!u && s->self_user.id && strcmp(s->self_user.id, id) == 0)
        u = &s->self_user;
    return u;
}

mock_conn *state_conn(const mock_world *s, const char *id) { return map_get(&s->conn_by_id, id); }

mock_conn *state_conn_pair(const mock_world *s, const char *source_id, const char *sink_id)
{
    char *k = pair_key(source_id, sink_id);
    if (!k)
        return NULL;
    mock_conn *c = map_get(&s->conn_by_pair, k);
    free(k);
    return c;
}

long state_sf_index(const mock_world *s, const char *id)
{
    /* A handful of Salesforce orgs per account: a scan is the right tool. */
    for (size_t i = 0; i < s->nsf; i++)
        if (strcmp(s->sf[i]->id, id) == 0)
            return (long)i;
    return -1;
}

int state_set_conn_types(mock_conn *c, const char *const *types, size_t ntypes)
{
    char **t = copy_types(types, ntypes);
    if (!t)
        return -1;
    free_types(c->types, c->ntypes);
    c->types = t;
    c->ntypes = ntypes;
    return 0;
}

void state_del_conn(mock_world *s, mock_conn *c)
{
    /* The lists are sorted by seq, so each position is a binary search
     * away. */
    size_t at = seq_find(s->conns, s->nconns, c);
    if (at == s->nconns)
        return;
    memmove(&s->conns[at], &s->conns[at + 1], (s->nconns - at - 1) * sizeof(mock_conn *));
    s->nconns--;
    mock_org *src = state_org(s, c->source_id), *sink = state_org(s, c->sink_id);
    if (src)
        org_unlist(src, c);
    if (sink && sink != src)
        org_unlist(sink, c);
    map_del(&s->conn_by_id, c->id);
    map_del(&s->conn_by_pair, c->pair_key);
    conn_free(c);
}

void state_del_sf(mock_world *s, size_t i)
{
    if (i >= s->nsf)
        return;
    mock_sf_org *o = s->sf[i];
    s->deleted_incident_templates += o->incident_templates;
    memmove(&s->sf[i], &s->sf[i + 1], (s->nsf - i - 1) * sizeof(mock_sf_org *));
    s->nsf--;
    sf_free(o);
}

mock_org *state_self_org(const mock_world *s)
{
    return s->self_org_id ? state_org(s, s->self_org_id) : NULL;
}
