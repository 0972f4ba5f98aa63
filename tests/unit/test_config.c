#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "sanitize.h"
#include "suite_main.h"

static char home[256];

static void rm_tree(const char *dir)
{
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* Every test starts with an empty HOME and none of the variables ddorgs
 * reads, so the developer's own configuration can never leak in. */
static void setup(void)
{
    snprintf(home, sizeof(home), "/tmp/ddorgs-cfg-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(home));
    setenv("HOME", home, 1);
    const char *vars[] = {"XDG_CONFIG_HOME", "XDG_STATE_HOME", "DD_SITE", "DD_API_KEY",
                          "DD_APP_KEY", "DDORGS_PROFILE", "DDORGS_READ_ONLY"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
}

static void teardown(void)
{
    rm_tree(home);
}

static void write_config_at(const char *dir, const char *text, mode_t mode)
{
    char path[400];
    snprintf(path, sizeof(path), "%s/ddorgs", dir);
    mkdir(dir, 0700);
    ck_assert_int_eq(mkdir(path, 0700) == 0 || access(path, F_OK) == 0, 1);
    snprintf(path, sizeof(path), "%s/ddorgs/config", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    ck_assert_int_eq(chmod(path, mode), 0);
}

static void write_config(const char *text, mode_t mode)
{
    char dir[300];
    snprintf(dir, sizeof(dir), "%s/.config", home);
    write_config_at(dir, text, mode);
}

static const char two_profiles[] =
    "# comment\n"
    "[default]\n"
    "site = datadoghq.eu\n"
    "api_key = profile-default-api-key-1111\n"
    "app_key = profile-default-app-key-2222\n"
    "\n"
    "[profile prod]\n"
    "site = us5.datadoghq.com\n"
    "api_key = profile-prod-api-key-3333\n"
    "app_key = profile-prod-app-key-4444\n"
    "read_only = yes\n";

static dd_status load(dd_config_flags *f, dd_config *c, dd_error *e)
{
    dd_error_init(e);
    return dd_config_load(f, c, e);
}

START_TEST(defaults_without_file)
{
    setenv("DD_API_KEY", "env-api-key-abcd", 1);
    setenv("DD_APP_KEY", "env-app-key-wxyz", 1);
    dd_config_flags f = {.need_keys = true};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_ptr_null(c.profile);
    ck_assert_ptr_null(c.config_path);
    ck_assert_str_eq(c.site, "datadoghq.com");
    ck_assert_str_eq(c.base_url, "https://api.datadoghq.com");
    ck_assert(!c.allow_http);
    ck_assert(!c.read_only);
    ck_assert_str_eq(c.api_key, "env-api-key-abcd");
    ck_assert_str_eq(c.app_key, "env-app-key-wxyz");
    char want[400];
    snprintf(want, sizeof(want), "%s/.local/state/ddorgs/audit.log", home);
    ck_assert_str_eq(c.audit_path, want);
    dd_config_free(&c);
}
END_TEST

START_TEST(default_section_is_profile_default)
{
    write_config(two_profiles, 0600);
    dd_config_flags f = {.need_keys = true};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_str_eq(c.profile, "default");
    ck_assert_str_eq(c.site, "datadoghq.eu");
    ck_assert_str_eq(c.base_url, "https://api.datadoghq.eu");
    ck_assert_str_eq(c.api_key, "profile-default-api-key-1111");
    ck_assert_str_eq(c.app_key, "profile-default-app-key-2222");
    ck_assert(!c.read_only);
    char want[400];
    snprintf(want, sizeof(want), "%s/.config/ddorgs/config", home);
    ck_assert_str_eq(c.config_path, want);
    dd_config_free(&c);
}
END_TEST

START_TEST(precedence_flags_env_profile)
{
    write_config(two_profiles, 0600);
    /* Profile from the environment, everything else from the profile. */
    setenv("DDORGS_PROFILE", "prod", 1);
    dd_config_flags f = {.need_keys = true};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_str_eq(c.profile, "prod");
    ck_assert_str_eq(c.site, "us5.datadoghq.com");
    ck_assert_str_eq(c.api_key, "profile-prod-api-key-3333");
    ck_assert(c.read_only);
    dd_config_free(&c);

    /* Environment beats the profile. */
    setenv("DD_SITE", "ap1.datadoghq.com", 1);
    setenv("DD_API_KEY", "env-api-key-9999", 1);
    setenv("DDORGS_READ_ONLY", "0", 1);
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_str_eq(c.site, "ap1.datadoghq.com");
    ck_assert_str_eq(c.api_key, "env-api-key-9999");
    ck_assert_str_eq(c.app_key, "profile-prod-app-key-4444");
    ck_assert(!c.read_only);
    dd_config_free(&c);

    /* Flags beat the environment. */
    f.profile = "default";
    f.site = "uk1.datadoghq.com";
    f.read_only = true;
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_str_eq(c.profile, "default");
    ck_assert_str_eq(c.site, "uk1.datadoghq.com");
    ck_assert_str_eq(c.base_url, "https://api.uk1.datadoghq.com");
    ck_assert_str_eq(c.api_key, "env-api-key-9999");
    ck_assert_str_eq(c.app_key, "profile-default-app-key-2222");
    ck_assert(c.read_only);
    dd_config_free(&c);

    /* --api-url overrides the site's URL but the site is kept for records. */
    f.api_url = "http://127.0.0.1:8126/";
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_str_eq(c.base_url, "http://127.0.0.1:8126");
    ck_assert(c.allow_http);
    ck_assert_str_eq(c.site, "uk1.datadoghq.com");
    dd_config_free(&c);
}
END_TEST

START_TEST(read_only_env_turns_on)
{
    setenv("DDORGS_READ_ONLY", "1", 1);
    dd_config_flags f = {0};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert(c.read_only);
    dd_config_free(&c);
    setenv("DDORGS_READ_ONLY", "maybe", 1);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "DDORGS_READ_ONLY"));
}
END_TEST

START_TEST(refuses_file_readable_by_others)
{
    write_config(two_profiles, 0644);
    dd_config_flags f = {0};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    char want[1300];
    snprintf(want, sizeof(want),
             "config file %s/.config/ddorgs/config is readable by its group and others (mode "
             "0644); run: "
             "chmod 600 %s/.config/ddorgs/config",
             home, home);
    ck_assert_str_eq(e.text, want);
    ck_assert_ptr_null(strstr(e.text, "profile-default"));
    write_config(two_profiles, 0620);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "writable by its group (mode 0620)"));
    write_config(two_profiles, 0640);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "readable by its group (mode 0640)"));
    write_config(two_profiles, 0604);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "readable by others (mode 0604)"));
}
END_TEST

/* The config's directory and path under the test HOME; the directory is
 * created (0700). */
static void config_paths(char *dir, size_t dn, char *file, size_t fn)
{
    char parent[280];
    snprintf(parent, sizeof(parent), "%s/.config", home);
    mkdir(parent, 0700);
    snprintf(dir, dn, "%s/ddorgs", parent);
    ck_assert_int_eq(mkdir(dir, 0700) == 0 || errno == EEXIST, 1);
    snprintf(file, fn, "%s/config", dir);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Loads with the default flags; the load must be refused with exactly want. */
static void refused_with(const char *want)
{
    dd_config_flags f = {0};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_str_eq(e.text, want);
    /* The console's profile picker reads the same file: refused alike. */
    char **names;
    size_t n;
    dd_error_init(&e);
    ck_assert_int_eq(dd_config_list_profiles(&names, &n, &e), DD_E_CONFIG);
    ck_assert_str_eq(e.text, want);
}

/* A FIFO at the config's place used to hang the open for ever (no writer):
 * it is refused at once, with the fix. */
START_TEST(refuses_fifo_promptly)
{
    char dir[300], path[400], want[1600];
    config_paths(dir, sizeof(dir), path, sizeof(path));
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    double t0 = now_s();
    snprintf(want, sizeof(want),
             "config file %s is a named pipe (FIFO), not a regular file; move it away (run: mv "
             "%s %s.old) and write the configuration in a regular file there",
             path, path, path);
    refused_with(want);
    ck_assert_msg(now_s() - t0 < 2.0, "took %.1f s", now_s() - t0);
}
END_TEST

START_TEST(refuses_directory_and_socket)
{
    char dir[300], path[400], want[1600];
    config_paths(dir, sizeof(dir), path, sizeof(path));
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(want, sizeof(want),
             "config file %s is a directory, not a regular file; move it away (run: mv %s "
             "%s.old) and write the configuration in a regular file there",
             path, path, path);
    refused_with(want);
    ck_assert_int_eq(rmdir(path), 0);
    /* A socket cannot even be opened (ENXIO): what is there is said. */
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(sock, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    ck_assert_uint_lt(strlen(path), sizeof(sa.sun_path));
    memcpy(sa.sun_path, path, strlen(path) + 1);
    ck_assert_int_eq(bind(sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
    snprintf(want, sizeof(want),
             "config file %s is a socket, not a regular file; move it away (run: mv %s "
             "%s.old) and write the configuration in a regular file there",
             path, path, path);
    refused_with(want);
    close(sock);
}
END_TEST

/* A symbolic link could be pointed at any file by whoever can write its
 * directory; the file is read only when it is itself at the path. */
START_TEST(refuses_symlink)
{
    char dir[300], path[400], real[400], want[2000];
    config_paths(dir, sizeof(dir), path, sizeof(path));
    snprintf(real, sizeof(real), "%s/real-config", home);
    FILE *fp = fopen(real, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(two_profiles, fp);
    fclose(fp);
    ck_assert_int_eq(chmod(real, 0600), 0);
    ck_assert_int_eq(symlink(real, path), 0);
    snprintf(want, sizeof(want),
             "config file %s is a symbolic link; ddorgs reads only a regular file there: "
             "replace the link with the file (run: cp --remove-destination \"$(readlink -f %s)\" "
             "%s)",
             path, path, path);
    refused_with(want);
}
END_TEST

/* Tests run as root in CI: the user is root, so "owned by the user or
 * root" refuses a file of uid 65534. As another user, the file of a third
 * uid cannot be made, and the case is skipped. */
START_TEST(refuses_file_owned_by_another_user)
{
    char dir[300], path[400], want[1600];
    config_paths(dir, sizeof(dir), path, sizeof(path));
    write_config(two_profiles, 0600);
    if (chown(path, 65534, (gid_t)-1) != 0) {
        ck_assert_int_ne(geteuid(), 0);
        return;
    }
    ck_assert_int_eq(geteuid(), 0);
    snprintf(want, sizeof(want),
             "config file %s is owned by uid 65534, not by you (root); run: chown root %s", path,
             path);
    refused_with(want);
    /* The owner's own file, or root's, is fine. */
    ck_assert_int_eq(chown(path, 0, (gid_t)-1), 0);
    dd_config_flags f = {0};
    dd_config c;
    dd_error e;
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    dd_config_free(&c);
}
END_TEST

/* Whoever may write the directory may replace the file with their own. */
START_TEST(refuses_directory_others_can_write)
{
    char dir[300], path[400], want[1600];
    config_paths(dir, sizeof(dir), path, sizeof(path));
    write_config(two_profiles, 0600);
    ck_assert_int_eq(chmod(dir, 0770), 0);
    snprintf(want, sizeof(want),
             "directory %s of config file %s is writable by its group (mode 0770), which could "
             "replace the file; run: chmod go-w %s",
             dir, path, dir);
    refused_with(want);
    ck_assert_int_eq(chmod(dir, 0757), 0);
    snprintf(want, sizeof(want),
             "directory %s of config file %s is writable by others (mode 0757), which could "
             "replace the file; run: chmod go-w %s",
             dir, path, dir);
    refused_with(want);
    /* The sticky bit keeps others from replacing what they do not own
     * (as in /tmp): fine, as is a directory others may only read. */
    dd_config_flags f = {0};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(chmod(dir, 01777), 0);
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    dd_config_free(&c);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    dd_config_free(&c);
    /* A directory of another user: they could replace the file too. */
    if (chown(dir, 65534, (gid_t)-1) == 0) {
        snprintf(want, sizeof(want),
                 "directory %s of config file %s is owned by uid 65534, not by you (root), "
                 "and that user could replace the file; run: chown root %s",
                 dir, path, dir);
        refused_with(want);
    }
}
END_TEST

/* Fix commands are for pasting into a shell: a path with a space or a
 * quote is quoted. */
/* A file where the config's directory should be is said, not taken for
 * "no config". */
START_TEST(file_for_directory_is_an_error)
{
    char parent[300], dir[320];
    snprintf(parent, sizeof(parent), "%s/.config", home);
    ck_assert_int_eq(mkdir(parent, 0700), 0);
    snprintf(dir, sizeof(dir), "%s/ddorgs", parent);
    FILE *fp = fopen(dir, "w");
    ck_assert_ptr_nonnull(fp);
    fclose(fp);
    dd_config_flags f = {0};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    char want[1000];
    snprintf(want, sizeof(want),
             "cannot open the directory %s of config file %s/config: Not a directory", dir, dir);
    ck_assert_str_eq(e.text, want);
}
END_TEST

START_TEST(fix_commands_quote_the_path)
{
    char parent[300], dir[320], path[340], want[1000];
    snprintf(parent, sizeof(parent), "%s/it's here", home);
    ck_assert_int_eq(mkdir(parent, 0700), 0);
    setenv("XDG_CONFIG_HOME", parent, 1);
    write_config_at(parent, two_profiles, 0640);
    snprintf(dir, sizeof(dir), "%s/ddorgs", parent);
    snprintf(path, sizeof(path), "%s/config", dir);
    snprintf(want, sizeof(want),
             "config file %s is readable by its group (mode 0640); run: chmod 600 '%s/it'\\''s "
             "here/ddorgs/config'",
             path, home);
    refused_with(want);
}
END_TEST

START_TEST(unknown_profile_lists_known)
{
    write_config(two_profiles, 0600);
    dd_config_flags f = {.profile = "staging"};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "unknown profile 'staging' (from --profile)"));
    ck_assert_ptr_nonnull(strstr(e.text, "default, prod"));

    f.profile = NULL;
    setenv("DDORGS_PROFILE", "nope", 1);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "(from DDORGS_PROFILE)"));
}
END_TEST

START_TEST(unknown_profile_without_file)
{
    dd_config_flags f = {.profile = "prod"};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "has no profiles; add a [profile prod] section"));
}
END_TEST

START_TEST(unknown_site_lists_nine)
{
    dd_config_flags f = {.site = "datadoghq.org"};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "unknown site 'datadoghq.org' (from --site)"));
    ck_assert_ptr_nonnull(strstr(e.text, "datadoghq.com, us3.datadoghq.com"));
    ck_assert_ptr_nonnull(strstr(e.text, "us2.ddog-gov.com"));

    /* A custom or proxied endpoint is given as a URL, not as a site. */
    ck_assert_ptr_nonnull(strstr(e.text, "--api-url https://HOST"));

    /* The web app's or the API's host name, or a URL, is not a site; the
     * error names the site meant. */
    const char *meant[][2] = {{"app.datadoghq.eu", "datadoghq.eu"},
                              {"https://api.US5.datadoghq.com/", "us5.datadoghq.com"},
                              {"https://datadoghq.com", "datadoghq.com"}};
    for (size_t i = 0; i < 3; i++) {
        f.site = meant[i][0];
        ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
        char want[100];
        snprintf(want, sizeof(want), "(from --site), perhaps you meant %s; use one of: ",
                 meant[i][1]);
        ck_assert_msg(strstr(e.text, want) != NULL, "%s", e.text);
        /* One sentence: no question mark between its clauses. */
        ck_assert_msg(strchr(e.text, '?') == NULL, "%s", e.text);
    }
    f.site = "https://example.com";
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, "(from --site), but a site is a host name such as "
                                 "datadoghq.eu, without a scheme; use one of: ") != NULL,
                  "%s", e.text);

    f.site = NULL;
    write_config("[default]\nsite = eu\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "unknown site 'eu' (from "));
    ck_assert_ptr_nonnull(strstr(e.text, "ddorgs/config:2)"));
}
END_TEST

/* Sites are host names: DD_SITE=US5.DATADOGHQ.COM is us5.datadoghq.com, and
 * the configuration holds the canonical lower-case name (audit records,
 * the console's header and the base URL use it). */
START_TEST(site_any_case_is_canonical)
{
    setenv("DD_SITE", "US5.DATADOGHQ.COM", 1);
    dd_config_flags f = {0};
    dd_config c;
    dd_error e;
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_str_eq(c.site, "us5.datadoghq.com");
    ck_assert_str_eq(c.base_url, "https://api.us5.datadoghq.com");
    dd_config_free(&c);

    f.site = "DatadogHQ.EU.";
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_str_eq(c.site, "datadoghq.eu");
    ck_assert_str_eq(c.base_url, "https://api.datadoghq.eu");
    dd_config_free(&c);

    f.site = NULL;
    unsetenv("DD_SITE");
    write_config("[default]\nsite = AP1.datadoghq.COM\n", 0600);
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_str_eq(c.site, "ap1.datadoghq.com");
    dd_config_free(&c);
}
END_TEST

START_TEST(missing_keys_say_what_to_set)
{
    setenv("DD_API_KEY", "secret-api-key-visible-1234", 1);
    dd_config_flags f = {.need_keys = true};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "missing an application key"));
    ck_assert_ptr_nonnull(strstr(e.text, "DD_APP_KEY"));
    ck_assert_ptr_nonnull(strstr(e.text, "app_key"));
    ck_assert_ptr_nonnull(strstr(e.text, "/.config/ddorgs/config"));
    ck_assert_ptr_null(strstr(e.text, "secret-api-key"));
    ck_assert_ptr_null(strstr(e.text, "1234"));

    unsetenv("DD_API_KEY");
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "DD_API_KEY and DD_APP_KEY"));

    /* A dry run may go on without keys. */
    f.need_keys = false;
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_ptr_null(c.api_key);
    dd_config_free(&c);
}
END_TEST

START_TEST(empty_keys_refused)
{
    setenv("DD_API_KEY", "", 1);
    setenv("DD_APP_KEY", "app-key-present-5678", 1);
    dd_config_flags f = {.need_keys = true};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "DD_API_KEY is set but empty"));

    unsetenv("DD_API_KEY");
    write_config("[default]\napi_key =\napp_key = x\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "ddorgs/config:2: api_key is empty"));

    write_config("[default]\napp_key = x\n", 0600);
    setenv("DD_API_KEY", "bad key\r\nX-Injected: 1", 1);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "DD_API_KEY contains a space or control character"));
    ck_assert_ptr_null(strstr(e.text, "Injected"));
}
END_TEST

START_TEST(bad_read_only_and_unknown_key_name_the_line)
{
    write_config("[profile a]\nsite = datadoghq.com\nread_only = sometimes\n", 0600);
    dd_config_flags f = {0};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "ddorgs/config:3: read_only must be true or false"));

    write_config("[profile a]\n\n; c\nsite = datadoghq.com\napi_ky = x\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "ddorgs/config:5: unknown key 'api_ky'"));

    write_config("[profile a]\nsite = datadoghq.com\nthis is not ini\nfoo = 1\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "ddorgs/config:3: cannot parse this line"));

    write_config("[servers]\nsite = datadoghq.com\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "config:2: unknown section [servers]"));

    write_config("site = datadoghq.com\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "config:1: setting outside a section"));

    /* A value given twice would silently win: refused, with its line. */
    write_config("[profile a]\napi_key = k1\napp_key = a1\n\n[profile a]\napi_key = k2\n",
                 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "config:6: api_key is set twice for profile a; keep one"));
    write_config("[default]\nsite = datadoghq.eu\n[profile default]\nsite = datadoghq.com\n",
                 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "config:4: site is set twice for profile default"));
    write_config("[profile a]\nread_only = yes\nread_only = no\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "config:3: read_only is set twice for profile a"));
    /* Quotes are not part of INI values here: they would be sent. */
    write_config("[profile a]\napi_key = \"abc\"\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "config:2: api_key is in quotes; write the key without"));
    write_config("[profile a]\napp_key = abc\xc3\xa9\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "config:2: app_key holds a space, a control or a non-ASCII"));

    const char *values[] = {"true", "YES", "1", "false", "no", "0"};
    for (size_t i = 0; i < 6; i++) {
        char text[100];
        snprintf(text, sizeof(text), "[profile a]\nread_only = %s\n", values[i]);
        write_config(text, 0600);
        f.profile = "a";
        ck_assert_int_eq(load(&f, &c, &e), DD_OK);
        ck_assert_int_eq(c.read_only, i < 3);
        dd_config_free(&c);
        /* The console's mouse, per profile: on unless set false. */
        snprintf(text, sizeof(text), "[profile a]\nmouse = %s\n", values[i]);
        write_config(text, 0600);
        ck_assert_int_eq(load(&f, &c, &e), DD_OK);
        ck_assert_int_eq(c.no_mouse, i >= 3);
        dd_config_free(&c);
    }
    write_config("[profile a]\nsite = datadoghq.com\n", 0600);
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert(!c.no_mouse);
    dd_config_free(&c);
    write_config("[profile a]\nmouse = maybe\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "config:2: mouse must be true or false"));
    write_config("[profile a]\nmouse = no\nmouse = yes\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "config:3: mouse is set twice for profile a"));
}
END_TEST

/* inih reads at most 199 characters of a line and would take the rest as
 * a line of its own: a long line is refused with its number instead, as
 * is a NUL byte, which would silently end a value. */
START_TEST(long_line_and_nul_refused)
{
    char text[600];
    snprintf(text, sizeof(text), "[profile a]\nsite = datadoghq.com\napp_key = %0190d\n", 0);
    write_config(text, 0600);
    dd_config_flags f = {.profile = "a"};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, "ddorgs/config:3: line longer than 199 characters; shorten it")
                      != NULL, "%s", e.text);
    /* 199 characters (and the newline) are fine, and the line after is
     * still counted right. */
    snprintf(text, sizeof(text),
             "[profile a]\nsite = datadoghq.com\napp_key = %0189d\napi_key = k\n", 0);
    ck_assert_uint_eq(strlen(strstr(text, "app_key")), 199 + 1 + 12);
    write_config(text, 0600);
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_uint_eq(strlen(c.app_key), 189);
    dd_config_free(&c);
    snprintf(text, sizeof(text),
             "[profile a]\nsite = datadoghq.com\napp_key = %0189d\nbogus = k\n", 0);
    write_config(text, 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, "ddorgs/config:4: unknown key 'bogus'") != NULL, "%s", e.text);

    char path[400];
    snprintf(path, sizeof(path), "%s/.config/ddorgs/config", home);
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fwrite("[profile a]\napi_key = abc\0def\n", 1, 31, fp);
    fclose(fp);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, "ddorgs/config:2: this line holds a NUL byte") != NULL, "%s",
                  e.text);
}
END_TEST

/* A helper script under the test HOME; returns its path (static). */
static const char *key_helper(const char *name, const char *body)
{
    static char path[2][400];
    static int which;
    char *out = path[which++ % 2];
    snprintf(out, 400, "%s/%s", home, name);
    FILE *fp = fopen(out, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "#!/bin/sh\n%s\n", body);
    fclose(fp);
    ck_assert_int_eq(chmod(out, 0700), 0);
    return out;
}

START_TEST(keys_from_commands)
{
    char text[1200];
    snprintf(text, sizeof(text),
             "[profile cmd]\nsite = datadoghq.eu\napi_key_command = %s\n"
             "app_key_command = %s --field app\n",
             key_helper("api.sh", "echo api-key-from-command-1111"),
             key_helper("app.sh", "[ \"$1 $2\" = '--field app' ] && printf "
                                  "'app-key-from-command-2222\\nnotes\\n'"));
    write_config(text, 0600);
    dd_config_flags f = {.profile = "cmd", .need_keys = true};
    dd_config c;
    dd_error e;
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_str_eq(c.api_key, "api-key-from-command-1111");
    ck_assert_str_eq(c.app_key, "app-key-from-command-2222");
    dd_config_free(&c);
}
END_TEST

/* DD_API_KEY wins over the profile, whose command is then not run at all
 * (it would leave a marker); the other key's command still runs. A dry run
 * (no keys needed) runs none. */
START_TEST(environment_wins_command_not_run)
{
    char marker[400], body[600], text[1400];
    snprintf(marker, sizeof(marker), "%s/api-command-ran", home);
    snprintf(body, sizeof(body), "touch %s; echo api-key-from-command-1111", marker);
    snprintf(text, sizeof(text),
             "[default]\napi_key_command = %s\napp_key_command = %s\n",
             key_helper("api.sh", body), key_helper("app.sh", "echo app-key-from-command-2222"));
    write_config(text, 0600);
    setenv("DD_API_KEY", "env-api-key-abcd", 1);
    dd_config_flags f = {.need_keys = true};
    dd_config c;
    dd_error e;
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_str_eq(c.api_key, "env-api-key-abcd");
    ck_assert_str_eq(c.app_key, "app-key-from-command-2222");
    dd_config_free(&c);
    ck_assert_int_eq(access(marker, F_OK), -1);

    unsetenv("DD_API_KEY");
    f.need_keys = false;
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_ptr_null(c.api_key);
    ck_assert_ptr_null(c.app_key);
    dd_config_free(&c);
    ck_assert_int_eq(access(marker, F_OK), -1);

    /* Without the variable the command runs. */
    f.need_keys = true;
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_str_eq(c.api_key, "api-key-from-command-1111");
    dd_config_free(&c);
    ck_assert_int_eq(access(marker, F_OK), 0);
}
END_TEST

/* Which key is used must never be a guess: a key and a command for it in
 * one profile are refused, in either order, and so are an empty command
 * and a command given twice. */
START_TEST(key_and_command_refused)
{
    dd_config_flags f = {.need_keys = true};
    dd_config c;
    dd_error e;
    write_config("[default]\nsite = datadoghq.com\napi_key = abc\napi_key_command = echo x\n",
                 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, "ddorgs/config:4: profile default sets both api_key and "
                                 "api_key_command; keep one") != NULL, "%s", e.text);
    write_config("[profile p]\napp_key_command = echo x\napi_key = k\napp_key = abc\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, "ddorgs/config:4: profile p sets both app_key and "
                                 "app_key_command; keep one") != NULL, "%s", e.text);
    /* The other key's command beside a key is fine. */
    write_config("[default]\napi_key = abc\napp_key_command = echo app-cmd-key\n", 0600);
    ck_assert_msg(load(&f, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_str_eq(c.api_key, "abc");
    ck_assert_str_eq(c.app_key, "app-cmd-key");
    dd_config_free(&c);
    write_config("[default]\napi_key_command =\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, "config:2: api_key_command is empty; remove the line or put "
                                 "the command after 'api_key_command ='") != NULL, "%s", e.text);
    write_config("[default]\napi_key_command = echo a\napi_key_command = echo b\n", 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, "config:3: api_key_command is set twice for profile default")
                      != NULL, "%s", e.text);
}
END_TEST

/* A command that fails or prints what no key can be names the profile,
 * the setting and its line, never what it printed. */
START_TEST(command_failure_names_profile_and_setting)
{
    char text[1200], want[1200];
    snprintf(text, sizeof(text), "[profile prod]\napi_key = k\n\napp_key_command = %s\n",
             key_helper("space.sh", "echo 'app key with-space-9876'"));
    write_config(text, 0600);
    dd_config_flags f = {.profile = "prod", .need_keys = true};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    snprintf(want, sizeof(want),
             "profile prod: app_key_command (%s/.config/ddorgs/config:4) printed a first line "
             "with a space, a control or a non-ASCII character, which a key cannot hold; it "
             "must print only the key; run it in a shell to see why, or set DD_APP_KEY",
             home);
    ck_assert_str_eq(e.text, want);
    ck_assert_ptr_null(strstr(e.text, "9876"));

    snprintf(text, sizeof(text), "[profile prod]\napi_key_command = %s\napp_key = k\n",
             key_helper("fails.sh", "echo api-key-printed-5555; exit 1"));
    write_config(text, 0600);
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    snprintf(want, sizeof(want),
             "profile prod: api_key_command (%s/.config/ddorgs/config:2) exited with status 1",
             home);
    ck_assert_msg(strncmp(e.text, want, strlen(want)) == 0, "%s", e.text);
    ck_assert_ptr_null(strstr(e.text, "5555"));

    /* In the console's profile switch the command has no terminal. */
    f.no_terminal = true;
    ck_assert_int_eq(load(&f, &c, &e), DD_E_CONFIG);
    ck_assert_msg(strstr(e.text, "in the console it runs without a terminal (no input, its "
                                 "messages discarded): try 'ddorgs --profile prod connections "
                                 "list' in a shell") != NULL, "%s", e.text);
}
END_TEST

/* Where each setting came from, as ddorgs doctor shows it: names and
 * places only, never a value. */
START_TEST(origins_say_where_each_setting_came_from)
{
    write_config(two_profiles, 0600);
    char path[400];
    snprintf(path, sizeof(path), "%s/.config/ddorgs/config", home);
    dd_config_origins o;
    memset(&o, 0x5a, sizeof(o));
    dd_config_flags f = {.need_keys = true, .origins = &o};
    dd_config c;
    dd_error e;
    /* [default] alone: the profile's site and keys, the default read-only. */
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_int_eq(o.profile.from, DD_FROM_DEFAULT);
    ck_assert_str_eq(o.profile.where, "the profile named default");
    ck_assert_int_eq(o.site.from, DD_FROM_PROFILE);
    char want[700];
    snprintf(want, sizeof(want), "%s:3", path);
    ck_assert_str_eq(o.site.where, want);
    ck_assert_int_eq(o.api_url.from, DD_FROM_DEFAULT);
    ck_assert_int_eq(o.api_key.from, DD_FROM_PROFILE);
    snprintf(want, sizeof(want), "api_key of [profile default] in %s", path);
    ck_assert_str_eq(o.api_key.where, want);
    snprintf(want, sizeof(want), "app_key of [profile default] in %s", path);
    ck_assert_str_eq(o.app_key.where, want);
    ck_assert_int_eq(o.read_only.from, DD_FROM_DEFAULT);
    ck_assert_str_eq(o.read_only.where, "");
    dd_config_free(&c);

    /* Flags, then the environment, win; each says so. */
    setenv("DDORGS_PROFILE", "prod", 1);
    setenv("DD_APP_KEY", "env-app-key-wxyz", 1);
    f.site = "datadoghq.eu";
    f.api_url = "http://127.0.0.1:9";
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_int_eq(o.profile.from, DD_FROM_ENV);
    ck_assert_str_eq(o.profile.where, "DDORGS_PROFILE");
    ck_assert_int_eq(o.site.from, DD_FROM_FLAG);
    ck_assert_str_eq(o.site.where, "--site");
    ck_assert_int_eq(o.api_url.from, DD_FROM_FLAG);
    ck_assert_int_eq(o.api_key.from, DD_FROM_PROFILE);
    ck_assert_int_eq(o.app_key.from, DD_FROM_ENV);
    ck_assert_str_eq(o.app_key.where, "DD_APP_KEY");
    ck_assert_int_eq(o.read_only.from, DD_FROM_PROFILE);
    snprintf(want, sizeof(want), "read_only of [profile prod] in %s", path);
    ck_assert_str_eq(o.read_only.where, want);
    dd_config_free(&c);

    /* A key command: named with its line, never what it printed. */
    unsetenv("DDORGS_PROFILE");
    unsetenv("DD_APP_KEY");
    write_config("[profile cmd]\napi_key_command = echo cmd-api-key-0000aaaa\n"
                 "app_key_command = echo cmd-app-key-0000bbbb\nread_only = no\n", 0600);
    dd_config_flags g = {.need_keys = true, .origins = &o, .profile = "cmd"};
    ck_assert_int_eq(load(&g, &c, &e), DD_OK);
    ck_assert_int_eq(o.profile.from, DD_FROM_FLAG);
    ck_assert_str_eq(o.profile.where, "--profile");
    ck_assert_int_eq(o.api_key.from, DD_FROM_COMMAND);
    snprintf(want, sizeof(want), "api_key_command at %s:2", path);
    ck_assert_str_eq(o.api_key.where, want);
    snprintf(want, sizeof(want), "app_key_command at %s:3", path);
    ck_assert_str_eq(o.app_key.where, want);
    ck_assert(!strstr(o.api_key.where, "aaaa") && !strstr(o.app_key.where, "bbbb"));
    ck_assert_int_eq(o.site.from, DD_FROM_DEFAULT);
    dd_config_free(&c);

    /* --demo: the mock's own. */
    dd_config_flags d = {.origins = &o};
    ck_assert_int_eq(dd_config_demo(&d, "http://127.0.0.1:9", "k-api", "k-app", &c, &e), DD_OK);
    ck_assert_int_eq(o.site.from, DD_FROM_DEMO);
    ck_assert_int_eq(o.api_url.from, DD_FROM_DEMO);
    ck_assert_int_eq(o.api_key.from, DD_FROM_DEMO);
    ck_assert_int_eq(o.app_key.from, DD_FROM_DEMO);
    ck_assert_int_eq(o.profile.from, DD_FROM_DEFAULT);
    dd_config_free(&c);
}
END_TEST

START_TEST(xdg_paths_honoured)
{
    char xdg[300], state[300];
    snprintf(xdg, sizeof(xdg), "%s/xdgconf", home);
    snprintf(state, sizeof(state), "%s/xdgstate", home);
    setenv("XDG_CONFIG_HOME", xdg, 1);
    setenv("XDG_STATE_HOME", state, 1);
    write_config_at(xdg, "[profile x]\nsite = datadoghq.eu\n", 0600);
    /* A file at the fallback place must be ignored when XDG_CONFIG_HOME is set. */
    write_config("[profile y]\n", 0644);

    char *p = dd_xdg_config_path();
    char want[400];
    snprintf(want, sizeof(want), "%s/ddorgs/config", xdg);
    ck_assert_str_eq(p, want);
    free(p);
    p = dd_xdg_state_dir();
    snprintf(want, sizeof(want), "%s/ddorgs", state);
    ck_assert_str_eq(p, want);
    free(p);

    dd_config_flags f = {.profile = "x"};
    dd_config c;
    dd_error e;
    ck_assert_int_eq(load(&f, &c, &e), DD_OK);
    ck_assert_str_eq(c.site, "datadoghq.eu");
    snprintf(want, sizeof(want), "%s/ddorgs/audit.log", state);
    ck_assert_str_eq(c.audit_path, want);
    dd_config_free(&c);

    char **names;
    size_t n;
    ck_assert_int_eq(dd_config_list_profiles(&names, &n, &e), DD_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(names[0], "x");
    dd_config_free_names(names, n);

    /* Relative XDG values are ignored, as the XDG spec asks. */
    setenv("XDG_CONFIG_HOME", "relative/dir", 1);
    p = dd_xdg_config_path();
    snprintf(want, sizeof(want), "%s/.config/ddorgs/config", home);
    ck_assert_str_eq(p, want);
    free(p);
}
END_TEST

START_TEST(fingerprint_shows_last_four)
{
    char buf[32];
    dd_key_fingerprint("abcdefghijklmnop1234", buf, sizeof(buf));
    ck_assert_str_eq(buf, "\xe2\x80\xa6" "1234");
    dd_key_fingerprint("abc", buf, sizeof(buf));
    ck_assert_str_eq(buf, "\xe2\x80\xa6" "c");
    dd_key_fingerprint(NULL, buf, sizeof(buf));
    ck_assert_str_eq(buf, "(none)");
    /* A locale that is not UTF-8 gets the ASCII ellipsis. */
    unsigned saved = dd_sanitize_mode;
    dd_sanitize_mode = DD_SAN_ASCII;
    dd_key_fingerprint("abcdefghijklmnop1234", buf, sizeof(buf));
    dd_sanitize_mode = saved;
    ck_assert_str_eq(buf, "...1234");
}
END_TEST

START_TEST(demo_config_reads_no_file)
{
    write_config("[default]\nsite = bogus\n", 0644);
    dd_config_flags f = {.read_only = true};
    dd_config c;
    dd_error e;
    dd_error_init(&e);
    ck_assert_int_eq(dd_config_demo(&f, "http://127.0.0.1:4567", "k1", "k2", &c, &e), DD_OK);
    ck_assert_str_eq(c.site, "demo");
    ck_assert_str_eq(c.base_url, "http://127.0.0.1:4567");
    ck_assert(c.allow_http);
    ck_assert(c.read_only);
    ck_assert_str_eq(c.api_key, "k1");
    ck_assert_ptr_nonnull(c.audit_path);
    dd_config_free(&c);
}
END_TEST

/* The example shipped in assets/ must load as documented. */
START_TEST(shipped_example_loads)
{
    const char *src = getenv("DDORGS_SRCDIR");
    ck_assert_msg(src != NULL, "DDORGS_SRCDIR is not set (make check sets it)");
    char path[600];
    snprintf(path, sizeof(path), "%s/assets/config.example", src);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char text[8192];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = '\0';
    fclose(f);
    write_config(text, 0600);
    dd_config_flags fl = {.profile = "prod-eu", .need_keys = true};
    dd_config c;
    dd_error e;
    ck_assert_msg(load(&fl, &c, &e) == DD_OK, "%s", e.text);
    ck_assert_str_eq(c.site, "datadoghq.eu");
    ck_assert(c.read_only);
    dd_config_free(&c);
    fl.profile = NULL;
    ck_assert_int_eq(load(&fl, &c, &e), DD_OK);
    ck_assert_str_eq(c.profile, "default");
    ck_assert(!c.read_only);
    dd_config_free(&c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("config");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, defaults_without_file);
    tcase_add_test(tc, default_section_is_profile_default);
    tcase_add_test(tc, precedence_flags_env_profile);
    tcase_add_test(tc, read_only_env_turns_on);
    tcase_add_test(tc, refuses_file_readable_by_others);
    tcase_add_test(tc, unknown_profile_lists_known);
    tcase_add_test(tc, unknown_profile_without_file);
    tcase_add_test(tc, unknown_site_lists_nine);
    tcase_add_test(tc, site_any_case_is_canonical);
    tcase_add_test(tc, missing_keys_say_what_to_set);
    tcase_add_test(tc, empty_keys_refused);
    tcase_add_test(tc, bad_read_only_and_unknown_key_name_the_line);
    tcase_add_test(tc, long_line_and_nul_refused);
    tcase_add_test(tc, keys_from_commands);
    tcase_add_test(tc, environment_wins_command_not_run);
    tcase_add_test(tc, key_and_command_refused);
    tcase_add_test(tc, command_failure_names_profile_and_setting);
    tcase_add_test(tc, origins_say_where_each_setting_came_from);
    tcase_add_test(tc, xdg_paths_honoured);
    tcase_add_test(tc, fingerprint_shows_last_four);
    tcase_add_test(tc, demo_config_reads_no_file);
    tcase_add_test(tc, shipped_example_loads);
    suite_add_tcase(s, tc);

    /* A hang (the FIFO used to block the open) ends the test early. */
    tc = tcase_create("file checks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, refuses_fifo_promptly);
    tcase_add_test(tc, refuses_directory_and_socket);
    tcase_add_test(tc, refuses_symlink);
    tcase_add_test(tc, refuses_file_owned_by_another_user);
    tcase_add_test(tc, refuses_directory_others_can_write);
    tcase_add_test(tc, file_for_directory_is_an_error);
    tcase_add_test(tc, fix_commands_quote_the_path);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
