/* The one table of operations: everything about each API operation that
 * more than one part of ddorgs needs to agree on. The CLI's parser and help,
 * the client (method, path, audit name, retry class), the worker (writes or
 * not), read-only enforcement, and the console's help and function bar all
 * read it, so the front ends cannot drift apart (in the spirit of tig's
 * request table). Pure data: no I/O.
 *
 * Adding an operation: a row here, its client call, its worker case, and
 * its command (cli/) and action (ui/). */
#ifndef DD_OPS_H
#define DD_OPS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum dd_op_id {
    DD_OP_CONN_LIST,
    DD_OP_CONN_CREATE,
    DD_OP_CONN_UPDATE,
    DD_OP_CONN_DELETE,
    DD_OP_SF_LIST,
    DD_OP_SF_DELETE,
    DD_OP_ORG_DISABLE,
    DD_OP_ORGS_LIST,
    DD_OP_COUNT
} dd_op_id;

/* How a front end makes sure the operator meant it, strongest last. */
typedef enum dd_confirm {
    DD_CONFIRM_NONE,     /* nothing asked (reads; the CLI's own command line) */
    DD_CONFIRM_REVIEW,   /* the exact request is shown; Enter sends it */
    DD_CONFIRM_YES_NO,   /* a question whose default answer is No */
    DD_CONFIRM_ID8,      /* type the first 8 characters of the target's id */
    DD_CONFIRM_NAME,     /* type the target's name, or its id when it has none */
    DD_CONFIRM_UUID      /* type the org's UUID (the server checks it too) */
} dd_confirm;

/* Which failures may be tried again on their own (retry.h). */
typedef enum dd_retry_class {
    DD_RETRY_READ,  /* 429 after its wait; timeouts, lost connections, 5xx with backoff */
    DD_RETRY_WRITE  /* 429 only: the server did nothing; anything else may have been applied */
} dd_retry_class;

/* The list an operation reads or changes (store.h's dd_which values). */
enum { DD_OPS_NO_LIST = -1 };

typedef struct dd_op {
    dd_op_id id;
    const char *noun;          /* CLI words: "connections" */
    const char *verb;          /*            "delete" */
    const char *cli_args;      /* the rest of its synopsis: "CONNECTION_ID" */
    const char *summary;       /* one line for help texts */
    const char *title;         /* in messages: "delete", "Salesforce delete" */
    const char *method;        /* "DELETE" */
    const char *path;          /* "/api/v2/org_connections/{id}": {id} is one
                                  percent-encoded path segment */
    const char *audit;         /* "connections.delete"; NULL: reads are not audited */
    bool writes;               /* refused in read-only mode, audited */
    /* What the application key needs, in Datadog's permission names
     * ("org_connections_write"; "a or b" when either will do): said
     * beside a 403 and by ddorgs doctor. */
    const char *permission;
    /* The account view sends it through the profile whose org may make it
     * (account.h, "Routing writes"): a read-only profile in use does not
     * refuse it there, the routing does. */
    bool account_routed;
    dd_confirm confirm_cli;
    /* The console's kind. For a connection delete it is a Yes/No question
     * only while undo can re-create the connection (session.h decides);
     * otherwise the console asks what the CLI asks. */
    dd_confirm confirm_console;
    const char *confirm_why;   /* why the two front ends differ; NULL when they agree */
    const char *consequence;   /* what the operator must know before it is sent, said
                                * once by each front end (a sentence); NULL: none */
    int list;                  /* the list it reads or changes, DD_OPS_NO_LIST for none */
    dd_retry_class retry;
} dd_op;

/* dd_ops[id] is the row of operation id (DD_OP_COUNT rows). */
extern const dd_op dd_ops[DD_OP_COUNT];

/* The row for id; NULL when id is out of range. */
const dd_op *dd_op_get(int id);
/* The row whose CLI words are noun and verb (exact), or NULL. */
const dd_op *dd_op_by_words(const char *noun, const char *verb);
/* "connections delete" into buf (always NUL-terminated). */
void dd_op_words(const dd_op *op, char *buf, size_t n);
/* "DELETE /api/v2/org_connections/{id}": method and path template. */
void dd_op_request_line(const dd_op *op, char *buf, size_t n);

#endif
