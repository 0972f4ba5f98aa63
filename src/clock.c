/* The two clocks (clock.h). */
#include "clock.h"

#include <time.h>

int64_t dd_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

dd_time dd_time_now(void)
{
    return (dd_time){.mono_ms = dd_mono_ms(), .unix_s = (int64_t)time(NULL)};
}
