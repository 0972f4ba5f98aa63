/* mockctl PORT METHOD PATH [BODY]: one call to a running ddorgs-mock's
 * control endpoints, for the screen tests (which are shell scripts and
 * must not depend on curl). Prints the answer as compact JSON; exits 0 on
 * a 2xx answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock/harness.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: mockctl PORT METHOD PATH [BODY|@FILE]\n");
        return 2;
    }
    mock_proc m;
    memset(&m, 0, sizeof(m));
    m.port = atoi(argv[1]);
    snprintf(m.url, sizeof(m.url), "http://127.0.0.1:%d", m.port);
    const char *body = argc > 4 ? argv[4] : NULL;
    char *file_body = NULL;
    if (body && body[0] == '@') {
        FILE *f = fopen(body + 1, "rb");
        if (!f) {
            perror(body + 1);
            return 2;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        rewind(f);
        file_body = malloc((size_t)n + 1);
        if (!file_body || fread(file_body, 1, (size_t)n, f) != (size_t)n) {
            fclose(f);
            return 2;
        }
        file_body[n] = '\0';
        fclose(f);
        body = file_body;
    }
    char *out = NULL;
    long st = mock_http(&m, argv[2], argv[3], body, &out);
    free(file_body);
    if (out) {
        cJSON *j = cJSON_Parse(out);
        char *compact = j ? cJSON_PrintUnformatted(j) : NULL;
        puts(compact ? compact : out);
        free(compact);
        cJSON_Delete(j);
        free(out);
    }
    return st >= 200 && st < 300 ? 0 : 1;
}
