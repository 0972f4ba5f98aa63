/* Resolved configuration. Precedence: flags > environment > profile > defaults.
 * Keys: DD_API_KEY / DD_APP_KEY, or the profile's api_key / app_key in
 * $XDG_CONFIG_HOME/ddorgs/config (~/.config/ddorgs/config), an INI file with
 * [profile NAME] sections (site, api_key, app_key, api_key_command,
 * app_key_command, read_only), or what the profile's api_key_command /
 * app_key_command prints (keycmd.h). A config file readable by group or
 * others, or one private_file.h refuses, is refused. */
#ifndef DD_CONFIG_H
#define DD_CONFIG_H

#include <stdbool.h>

#include "error.h"

typedef struct dd_config_flags {
    const char *profile;   /* --profile, NULL when not given */
    const char *profile_from; /* where that name came from, for errors (NULL: "--profile") */
    const char *site;      /* --site */
    const char *api_url;   /* --api-url */
    bool read_only;        /* --read-only given */
    bool need_keys;        /* false for --dry-run/--help paths: missing keys allowed,
                            * and key commands are not run */
    /* The console's profile switch: key commands run without the terminal,
     * which curses owns (stdin and stderr /dev/null, no controlling
     * terminal), so a command that must prompt fails there. */
    bool no_terminal;
} dd_config_flags;

typedef struct dd_config {
    char *profile;      /* selected profile name, or NULL (no profile) */
    char *site;         /* always set */
    char *base_url;     /* always set: https://api.<site> or the --api-url */
    bool allow_http;    /* base_url is http on loopback */
    char *api_key;      /* NULL only when !need_keys; wiped by dd_config_free */
    char *app_key;
    bool read_only;
    char *config_path;  /* the file read, or NULL when none exists */
    char *audit_path;   /* $XDG_STATE_HOME/ddorgs/audit.log */
} dd_config;

/* Profile selection: flags->profile, else $DDORGS_PROFILE, else the profile
 * named "default" when the file has one, else none. May run the profile's
 * key commands (up to 10 s each, on the calling thread). */
dd_status dd_config_load(const dd_config_flags *flags, dd_config *out, dd_error *err);
/* The configuration of a --demo run: no file is read; base_url and keys are
 * the bundled mock's, site is "demo" (so audit records say so), read-only
 * still follows --read-only and $DDORGS_READ_ONLY, and the audit log is the
 * usual one. */
dd_status dd_config_demo(const dd_config_flags *flags, const char *base_url, const char *api_key,
                         const char *app_key, dd_config *out, dd_error *err);
void dd_config_free(dd_config *c);
/* Names of the profiles in the config file (malloc'd array of malloc'd
 * strings); 0 profiles when there is no file. */
dd_status dd_config_list_profiles(char ***names, size_t *n, dd_error *err);
void dd_config_free_names(char **names, size_t n);
/* "…abcd": the last 4 characters of a key, for display. */
void dd_key_fingerprint(const char *key, char *buf, size_t n);
/* Path helpers honouring XDG variables; malloc'd. */
char *dd_xdg_config_path(void);
char *dd_xdg_state_dir(void);

#endif
