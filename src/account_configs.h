/* The configurations the account view loads: one per profile of the config
 * file, or the demo's profiles, handed around as one owned array.
 *
 * The account view (console and `--all-profiles`) reads every [profile
 * NAME] of the config file as `--profile NAME` would, keeping an --api-url
 * and --read-only given on the command line. A profile that cannot be read
 * (bad site, missing keys, a failing key command) is not fatal: it is left
 * out and named in notes, so the other profiles still load. Past the first
 * DD_ACCOUNT_MAX_PROFILES readable profiles the rest are named in notes as
 * left out, unread (their key commands are not run). */
#ifndef DD_ACCOUNT_CONFIGS_H
#define DD_ACCOUNT_CONFIGS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "error.h"

typedef struct dd_account_configs {
    dd_config **items;   /* n configurations, each malloc'd, owned */
    size_t n;
    char *notes;         /* "profile x: why; profile y: why" for the profiles
                          * left out, malloc'd; NULL when none */
    size_t n_skipped;    /* how many profiles notes names */
} dd_account_configs;

/* Reads every profile of the config file into out (emptied first).
 * api_url (may be NULL) and read_only act as --api-url and --read-only
 * for each; no_terminal as dd_config_flags' (the console's key commands).
 * DD_OK when at least one profile was read (the others are in notes);
 * DD_E_CONFIG when the file holds no profile or none could be read (err
 * says why, naming each), or the file itself is refused; DD_E_NOMEM. */
dd_status dd_account_configs_from_file(const char *api_url, bool read_only, bool no_terminal,
                                       dd_account_configs *out, dd_error *err);
/* Told of each profile left out, in the file's order: its name, its place
 * among the file's profiles (from 0) and why (err: code and text). The
 * pointers live for the call only. */
typedef void (*dd_account_skip_fn)(const char *profile, size_t position, const dd_error *why,
                                   void *ud);
/* dd_account_configs_from_file, telling on_skip (may be NULL) of each
 * profile left out as it goes, even when none could be read: the command
 * line reports them a line each. */
dd_status dd_account_configs_read(const char *api_url, bool read_only, bool no_terminal,
                                  dd_account_skip_fn on_skip, void *ud,
                                  dd_account_configs *out, dd_error *err);
/* Whether an error text already starts by naming profile `name` ("profile
 * NAME:", "profile NAME ", "profile 'NAME'"), so a note about it needs no
 * "profile NAME: " in front. */
bool dd_account_text_names_profile(const char *text, const char *name);
/* Appends a copy of cfg (every string duplicated, keys included). 0, or -1
 * on OOM (out unchanged). */
int dd_account_configs_add(dd_account_configs *out, const dd_config *cfg);
/* A deep copy of src into dst (emptied first). 0, or -1 on OOM (dst empty). */
int dd_account_configs_copy(dd_account_configs *dst, const dd_account_configs *src);
/* Frees every configuration (keys wiped) and the notes; out is left empty. */
void dd_account_configs_free(dd_account_configs *out);

#endif
