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

/* Where a setting came from (ddorgs doctor says it beside each one). */
typedef enum dd_origin {
    DD_FROM_DEFAULT = 0, /* nothing set it */
    DD_FROM_FLAG,        /* the command line */
    DD_FROM_ENV,         /* an environment variable */
    DD_FROM_PROFILE,     /* a setting of the profile */
    DD_FROM_COMMAND,     /* what the profile's key command printed */
    DD_FROM_DEMO         /* --demo's own mock */
} dd_origin;

typedef struct dd_setting_origin {
    dd_origin from;
    /* Which one, for a person: "--site", "DD_SITE", "/home/u/.config/ddorgs/
     * config:3", "api_key_command at /home/u/.config/ddorgs/config:5", the
     * default's reason ("the profile named default"); "" when there is
     * nothing more to say. Never a value. */
    char where[600];
} dd_setting_origin;

/* Where each resolved setting came from. */
typedef struct dd_config_origins {
    dd_setting_origin profile, site, api_url, api_key, app_key, read_only;
} dd_config_origins;

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
    /* Optional: filled with where each setting came from, as far as the
     * resolution got (a failed load leaves the settings after the failure
     * at DD_FROM_DEFAULT). */
    dd_config_origins *origins;
} dd_config_flags;

typedef struct dd_config {
    char *profile;      /* selected profile name, or NULL (no profile) */
    char *site;         /* always set */
    char *base_url;     /* always set: https://api.<site> or the --api-url */
    bool allow_http;    /* base_url is http on loopback */
    char *api_key;      /* NULL only when !need_keys; wiped by dd_config_free */
    char *app_key;
    bool read_only;
    bool no_mouse;      /* the profile's mouse = false: the console reads no clicks */
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
/* "…abcd": the last 4 characters of a key (fewer for a key shorter than 8),
 * for display; "...abcd" when dd_sanitize_mode is DD_SAN_ASCII (a locale
 * that is not UTF-8); "(none)" for NULL or "". Cut to fit buf[n]. */
void dd_key_fingerprint(const char *key, char *buf, size_t n);
/* Path helpers honouring XDG variables; malloc'd. */
char *dd_xdg_config_path(void);
char *dd_xdg_state_dir(void);

#endif
