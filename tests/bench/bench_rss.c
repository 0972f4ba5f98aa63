/* make bench: runs a command with its standard output sent to a file
 * (/dev/null for the benchmarks) and prints one line, "KIB MS STATUS": the
 * child's peak resident set in KiB (wait4's ru_maxrss), the wall time in
 * milliseconds and its exit status (128 + N when killed by signal N).
 * Usage: bench_rss OUTFILE COMMAND [ARG...] */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_rss OUTFILE COMMAND [ARG...]\n");
        return 2;
    }
    long long t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench_rss: fork");
        return 1;
    }
    if (pid == 0) {
        int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
            perror("bench_rss: output");
            _exit(127);
        }
        execvp(argv[2], argv + 2);
        perror("bench_rss: exec");
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) {
        perror("bench_rss: wait4");
        return 1;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%ld %lld %d\n", ru.ru_maxrss, now_ms() - t0, code);
    return 0;
}
