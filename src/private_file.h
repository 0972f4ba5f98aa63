/* Opening a private file (the config file, the audit log) as ssh checks its
 * own: the file must be a regular file at the path itself (no symbolic
 * link), owned by the user or root and not writable by group or others, in
 * a directory owned by the user or root that group and others cannot write
 * (unless it has the sticky bit, as /tmp). The directories above it are
 * held to the same rule, up to and including $HOME when the file is under
 * it, else up to / (along the directory's real path). The file and its
 * directory are checked on open descriptors (the directory, then the file
 * opened relative to it), never on a name looked up again, and the open
 * never blocks (a FIFO at the path
 * is refused, not waited on). Refusals say what is wrong and the command
 * that fixes it. Whether group or others may *read* the file is left to
 * the caller (the config file refuses it, the audit log narrows it). */
#ifndef DD_PRIVATE_FILE_H
#define DD_PRIVATE_FILE_H

#include <stdbool.h>
#include <sys/stat.h>

#include "error.h"

typedef struct dd_private_file {
    const char *what;  /* "config file", "audit log": begins each message */
    const char *use;   /* "reads only", "writes only to": what ddorgs does
                        * with a regular file there (for a link) */
    const char *after_move; /* the next step once a FIFO, a directory...
                        * there is moved away, e.g. " and ddorgs starts a
                        * new log there" */
    dd_status code;    /* the code of a refusal: DD_E_CONFIG, DD_E_IO */
    bool append;       /* false: read only, a missing file is not an error;
                        * true: read-write with O_APPEND, created 0600 when
                        * missing (its directory must exist) */
} dd_private_file;

#define DD_PRIVATE_MISSING (-2)

/* Opens path (absolute or relative) for f. Returns a descriptor (O_CLOEXEC,
 * blocking) with *st its fstat, DD_PRIVATE_MISSING when !f->append and the
 * file or its directory does not exist (a file where the directory should
 * be is an error), or -1 with err set (f->code for a refusal, DD_E_NOMEM).
 * The caller closes the descriptor. */
int dd_private_open(const char *path, const dd_private_file *f, struct stat *st, dd_error *err);

/* path as one shell word, for a fix command in a message: unchanged when it
 * holds only characters a shell takes literally, else in single quotes.
 * Truncated to n - 1 bytes (n > 0). */
void dd_shell_word(const char *path, char *buf, size_t n);

#endif
