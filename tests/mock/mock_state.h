/* The mock's in-memory world: orgs, users, org connections and connected
 * Salesforce orgs, indexed so that 100,000 connections stay cheap. All
 * access happens under the server mutex (see mock_server.h). */
#ifndef DD_MOCK_STATE_H
#define DD_MOCK_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "mock_map.h"

typedef struct mock_conn mock_conn;

/* An org of the account. Org ids compare in any case: `key` (the id in
 * lower case) is what the indexes use. The optional attributes are NULL
 * when the fixture left them out; the API then serves the defaults that
 * ddorgs-mock(1) lists. */
typedef struct mock_org {
    char *id;
    char *key;
    char *name;
    char *created_at;
    bool disabled;
    char *public_id;
    char *description;
    char *url;
    char *sharing;
    char *modified_at;
    /* The org's own key pair (both or neither). The self org also
     * answers to the configured pair (--api-key/--app-key). */
    char *api_key;
    char *app_key;
    char *key_pair;      /* "api US app": its key in org_by_keys, or NULL */
    char *user_id;       /* whom the application key belongs to; NULL: none
                          * (the self org: self_user) */
    bool list_orgs_denied; /* keys lack org_management and org_connections_write */
    /* The connections the org takes part in, as source or sink, in
     * insertion order (sorted by seq). */
    mock_conn **conns;
    size_t nconns, conns_cap;
} mock_org;

/* What state_add_org copies; every pointer but id, name and created_at
 * may be NULL. */
typedef struct mock_org_attrs {
    const char *id;
    const char *name;
    const char *created_at;
    bool disabled;
    const char *public_id;
    const char *description;
    const char *url;
    const char *sharing;
    const char *modified_at;
    const char *api_key;
    const char *app_key;
    const char *user_id;
    bool list_orgs_denied;
} mock_org_attrs;

typedef struct mock_user {
    char *id;
    char *name;
} mock_user;

struct mock_conn {
    uint64_t seq; /* insertion order; the ordered list is sorted by it */
    char *id;
    char *source_id;
    char *sink_id;
    char *pair_key; /* both ids in lower case, US between: the pair index's key */
    char **types;
    size_t ntypes;
    char *created_at;
    char *created_by_id; /* may be NULL */
};

typedef struct mock_sf_org {
    char *id;
    char *name; /* each attribute may be NULL: then it is not sent */
    char *sfdc_org_id;
    char *sfdc_org_type;
    char *instance_url;
    long incident_templates;
} mock_sf_org;

typedef struct mock_world {
    char *self_org_id;
    mock_user self_user;

    mock_org **orgs;
    size_t norgs, orgs_cap;
    mock_map org_by_id;   /* by lower-case id */
    mock_map org_by_keys; /* by "API key US application key" */

    mock_user **users;
    size_t nusers, users_cap;
    mock_map user_by_id;

    mock_conn **conns; /* live connections in insertion order */
    size_t nconns, conns_cap;
    uint64_t next_seq;
    mock_map conn_by_id;
    mock_map conn_by_pair;

    mock_sf_org **sf;
    size_t nsf, sf_cap;

    long deleted_incident_templates;
    bool disable_feature_flag;
    char *disable_status; /* "pending_disable" or "disabled" */
} mock_world;

mock_world *state_new(void);
void state_free(mock_world *s);

/* The add functions take ownership of nothing: they copy their strings.
 * They return the new object, or NULL when the id (an org's in any case),
 * an org's key pair or a connection's org pair is already taken, or memory
 * runs out. A connection is listed by the orgs of the directory it names. */
mock_org *state_add_org(mock_world *s, const mock_org_attrs *a);
mock_user *state_add_user(mock_world *s, const char *id, const char *name);
mock_conn *state_add_conn(mock_world *s, const char *id, const char *source_id,
                          const char *sink_id, const char *const *types, size_t ntypes,
                          const char *created_at, const char *created_by_id);
mock_sf_org *state_add_sf(mock_world *s, const char *id, const char *name,
                          const char *sfdc_org_id, const char *sfdc_org_type,
                          const char *instance_url, long incident_templates);

/* The org with this id, in any case; NULL when none. */
mock_org *state_org(const mock_world *s, const char *id);
/* The org whose own key pair this is; NULL when none. */
mock_org *state_org_by_keys(const mock_world *s, const char *api_key, const char *app_key);
/* Whether a and b name the same org (ASCII case ignored). */
bool org_id_eq(const char *a, const char *b);
/* Whether the org takes part in c, as source or sink. */
bool org_takes_part(const mock_org *o, const mock_conn *c);
/* Whom the org's application key belongs to (the self org: self_user);
 * NULL when nobody is known. */
const mock_user *state_org_user(const mock_world *s, const mock_org *o);
/* Looks among users, then the authenticated user. */
const mock_user *state_user(const mock_world *s, const char *id);
mock_conn *state_conn(const mock_world *s, const char *id);
mock_conn *state_conn_pair(const mock_world *s, const char *source_id, const char *sink_id);
/* Index of the Salesforce org in s->sf, or -1. */
long state_sf_index(const mock_world *s, const char *id);

/* Replaces the types of a connection; 0 or -1 (out of memory, unchanged). */
int state_set_conn_types(mock_conn *c, const char *const *types, size_t ntypes);
void state_del_conn(mock_world *s, mock_conn *c);
/* Removes the Salesforce org at index i and counts its incident templates
 * as deleted. */
void state_del_sf(mock_world *s, size_t i);

mock_org *state_self_org(const mock_world *s);

/* Fixture document <-> state (format in ddorgs-mock(1)). state_from_json
 * returns NULL and a message in err on an invalid document. */
mock_world *state_from_json(const cJSON *doc, char *err, size_t errlen);
cJSON *state_to_json(const mock_world *s);

#endif
