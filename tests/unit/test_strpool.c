#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "strpool.h"
#include "suite_main.h"

START_TEST(intern_returns_one_copy)
{
    dd_strpool *p = dd_strpool_new();
    ck_assert_ptr_nonnull(p);
    char a[] = "Acme Corp", b[] = "Acme Corp";
    const char *x = dd_strpool_intern(p, a, strlen(a));
    const char *y = dd_strpool_intern(p, b, strlen(b));
    ck_assert_ptr_eq(x, y);
    ck_assert_ptr_ne(x, a);
    ck_assert_str_eq(x, "Acme Corp");
    const char *z = dd_strpool_intern(p, "Acme", 4);
    ck_assert_ptr_ne(x, z);
    ck_assert_str_eq(z, "Acme");
    ck_assert_uint_eq(dd_strpool_interned_count(p), 2);
    dd_strpool_free(p);
}
END_TEST

START_TEST(intern_uses_length_not_nul)
{
    dd_strpool *p = dd_strpool_new();
    /* Prefixes of one buffer are distinct strings, each NUL-terminated. */
    const char *s = "metricsXYZ";
    const char *m = dd_strpool_intern(p, s, 7);
    const char *mx = dd_strpool_intern(p, s, 8);
    ck_assert_str_eq(m, "metrics");
    ck_assert_str_eq(mx, "metricsX");
    ck_assert_ptr_eq(dd_strpool_intern(p, "metrics", 7), m);
    const char *e1 = dd_strpool_intern(p, "", 0);
    ck_assert_str_eq(e1, "");
    ck_assert_ptr_eq(dd_strpool_intern(p, "zzz", 0), e1);
    ck_assert_uint_eq(dd_strpool_interned_count(p), 3);
    dd_strpool_free(p);
}
END_TEST

START_TEST(dup_is_never_shared)
{
    dd_strpool *p = dd_strpool_new();
    const char *a = dd_strpool_dup(p, "id-1", 4);
    const char *b = dd_strpool_dup(p, "id-1", 4);
    ck_assert_ptr_ne(a, b);
    ck_assert_str_eq(a, "id-1");
    ck_assert_str_eq(b, "id-1");
    ck_assert_uint_eq(dd_strpool_interned_count(p), 0);
    dd_strpool_free(p);
}
END_TEST

START_TEST(alloc_is_aligned_and_big_blocks_work)
{
    dd_strpool *p = dd_strpool_new();
    dd_strpool_dup(p, "x", 1);  /* leave the bump pointer unaligned */
    for (size_t size = 1; size < 300000; size = size * 3 + 1) {
        unsigned char *m = dd_strpool_alloc(p, size);
        ck_assert_ptr_nonnull(m);
        ck_assert_uint_eq((uintptr_t)m % _Alignof(max_align_t), 0);
        memset(m, 0xAB, size);  /* ASan catches an undersized block */
        dd_strpool_dup(p, "y", 1);
    }
    ck_assert_uint_ge(dd_strpool_bytes(p), 300000 / 3);
    dd_strpool_free(p);
}
END_TEST

START_TEST(many_strings_survive_growth)
{
    dd_strpool *p = dd_strpool_new();
    enum { N = 50000 };
    static const char *first[N];
    char buf[32];
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof(buf), "org-%d", i);
        first[i] = dd_strpool_intern(p, buf, (size_t)n);
        ck_assert_ptr_nonnull(first[i]);
    }
    ck_assert_uint_eq(dd_strpool_interned_count(p), N);
    /* After many table resizes every string still maps to its first copy. */
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof(buf), "org-%d", i);
        ck_assert_ptr_eq(dd_strpool_intern(p, buf, (size_t)n), first[i]);
        ck_assert_str_eq(first[i], buf);
    }
    ck_assert_uint_eq(dd_strpool_interned_count(p), N);
    dd_strpool_free(p);
}
END_TEST

static double intern_rows(int rows)
{
    static const char *names[] = { "Acme Production", "Acme Staging", "logs", "metrics",
                                   "jane.doe@example.com", "11111111-2222-3333-4444-555555555555" };
    struct timespec a, b;
    dd_strpool *p = dd_strpool_new();
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int r = 0; r < rows; r++)
        for (int k = 0; k < 6; k++)
            dd_strpool_intern(p, names[k], strlen(names[k]));
    clock_gettime(CLOCK_MONOTONIC, &b);
    ck_assert_uint_eq(dd_strpool_interned_count(p), 6);
    dd_strpool_free(p);
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

START_TEST(interning_is_linear)
{
    /* 100,000 rows x 6 repeated strings: ten times the rows must cost about
     * ten times the time, far from the hundredfold of a quadratic scheme.
     * Best of three to keep a busy machine from failing the test. */
    double small = 1e9, big = 1e9;
    for (int i = 0; i < 3; i++) {
        double s = intern_rows(10000), l = intern_rows(100000);
        if (s < small)
            small = s;
        if (l < big)
            big = l;
    }
    ck_assert_msg(big < small * 40 + 0.002, "10x rows took %.4fs vs %.4fs", big, small);
    ck_assert_msg(big < 2.0, "100,000 rows took %.3fs", big);
}
END_TEST

START_TEST(distinct_strings_bytes_are_packed)
{
    dd_strpool *p = dd_strpool_new();
    char buf[40];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(buf, sizeof(buf), "%08d-0000-0000-0000-000000000000", i);
        dd_strpool_dup(p, buf, (size_t)n);
    }
    /* 37 bytes each, packed: the arena wastes a few bytes at each chunk's
     * end and at most one (1 MiB) chunk's unused room. */
    ck_assert_uint_ge(dd_strpool_bytes(p), 3700000);
    ck_assert_uint_le(dd_strpool_bytes(p), 3700000 + 1024 * 1024 + 4096);
    dd_strpool_free(p);
}
END_TEST

START_TEST(free_null_is_harmless)
{
    dd_strpool_free(NULL);
    ck_assert_uint_eq(dd_strpool_interned_count(NULL), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("strpool");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, intern_returns_one_copy);
    tcase_add_test(tc, intern_uses_length_not_nul);
    tcase_add_test(tc, dup_is_never_shared);
    tcase_add_test(tc, alloc_is_aligned_and_big_blocks_work);
    tcase_add_test(tc, many_strings_survive_growth);
    tcase_add_test(tc, interning_is_linear);
    tcase_add_test(tc, distinct_strings_bytes_are_packed);
    tcase_add_test(tc, free_null_is_harmless);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
