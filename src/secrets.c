/* The process-wide set of secrets (secrets.h): copies of the keys, and one
 * redactor built from all of them, rebuilt whenever a key is added. */
#include "secrets.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static char **keys;             /* malloc'd copies */
static size_t n_keys, cap_keys;
static dd_redactor *all;        /* built from keys[0..n_keys) */
static pthread_once_t at_exit_once = PTHREAD_ONCE_INIT;

static void wipe_key(char *k)
{
    explicit_bzero(k, strlen(k));
    free(k);
}

static void register_at_exit(void)
{
    atexit(dd_secrets_clear);
}

int dd_secrets_add(const char *key)
{
    if (!key || strlen(key) < DD_REDACT_MIN_RUN)
        return 0;
    pthread_once(&at_exit_once, register_at_exit);
    pthread_rwlock_wrlock(&lock);
    int rc = 0;
    bool known = false;
    for (size_t i = 0; i < n_keys && !known; i++)
        known = strcmp(keys[i], key) == 0;
    if (known)
        goto out;
    rc = -1;
    if (n_keys == cap_keys) {
        size_t cap = cap_keys ? 2 * cap_keys : 8;
        char **grown = realloc(keys, cap * sizeof(*grown));
        if (!grown)
            goto out;
        keys = grown;
        cap_keys = cap;
    }
    char *copy = strdup(key);
    if (!copy)
        goto out;
    keys[n_keys] = copy;
    dd_redactor *next = dd_redactor_new((const char *const *)keys, n_keys + 1);
    if (!next) {
        wipe_key(copy);
        goto out;
    }
    n_keys++;
    dd_redactor_free(all);
    all = next;
    rc = 0;
out:
    pthread_rwlock_unlock(&lock);
    return rc;
}

void dd_secrets_clear(void)
{
    pthread_rwlock_wrlock(&lock);
    for (size_t i = 0; i < n_keys; i++)
        wipe_key(keys[i]);
    free(keys);
    keys = NULL;
    n_keys = cap_keys = 0;
    dd_redactor_free(all);
    all = NULL;
    pthread_rwlock_unlock(&lock);
}

size_t dd_secrets_count(void)
{
    pthread_rwlock_rdlock(&lock);
    size_t n = n_keys;
    pthread_rwlock_unlock(&lock);
    return n;
}

const dd_redactor *dd_secrets_hold(void)
{
    pthread_rwlock_rdlock(&lock);
    return all;
}

void dd_secrets_release(void)
{
    pthread_rwlock_unlock(&lock);
}
