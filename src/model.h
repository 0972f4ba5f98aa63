/* Plain data of the API: org connections, Salesforce orgs, disable result.
 * Every string here was cleaned at parse time (sanitize.h) and lives in the
 * owning list's pool: org ids/names, user ids/names and type names are
 * interned (stored once however many rows repeat them). */
#ifndef DD_MODEL_H
#define DD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strpool.h"

#define DD_TIME_NONE INT64_MIN

/* A relationship: {id, name}; either may be NULL when the server omitted it. */
typedef struct dd_ref {
    const char *id;
    const char *name;
} dd_ref;

typedef struct dd_conn {
    const char *id;
    const char **types;      /* n_types interned names, server order */
    size_t n_types;
    int64_t created_at;      /* unix seconds, DD_TIME_NONE when absent/unparsable */
    const char *created_at_text; /* as sent (cleaned), NULL when absent */
    dd_ref source;
    dd_ref sink;
    dd_ref created_by;
    /* The account view: the profiles whose listing holds it ("prod,
     * staging"), interned; NULL outside it. */
    const char *seen_by;
} dd_conn;

/* An org as a listing's top-level `included` array describes it. */
typedef struct dd_org_brief {
    const char *id;          /* as sent; never NULL */
    const char *name;        /* NULL when null or absent */
    const char *public_id;   /* NULL when null or absent */
    bool disabled;
} dd_org_brief;

typedef struct dd_conn_list {
    dd_conn *items;
    size_t n, cap;
    dd_strpool *pool;
    int64_t total_count;           /* meta.page.total_count, -1 when absent */
    int64_t total_filtered_count;  /* -1 when absent */
    /* The orgs the last page's `included` described (malloc'd, strings in
     * pool), in its order; 0 when it had none. */
    dd_org_brief *orgs;
    size_t n_orgs;
} dd_conn_list;

/* How many rows the listing holds in all: total_filtered_count when the
 * query had a sink or source filter (and the server sent it), else
 * total_count; -1 when unknown. */
int64_t dd_conn_list_expected(const dd_conn_list *l, bool filtered);

/* 0 on success, -1 on OOM. */
int dd_conn_list_init(dd_conn_list *l);
void dd_conn_list_free(dd_conn_list *l);
/* Reserves room for n more rows (amortised growth). */
int dd_conn_list_reserve(dd_conn_list *l, size_t more);
/* Appends a copy of c, re-interning its strings into l's pool. */
int dd_conn_list_append_copy(dd_conn_list *l, const dd_conn *c);
/* Appends every row of src (strings re-interned into dst). */
int dd_conn_list_append_all(dd_conn_list *dst, const dd_conn_list *src);
/* Index of the row with id (exact), or -1. Linear (dd_rows_find): callers
 * that need many lookups build their own index. */
long dd_conn_list_find(const dd_conn_list *l, const char *id);
/* True when c carries type t. */
bool dd_conn_has_type(const dd_conn *c, const char *t);

/* Connection types the API documents; others are kept as strings. */
extern const char *const dd_known_conn_types[];  /* "logs","metrics","audit",NULL */
bool dd_conn_type_is_known(const char *t);
/* Splits "logs,metrics" into a malloc'd array of malloc'd strings.
 * Rejects empty items and duplicates: returns -1 and writes a reason. */
int dd_types_parse_csv(const char *csv, char ***out, size_t *n, char *why, size_t whylen);
/* A copy of the n strings of types (none NULL): a malloc'd array of n
 * malloc'd strings, to be released with dd_types_free(copy, n); an empty
 * array (still to be released) when n is 0. NULL when out of memory,
 * nothing then allocated. */
char **dd_types_dup(const char *const *types, size_t n);
void dd_types_free(char **types, size_t n);

typedef struct dd_sf_org {
    const char *id;            /* Datadog-assigned */
    const char *name;          /* NULL when absent */
    const char *sfdc_org_id;   /* NULL when absent */
    const char *sfdc_org_type; /* NULL when absent */
    const char *instance_url;  /* NULL when absent */
} dd_sf_org;

typedef struct dd_sf_list {
    dd_sf_org *items;
    size_t n, cap;
    dd_strpool *pool;
} dd_sf_list;

int dd_sf_list_init(dd_sf_list *l);
void dd_sf_list_free(dd_sf_list *l);
/* Reserves room for n more rows (amortised growth). */
int dd_sf_list_reserve(dd_sf_list *l, size_t more);
int dd_sf_list_append_copy(dd_sf_list *l, const dd_sf_org *o);
/* Index of the row with id (exact), or -1. Linear (dd_rows_find). */
long dd_sf_list_find(const dd_sf_list *l, const char *id);

/* How two ids compare: byte for byte, or with ASCII case ignored whatever
 * the locale (org ids are uuids, which answers spell in either case). */
typedef enum dd_id_match { DD_ID_EXACT, DD_ID_ANY_CASE } dd_id_match;
/* Whether ids a and b are the same as `how` says; false when either is NULL. */
bool dd_id_eq(const char *a, const char *b, dd_id_match how);
/* Makes room for `more` rows after the n rows of the array *items (elem
 * bytes each, room for *cap), doubling it (16 rows at first) so that
 * appends are amortised O(1): *items and *cap are updated. 0, or -1 when out
 * of memory or the size would overflow (the array then unchanged). The one
 * growth of every row array of the model (dd_conn_list, dd_sf_list,
 * dd_managed_orgs, the org map). */
int dd_rows_reserve(void **items, size_t *cap, size_t n, size_t more, size_t elem);
/* Finding a row by id in any of the model's row arrays, the one way every
 * list's find goes: the index of the first of the n rows at rows (each
 * size bytes) whose id, the string pointer at byte offset id_at of the row
 * (offsetof(dd_conn, id)), is id as `how` says; -1 when none matches or id
 * is NULL. Rows whose id is NULL match nothing. Linear. */
long dd_rows_find(const void *rows, size_t n, size_t size, size_t id_at, const char *id,
                  dd_id_match how);

typedef struct dd_disable_result {
    char *org_id;   /* data.id, malloc'd, cleaned */
    char *status;   /* "disabled" | "pending_disable" | other (kept), malloc'd */
} dd_disable_result;

void dd_disable_result_free(dd_disable_result *r);

/* Parses RFC 3339 ("2024-01-01T00:00:00+00:00", "...Z", fractional seconds)
 * into unix seconds; DD_TIME_NONE when malformed. */
int64_t dd_parse_time(const char *s);
/* Formats t as "2024-01-01 00:00:00 UTC" into buf ("-" for DD_TIME_NONE). */
void dd_format_time(int64_t t, char *buf, size_t n);
/* "3 days ago", "2 years ago", "in 5 minutes", "just now" (under a minute
 * either way), relative to now; "-" for DD_TIME_NONE. */
void dd_format_relative(int64_t t, int64_t now, char *buf, size_t n);

#endif
