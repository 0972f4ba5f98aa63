/* Timestamps in the API's form, "2024-01-01T00:00:00+00:00". */
#ifndef DD_MOCK_TIME_H
#define DD_MOCK_TIME_H

#include <stdint.h>
#include <time.h>

#define MOCK_TIME_LEN 32

void mock_time_format(time_t t, char out[MOCK_TIME_LEN]);
/* Parses RFC 3339 (Z or +hh:mm offset, optional fraction) or plain epoch
 * seconds; returns 0 or -1. */
int mock_time_parse(const char *s, time_t *out);
/* Milliseconds on the monotonic clock, for durations and rate windows. */
int64_t mock_mono_ms(void);

#endif
