/* Time as the core sees it: a monotonic clock for timers and deadlines
 * (immune to the wall clock being set) and the wall clock for what is shown
 * to people ("refreshed at 12:00:05"). Code that makes decisions on time
 * takes a dd_time argument instead of reading a clock, so that tests can
 * pass any moment. */
#ifndef DD_CLOCK_H
#define DD_CLOCK_H

#include <stdint.h>

typedef struct dd_time {
    int64_t mono_ms;  /* CLOCK_MONOTONIC in milliseconds */
    int64_t unix_s;   /* seconds since the epoch */
} dd_time;

/* CLOCK_MONOTONIC in milliseconds. */
int64_t dd_mono_ms(void);
/* Both clocks, read now. */
dd_time dd_time_now(void);

#endif
