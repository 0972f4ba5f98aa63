#include "private_file.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool shell_literal(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("/._-+,:@%=", c) != NULL;
}

void dd_shell_word(const char *path, char *buf, size_t n)
{
    bool plain = path[0] != '\0';
    for (const char *p = path; *p && plain; p++)
        plain = shell_literal(*p);
    if (plain) {
        snprintf(buf, n, "%s", path);
        return;
    }
    /* In single quotes everything is literal but the quote itself, which is
     * closed, escaped and reopened: it's -> 'it'\''s'. */
    size_t o = 0;
#define PUT(c) do { if (o + 1 < n) buf[o++] = (c); } while (0)
    PUT('\'');
    for (const char *p = path; *p; p++) {
        if (*p == '\'') {
            PUT('\'');
            PUT('\\');
            PUT('\'');
        }
        PUT(*p);
    }
    PUT('\'');
#undef PUT
    buf[o] = '\0';
}

/* A user's name for messages and chown, or the number when unknown.
 * getpwuid_r: the console's worker reads the config on its own thread. */
static void user_name(uid_t uid, char *buf, size_t n)
{
    struct passwd pw, *found = NULL;
    char tmp[2048];
    if (getpwuid_r(uid, &pw, tmp, sizeof(tmp), &found) == 0 && found && found->pw_name &&
        found->pw_name[0])
        snprintf(buf, n, "%s", found->pw_name);
    else
        snprintf(buf, n, "%u", (unsigned)uid);
}

static bool owner_ok(const struct stat *st)
{
    return st->st_uid == geteuid() || st->st_uid == 0;
}

static const char *type_name(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a named pipe (FIFO)";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    return "a special file";
}

static const char *who_writes(mode_t m)
{
    bool group = m & S_IWGRP, others = m & S_IWOTH;
    return group && others ? "its group and others" : group ? "its group" : "others";
}

static int refuse_type(const dd_private_file *f, const char *path, mode_t m, dd_error *err)
{
    char word[1200];
    dd_shell_word(path, word, sizeof(word));
    if (S_ISLNK(m))
        dd_error_set(err, f->code,
                     "%s %s is a symbolic link; ddorgs %s a regular file there: replace the "
                     "link with the file (run: cp --remove-destination \"$(readlink -f %s)\" %s)",
                     f->what, path, f->use, word, word);
    else
        dd_error_set(err, f->code,
                     "%s %s is %s, not a regular file; move it away (run: mv %s %s.old)%s",
                     f->what, path, type_name(m), word, word, f->after_move);
    return -1;
}

/* "owned by uid N, not by you (NAME) or root; run: [sudo ]chown NAME PATH" */
static void owner_text(const struct stat *st, const char *path, char *buf, size_t n,
                       const char *between)
{
    char me[256], word[1200];
    user_name(geteuid(), me, sizeof(me));
    dd_shell_word(path, word, sizeof(word));
    bool root = geteuid() == 0;
    snprintf(buf, n, "owned by uid %u, not by you (%s)%s%s; run: %schown %s %s",
             (unsigned)st->st_uid, me, root ? "" : " or root", between, root ? "" : "sudo ", me,
             word);
}

/* The directory dir holding the file (above false) or one further up
 * (above true): owned by the user or root, and not writable by group or
 * others unless sticky. */
static int check_dir(const dd_private_file *f, const char *dir, const char *path,
                     const struct stat *ds, bool above, dd_error *err)
{
    char text[3000];
    const char *rel = above ? "above" : "of";
    if (!owner_ok(ds)) {
        owner_text(ds, dir, text, sizeof(text), ", and that user could replace the file");
        dd_error_set(err, f->code, "directory %s %s %s %s is %s", dir, rel, f->what, path, text);
        return -1;
    }
    if ((ds->st_mode & (S_IWGRP | S_IWOTH)) && !(ds->st_mode & S_ISVTX)) {
        char word[1200];
        dd_shell_word(dir, word, sizeof(word));
        dd_error_set(err, f->code,
                     "directory %s %s %s %s is writable by %s (mode %04o), which could %s"
                     "replace the file; run: chmod go-w %s",
                     dir, rel, f->what, path, who_writes(ds->st_mode),
                     (unsigned)(ds->st_mode & 07777),
                     above ? "move what is below it and " : "", word);
        return -1;
    }
    return 0;
}

/* Whether dir (absolute, resolved) is top or below it. */
static bool is_under(const char *dir, const char *top)
{
    size_t n = strlen(top);
    if (strcmp(top, "/") == 0)
        return true;
    return strncmp(dir, top, n) == 0 && (dir[n] == '\0' || dir[n] == '/');
}

/* Every directory above dir, as ssh checks them: up to and including
 * $HOME when dir is under it, else up to /. Whoever may write one of them
 * could rename what is below it and put a directory and file of their own
 * in its place. The walk follows the directory's real path (realpath), the
 * one the kernel resolves. */
static int check_ancestors(const dd_private_file *f, const char *dir, const char *path,
                           dd_error *err)
{
    char *real = realpath(dir, NULL);
    if (!real) {
        dd_error_set(err, f->code, "cannot resolve the directory %s of %s %s: %s", dir, f->what,
                     path, strerror(errno));
        return -1;
    }
    const char *home = getenv("HOME");
    char *home_real = home && home[0] == '/' ? realpath(home, NULL) : NULL;
    /* Outside $HOME (or without one): up to /. */
    const char *top = home_real && is_under(real, home_real) ? home_real : "/";
    int rc = 0;
    while (rc == 0 && strcmp(real, top) != 0 && strcmp(real, "/") != 0) {
        char *slash = strrchr(real, '/');
        if (slash == real)
            slash[1] = '\0'; /* the parent is / */
        else
            *slash = '\0';
        struct stat ds;
        if (stat(real, &ds) != 0) {
            dd_error_set(err, f->code, "cannot examine the directory %s above %s %s: %s", real,
                         f->what, path, strerror(errno));
            rc = -1;
        } else {
            rc = check_dir(f, real, path, &ds, true, err);
        }
    }
    free(home_real);
    free(real);
    return rc;
}

static int check_file(const dd_private_file *f, const char *path, const struct stat *st,
                      dd_error *err)
{
    if (!S_ISREG(st->st_mode))
        return refuse_type(f, path, st->st_mode, err);
    char text[3000];
    if (!owner_ok(st)) {
        owner_text(st, path, text, sizeof(text), "");
        dd_error_set(err, f->code, "%s %s is %s", f->what, path, text);
        return -1;
    }
    if (st->st_mode & (S_IWGRP | S_IWOTH)) {
        char word[1200];
        dd_shell_word(path, word, sizeof(word));
        dd_error_set(err, f->code, "%s %s is writable by %s (mode %04o); run: chmod 600 %s",
                     f->what, path, who_writes(st->st_mode), (unsigned)(st->st_mode & 07777),
                     word);
        return -1;
    }
    return 0;
}

/* The open failed: what is at the path, when that explains it better than
 * the errno (ELOOP for a link, ENXIO for a socket, EISDIR, EACCES for a
 * file of another user). Only words the message; the refusal stands. */
static int open_failed(const dd_private_file *f, int dfd, const char *leaf, const char *path,
                       int e, dd_error *err)
{
    struct stat ls;
    if (fstatat(dfd, leaf, &ls, AT_SYMLINK_NOFOLLOW) == 0 && check_file(f, path, &ls, err) != 0)
        return -1;
    dd_error_set(err, f->code, "cannot open %s %s: %s", f->what, path, strerror(e));
    return -1;
}

int dd_private_open(const char *path, const dd_private_file *f, struct stat *st, dd_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *leaf = slash ? slash + 1 : path;
    char *dir = !slash ? strdup(".") : slash == path ? strdup("/")
                                                     : strndup(path, (size_t)(slash - path));
    if (!dir) {
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return -1;
    }
    if (!leaf[0]) {
        dd_error_set(err, f->code, "%s %s names a directory, not a file", f->what, path);
        free(dir);
        return -1;
    }
    int rc = -1;
    int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        if (!f->append && errno == ENOENT)
            rc = DD_PRIVATE_MISSING;
        else
            dd_error_set(err, f->code, "cannot open the directory %s of %s %s: %s", dir, f->what,
                         path, strerror(errno));
        free(dir);
        return rc;
    }
    struct stat ds;
    if (fstat(dfd, &ds) != 0) {
        dd_error_set(err, f->code, "cannot examine the directory %s of %s %s: %s", dir, f->what,
                     path, strerror(errno));
        goto out;
    }
    if (check_dir(f, dir, path, &ds, false, err) != 0 ||
        check_ancestors(f, dir, path, err) != 0)
        goto out;

    /* O_NONBLOCK: a FIFO opens at once (and is refused below) instead of
     * waiting for a writer; O_NOFOLLOW: a link at the path fails (ELOOP). */
    int flags = O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
                (f->append ? O_RDWR | O_APPEND | O_CREAT : O_RDONLY);
    int fd = openat(dfd, leaf, flags, 0600);
    if (fd < 0) {
        int e = errno;
        if (!f->append && e == ENOENT)
            rc = DD_PRIVATE_MISSING;
        else
            open_failed(f, dfd, leaf, path, e, err);
        goto out;
    }
    if (fstat(fd, st) != 0) {
        dd_error_set(err, f->code, "cannot examine %s %s: %s", f->what, path, strerror(errno));
        close(fd);
        goto out;
    }
    if (check_file(f, path, st, err) != 0) {
        close(fd);
        goto out;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        dd_error_set(err, f->code, "cannot use %s %s: %s", f->what, path, strerror(errno));
        close(fd);
        goto out;
    }
    rc = fd;
out:
    close(dfd);
    free(dir);
    return rc;
}
