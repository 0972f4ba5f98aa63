/* Deterministic mutation fuzzing of the response parsers, the error-body
 * decoder, the cleaner and the column fitter.
 *
 * Every input starts from a valid answer of one of the kinds the client
 * reads (connection list and single, Salesforce list, org disable, managed
 * orgs, error bodies) and is mutated at the byte level (flips, hostile byte
 * sequences, cuts, copies, long runs, deep nesting) or at the tree level (a
 * member swapped to another JSON type, duplicated, renamed or dropped, a
 * string made hostile or huge). Each input goes through every parser in both
 * cleaning modes, and the invariants the rest of the program relies on are
 * checked on whatever comes out.
 *
 * The random part is driven by a local PRNG: iteration i of base seed S
 * always builds the same input. A failure prints S, i and the input, and
 *   DDORGS_FUZZ_SEED=S DDORGS_FUZZ_FROM=i DDORGS_FUZZ_ITERS=1
 * replays exactly that input (first). DDORGS_FUZZ_ITERS (default 1000,
 * small enough for a run under valgrind) sets how many inputs the parser
 * case builds; the cleaner's case builds twice as many. */
#include <check.h>
#include <inttypes.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api_json.h"
#include "sanitize.h"
#include "suite_main.h"
#include "textwidth.h"

#define DEFAULT_ITERS 1000
#define DEFAULT_SEED UINT64_C(0x5eed0dd0a9c0ffee)

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64, so that a seed and an iteration name one input.  */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. */
static size_t rng_below(rng *r, size_t n)
{
    return (size_t)(rng_next(r) % n);
}

static bool rng_chance(rng *r, unsigned percent)
{
    return rng_below(r, 100) < percent;
}

static rng rng_for(uint64_t base, uint64_t iter)
{
    rng r = { base ^ (iter * UINT64_C(0xd1b54a32d192ed03)) };
    rng_next(&r);
    return r;
}

static uint64_t env_u64(const char *name, uint64_t dflt)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return dflt;
    char *end;
    unsigned long long x = strtoull(v, &end, 0);
    return *end ? dflt : (uint64_t)x;
}

static uint64_t base_seed(void)
{
    return env_u64("DDORGS_FUZZ_SEED", DEFAULT_SEED);
}

static uint64_t first_iter(void)
{
    return env_u64("DDORGS_FUZZ_FROM", 0);
}

static uint64_t iter_count(void)
{
    return env_u64("DDORGS_FUZZ_ITERS", DEFAULT_ITERS);
}

/* ------------------------------------------------------------------ */
/* Failure context: what to print so that a failure can be replayed.  */

static struct {
    const char *what;  /* case name */
    uint64_t seed;
    uint64_t iter;
    bool random;       /* iteration of the random part (replayable by seed) */
    const char *input;
    size_t input_len;
    unsigned mode;
    const char *step;  /* parser or check being run */
} ctx;

static void print_input(void)
{
    fprintf(stderr, "input (%zu bytes): \"", ctx.input_len);
    size_t shown = ctx.input_len < 600 ? ctx.input_len : 600;
    for (size_t i = 0; i < shown; i++) {
        unsigned char b = (unsigned char)ctx.input[i];
        if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\')
            fputc(b, stderr);
        else
            fprintf(stderr, "\\x%02x", b);
    }
    fprintf(stderr, "\"%s\n", shown < ctx.input_len ? "..." : "");
}

#define CHECK(cond, ...)                                                                    \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz failure in %s, step %s, mode %u: ", ctx.what,            \
                    ctx.step ? ctx.step : "-", ctx.mode);                                   \
            fprintf(stderr, __VA_ARGS__);                                                   \
            fputc('\n', stderr);                                                            \
            if (ctx.random)                                                                 \
                fprintf(stderr,                                                             \
                        "replay: DDORGS_FUZZ_SEED=0x%016" PRIx64 " DDORGS_FUZZ_FROM=%" PRIu64 \
                        " DDORGS_FUZZ_ITERS=1\n",                                           \
                        ctx.seed, ctx.iter);                                                \
            else                                                                            \
                fprintf(stderr, "fixed input #%" PRIu64 "\n", ctx.iter);                    \
            if (ctx.input)                                                                  \
                print_input();                                                              \
            ck_abort_msg("%s: invariant broken (%s), see stderr", ctx.what, #cond);        \
        }                                                                                   \
    } while (0)

/* ------------------------------------------------------------------ */
/* Growable byte buffer.                                              */

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void buf_reserve(buf *b, size_t more)
{
    if (b->n + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + more + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    ck_assert_ptr_nonnull(p);
    b->p = p;
    b->cap = cap;
}

static void buf_set(buf *b, const char *s, size_t n)
{
    b->n = 0;
    buf_reserve(b, n);
    memcpy(b->p, s, n);
    b->n = n;
    b->p[n] = '\0';
}

static void buf_insert(buf *b, size_t at, const char *s, size_t n)
{
    buf_reserve(b, n);
    memmove(b->p + at + n, b->p + at, b->n - at);
    memcpy(b->p + at, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void buf_erase(buf *b, size_t at, size_t n)
{
    memmove(b->p + at, b->p + at + n, b->n - at - n);
    b->n -= n;
    b->p[b->n] = '\0';
}

static void buf_free(buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Valid bodies of every answer kind: the starting points.            */

#define REL(name, id, nm, type)                                                             \
    "\"" name "\":{\"data\":{\"id\":\"" id "\",\"name\":\"" nm "\",\"type\":\"" type "\"}}"
#define CONN(id, types, created)                                                            \
    "{\"id\":\"" id "\",\"type\":\"org_connection\",\"attributes\":{\"connection_types\":" \
    types ",\"created_at\":\"" created "\"},\"relationships\":{" REL(                      \
        "source_org", "src-1", "Acme", "orgs") "," REL("sink_org", "sink-1", "Globex",      \
                                                      "orgs") "," REL("created_by",         \
                                                                      "usr123", "John Doe", \
                                                                      "users") "}}"

static const char BODY_LIST[] =
    "{\"data\":[" CONN("00000000-0000-0000-0000-000000000001", "[\"logs\",\"metrics\"]",
                       "2024-01-01T00:00:00+00:00") "," CONN("c2", "[\"audit\",\"future\"]",
                                                             "2023-06-30T23:59:60.123Z") "],"
    "\"meta\":{\"page\":{\"total_count\":42,\"total_filtered_count\":2}},"
    "\"links\":{\"next\":null}}";
static const char BODY_SINGLE[] =
    "{\"data\":" CONN("f9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6a", "[\"logs\"]",
                      "2024-02-29T12:00:00-05:30") "}";
static const char BODY_SF[] =
    "{\"data\":[{\"id\":\"00000000-0000-0000-0000-000000000001\","
    "\"type\":\"salesforce-incidents-org\",\"attributes\":{"
    "\"instance_url\":\"https://acme.my.salesforce.com\",\"name\":\"Acme Production Org\","
    "\"sfdc_org_id\":\"00D000000000000\",\"sfdc_org_type\":\"Production\"}},"
    "{\"id\":\"sf-2\",\"type\":\"salesforce-incidents-org\",\"attributes\":{"
    "\"name\":\"Sandbox \\u65e5\\u672c\",\"sfdc_org_type\":\"Sandbox\"}}]}";
static const char BODY_DISABLE[] =
    "{\"data\":{\"attributes\":{\"status\":\"disabled\"},"
    "\"id\":\"abcdef01-2345-6789-abcd-ef0123456789\",\"type\":\"org_disable\"}}";
#define ORGREF(id) "{\"id\":\"" id "\",\"type\":\"orgs\"}"
#define ORGDATA(id, name, descr, modified)                                                   \
    "{\"id\":\"" id "\",\"type\":\"orgs\",\"attributes\":{\"name\":\"" name "\","           \
    "\"public_id\":\"abc123\",\"description\":" descr ",\"url\":null,"                    \
    "\"sharing\":\"Disabled\",\"disabled\":false,"                                         \
    "\"created_at\":\"2025-08-26T20:19:36.177236+00:00\",\"modified_at\":" modified "}}"
static const char BODY_ORGS[] =
    "{\"data\":{\"id\":\"11111111-1111-4111-8111-111111111111\",\"type\":\"managed_orgs\","
    "\"relationships\":{\"current_org\":{\"data\":" ORGREF("11111111-1111-4111-8111-111111111111")
    "},\"managed_orgs\":{\"data\":[" ORGREF("11111111-1111-4111-8111-111111111111") ","
    ORGREF("o-2") "]}}},\"included\":["
    ORGDATA("11111111-1111-4111-8111-111111111111", "Parent", "\"top\"",
            "\"2025-09-01T00:00:00Z\"") ","
    ORGDATA("o-2", "Child \\u65e5", "null", "null") "]}";
static const char BODY_ERR_STR[] = "{\"errors\":[\"Forbidden\",\"API key is not valid\"]}";
static const char BODY_ERR_API[] =
    "{\"errors\":[{\"status\":\"404\",\"title\":\"Not Found\","
    "\"detail\":\"connection not found\",\"source\":{\"pointer\":\"/data/id\"}},"
    "{\"title\":\"Conflict\",\"meta\":{}}]}";
static const char BODY_PLAIN[] = "upstream connect error or disconnect/reset\r\n";

static const struct {
    const char *body;
    size_t len;
} SEEDS[] = {
    { BODY_LIST, sizeof(BODY_LIST) - 1 },       { BODY_SINGLE, sizeof(BODY_SINGLE) - 1 },
    { BODY_SF, sizeof(BODY_SF) - 1 },           { BODY_DISABLE, sizeof(BODY_DISABLE) - 1 },
    { BODY_ORGS, sizeof(BODY_ORGS) - 1 },
    { BODY_ERR_STR, sizeof(BODY_ERR_STR) - 1 }, { BODY_ERR_API, sizeof(BODY_ERR_API) - 1 },
    { BODY_PLAIN, sizeof(BODY_PLAIN) - 1 },
};
#define N_SEEDS (sizeof(SEEDS) / sizeof(SEEDS[0]))

/* ------------------------------------------------------------------ */
/* Hostile material.                                                  */

#define T(s) { s, sizeof(s) - 1 }
/* Raw bytes, dropped anywhere (inside strings they reach the cleaner, as
 * cJSON keeps raw control bytes in strings). */
static const struct {
    const char *s;
    size_t n;
} RAW[] = {
    T("\x1b[2J"), T("\x1b]0;owned\x07"), T("\x9b"), T("\xc2\x9b"), T("\r"), T("\b\b\b"),
    T("\xe2\x80\xae"), T("\xe2\x81\xa6"), T("\xc0\xaf"), T("\xe0\x80\xaf"), T("\xf0\x80\x80\xaf"),
    T("\xed\xa0\x80"), T("\xed\xbf\xbf"), T("\xf4\x90\x80\x80"), T("\xff\xfe"), T("\0"),
    T("\x7f"), T("\xe2\x80"), T("\xf0\x9f\x98"), T("\xf0\x9f\x98\x80"), T("\xe6\x97\xa5"),
    T("\xef\xbc\xa1"), T("\xcc\x81"), T("\t\n"), T("\""), T("\\"), T("{"), T("}"), T("["),
    T("]"), T(","), T(":"), T("null"), T("1e999"), T("-0"), T("\"\":"),
};
/* JSON escapes: valid inside a JSON string, decoded by cJSON into the
 * bytes the cleaner has to handle. */
static const struct {
    const char *s;
    size_t n;
} ESC[] = {
    T("\\u001b[2J"), T("\\u009b"), T("\\r"), T("\\b"), T("\\u202e"), T("\\u2066"), T("\\u200f"),
    T("\\u061c"), T("\\ud800"), T("\\udc00"), T("\\ud83d\\ude00"), T("\\u0000"), T("\\u007f"),
    T("\\u0085"), T("\\ufeff"), T("\\uffff"), T("\\u0007"), T("\\n"), T("\\t"), T("\\\""),
    T("\\\\"), T("\\u4e00"), T("\\uFF21"), T("\\u0301"), T("\\ud800x"), T("\\u12"), T("\\x41"),
};
#undef T
#define N_RAW (sizeof(RAW) / sizeof(RAW[0]))
#define N_ESC (sizeof(ESC) / sizeof(ESC[0]))

/* A hostile string value (raw bytes, as cJSON would hold them). */
static void hostile_text(rng *r, buf *out)
{
    out->n = 0;
    buf_reserve(out, 0);
    out->p[0] = '\0';
    size_t parts = 1 + rng_below(r, 6);
    for (size_t i = 0; i < parts; i++) {
        switch (rng_below(r, 4)) {
        case 0: {
            size_t k = rng_below(r, N_RAW);
            /* NUL would end the C string: the tree cannot hold it. */
            if (RAW[k].n && RAW[k].s[0])
                buf_insert(out, out->n, RAW[k].s, RAW[k].n);
            break;
        }
        case 1: {
            char c = (char)(1 + rng_below(r, 255));
            buf_insert(out, out->n, &c, 1);
            break;
        }
        case 2:
            buf_insert(out, out->n, "Acme ", 5);
            break;
        default: {
            static const char *const cps[] = { "\xe2\x80\xae", "\xc2\x85", "\xe2\x80\x8f",
                                               "\xf0\x9f\x98\x80", "\xe6\x97\xa5", "\x1b" };
            const char *c = cps[rng_below(r, 6)];
            buf_insert(out, out->n, c, strlen(c));
            break;
        }
        }
    }
    if (rng_chance(r, 10)) {
        /* Very long: past the cleaner's cap, and past the stack buffer the
         * parser cleans into. */
        size_t target = 1000 + rng_below(r, 9000);
        while (out->n < target) {
            size_t k = rng_below(r, N_RAW);
            if (RAW[k].s[0])
                buf_insert(out, out->n, RAW[k].s, RAW[k].n);
            else
                buf_insert(out, out->n, "\xc3\xa9", 2);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Invariant checks.                                                  */

static size_t n_strings_checked;

/* dd_sanitize_is_clean for text longer than one cleaned string (a joined
 * description): checked in pieces cut at character boundaries. */
static bool clean_any_length(const char *s, size_t n, unsigned mode)
{
    while (n > DD_SAN_MAX_BYTES) {
        size_t k = DD_SAN_MAX_BYTES;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        if (!dd_sanitize_is_clean(s, k, mode))
            return false;
        s += k;
        n -= k;
    }
    return dd_sanitize_is_clean(s, n, mode);
}

/* dd_text_fit never writes past cap, returns at most cols columns, and
 * what it writes is still clean and as wide as it says. Each width is tried
 * with a roomy buffer (then a padded fit is exactly cols wide) and with a
 * random small one. */
static void check_fit(rng *r, const char *s, unsigned mode)
{
    enum { GUARD = 16, ROOMY_MAX = 4 * DD_SAN_MAX_BYTES + 64 };
    static unsigned char area[GUARD + ROOMY_MAX + GUARD];
    int ascii = (mode & DD_SAN_ASCII) != 0;
    size_t slen = strlen(s);
    for (int cols = 0; cols <= 40; cols++) {
        size_t roomy = slen + (size_t)cols + 8;
        if (roomy > ROOMY_MAX)
            roomy = ROOMY_MAX;
        size_t caps[2] = { roomy, 1 + rng_below(r, 3 * (size_t)cols + 8) };
        for (int k = 0; k < 2; k++) {
            size_t cap = caps[k];
            int pad = (cols + k) & 1;
            memset(area, 0xA5, GUARD + cap + GUARD);
            char *out = (char *)area + GUARD;
            int used = dd_text_fit(s, cols, pad, ascii, out, cap);
            for (size_t i = 0; i < GUARD; i++)
                CHECK(area[i] == 0xA5, "dd_text_fit wrote before its buffer (cols %d cap %zu)",
                      cols, cap);
            for (size_t i = GUARD + cap; i < GUARD + cap + GUARD; i++)
                CHECK(area[i] == 0xA5,
                      "dd_text_fit wrote past its buffer at +%zu (cols %d cap %zu)", i - GUARD,
                      cols, cap);
            size_t len = strnlen(out, cap);
            CHECK(len < cap, "dd_text_fit left no NUL within cap %zu (cols %d)", cap, cols);
            CHECK(used >= 0 && used <= cols, "dd_text_fit returned %d for cols %d", used, cols);
            CHECK(dd_text_width(out) == used, "dd_text_fit returned %d, wrote %d columns", used,
                  dd_text_width(out));
            /* Padding may take it past one cleaned string's cap. */
            CHECK(clean_any_length(out, len, mode), "dd_text_fit output not clean (cols %d)",
                  cols);
            if (pad && k == 0)
                CHECK(used == cols, "padded fit gave %d columns of %d", used, cols);
        }
    }
}

/* Strings whose fitting was already checked (hash of mode and bytes): most
 * inputs repeat the seed body's strings, which need fitting once. */
#define SEEN_SLOTS 65536
static uint64_t seen[SEEN_SLOTS];
static size_t n_seen;

static bool seen_before(const char *s, unsigned mode)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ mode;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        h = (h ^ *u) * UINT64_C(0x100000001b3);
    h |= 1;
    if (n_seen > SEEN_SLOTS / 2) {
        memset(seen, 0, sizeof(seen));
        n_seen = 0;
    }
    for (size_t i = (size_t)h % SEEN_SLOTS;; i = (i + 1) % SEEN_SLOTS) {
        if (seen[i] == h)
            return true;
        if (seen[i] == 0) {
            seen[i] = h;
            n_seen++;
            return false;
        }
    }
}

/* A string that may reach the screen: clean under mode, no control byte,
 * within the cap, unchanged by another cleaning, and safe to fit. */
static void check_string(rng *r, const char *what, const char *s, unsigned mode)
{
    CHECK(s != NULL, "%s is NULL", what);
    size_t n = strlen(s);
    CHECK(n <= DD_SAN_MAX_BYTES, "%s is %zu bytes", what, n);
    CHECK(dd_sanitize_is_clean(s, n, mode), "%s is not clean", what);
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        CHECK(b >= 0x20 && b != 0x7f, "%s has control byte 0x%02x at %zu", what, b, i);
        if (mode & DD_SAN_ASCII)
            CHECK(b < 0x7f, "%s has non-ASCII byte 0x%02x in ASCII mode", what, b);
    }
    char *again = dd_sanitize(s, n, mode);
    ck_assert_ptr_nonnull(again);
    CHECK(strcmp(again, s) == 0, "%s changes when cleaned again", what);
    free(again);
    if (!seen_before(s, mode))
        check_fit(r, s, mode);
    n_strings_checked++;
}

static void check_opt(rng *r, const char *what, const char *s, unsigned mode)
{
    if (s)
        check_string(r, what, s, mode);
}

/* Error text of a failed parse: set, one line, clean. */
static void check_err_text(const dd_error *err, unsigned mode)
{
    size_t n = strnlen(err->text, sizeof(err->text));
    CHECK(n > 0 && n < sizeof(err->text), "error text empty or unterminated");
    /* The text quotes cleaned server bytes, so it is clean in mode 0 at
     * least (it is pure ASCII only when the quoted bytes are). */
    CHECK(dd_sanitize_is_clean(err->text, n, mode), "error text not clean: %s", err->text);
    /* What the console and the command line show: text and messages
     * joined, cut to the caller's buffer. */
    static const size_t sizes[] = { 1, 2, 7, 64, 100, 333, 512, 4096 };
    char out[4096 + 16];
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        memset(out, 0x5A, sizes[k] + 16);
        dd_error_describe(err, out, sizes[k]);
        size_t len = strnlen(out, sizes[k]);
        CHECK(len < sizes[k], "dd_error_describe left no NUL in %zu bytes", sizes[k]);
        for (size_t i = sizes[k]; i < sizes[k] + 16; i++)
            CHECK(out[i] == 0x5A, "dd_error_describe wrote past %zu bytes", sizes[k]);
        CHECK(clean_any_length(out, len, mode), "described error not clean in %zu bytes",
              sizes[k]);
    }
}

static void check_conn(rng *r, const dd_conn *c, unsigned mode)
{
    check_string(r, "id", c->id, mode);
    CHECK(c->id[0] != '\0', "empty id accepted");
    CHECK(c->n_types == 0 || c->types != NULL, "types NULL with n_types %zu", c->n_types);
    for (size_t i = 0; i < c->n_types; i++)
        check_string(r, "connection type", c->types[i], mode);
    check_opt(r, "created_at_text", c->created_at_text, mode);
    check_opt(r, "source.id", c->source.id, mode);
    check_opt(r, "source.name", c->source.name, mode);
    check_opt(r, "sink.id", c->sink.id, mode);
    check_opt(r, "sink.name", c->sink.name, mode);
    check_opt(r, "created_by.id", c->created_by.id, mode);
    check_opt(r, "created_by.name", c->created_by.name, mode);
}

static void check_org(rng *r, const dd_org *o, unsigned mode)
{
    check_string(r, "org id", o->id, mode);
    CHECK(o->id[0] != '\0', "empty org id accepted");
    check_string(r, "org name", o->name, mode);
    check_string(r, "public_id", o->public_id, mode);
    check_string(r, "sharing", o->sharing, mode);
    check_string(r, "org created_at", o->created_at_text, mode);
    CHECK(o->created_at != DD_TIME_NONE, "unparsed created_at accepted");
    check_opt(r, "description", o->description, mode);
    check_opt(r, "url", o->url, mode);
    check_opt(r, "modified_at", o->modified_at_text, mode);
    CHECK((o->modified_at_text == NULL) == (o->modified_at == DD_TIME_NONE),
          "modified_at text and time disagree");
}

static bool is_parse_status(dd_status st)
{
    return st == DD_OK || st == DD_E_PROTOCOL;
}

/* Runs one input through every parser in one mode. */
static void run_parsers(rng *r, const char *body, size_t len, unsigned mode)
{
    dd_sanitize_mode = mode;
    ctx.mode = mode;
    dd_error err;

    /* Connection list, sometimes on top of an earlier page. */
    ctx.step = "dd_parse_conn_list";
    dd_conn_list list;
    ck_assert_int_eq(dd_conn_list_init(&list), 0);
    bool prefilled = rng_chance(r, 50);
    if (prefilled) {
        dd_error_init(&err);
        ck_assert_int_eq(dd_parse_conn_list(BODY_LIST, sizeof(BODY_LIST) - 1, DD_TEXT_SCREEN,
                                            &list, &err),
                         DD_OK);
        dd_error_clear(&err);
    }
    size_t n0 = list.n;
    int64_t total0 = list.total_count, filtered0 = list.total_filtered_count;
    dd_error_init(&err);
    dd_status st = dd_parse_conn_list(body, len, DD_TEXT_SCREEN, &list, &err);
    CHECK(is_parse_status(st), "returned status %d", (int)st);
    if (st == DD_OK) {
        CHECK(list.n >= n0, "rows lost on success");
        for (size_t i = n0; i < list.n; i++)
            check_conn(r, &list.items[i], mode);
    } else {
        CHECK(err.code == st, "err.code %d, returned %d", (int)err.code, (int)st);
        CHECK(list.n == n0, "failed parse left %zu rows, had %zu", list.n, n0);
        CHECK(list.total_count == total0 && list.total_filtered_count == filtered0,
              "failed parse changed the counts");
        check_err_text(&err, 0);
        if (prefilled)
            CHECK(strcmp(list.items[0].id, "00000000-0000-0000-0000-000000000001") == 0,
                  "failed parse damaged an earlier row");
    }
    dd_error_clear(&err);

    /* Single connection, into the same list. */
    ctx.step = "dd_parse_conn_single";
    n0 = list.n;
    dd_error_init(&err);
    st = dd_parse_conn_single(body, len, DD_TEXT_SCREEN, &list, &err);
    CHECK(is_parse_status(st), "returned status %d", (int)st);
    if (st == DD_OK) {
        CHECK(list.n == n0 + 1, "single parse gave %zu rows from %zu", list.n, n0);
        check_conn(r, &list.items[n0], mode);
    } else {
        CHECK(err.code == st, "err.code %d, returned %d", (int)err.code, (int)st);
        CHECK(list.n == n0, "failed parse left %zu rows, had %zu", list.n, n0);
        check_err_text(&err, 0);
    }
    dd_error_clear(&err);
    dd_conn_list_free(&list);

    /* Salesforce list. */
    ctx.step = "dd_parse_sf_list";
    dd_sf_list sf;
    ck_assert_int_eq(dd_sf_list_init(&sf), 0);
    if (rng_chance(r, 50)) {
        dd_error_init(&err);
        ck_assert_int_eq(dd_parse_sf_list(BODY_SF, sizeof(BODY_SF) - 1, DD_TEXT_SCREEN,
                                          &sf, &err), DD_OK);
        dd_error_clear(&err);
    }
    n0 = sf.n;
    dd_error_init(&err);
    st = dd_parse_sf_list(body, len, DD_TEXT_SCREEN, &sf, &err);
    CHECK(is_parse_status(st), "returned status %d", (int)st);
    if (st == DD_OK) {
        for (size_t i = n0; i < sf.n; i++) {
            const dd_sf_org *o = &sf.items[i];
            check_string(r, "sf id", o->id, mode);
            check_opt(r, "sf name", o->name, mode);
            check_opt(r, "sfdc_org_id", o->sfdc_org_id, mode);
            check_opt(r, "sfdc_org_type", o->sfdc_org_type, mode);
            check_opt(r, "instance_url", o->instance_url, mode);
        }
    } else {
        CHECK(err.code == st, "err.code %d, returned %d", (int)err.code, (int)st);
        CHECK(sf.n == n0, "failed parse left %zu rows, had %zu", sf.n, n0);
        check_err_text(&err, 0);
    }
    dd_error_clear(&err);
    dd_sf_list_free(&sf);

    /* Disable answer: on failure the result is untouched. */
    ctx.step = "dd_parse_disable";
    dd_disable_result dis = { 0 };
    dd_error_init(&err);
    st = dd_parse_disable(body, len, DD_TEXT_SCREEN, &dis, &err);
    CHECK(is_parse_status(st), "returned status %d", (int)st);
    if (st == DD_OK) {
        check_string(r, "disable org_id", dis.org_id, mode);
        check_string(r, "disable status", dis.status, mode);
    } else {
        CHECK(err.code == st, "err.code %d, returned %d", (int)err.code, (int)st);
        CHECK(dis.org_id == NULL && dis.status == NULL, "failed parse filled the result");
        check_err_text(&err, 0);
    }
    dd_disable_result_free(&dis);
    dd_error_clear(&err);

    /* Managed orgs, sometimes over an earlier answer: on failure the
     * earlier one stays whole. */
    ctx.step = "dd_parse_managed_orgs";
    dd_managed_orgs mo;
    ck_assert_int_eq(dd_managed_orgs_init(&mo), 0);
    bool had = rng_chance(r, 50);
    if (had) {
        dd_error_init(&err);
        ck_assert_int_eq(dd_parse_managed_orgs(BODY_ORGS, sizeof(BODY_ORGS) - 1, DD_TEXT_SCREEN, &mo, &err),
                         DD_OK);
        dd_error_clear(&err);
    }
    n0 = mo.n;
    const char *cur0 = mo.current.id;
    dd_error_init(&err);
    st = dd_parse_managed_orgs(body, len, DD_TEXT_SCREEN, &mo, &err);
    CHECK(is_parse_status(st), "returned status %d", (int)st);
    if (st == DD_OK) {
        check_org(r, &mo.current, mode);
        for (size_t i = 0; i < mo.n; i++) {
            check_org(r, &mo.items[i], mode);
            CHECK(!dd_org_id_eq(mo.items[i].id, mo.current.id), "current org among the others");
            for (size_t k = 0; k < i; k++)
                CHECK(!dd_org_id_eq(mo.items[i].id, mo.items[k].id), "org %zu repeated", i);
        }
    } else {
        CHECK(err.code == st, "err.code %d, returned %d", (int)err.code, (int)st);
        CHECK(mo.n == n0 && mo.current.id == cur0, "failed parse changed the orgs");
        check_err_text(&err, 0);
        if (had)
            CHECK(strncmp(mo.items[0].name, "Child ", 6) == 0,
                  "failed parse damaged an earlier org");
    }
    dd_error_clear(&err);
    dd_managed_orgs_free(&mo);

    /* Error body: any status, any bytes. */
    ctx.step = "dd_parse_error_body";
    static const long statuses[] = { 400, 401, 403, 404, 409, 422, 429, 500, 503, 418, 599,
                                     0,   -1,  200, 99999, 2147483647L, -2147483647L - 1 };
    long status = statuses[rng_below(r, sizeof(statuses) / sizeof(statuses[0]))];
    dd_error_init(&err);
    /* Left over from an earlier error: must be replaced, not leaked. */
    dd_error_add_message(&err, "stale");
    err.retry_after = 17;
    /* With keys that the random bytes may hold pieces of: whatever the
     * body, no run of 8 of their characters is left in the text. */
    static const char *const keys[] = { "0123456789abcdef0123456789abcdef",
                                        "Key%41\\u0062&#99;key-key-key-key-key-key" };
    dd_redactor *red = dd_redactor_new(keys, 2);
    CHECK(red != NULL, "no redactor");
    dd_parse_error_body(status, body, len, red, &err);
    CHECK(!dd_redact_finds(red, err.text, strlen(err.text)), "a key run left in the text");
    for (size_t i = 0; i < err.n_messages; i++)
        CHECK(!dd_redact_finds(red, err.messages[i], strlen(err.messages[i])),
              "a key run left in message %zu", i);
    dd_redactor_free(red);
    CHECK(err.code == DD_E_HTTP, "error body gave code %d", (int)err.code);
    CHECK(err.http_status == status, "http_status %ld for %ld", err.http_status, status);
    CHECK(err.retry_after == 17, "retry_after lost");
    check_err_text(&err, mode);
    CHECK(err.n_messages <= 21, "%zu messages kept", err.n_messages);
    for (size_t i = 0; i < err.n_messages; i++) {
        CHECK(err.messages[i] && err.messages[i][0], "message %zu empty", i);
        check_string(r, "error message", err.messages[i], mode);
    }
    dd_error_clear(&err);
    ctx.step = NULL;
}

/* An exact string (DD_TEXT_EXACT) is well-formed UTF-8, and cleaning it
 * gives what the screen mode stored: exact text loses nothing the screen
 * would have shown. */
static void check_exact_pair(const char *what, const char *exact, const char *screen)
{
    CHECK((exact == NULL) == (screen == NULL), "%s present in one mode only", what);
    if (!exact)
        return;
    size_t n = strlen(exact);
    CHECK(dd_utf8_valid(exact, n), "exact %s is not UTF-8", what);
    char *cleaned = dd_sanitize(exact, n, 0);
    ck_assert_ptr_nonnull(cleaned);
    CHECK(strcmp(cleaned, screen) == 0, "exact %s, cleaned, differs from the screen's", what);
    free(cleaned);
}

/* Both list parsers in both text modes: the same verdict, the same rows. */
static void run_exact(const char *body, size_t len)
{
    dd_sanitize_mode = 0;
    ctx.mode = 0;
    ctx.step = "dd_parse_conn_list exact";
    dd_conn_list ex, sc;
    ck_assert_int_eq(dd_conn_list_init(&ex), 0);
    ck_assert_int_eq(dd_conn_list_init(&sc), 0);
    dd_error e1, e2;
    dd_error_init(&e1);
    dd_error_init(&e2);
    dd_status st = dd_parse_conn_list(body, len, DD_TEXT_EXACT, &ex, &e1);
    CHECK(st == dd_parse_conn_list(body, len, DD_TEXT_SCREEN, &sc, &e2),
          "the modes disagree on the verdict");
    CHECK(ex.n == sc.n, "the modes disagree on the rows");
    for (size_t i = 0; st == DD_OK && i < ex.n; i++) {
        const dd_conn *a = &ex.items[i], *b = &sc.items[i];
        check_exact_pair("id", a->id, b->id);
        CHECK(a->n_types == b->n_types, "the modes disagree on the types");
        for (size_t t = 0; t < a->n_types; t++)
            check_exact_pair("type", a->types[t], b->types[t]);
        check_exact_pair("created_at", a->created_at_text, b->created_at_text);
        check_exact_pair("source.id", a->source.id, b->source.id);
        check_exact_pair("source.name", a->source.name, b->source.name);
        check_exact_pair("sink.id", a->sink.id, b->sink.id);
        check_exact_pair("sink.name", a->sink.name, b->sink.name);
        check_exact_pair("created_by.id", a->created_by.id, b->created_by.id);
        check_exact_pair("created_by.name", a->created_by.name, b->created_by.name);
    }
    dd_conn_list_free(&ex);
    dd_conn_list_free(&sc);
    dd_error_clear(&e1);
    dd_error_clear(&e2);

    ctx.step = "dd_parse_sf_list exact";
    dd_sf_list fx, fs;
    ck_assert_int_eq(dd_sf_list_init(&fx), 0);
    ck_assert_int_eq(dd_sf_list_init(&fs), 0);
    st = dd_parse_sf_list(body, len, DD_TEXT_EXACT, &fx, &e1);
    CHECK(st == dd_parse_sf_list(body, len, DD_TEXT_SCREEN, &fs, &e2),
          "the modes disagree on the verdict");
    CHECK(fx.n == fs.n, "the modes disagree on the rows");
    for (size_t i = 0; st == DD_OK && i < fx.n; i++) {
        const dd_sf_org *a = &fx.items[i], *b = &fs.items[i];
        check_exact_pair("sf id", a->id, b->id);
        check_exact_pair("sf name", a->name, b->name);
        check_exact_pair("sfdc_org_id", a->sfdc_org_id, b->sfdc_org_id);
        check_exact_pair("sfdc_org_type", a->sfdc_org_type, b->sfdc_org_type);
        check_exact_pair("instance_url", a->instance_url, b->instance_url);
    }
    dd_sf_list_free(&fx);
    dd_sf_list_free(&fs);
    dd_error_clear(&e1);
    dd_error_clear(&e2);
    ctx.step = NULL;
}

static void run_both_modes(rng *r, const char *body, size_t len)
{
    ctx.input = body;
    ctx.input_len = len;
    run_parsers(r, body, len, 0);
    run_parsers(r, body, len, DD_SAN_ASCII);
    run_exact(body, len);
    dd_sanitize_mode = 0;
}

/* ------------------------------------------------------------------ */
/* Mutations.                                                         */

/* A position inside a string literal of b when there is one (that is
 * where hostile bytes reach the cleaner), else anywhere. */
static size_t pick_pos(rng *r, const buf *b)
{
    if (b->n == 0)
        return 0;
    size_t at = rng_below(r, b->n + 1);
    if (rng_chance(r, 60)) {
        for (size_t i = at; i < b->n; i++)
            if (b->p[i] == '"')
                return i + 1 <= b->n ? i + 1 : b->n;
    }
    return at;
}

static void mutate_bytes(rng *r, buf *b)
{
    static const unsigned char interesting[] = { 0x00, 0x1b, 0x7f, 0x80, 0x9b, 0xc0, 0xc2,
                                                 0xe2, 0xed, 0xf4, 0xff, '"', '\\', '{',
                                                 '}',  '[',  ']',  ',',  ':', '0', '-' };
    switch (rng_below(r, 10)) {
    case 0:
        if (b->n)
            b->p[rng_below(r, b->n)] ^= (char)(1u << rng_below(r, 8));
        break;
    case 1:
        if (b->n)
            b->p[rng_below(r, b->n)] =
                (char)interesting[rng_below(r, sizeof(interesting))];
        break;
    case 2: {
        size_t k = rng_below(r, N_RAW);
        buf_insert(b, pick_pos(r, b), RAW[k].s, RAW[k].n);
        break;
    }
    case 3: {
        size_t k = rng_below(r, N_ESC);
        buf_insert(b, pick_pos(r, b), ESC[k].s, ESC[k].n);
        break;
    }
    case 4:
        if (b->n) {
            size_t at = rng_below(r, b->n);
            size_t n = 1 + rng_below(r, b->n - at < 16 ? b->n - at : 16);
            buf_erase(b, at, n);
        }
        break;
    case 5:
        if (b->n) {
            size_t at = rng_below(r, b->n);
            size_t n = 1 + rng_below(r, b->n - at);
            char *copy = malloc(n);
            ck_assert_ptr_nonnull(copy);
            memcpy(copy, b->p + at, n);
            buf_insert(b, rng_below(r, b->n + 1), copy, n);
            free(copy);
        }
        break;
    case 6:
        b->n = rng_below(r, b->n + 1);
        b->p[b->n] = '\0';
        break;
    case 7: {
        /* A long run of one hostile token inside a string. */
        size_t k = rng_below(r, 2) ? rng_below(r, N_ESC) : 0;
        const char *s = k ? ESC[k].s : "\xc3\xa9";
        size_t sn = k ? ESC[k].n : 2;
        size_t reps = 200 + rng_below(r, 3000);
        size_t at = pick_pos(r, b);
        buf run = { 0 };
        for (size_t i = 0; i < reps; i++)
            buf_insert(&run, run.n, s, sn);
        buf_insert(b, at, run.p, run.n);
        buf_free(&run);
        break;
    }
    case 8: {
        /* Deep nesting around and beyond cJSON's limit. */
        size_t depth = rng_chance(r, 50) ? 900 + rng_below(r, 200) : 1 + rng_below(r, 5000);
        bool obj = rng_chance(r, 50);
        bool closed = rng_chance(r, 70);
        buf nest = { 0 };
        for (size_t i = 0; i < depth; i++)
            buf_insert(&nest, nest.n, obj ? "{\"a\":" : "[", obj ? 5 : 1);
        buf_insert(&nest, nest.n, "1", 1);
        if (closed)
            for (size_t i = 0; i < depth; i++)
                buf_insert(&nest, nest.n, obj ? "}" : "]", 1);
        buf_insert(b, rng_below(r, b->n + 1), nest.p, nest.n);
        buf_free(&nest);
        break;
    }
    default: {
        size_t k = rng_below(r, N_RAW);
        buf_insert(b, rng_below(r, b->n + 1), RAW[k].s, RAW[k].n);
        break;
    }
    }
}

/* Every node of the tree, in document order. */
typedef struct nodes {
    cJSON **v;
    size_t n, cap;
} nodes;

static void collect(cJSON *it, nodes *out)
{
    for (; it; it = it->next) {
        if (out->n == out->cap) {
            out->cap = out->cap ? 2 * out->cap : 64;
            out->v = realloc(out->v, out->cap * sizeof(*out->v));
            ck_assert_ptr_nonnull(out->v);
        }
        out->v[out->n++] = it;
        collect(it->child, out);
    }
}

static cJSON *parent_of(cJSON *root, cJSON *node)
{
    for (cJSON *it = root->child; it; it = it->next) {
        if (it == node)
            return root;
        cJSON *p = parent_of(it, node);
        if (p)
            return p;
    }
    return NULL;
}

enum kind { K_STRING, K_NUMBER, K_NULL, K_BOOL, K_ARRAY, K_OBJECT, K_DEEP, K_COUNT };

static cJSON *make_value(rng *r, int kind)
{
    static const double numbers[] = { 0, -0.0, 1, -1, 1.5, 1e300, -1e300, 9007199254740993.0,
                                      9007199254740992.0, 4294967296.0, 2147483648.0 };
    buf t = { 0 };
    cJSON *v = NULL;
    switch (kind) {
    case K_STRING:
        hostile_text(r, &t);
        v = cJSON_CreateString(t.p);
        break;
    case K_NUMBER:
        v = cJSON_CreateNumber(numbers[rng_below(r, sizeof(numbers) / sizeof(numbers[0]))]);
        break;
    case K_NULL:
        v = cJSON_CreateNull();
        break;
    case K_BOOL:
        v = cJSON_CreateBool(rng_chance(r, 50));
        break;
    case K_ARRAY:
        v = cJSON_CreateArray();
        for (size_t i = rng_below(r, 3); v && i > 0; i--)
            cJSON_AddItemToArray(v, make_value(r, (int)rng_below(r, K_ARRAY)));
        break;
    case K_OBJECT:
        v = cJSON_CreateObject();
        if (v && rng_chance(r, 50)) {
            hostile_text(r, &t);
            cJSON_AddItemToObject(v, t.p, make_value(r, (int)rng_below(r, K_ARRAY)));
            cJSON_AddItemToObject(v, "id", make_value(r, (int)rng_below(r, K_ARRAY)));
        }
        break;
    default: {
        /* Nesting up to the depth cJSON still prints and parses. */
        size_t depth = 10 + rng_below(r, 300);
        v = make_value(r, (int)rng_below(r, K_ARRAY));
        for (size_t i = 0; v && i < depth; i++) {
            cJSON *w = rng_chance(r, 50) ? cJSON_CreateArray() : cJSON_CreateObject();
            ck_assert_ptr_nonnull(w);
            if (cJSON_IsArray(w))
                cJSON_AddItemToArray(w, v);
            else
                cJSON_AddItemToObject(w, "data", v);
            v = w;
        }
        break;
    }
    }
    buf_free(&t);
    ck_assert_ptr_nonnull(v);
    return v;
}

/* One tree-level change: a node swapped for another type, duplicated,
 * renamed or dropped. */
static void mutate_tree(rng *r, cJSON *root)
{
    nodes all = { 0 };
    collect(root->child, &all);
    if (all.n == 0) {
        free(all.v);
        return;
    }
    cJSON *node = all.v[rng_below(r, all.n)];
    cJSON *parent = parent_of(root, node);
    free(all.v);
    ck_assert_ptr_nonnull(parent);
    switch (rng_below(r, 6)) {
    case 0:
    case 1: /* type swap (strings get hostile contents) */
        cJSON_ReplaceItemViaPointer(parent, node, make_value(r, (int)rng_below(r, K_COUNT)));
        break;
    case 2: /* duplicate key (or element), before or after, same or other value */
        if (node->string) {
            cJSON *dup = rng_chance(r, 50) ? cJSON_Duplicate(node, true)
                                           : make_value(r, (int)rng_below(r, K_COUNT));
            ck_assert_ptr_nonnull(dup);
            if (rng_chance(r, 50)) {
                cJSON_AddItemToObject(parent, node->string, dup);
            } else {
                char *key = strdup(node->string);
                ck_assert_ptr_nonnull(key);
                cJSON_DetachItemViaPointer(parent, node);
                cJSON_AddItemToObject(parent, key, dup);
                cJSON_AddItemToObject(parent, key, node);
                free(key);
            }
        } else {
            cJSON *dup = cJSON_Duplicate(node, true);
            ck_assert_ptr_nonnull(dup);
            cJSON_AddItemToArray(parent, dup);
        }
        break;
    case 3: /* drop */
        cJSON_Delete(cJSON_DetachItemViaPointer(parent, node));
        break;
    case 4: /* hostile key */
        if (node->string) {
            buf t = { 0 };
            hostile_text(r, &t);
            cJSON *moved = cJSON_DetachItemViaPointer(parent, node);
            cJSON_AddItemToObject(parent, t.p, moved);
            buf_free(&t);
        }
        break;
    default: /* hostile text in a string */
        if (cJSON_IsString(node)) {
            buf t = { 0 };
            hostile_text(r, &t);
            cJSON_ReplaceItemViaPointer(parent, node, cJSON_CreateString(t.p));
            buf_free(&t);
        } else {
            cJSON_ReplaceItemViaPointer(parent, node, make_value(r, K_STRING));
        }
        break;
    }
}

/* Input number iter of the random part, built from a seed body. */
static void build_input(rng *r, buf *b)
{
    size_t s = rng_below(r, N_SEEDS);
    buf_set(b, SEEDS[s].body, SEEDS[s].len);
    if (rng_chance(r, 60)) {
        cJSON *root = cJSON_ParseWithLength(b->p, b->n);
        if (root) {
            for (size_t k = 1 + rng_below(r, 3); k > 0; k--)
                mutate_tree(r, root);
            char *printed = cJSON_PrintUnformatted(root);
            cJSON_Delete(root);
            if (printed) {
                buf_set(b, printed, strlen(printed));
                free(printed);
            }
        }
        if (rng_chance(r, 70))
            return;
    }
    for (size_t k = 1 + rng_below(r, 4); k > 0; k--)
        mutate_bytes(r, b);
}

/* ------------------------------------------------------------------ */
/* Cases.                                                             */

static void setup(void)
{
    memset(&ctx, 0, sizeof(ctx));
    ctx.seed = base_seed();
    dd_sanitize_mode = 0;
}

static void teardown(void)
{
    dd_sanitize_mode = 0;
}

START_TEST(random_mutations)
{
    ctx.what = "random_mutations";
    ctx.random = true;
    uint64_t from = first_iter(), n = iter_count();
    buf b = { 0 };
    for (uint64_t i = from; i < from + n; i++) {
        ctx.iter = i;
        rng r = rng_for(ctx.seed, i);
        build_input(&r, &b);
        run_both_modes(&r, b.p, b.n);
    }
    buf_free(&b);
    fprintf(stderr, "random_mutations: seed 0x%016" PRIx64 ", %" PRIu64 " inputs from %" PRIu64
            ", %zu strings checked\n", ctx.seed, n, from, n_strings_checked);
}
END_TEST

/* Every seed body cut at every byte. */
START_TEST(truncation_at_every_point)
{
    ctx.what = "truncation_at_every_point";
    rng r = rng_for(ctx.seed, 0);
    uint64_t count = 0;
    for (size_t s = 0; s < N_SEEDS; s++) {
        for (size_t cut = 0; cut <= SEEDS[s].len; cut++) {
            ctx.iter = count++;
            /* An exact-size copy, so that a read past the cut is caught. */
            char *body = malloc(cut ? cut : 1);
            ck_assert_ptr_nonnull(body);
            memcpy(body, SEEDS[s].body, cut);
            run_both_modes(&r, body, cut);
            free(body);
        }
    }
}
END_TEST

/* Every node of every seed body swapped to every other JSON type, given a
 * duplicate key, and (strings) each hostile escape. */
START_TEST(every_field_every_type)
{
    ctx.what = "every_field_every_type";
    rng r = rng_for(ctx.seed, 1);
    uint64_t count = 0;
    for (size_t s = 0; s < N_SEEDS; s++) {
        cJSON *probe = cJSON_ParseWithLength(SEEDS[s].body, SEEDS[s].len);
        if (!probe)
            continue;
        nodes all = { 0 };
        collect(probe->child, &all);
        size_t n_nodes = all.n;
        free(all.v);
        cJSON_Delete(probe);
        for (size_t k = 0; k < n_nodes; k++) {
            for (int variant = 0; variant < K_COUNT + 2 + (int)N_ESC; variant++) {
                cJSON *root = cJSON_ParseWithLength(SEEDS[s].body, SEEDS[s].len);
                ck_assert_ptr_nonnull(root);
                nodes v = { 0 };
                collect(root->child, &v);
                cJSON *node = v.v[k];
                free(v.v);
                cJSON *parent = parent_of(root, node);
                if (variant < K_COUNT) {
                    cJSON_ReplaceItemViaPointer(parent, node, make_value(&r, variant));
                } else if (variant < K_COUNT + 2) {
                    if (!node->string) {
                        cJSON_Delete(root);
                        continue;
                    }
                    /* A second member of the same name, with a value of
                     * another kind, first or last. */
                    cJSON *dup = make_value(&r, (int)rng_below(&r, K_COUNT));
                    if (variant == K_COUNT) {
                        cJSON_AddItemToObject(parent, node->string, dup);
                    } else {
                        char *key = strdup(node->string);
                        ck_assert_ptr_nonnull(key);
                        cJSON_DetachItemViaPointer(parent, node);
                        cJSON_AddItemToObject(parent, key, dup);
                        cJSON_AddItemToObject(parent, key, node);
                        free(key);
                    }
                } else {
                    if (!cJSON_IsString(node)) {
                        cJSON_Delete(root);
                        continue;
                    }
                    /* The escape is written into the JSON text itself:
                     * a marker string is printed, then replaced. */
                    cJSON_ReplaceItemViaPointer(parent, node, cJSON_CreateString("@@MARK@@"));
                }
                char *printed = cJSON_PrintUnformatted(root);
                cJSON_Delete(root);
                ck_assert_ptr_nonnull(printed);
                buf b = { 0 };
                buf_set(&b, printed, strlen(printed));
                free(printed);
                if (variant >= K_COUNT + 2) {
                    char *m = strstr(b.p, "@@MARK@@");
                    ck_assert_ptr_nonnull(m);
                    size_t at = (size_t)(m - b.p);
                    buf_erase(&b, at, 8);
                    size_t e = (size_t)variant - K_COUNT - 2;
                    buf_insert(&b, at, ESC[e].s, ESC[e].n);
                }
                ctx.iter = count++;
                run_both_modes(&r, b.p, b.n);
                buf_free(&b);
            }
        }
    }
}
END_TEST

/* Nesting at, around and far past cJSON's limit, in data and in errors. */
START_TEST(deep_nesting)
{
    ctx.what = "deep_nesting";
    rng r = rng_for(ctx.seed, 2);
    static const size_t depths[] = { 1, 2, 10, 998, 999, 1000, 1001, 1002, 5000, 100000 };
    static const char *const prefixes[] = { "{\"data\":", "{\"errors\":",
                                            "{\"data\":{\"attributes\":" };
    uint64_t count = 0;
    for (size_t d = 0; d < sizeof(depths) / sizeof(depths[0]); d++) {
        for (size_t p = 0; p < 3; p++) {
            for (int obj = 0; obj < 2; obj++) {
                for (int closed = 0; closed < 2; closed++) {
                    buf b = { 0 };
                    buf_set(&b, prefixes[p], strlen(prefixes[p]));
                    for (size_t i = 0; i < depths[d]; i++)
                        buf_insert(&b, b.n, obj ? "{\"id\":" : "[", obj ? 6 : 1);
                    buf_insert(&b, b.n, "\"\\u001b[2J\"", 11);
                    if (closed) {
                        for (size_t i = 0; i < depths[d]; i++)
                            buf_insert(&b, b.n, obj ? "}" : "]", 1);
                        buf_insert(&b, b.n, p == 2 ? "}}" : "}", p == 2 ? 2 : 1);
                    }
                    ctx.iter = count++;
                    run_both_modes(&r, b.p, b.n);
                    buf_free(&b);
                }
            }
        }
    }
}
END_TEST

/* Bytes chosen to hit the cleaner's edges: controls, C1, bidi, broken and
 * overlong sequences, wide characters, runs long enough to be capped. */
static void random_bytes(rng *r, buf *b)
{
    b->n = 0;
    buf_reserve(b, 0);
    size_t target = rng_chance(r, 85) ? rng_below(r, 64) : rng_below(r, 5000);
    while (b->n < target) {
        switch (rng_below(r, 5)) {
        case 0: {
            char c = (char)rng_below(r, 256);
            buf_insert(b, b->n, &c, 1);
            break;
        }
        case 1: {
            char c = (char)(0x20 + rng_below(r, 95));
            buf_insert(b, b->n, &c, 1);
            break;
        }
        case 2: {
            size_t k = rng_below(r, N_RAW);
            buf_insert(b, b->n, RAW[k].s, RAW[k].n);
            break;
        }
        case 3: {
            /* A well-formed or cut code point of random length. */
            static const char *const cps[] = { "\xc3\xa9", "\xe6\x97\xa5", "\xf0\x9f\x98\x80",
                                               "\xe2\x80\xa6", "\xc2\x85", "\xe2\x80\xae",
                                               "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf" };
            const char *c = cps[rng_below(r, 8)];
            size_t n = strlen(c);
            buf_insert(b, b->n, c, rng_chance(r, 20) ? 1 + rng_below(r, n) : n);
            break;
        }
        default: {
            char c = (char)(0x80 + rng_below(r, 0x80));
            buf_insert(b, b->n, &c, 1);
            break;
        }
        }
    }
}

START_TEST(sanitize_random_bytes)
{
    ctx.what = "sanitize_random_bytes";
    ctx.random = true;
    uint64_t from = first_iter(), n = iter_count() * 2;
    buf b = { 0 };
    enum { GUARD = 16, BIG = DD_SAN_MAX_BYTES + 64 };
    static unsigned char area[GUARD + BIG + GUARD];
    for (uint64_t i = from; i < from + n; i++) {
        ctx.iter = i;
        rng r = rng_for(ctx.seed ^ UINT64_C(0x5a5a5a5a), i);
        random_bytes(&r, &b);
        ctx.input = b.p;
        ctx.input_len = b.n;
        for (unsigned mode = 0; mode <= DD_SAN_ASCII; mode += DD_SAN_ASCII) {
            ctx.mode = mode;
            ctx.step = "dd_sanitize";
            char *out = dd_sanitize(b.p, b.n, mode);
            ck_assert_ptr_nonnull(out);
            size_t len = strlen(out);
            CHECK(len <= DD_SAN_MAX_BYTES, "output of %zu bytes", len);
            CHECK(dd_sanitize_is_clean(out, len, mode), "output not clean");
            for (size_t k = 0; k < len; k++) {
                unsigned char c = (unsigned char)out[k];
                CHECK(c >= 0x20 && c != 0x7f, "control byte 0x%02x in output", c);
                if (mode & DD_SAN_ASCII)
                    CHECK(c < 0x7f, "non-ASCII byte 0x%02x in ASCII output", c);
            }
            /* Idempotence: clean text is left as it is. */
            char *again = dd_sanitize(out, len, mode);
            ck_assert_ptr_nonnull(again);
            CHECK(strcmp(again, out) == 0, "cleaning clean output changed it");
            free(again);
            /* The fast path agrees with the slow one. */
            if (dd_sanitize_is_clean(b.p, b.n, mode))
                CHECK(len == b.n && memcmp(out, b.p, len) == 0, "clean input was changed");
            /* Into a buffer of any size: in bounds, terminated, clean. */
            ctx.step = "dd_sanitize_into";
            size_t cap = rng_chance(&r, 50) ? 1 + rng_below(&r, 40) : 1 + rng_below(&r, BIG);
            memset(area, 0xA5, sizeof(area));
            char *into = (char *)area + GUARD;
            size_t got = dd_sanitize_into(b.p, b.n, mode, into, cap);
            for (size_t k = 0; k < GUARD; k++)
                CHECK(area[k] == 0xA5, "wrote before the buffer");
            for (size_t k = GUARD + cap; k < sizeof(area); k++)
                CHECK(area[k] == 0xA5, "wrote past the buffer (cap %zu)", cap);
            CHECK(got < cap && strlen(into) == got, "returned %zu for cap %zu", got, cap);
            CHECK(dd_sanitize_is_clean(into, got, mode), "bounded output not clean");
            if (cap > len)
                CHECK(strcmp(into, out) == 0, "bounded output differs with room to spare");
            check_fit(&r, out, mode);
            free(out);
        }
        ctx.step = NULL;
    }
    buf_free(&b);
}
END_TEST

int main(void)
{
    /* Widths as in a UTF-8 terminal. */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    Suite *s = suite_create("fuzz_parse");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, random_mutations);
    tcase_add_test(tc, truncation_at_every_point);
    tcase_add_test(tc, every_field_every_type);
    tcase_add_test(tc, deep_nesting);
    tcase_add_test(tc, sanitize_random_bytes);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
