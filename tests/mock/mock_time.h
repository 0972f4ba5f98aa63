/* Timestamps in the API's form, as recorded from the real service:
 * microseconds and an offset, "2025-08-26T20:19:36.177236+00:00". */
#ifndef DD_MOCK_TIME_H
#define DD_MOCK_TIME_H

#include <stdint.h>
#include <time.h>

#define MOCK_TIME_LEN 40

/* usec: 0 to 999999. */
void mock_time_format(time_t t, long usec, char out[MOCK_TIME_LEN]);
/* Parses RFC 3339 (Z or +hh:mm offset, optional fraction) or plain epoch
 * seconds; returns 0 or -1. */
int mock_time_parse(const char *s, time_t *out);
/* Milliseconds on the monotonic clock, for durations and rate windows. */
int64_t mock_mono_ms(void);

#endif
