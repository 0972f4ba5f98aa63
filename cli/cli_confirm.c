#include "cli_confirm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "sanitize.h"

bool dd_confirm_typed(FILE *in, FILE *out, const char *what, const char *raw_expected)
{
    /* Both may quote the command line or the server: shown cleaned, and
     * the operator types what is shown. */
    char *said = dd_sanitize(what, strlen(what), dd_sanitize_mode);
    char *expected = dd_sanitize(raw_expected, strlen(raw_expected), dd_sanitize_mode);
    if (!said || !expected) {
        free(said);
        free(expected);
        return false;
    }
    fprintf(out, "%s\nType %s to confirm: ", said, expected);
    free(said);
    fflush(out);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, in);
    if (n < 0) {
        /* EOF at the prompt: end the prompt line so the error starts clean. */
        fputc('\n', out);
        free(line);
        free(expected);
        return false;
    }
    char *s = line;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        s[--len] = '\0';
    bool ok = strcmp(s, expected) == 0;
    free(line);
    free(expected);
    return ok;
}

bool dd_confirm_read_uuid(FILE *in, FILE *out, const char *what, char *uuid, size_t n)
{
    char *said = dd_sanitize(what, strlen(what), dd_sanitize_mode);
    if (!said)
        return false;
    fprintf(out, "%s\nType the org UUID to confirm: ", said);
    free(said);
    fflush(out);
    char *line = NULL;
    size_t cap = 0;
    if (getline(&line, &cap, in) < 0) {
        fputc('\n', out);
        free(line);
        return false;
    }
    char *s = line;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        s[--len] = '\0';
    bool ok = dd_is_uuid(s) && len < n;
    if (ok)
        memcpy(uuid, s, len + 1);
    free(line);
    return ok;
}
