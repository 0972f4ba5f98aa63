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

typedef struct mock_org {
    char *id;
    char *name;
    char *created_at;
    bool disabled;
} mock_org;

typedef struct mock_user {
    char *id;
    char *name;
} mock_user;

typedef struct mock_conn {
    uint64_t seq; /* insertion order; the ordered list is sorted by it */
    char *id;
    char *source_id;
    char *sink_id;
    char *pair_key; /* source_id US sink_id, key of the pair index */
    char **types;
    size_t ntypes;
    char *created_at;
    char *created_by_id; /* may be NULL */
} mock_conn;

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
    mock_map org_by_id;

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
 * They return the new object, or NULL when the id is already taken or
 * memory runs out. */
mock_org *state_add_org(mock_world *s, const char *id, const char *name, const char *created_at,
                        bool disabled);
mock_user *state_add_user(mock_world *s, const char *id, const char *name);
mock_conn *state_add_conn(mock_world *s, const char *id, const char *source_id,
                          const char *sink_id, const char *const *types, size_t ntypes,
                          const char *created_at, const char *created_by_id);
mock_sf_org *state_add_sf(mock_world *s, const char *id, const char *name,
                          const char *sfdc_org_id, const char *sfdc_org_type,
                          const char *instance_url, long incident_templates);

mock_org *state_org(const mock_world *s, const char *id);
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
