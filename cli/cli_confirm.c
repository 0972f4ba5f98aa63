#include "cli_confirm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "confirm_text.h"
#include "sanitize.h"

bool dd_confirm_typed(FILE *in, FILE *out, const char *what, const char *raw_expected)
{
    /* Both may quote the command line or the server: shown cleaned, and
     * the operator types what is shown (confirm_text.h). */
    char *said = dd_sanitize(what, strlen(what), dd_sanitize_mode);
    dd_confirm_text expected = {0};
    long n = dd_confirm_fold(raw_expected, dd_sanitize_mode, expected.text,
                             sizeof(expected.text));
    if (!said || n < 0) {
        free(said);
        return false;
    }
    fprintf(out, "%s\nType %s to confirm: ", said, expected.text);
    free(said);
    fflush(out);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got = getline(&line, &cap, in);
    if (got < 0) {
        /* EOF at the prompt: end the prompt line so the error starts clean. */
        fputc('\n', out);
        free(line);
        return false;
    }
    bool ok = dd_confirm_text_matches(&expected, line, dd_sanitize_mode);
    free(line);
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
