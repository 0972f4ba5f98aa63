/* Injected faults: latency, error statuses, cut or corrupted bodies, huge
 * or slow bodies, dropped connections. Configured by --fault and
 * /_mock/faults; matched per request under the server lock. */
#ifndef DD_MOCK_FAULTS_H
#define DD_MOCK_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "mock_rng.h"

typedef enum fault_kind {
    FAULT_NONE,        /* latency only */
    FAULT_STATUS,      /* answer `status` with an error body, state unchanged */
    FAULT_RESET,       /* close the connection without an answer, state unchanged */
    FAULT_TRUNCATE,    /* after the handler: full Content-Length, half the body */
    FAULT_MALFORMED,   /* after the handler: invalid JSON */
    FAULT_WRONG_TYPES, /* after the handler: fields of the wrong JSON type */
    FAULT_OVERSIZE,    /* after the handler: `size` bytes, chunked, gzip on request */
    FAULT_DRIP,        /* after the handler: the body a few bytes every drip_ms */
    FAULT_EMPTY_PAGE,  /* after the handler: a list's data[] emptied, its totals kept */
} fault_kind;

/* How an echo_keys fault answers (mock_echo.h). */
typedef enum echo_form {
    ECHO_FORM_STRINGS, /* {"errors":["..."]} */
    ECHO_FORM_DETAIL,  /* JSON:API error: title, detail and meta */
    ECHO_FORM_TITLE,   /* JSON:API error: title and meta, no detail */
    ECHO_FORM_TEXT,    /* a text/plain body */
    ECHO_FORM_HTML,    /* a text/html page */
} echo_form;

typedef enum echo_encoding {
    ECHO_PLAIN,   /* as sent */
    ECHO_UPPER,   /* upper-cased */
    ECHO_PERCENT, /* every character %XX */
    ECHO_JSON,    /* every character \u00xx, as text */
    ECHO_HIDDEN,  /* invisible format characters in between */
} echo_encoding;

#define FAULT_ANY_ROUTE (-1)
#define FAULT_DEFAULT_SIZE (80ULL * 1024 * 1024)
#define FAULT_DEFAULT_DRIP_MS 50

typedef struct mock_fault {
    int route; /* mock_route_id or FAULT_ANY_ROUTE */
    fault_kind kind;
    long latency_ms;
    int status;
    long every;         /* fire on every Nth matching request */
    double probability; /* 0..1 */
    long times;         /* fires at most this often; -1 unlimited */
    uint64_t size;
    long drip_ms;
    char location[256]; /* Location header of a status fault (a redirect), "" for none */
    bool echo_keys;     /* a status fault repeats the keys it was sent (message, location) */
    echo_form echo_form;
    echo_encoding echo_encoding;
    long echo_pad;      /* padding characters before the first key */
    long echo_pad_step; /* added to the padding at each firing */
    long rl_reset;      /* X-RateLimit-Reset of a status fault's answer; -1: the real one */
    long rl_period;     /* X-RateLimit-Period likewise */
    char org[64];       /* fires only for requests whose keys are this org's (ASCII case
                         * ignored); "" for any */
    long seen;  /* matching requests so far */
    long fired; /* times it fired */
} mock_fault;

typedef struct mock_faults {
    mock_fault *v;
    size_t n, cap;
} mock_faults;

/* "ROUTE:key=value,..." as given to --fault. 0, or -1 with a message. */
int fault_parse_spec(const char *spec, mock_fault *out, char *err, size_t errlen);
/* {"route": ..., key: value...} as posted to /_mock/faults. */
int fault_parse_json(const cJSON *o, mock_fault *out, char *err, size_t errlen);

int faults_add(mock_faults *f, const mock_fault *fault);
void faults_clear(mock_faults *f);
cJSON *faults_to_json(const mock_faults *f);
/* The first fault that fires for this request (a copy in *out), counting
 * the request against every fault of the route (and org: org_id is the
 * keys' org, NULL when the keys name none). */
bool faults_match(mock_faults *f, int route, const char *org_id, mock_rng *rng,
                  mock_fault *out);

bool fault_before_handler(const mock_fault *f);

/* Body corruptions that need no HTTP plumbing. */
void fault_wrong_types(cJSON *doc);
/* Empties the document's "data" array, leaving meta (the totals) alone: a
 * listing that ends before its own total. */
void fault_empty_page(cJSON *doc);
/* Invalid JSON derived from the body; malloc'd. */
char *fault_malformed(const char *body, size_t len, size_t *out_len);

#endif
