/* Keeps the keys out of core dumps and away from other users' debuggers.
 * A crash with `ulimit -c unlimited` would write a core file holding the
 * keys; a process that stays dumpable can be traced by any process of the
 * same user. */
#ifndef DD_COREDUMP_H
#define DD_COREDUMP_H

/* The variable that allows core dumps, for debugging: set to "1". */
#define DD_ALLOW_CORE_DUMPS_ENV "DDORGS_ALLOW_CORE_DUMPS"

/* Unless DDORGS_ALLOW_CORE_DUMPS=1: sets RLIMIT_CORE to 0 (soft and hard,
 * so nothing in the process can raise it again) and marks the process not
 * dumpable (PR_SET_DUMPABLE 0: no core, and no ptrace or /proc/PID/mem
 * access without CAP_SYS_PTRACE). Call first thing in main(), before any
 * key is read. Returns 1 when dumps were left allowed, 0 when turned off,
 * -1 (errno set) when the kernel refused. */
int dd_coredump_disable(void);

#endif
