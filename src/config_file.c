#include "config_file.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private_file.h"
#include "secrets.h"

/* The file is read whole into memory and handed to inih line by line, so
 * that every copy of its keys is one we wipe (a stdio buffer would keep
 * them in freed heap). */
#define MAX_FILE_BYTES (1024 * 1024)

typedef struct ini_state {
    const char *buf;
    size_t len, pos;
    const char *path;
    int line;
    int bad_line;        /* first line too long or holding a NUL byte, 0 if none */
    bool bad_is_nul;
    int max_line;        /* longest line inih takes, from its reader calls */
    cfg_file *cf;
    char msg[400];
    int msg_line;
    bool oom;
} ini_state;

void dd_cfg_file_free(cfg_file *cf)
{
    for (size_t i = 0; i < cf->n; i++) {
        free(cf->p[i].name);
        free(cf->p[i].site);
        /* Keys are wiped before release so they do not linger in freed heap. */
        if (cf->p[i].api_key)
            explicit_bzero(cf->p[i].api_key, strlen(cf->p[i].api_key));
        if (cf->p[i].app_key)
            explicit_bzero(cf->p[i].app_key, strlen(cf->p[i].app_key));
        free(cf->p[i].api_key);
        free(cf->p[i].app_key);
        /* A command line may hold a token too (vault -token=...). */
        if (cf->p[i].api_key_command)
            explicit_bzero(cf->p[i].api_key_command, strlen(cf->p[i].api_key_command));
        if (cf->p[i].app_key_command)
            explicit_bzero(cf->p[i].app_key_command, strlen(cf->p[i].app_key_command));
        free(cf->p[i].api_key_command);
        free(cf->p[i].app_key_command);
    }
    free(cf->p);
    memset(cf, 0, sizeof(*cf));
}

profile *dd_cfg_find_profile(const cfg_file *cf, const char *name)
{
    for (size_t i = 0; i < cf->n; i++)
        if (strcmp(cf->p[i].name, name) == 0)
            return &cf->p[i];
    return NULL;
}

int dd_cfg_parse_bool(const char *v)
{
    static const char *const yes[] = {"true", "yes", "1", NULL};
    static const char *const no[] = {"false", "no", "0", NULL};
    for (size_t i = 0; yes[i]; i++)
        if (strcasecmp(v, yes[i]) == 0)
            return 1;
    for (size_t i = 0; no[i]; i++)
        if (strcasecmp(v, no[i]) == 0)
            return 0;
    return -1;
}

/* Keys travel in HTTP headers: a space or control character would at best
 * fail and at worst inject a header. */
bool dd_cfg_key_chars_ok(const char *k)
{
    for (const unsigned char *p = (const unsigned char *)k; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f)
            return false;
    return true;
}

/* inih's reader: the next line of the file (with its newline) into str,
 * at most num - 1 bytes. A longer line would be cut by inih and its rest
 * read as another line, so it ends the parse here with an error instead;
 * a NUL byte would silently end a value. */
static char *reader(char *str, int num, void *stream)
{
    ini_state *st = stream;
    if (st->pos >= st->len || st->bad_line || num < 2)
        return NULL;
    st->line++;
    const char *p = st->buf + st->pos;
    size_t avail = st->len - st->pos;
    const char *nl = memchr(p, '\n', avail);
    size_t content = nl ? (size_t)(nl - p) : avail;
    size_t take = nl ? content + 1 : content;
    st->max_line = num - 1;
    if (content > (size_t)num - 1 || memchr(p, '\0', content)) {
        st->bad_line = st->line;
        st->bad_is_nul = content <= (size_t)num - 1;
        return NULL;
    }
    /* A line of exactly num - 1 characters goes without its newline,
     * which inih does not need. */
    size_t copy = take <= (size_t)num - 1 ? take : content;
    memcpy(str, p, copy);
    str[copy] = '\0';
    st->pos += take;
    return str;
}

/* Overwrites the stack below the caller, where inih kept the last line it
 * read (a key, maybe) in its own frame. */
static void __attribute__((noinline)) scrub_stack(void)
{
    unsigned char junk[4096];
    explicit_bzero(junk, sizeof(junk));
    __asm__ __volatile__("" : : "r"(junk) : "memory");
}

/* The whole file at fd into a malloc'd buffer (*len bytes, not terminated). */
static dd_status slurp(int fd, const char *path, const struct stat *sb, char **out, size_t *len,
                       dd_error *err)
{
    *out = NULL;
    *len = 0;
    if (sb->st_size > MAX_FILE_BYTES)
        return dd_error_set(err, DD_E_CONFIG,
                            "config file %s is larger than 1 MiB; is this the right file?", path);
    size_t cap = (size_t)sb->st_size + 1;
    char *buf = malloc(cap);
    if (!buf)
        return dd_error_set(err, DD_E_NOMEM, "out of memory reading %s", path);
    size_t have = 0;
    for (;;) {
        if (have == cap) {
            /* The file grew since fstat: read on, within the cap. */
            if (cap > MAX_FILE_BYTES) {
                explicit_bzero(buf, have);
                free(buf);
                return dd_error_set(err, DD_E_CONFIG,
                                    "config file %s is larger than 1 MiB; is this the right "
                                    "file?", path);
            }
            char *grown = malloc(cap * 2);
            if (!grown) {
                explicit_bzero(buf, have);
                free(buf);
                return dd_error_set(err, DD_E_NOMEM, "out of memory reading %s", path);
            }
            memcpy(grown, buf, have);
            explicit_bzero(buf, have);
            free(buf);
            buf = grown;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + have, cap - have);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            explicit_bzero(buf, have);
            free(buf);
            return dd_error_set(err, DD_E_CONFIG, "cannot read config file %s: %s", path,
                                strerror(e));
        }
        if (r == 0)
            break;
        have += (size_t)r;
    }
    *out = buf;
    *len = have;
    return DD_OK;
}

static int fail(ini_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keeps the first error only: it is the one whose line inih reports. */
static int fail(ini_state *st, const char *fmt, ...)
{
    if (!st->msg[0]) {
        char what[300];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof(what), fmt, ap);
        va_end(ap);
        snprintf(st->msg, sizeof(st->msg), "%s:%d: %s", st->path, st->line, what);
        st->msg_line = st->line;
    }
    return 0;
}

static bool valid_profile_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

static profile *section_profile(ini_state *st, const char *section)
{
    char name[128];
    if (strcmp(section, "default") == 0) {
        snprintf(name, sizeof(name), "default");
    } else if (strncmp(section, "profile", 7) == 0 && (section[7] == ' ' || section[7] == '\t')) {
        const char *s = section + 8;
        while (*s == ' ' || *s == '\t')
            s++;
        if (strlen(s) >= sizeof(name) || !valid_profile_name(s)) {
            fail(st, "bad profile name in [%s]; use letters, digits, '-', '_' or '.'", section);
            return NULL;
        }
        snprintf(name, sizeof(name), "%s", s);
    } else if (!section[0]) {
        fail(st, "setting outside a section; put it under [profile NAME]");
        return NULL;
    } else {
        fail(st, "unknown section [%s]; use [profile NAME] or [default]", section);
        return NULL;
    }
    profile *p = dd_cfg_find_profile(st->cf, name);
    if (p)
        return p;
    profile *grown = realloc(st->cf->p, (st->cf->n + 1) * sizeof(*grown));
    if (!grown) {
        st->oom = true;
        return NULL;
    }
    st->cf->p = grown;
    p = &grown[st->cf->n];
    memset(p, 0, sizeof(*p));
    p->read_only = -1;
    p->mouse = -1;
    p->name = strdup(name);
    if (!p->name) {
        st->oom = true;
        return NULL;
    }
    st->cf->n++;
    return p;
}

static int set_str(ini_state *st, char **slot, const char *value)
{
    char *copy = strdup(value);
    if (!copy) {
        st->oom = true;
        return 0;
    }
    if (*slot) {
        explicit_bzero(*slot, strlen(*slot));
        free(*slot);
    }
    *slot = copy;
    return 1;
}

static int twice(ini_state *st, const char *key, const char *profile_name)
{
    return fail(st, "%s is set twice for profile %s; keep one", key, profile_name);
}

/* Which of a key and its command is meant must never be a guess. */
static int both(ini_state *st, bool api, const char *profile_name)
{
    const char *key = api ? "api_key" : "app_key";
    return fail(st, "profile %s sets both %s and %s_command; keep one", profile_name, key, key);
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    ini_state *st = user;
    profile *p = section_profile(st, section);
    if (!p)
        return 0;
    /* A second value would silently win (a repeated section, [default]
     * beside [profile default], a pasted line): which keys are in use must
     * never be a guess. */
    if (strcmp(name, "site") == 0) {
        if (p->site)
            return twice(st, name, p->name);
        p->site_line = st->line;
        return set_str(st, &p->site, value);
    }
    bool api = strncmp(name, "api_", 4) == 0;
    if (strcmp(name, "api_key_command") == 0 || strcmp(name, "app_key_command") == 0) {
        char **slot = api ? &p->api_key_command : &p->app_key_command;
        if (*slot)
            return twice(st, name, p->name);
        if (api ? p->api_key != NULL : p->app_key != NULL)
            return both(st, api, p->name);
        if (!value[0])
            return fail(st, "%s is empty; remove the line or put the command after '%s ='", name,
                        name);
        *(api ? &p->api_key_command_line : &p->app_key_command_line) = st->line;
        return set_str(st, slot, value);
    }
    if (strcmp(name, "api_key") == 0 || strcmp(name, "app_key") == 0) {
        char **slot = api ? &p->api_key : &p->app_key;
        if (*slot)
            return twice(st, name, p->name);
        if (api ? p->api_key_command != NULL : p->app_key_command != NULL)
            return both(st, api, p->name);
        if (!value[0])
            return fail(st, "%s is empty; remove the line or put the key after '%s ='", name,
                        name);
        if (value[0] == '"' || value[0] == '\'')
            return fail(st, "%s is in quotes; write the key without them", name);
        if (!dd_cfg_key_chars_ok(value))
            return fail(st, "%s holds a space, a control or a non-ASCII character; check the key",
                        name);
        /* Every profile's keys, used or not, are kept from every output. */
        if (dd_secrets_add(value) != 0) {
            st->oom = true;
            return 0;
        }
        return set_str(st, slot, value);
    }
    if (strcmp(name, "read_only") == 0) {
        if (p->read_only != -1)
            return twice(st, name, p->name);
        int b = dd_cfg_parse_bool(value);
        if (b < 0)
            return fail(st, "read_only must be true or false (also yes/no, 1/0), not '%.40s'",
                        value);
        p->read_only = b;
        return 1;
    }
    if (strcmp(name, "mouse") == 0) {
        if (p->mouse != -1)
            return twice(st, name, p->name);
        int b = dd_cfg_parse_bool(value);
        if (b < 0)
            return fail(st, "mouse must be true or false (also yes/no, 1/0), not '%.40s'", value);
        p->mouse = b;
        return 1;
    }
    return fail(st, "unknown key '%.40s'; known keys are site, api_key, app_key, "
                    "api_key_command, app_key_command, read_only, mouse",
                name);
}

/* Checked as ssh checks its files (private_file.h); a file others can
 * read is refused too, as ssh does for its keys. */
dd_status dd_cfg_file_read(const char *path, cfg_file *cf, dd_error *err)
{
    memset(cf, 0, sizeof(*cf));
    if (!path)
        return DD_OK;
    static const dd_private_file spec = {
        .what = "config file",
        .use = "reads only",
        .after_move = " and write the configuration in a regular file there",
        .code = DD_E_CONFIG,
    };
    struct stat sb;
    int fd = dd_private_open(path, &spec, &sb, err);
    if (fd == DD_PRIVATE_MISSING)
        return DD_OK;
    if (fd < 0)
        return err ? err->code : DD_E_CONFIG;
    if (sb.st_mode & 077) {
        close(fd);
        bool group = sb.st_mode & 070, others = sb.st_mode & 007;
        char word[1200];
        dd_shell_word(path, word, sizeof(word));
        return dd_error_set(err, DD_E_CONFIG,
                            "config file %s is %s by %s (mode %04o); run: chmod 600 %s", path,
                            (sb.st_mode & 044) ? "readable" : "writable",
                            group && others ? "its group and others"
                                            : group ? "its group" : "others",
                            (unsigned)(sb.st_mode & 07777), word);
    }
    char *text;
    size_t len;
    dd_status rd = slurp(fd, path, &sb, &text, &len, err);
    close(fd);
    if (rd != DD_OK)
        return rd;
    cf->exists = true;
    ini_state st = {.buf = text, .len = len, .path = path, .cf = cf};
    int rc = ini_parse_stream(reader, &st, on_entry, &st);
    scrub_stack();
    explicit_bzero(text, len);
    free(text);
    if (st.oom || rc == -2) {
        dd_cfg_file_free(cf);
        return dd_error_set(err, DD_E_NOMEM, "out of memory reading %s", path);
    }
    if (rc < 0) {
        dd_cfg_file_free(cf);
        return dd_error_set(err, DD_E_CONFIG, "cannot read config file %s", path);
    }
    if (rc > 0) {
        dd_cfg_file_free(cf);
        if (st.msg[0] && st.msg_line == rc)
            return dd_error_set(err, DD_E_CONFIG, "%s", st.msg);
        return dd_error_set(err, DD_E_CONFIG,
                            "%s:%d: cannot parse this line; expected [profile NAME] or key = value",
                            path, rc);
    }
    if (st.bad_line) {
        dd_cfg_file_free(cf);
        if (st.bad_is_nul)
            return dd_error_set(err, DD_E_CONFIG,
                                "%s:%d: this line holds a NUL byte; is this the right file?", path,
                                st.bad_line);
        return dd_error_set(err, DD_E_CONFIG,
                            "%s:%d: line longer than %d characters; shorten it (a long key "
                            "command can go in a script, given by its path)",
                            path, st.bad_line, st.max_line);
    }
    return DD_OK;
}
