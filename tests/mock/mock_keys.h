/* The key pairs of the account's orgs, for the clients of the mock (the
 * tests, the demo): served by GET /_mock/keys and written by --keys-file. */
#ifndef DD_MOCK_KEYS_H
#define DD_MOCK_KEYS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "mock_state.h"

/* {"self_org_id": ID, "orgs": [{"id", "name", "api_key", "app_key",
 * "disabled"}...]}:
 * every org that has a pair, in directory order; the self org with the
 * configured pair (api_key, app_key). The caller owns the document. */
cJSON *keys_to_json(const mock_world *s, const char *api_key, const char *app_key);

/* Writes keys_to_json's document to path, mode 0600, aside and renamed so
 * a reader never sees half of it. 0, or -1 with a message in err. */
int keys_file_write(const char *path, const mock_world *s, const char *api_key,
                    const char *app_key, char *err, size_t errlen);

#endif
