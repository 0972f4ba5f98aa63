/* Timestamps: RFC 3339 in, UTC text and "3 days ago" out. */
#include "model.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

/* Reads exactly `digits` decimal digits. */
static bool read_num(const char **p, int digits, int *out)
{
    int v = 0;
    for (int i = 0; i < digits; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *p += digits;
    *out = v;
    return true;
}

static bool expect(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

static int days_in_month(int year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int64_t dd_parse_time(const char *s)
{
    if (!s)
        return DD_TIME_NONE;
    const char *p = s;
    int year, mon, day, hour, min, sec;
    if (!read_num(&p, 4, &year) || !expect(&p, '-') || !read_num(&p, 2, &mon) ||
        !expect(&p, '-') || !read_num(&p, 2, &day))
        return DD_TIME_NONE;
    /* RFC 3339 section 5.6 lets readers accept 't' and a space too. */
    if (*p != 'T' && *p != 't' && *p != ' ')
        return DD_TIME_NONE;
    p++;
    if (!read_num(&p, 2, &hour) || !expect(&p, ':') || !read_num(&p, 2, &min) ||
        !expect(&p, ':') || !read_num(&p, 2, &sec))
        return DD_TIME_NONE;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return DD_TIME_NONE;
        /* Sub-second precision is dropped: the model counts seconds. */
        while (*p >= '0' && *p <= '9')
            p++;
    }
    int offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        int oh, om;
        p++;
        if (!read_num(&p, 2, &oh) || !expect(&p, ':') || !read_num(&p, 2, &om) || oh > 23 ||
            om > 59)
            return DD_TIME_NONE;
        offset = sign * (oh * 3600 + om * 60);
    } else {
        return DD_TIME_NONE;
    }
    if (*p != '\0')
        return DD_TIME_NONE;
    /* sec 60 is a leap second; timegm folds it into the next minute. */
    if (mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon) || hour > 23 ||
        min > 59 || sec > 60)
        return DD_TIME_NONE;
    struct tm tm = {
        .tm_year = year - 1900,
        .tm_mon = mon - 1,
        .tm_mday = day,
        .tm_hour = hour,
        .tm_min = min,
        .tm_sec = sec,
    };
    time_t t = timegm(&tm);
    if (t == (time_t)-1 && !(year == 1969 && mon == 12 && day == 31 && hour == 23 && min == 59 &&
                             sec == 59))
        return DD_TIME_NONE;
    return (int64_t)t - offset;
}

void dd_format_time(int64_t t, char *buf, size_t n)
{
    if (n == 0)
        return;
    struct tm tm;
    time_t tt = (time_t)t;
    if (t == DD_TIME_NONE || (int64_t)tt != t || !gmtime_r(&tt, &tm) ||
        strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
        snprintf(buf, n, "-");
}

void dd_format_relative(int64_t t, int64_t now, char *buf, size_t n)
{
    if (n == 0)
        return;
    if (t == DD_TIME_NONE || now == DD_TIME_NONE) {
        snprintf(buf, n, "-");
        return;
    }
    bool future = t > now;
    /* Unsigned so that extreme inputs cannot overflow the subtraction. */
    uint64_t d = future ? (uint64_t)t - (uint64_t)now : (uint64_t)now - (uint64_t)t;
    if (d < 60) {
        snprintf(buf, n, "just now");
        return;
    }
    const uint64_t day = 86400;
    uint64_t v;
    const char *unit;
    if (d < 3600) {
        v = d / 60;
        unit = "minute";
    } else if (d < day) {
        v = d / 3600;
        unit = "hour";
    } else if (d < 30 * day) {
        v = d / day;
        unit = "day";
    } else if (d < 365 * day) {
        v = d / (30 * day);
        if (v > 11)
            v = 11;
        unit = "month";
    } else {
        v = d / (365 * day);
        unit = "year";
    }
    const char *plural = v == 1 ? "" : "s";
    if (future)
        snprintf(buf, n, "in %llu %s%s", (unsigned long long)v, unit, plural);
    else
        snprintf(buf, n, "%llu %s%s ago", (unsigned long long)v, unit, plural);
}
