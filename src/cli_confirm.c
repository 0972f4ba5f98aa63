#include "cli_confirm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool dd_confirm_typed(FILE *in, FILE *out, const char *what, const char *expected)
{
    fprintf(out, "%s\nType %s to confirm: ", what, expected);
    fflush(out);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, in);
    if (n < 0) {
        /* EOF at the prompt: end the prompt line so the error starts clean. */
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
    bool ok = strcmp(s, expected) == 0;
    free(line);
    return ok;
}
