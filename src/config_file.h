/* The profiles file ($XDG_CONFIG_HOME/ddorgs/config) as read: INI
 * sections [profile NAME] / [default] with site, api_key, app_key,
 * api_key_command, app_key_command and read_only. Internal to the
 * configuration code (config.c). */
#ifndef DD_CONFIG_FILE_H
#define DD_CONFIG_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* One [profile NAME] section as read; line numbers are kept so that a bad
 * value found after parsing (unknown site) can still point at the file. */
typedef struct profile {
    char *name;
    char *site;
    int site_line;
    char *api_key;
    char *app_key;
    /* Commands that print a key (keycmd.h), at most one of key and command
     * per key; lines kept for messages. */
    char *api_key_command;
    int api_key_command_line;
    char *app_key_command;
    int app_key_command_line;
    int read_only; /* -1 unset */
    int mouse;     /* the console reads clicks: -1 unset */
} profile;

typedef struct cfg_file {
    bool exists;
    profile *p;
    size_t n;
} cfg_file;

/* Reads the file at path (NULL: none). A missing file is not an error
 * (cf->exists stays false); a file others can read or write is, and so is
 * anything private_file.h refuses. Every key buffer is wiped when freed. */
dd_status dd_cfg_file_read(const char *path, cfg_file *cf, dd_error *err);
void dd_cfg_file_free(cfg_file *cf);
profile *dd_cfg_find_profile(const cfg_file *cf, const char *name);
/* true/yes/1 -> 1, false/no/0 -> 0 (any case), else -1. */
int dd_cfg_parse_bool(const char *v);
/* Printable ASCII without spaces: safe to put in a header line. */
bool dd_cfg_key_chars_ok(const char *k);

#endif
