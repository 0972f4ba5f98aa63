/* libFuzzer entry point for the response parsers (built by `make fuzz`
 * with clang; not part of `make check`). The first input byte picks the
 * cleaning mode, the rest is the body handed to every parser and to the
 * error-body decoder. Any broken invariant aborts, so that libFuzzer keeps
 * the input:
 *   make fuzz && ./fuzz_parse -max_len=65536 corpus/ */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "sanitize.h"
#include "textwidth.h"

static void need(int cond)
{
    if (!cond)
        abort();
}

/* Shown on screen: clean, no control byte, within the cap, and fitted to
 * any width without overrunning the buffer. */
static void check_string(const char *s, unsigned mode)
{
    need(s != NULL);
    size_t n = strlen(s);
    need(n <= DD_SAN_MAX_BYTES);
    need(dd_sanitize_is_clean(s, n, mode));
    for (size_t i = 0; i < n; i++)
        need((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] != 0x7f);
    char out[64];
    for (int cols = 0; cols <= 40; cols += 7) {
        int used = dd_text_fit(s, cols, cols & 1, (mode & DD_SAN_ASCII) != 0, out, sizeof(out));
        need(used >= 0 && used <= cols && strlen(out) < sizeof(out));
    }
}

static void check_opt(const char *s, unsigned mode)
{
    if (s)
        check_string(s, mode);
}

static void check_conn(const dd_conn *c, unsigned mode)
{
    check_string(c->id, mode);
    for (size_t i = 0; i < c->n_types; i++)
        check_string(c->types[i], mode);
    check_opt(c->created_at_text, mode);
    check_opt(c->source.id, mode);
    check_opt(c->source.name, mode);
    check_opt(c->sink.id, mode);
    check_opt(c->sink.name, mode);
    check_opt(c->created_by.id, mode);
    check_opt(c->created_by.name, mode);
}

static void check_failed(const dd_error *err, dd_status st)
{
    need(st == DD_E_PROTOCOL && err->code == st && err->text[0] != '\0');
    need(dd_sanitize_is_clean(err->text, strlen(err->text), 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned mode = (data[0] & 1) ? DD_SAN_ASCII : 0;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    dd_sanitize_mode = mode;
    dd_error err;

    dd_conn_list list;
    need(dd_conn_list_init(&list) == 0);
    dd_error_init(&err);
    dd_status st = dd_parse_conn_list(body, len, DD_TEXT_SCREEN, &list, &err);
    if (st == DD_OK) {
        for (size_t i = 0; i < list.n; i++)
            check_conn(&list.items[i], mode);
    } else {
        check_failed(&err, st);
        need(list.n == 0);
    }
    dd_error_clear(&err);
    size_t n0 = list.n;
    st = dd_parse_conn_single(body, len, DD_TEXT_SCREEN, &list, &err);
    if (st == DD_OK) {
        need(list.n == n0 + 1);
        check_conn(&list.items[n0], mode);
    } else {
        check_failed(&err, st);
        need(list.n == n0);
    }
    dd_error_clear(&err);
    dd_conn_list_free(&list);

    dd_sf_list sf;
    need(dd_sf_list_init(&sf) == 0);
    st = dd_parse_sf_list(body, len, DD_TEXT_SCREEN, &sf, &err);
    if (st == DD_OK) {
        for (size_t i = 0; i < sf.n; i++) {
            check_string(sf.items[i].id, mode);
            check_opt(sf.items[i].name, mode);
            check_opt(sf.items[i].sfdc_org_id, mode);
            check_opt(sf.items[i].sfdc_org_type, mode);
            check_opt(sf.items[i].instance_url, mode);
        }
    } else {
        check_failed(&err, st);
        need(sf.n == 0);
    }
    dd_error_clear(&err);
    dd_sf_list_free(&sf);

    dd_disable_result dis = { 0 };
    st = dd_parse_disable(body, len, DD_TEXT_SCREEN, &dis, &err);
    if (st == DD_OK) {
        check_string(dis.org_id, mode);
        check_string(dis.status, mode);
    } else {
        check_failed(&err, st);
        need(!dis.org_id && !dis.status);
    }
    dd_disable_result_free(&dis);
    dd_error_clear(&err);

    dd_managed_orgs mo;
    need(dd_managed_orgs_init(&mo) == 0);
    st = dd_parse_managed_orgs(body, len, DD_TEXT_SCREEN, &mo, &err);
    if (st == DD_OK) {
        for (size_t i = 0; i <= mo.n; i++) {
            const dd_org *o = i == 0 ? &mo.current : &mo.items[i - 1];
            check_string(o->id, mode);
            check_string(o->name, mode);
            check_string(o->public_id, mode);
            check_string(o->sharing, mode);
            check_string(o->created_at_text, mode);
            check_opt(o->description, mode);
            check_opt(o->url, mode);
            check_opt(o->modified_at_text, mode);
        }
    } else {
        check_failed(&err, st);
        need(mo.n == 0 && mo.current.id == NULL);
    }
    dd_error_clear(&err);
    dd_managed_orgs_free(&mo);

    /* Keys the fuzzer's bytes may well hold pieces of. */
    static const char *const keys[] = { "0123456789abcdef0123456789abcdef",
                                        "key-%41\\u0062&#99;key-key-key-key-key-key" };
    static dd_redactor *red;
    if (!red)
        red = dd_redactor_new(keys, 2);
    need(red != NULL);
    dd_parse_error_body(404, body, len, red, &err);
    need(err.code == DD_E_HTTP && err.text[0] != '\0');
    need(!dd_redact_finds(red, err.text, strlen(err.text)));
    for (size_t i = 0; i < err.n_messages; i++)
        need(!dd_redact_finds(red, err.messages[i], strlen(err.messages[i])));
    need(dd_sanitize_is_clean(err.text, strlen(err.text), mode));
    for (size_t i = 0; i < err.n_messages; i++)
        check_string(err.messages[i], mode);
    dd_error_clear(&err);
    dd_sanitize_mode = 0;
    return 0;
}
