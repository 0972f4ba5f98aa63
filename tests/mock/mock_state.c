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

void state_free(mock_world *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->norgs; i++) {
        free(s->orgs[i]->id);
        free(s->orgs[i]->name);
        free(s->orgs[i]->created_at);
        free(s->orgs[i]);
    }
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
    map_free(&s->user_by_id);
    map_free(&s->conn_by_id);
    map_free(&s->conn_by_pair);
    free(s->self_org_id);
    free(s->self_user.id);
    free(s->self_user.name);
    free(s->disable_status);
    free(s);
}

mock_org *state_add_org(mock_world *s, const char *id, const char *name, const char *created_at,
                        bool disabled)
{
    if (map_get(&s->org_by_id, id) || reserve((void ***)&s->orgs, &s->orgs_cap, s->norgs + 1))
        return NULL;
    mock_org *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->id = strdup(id);
    o->name = strdup(name);
    o->created_at = strdup(created_at);
    o->disabled = disabled;
    if (!o->id || !o->name || !o->created_at || map_put(&s->org_by_id, o->id, o) != 0) {
        free(o->id);
        free(o->name);
        free(o->created_at);
        free(o);
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
    return k;
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
    c->seq = s->next_seq++;
    s->conns[s->nconns++] = c;
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

mock_org *state_org(const mock_world *s, const char *id) { return map_get(&s->org_by_id, id); }

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
    /* The list is sorted by seq, so the position is a binary search away. */
    size_t lo = 0, hi = s->nconns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->conns[mid]->seq < c->seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= s->nconns || s->conns[lo] != c)
        return;
    memmove(&s->conns[lo], &s->conns[lo + 1], (s->nconns - lo - 1) * sizeof(mock_conn *));
    s->nconns--;
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
