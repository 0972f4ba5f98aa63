#include "mock_body.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#define DRIP_BYTES 16
#define CHUNK (64 * 1024)

typedef struct owned_body {
    char *data;
    size_t len;
    size_t cut;
    long drip_ms;
} owned_body;

static void owned_free(void *cls)
{
    owned_body *b = cls;
    free(b->data);
    free(b);
}

static ssize_t read_truncated(void *cls, uint64_t pos, char *buf, size_t max)
{
    owned_body *b = cls;
    if (pos >= b->cut)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t n = b->cut - (size_t)pos;
    if (n > max)
        n = max;
    memcpy(buf, b->data + pos, n);
    return (ssize_t)n;
}

static ssize_t read_drip(void *cls, uint64_t pos, char *buf, size_t max)
{
    owned_body *b = cls;
    if (pos >= b->len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    struct timespec ts = {b->drip_ms / 1000, (b->drip_ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
    size_t n = b->len - (size_t)pos;
    if (n > DRIP_BYTES)
        n = DRIP_BYTES;
    if (n > max)
        n = max;
    memcpy(buf, b->data + pos, n);
    return (ssize_t)n;
}

static struct MHD_Response *owned_response(char *body, size_t len, size_t cut, long drip_ms,
                                           MHD_ContentReaderCallback reader)
{
    owned_body *b = malloc(sizeof *b);
    if (!b) {
        free(body);
        return NULL;
    }
    *b = (owned_body){body, len, cut, drip_ms};
    struct MHD_Response *r =
        MHD_create_response_from_callback(len, DRIP_BYTES * 64, reader, b, owned_free);
    if (!r)
        owned_free(b);
    return r;
}

struct MHD_Response *body_truncated(char *body, size_t len)
{
    return owned_response(body, len, len / 2, 0, read_truncated);
}

struct MHD_Response *body_drip(char *body, size_t len, long drip_ms)
{
    return owned_response(body, len, len, drip_ms, read_drip);
}

/* The oversized document: HEAD, then ITEM, (",", ITEM)*, spaces, TAIL, so
 * that every prefix looks like a list page and the whole is valid JSON. */
static const char HEAD[] = "{\"data\":[";
static const char ITEM[] =
    "{\"id\":\"6a3c2f0e-1d4b-4c8e-9f2a-5b7d8e9f0a1b\",\"type\":\"org_connection\","
    "\"attributes\":{\"connection_types\":[\"logs\",\"metrics\"],"
    "\"created_at\":\"2024-01-01T00:00:00+00:00\"},\"relationships\":{\"source_org\":{\"data\":"
    "{\"id\":\"0879ce27-29a1-481f-a12e-bc2a48ec9ae1\",\"name\":\"Acme Logistics EU\","
    "\"type\":\"orgs\"}},\"sink_org\":{\"data\":{\"id\":\"f9ec96b0-8c8a-4b0a-9b0a-1b2c3d4e5f6a\","
    "\"name\":\"Globex Staging\",\"type\":\"orgs\"}}}}";
static const char TAIL[] = "],\"meta\":{\"page\":{\"total_count\":1,\"total_filtered_count\":1}}}";

typedef struct oversize_gen {
    uint64_t size;
    uint64_t pos;
    bool gzip;
    z_stream z;
    bool z_ready, z_done;
    unsigned char in[CHUNK];
} oversize_gen;

/* Copies the bytes [pos, pos+n) of the logical document into out. */
static size_t gen_fill(oversize_gen *g, char *out, size_t n)
{
    const uint64_t h = sizeof HEAD - 1, t = sizeof TAIL - 1, u = sizeof ITEM - 1;
    size_t done = 0;
    if (g->size < h + t) {
        /* Too small for a list: a JSON string of the requested size. */
        while (done < n && g->pos < g->size) {
            out[done++] = (g->pos == 0 || g->pos == g->size - 1) ? '"' : 'x';
            g->pos++;
        }
        return done;
    }
    uint64_t region = g->size - h - t;
    uint64_t units = region >= u ? 1 + (region - u) / (u + 1) : 0;
    uint64_t filled = units ? u + (units - 1) * (u + 1) : 0;
    while (done < n && g->pos < g->size) {
        uint64_t p = g->pos;
        const char *src;
        uint64_t avail;
        char one;
        if (p < h) {
            src = HEAD + p;
            avail = h - p;
        } else if (p >= g->size - t) {
            src = TAIL + (p - (g->size - t));
            avail = g->size - p;
        } else if (p - h < filled) {
            uint64_t q = p - h;
            if (q < u) {
                src = ITEM + q;
                avail = u - q;
            } else {
                uint64_t r = (q - u) % (u + 1);
                if (r == 0) {
                    one = ',';
                    src = &one;
                    avail = 1;
                } else {
                    src = ITEM + (r - 1);
                    avail = u - (r - 1);
                }
            }
        } else {
            uint64_t spaces = g->size - t - p;
            uint64_t k = spaces < n - done ? spaces : n - done;
            memset(out + done, ' ', (size_t)k);
            done += (size_t)k;
            g->pos += k;
            continue;
        }
        uint64_t k = avail < n - done ? avail : n - done;
        memcpy(out + done, src, (size_t)k);
        done += (size_t)k;
        g->pos += k;
    }
    return done;
}

static ssize_t read_plain(void *cls, uint64_t pos, char *buf, size_t max)
{
    oversize_gen *g = cls;
    (void)pos;
    if (g->pos >= g->size)
        return MHD_CONTENT_READER_END_OF_STREAM;
    return (ssize_t)gen_fill(g, buf, max);
}

static ssize_t read_gzip(void *cls, uint64_t pos, char *buf, size_t max)
{
    oversize_gen *g = cls;
    (void)pos;
    if (g->z_done)
        return MHD_CONTENT_READER_END_OF_STREAM;
    g->z.next_out = (unsigned char *)buf;
    g->z.avail_out = (uInt)(max > UINT32_MAX ? UINT32_MAX : max);
    /* Deflate until some output exists: returning 0 would spin MHD. */
    while (g->z.avail_out == (uInt)max) {
        if (g->z.avail_in == 0 && g->pos < g->size) {
            g->z.next_in = g->in;
            g->z.avail_in = (uInt)gen_fill(g, (char *)g->in, sizeof g->in);
        }
        int flush = g->pos >= g->size ? Z_FINISH : Z_NO_FLUSH;
        int rc = deflate(&g->z, flush);
        if (rc == Z_STREAM_END) {
            g->z_done = true;
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    size_t n = max - g->z.avail_out;
    if (n == 0)
        return MHD_CONTENT_READER_END_OF_STREAM;
    return (ssize_t)n;
}

static void gen_free(void *cls)
{
    oversize_gen *g = cls;
    if (g->z_ready)
        deflateEnd(&g->z);
    free(g);
}

struct MHD_Response *body_oversize(uint64_t size, bool gzip)
{
    oversize_gen *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->size = size;
    g->gzip = gzip;
    if (gzip) {
        /* windowBits 15 + 16: gzip wrapper, as Content-Encoding: gzip needs. */
        if (deflateInit2(&g->z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
            free(g);
            return NULL;
        }
        g->z_ready = true;
    }
    struct MHD_Response *r = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, CHUNK, gzip ? read_gzip : read_plain, g, gen_free);
    if (!r)
        gen_free(g);
    return r;
}
