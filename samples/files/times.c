/* Clocks and timers through the raw i386 calls: time, gettimeofday,
 * settimeofday and stime (their checks; nothing is set), clock_gettime,
 * clock_getres and their time64 forms, times(2), adjtimex and
 * clock_adjtime in both layouts (reading only), getitimer, nanosleep and
 * clock_nanosleep. Only what does not depend on the moment is printed.
 * Compared with the native run. */
#include "ck.h"

#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>

struct tv32 {
    int32_t sec, usec;
};
struct ts32 {
    int32_t sec, nsec;
};
struct ts64 {
    int64_t sec, nsec;
};
struct timex32 {
    uint32_t modes;
    int32_t offset, freq, maxerror, esterror, status, constant, precision, tolerance;
    struct tv32 time;
    int32_t tick, ppsfreq, jitter, shift, stabil, jitcnt, calcnt, errcnt, stbcnt, tai;
    int32_t pad[11];
};
struct timex64 {
    uint32_t modes;
    int32_t pad0;
    int64_t offset, freq, maxerror, esterror;
    int32_t status, pad1;
    int64_t constant, precision, tolerance, sec, usec, tick, ppsfreq, jitter;
    int32_t shift, pad2;
    int64_t stabil, jitcnt, calcnt, errcnt, stbcnt;
    int32_t tai;
    int32_t pad3[11];
};

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int32_t t = 0;
    long now = syscall(SYS_time, &t);
    printf("time: result and pointer agree %d\n", now == t);
    CHECK("time bad pointer", syscall(SYS_time, (void *)16));
    struct tv32 tv;
    int32_t tz[2];
    CHECK("gettimeofday", syscall(SYS_gettimeofday, &tv, tz));
    printf("gettimeofday: usec in range %d, seconds near time() %d\n",
           tv.usec >= 0 && tv.usec < 1000000, tv.sec - t >= 0 && tv.sec - t < 100);
    CHECK("gettimeofday bad pointer", syscall(SYS_gettimeofday, (void *)16, NULL));
    CHECK("gettimeofday NULL NULL", syscall(SYS_gettimeofday, NULL, NULL));
    struct tv32 bad = {0, 2000000};
    CHECK("settimeofday usec 2000000", syscall(SYS_settimeofday, &bad, NULL));
    CHECK("settimeofday bad pointer", syscall(SYS_settimeofday, (void *)16, NULL));
    CHECK("settimeofday nothing", syscall(SYS_settimeofday, NULL, NULL));
    CHECK("stime bad pointer", syscall(SYS_stime, (void *)16));
    struct ts32 bts = {-1, 0};
    CHECK("clock_settime negative", syscall(SYS_clock_settime, CLOCK_REALTIME, &bts));
    bts = (struct ts32){0, 0};
    CHECK("clock_settime MONOTONIC", syscall(SYS_clock_settime, CLOCK_MONOTONIC, &bts));

    struct ts32 ts;
    CHECK("clock_gettime MONOTONIC", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
    printf("nsec in range: %d\n", ts.nsec >= 0 && ts.nsec < 1000000000);
    CHECK("clock_gettime bad clock", syscall(SYS_clock_gettime, 99, &ts));
    CHECK("clock_gettime bad pointer",
          syscall(SYS_clock_gettime, CLOCK_REALTIME, (void *)16));
    CHECK("clock_getres MONOTONIC", syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts));
    printf("resolution: %d.%09d\n", ts.sec, ts.nsec);
    CHECK("clock_getres NULL", syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL));
    CHECK("clock_getres COARSE", syscall(SYS_clock_getres, CLOCK_MONOTONIC_COARSE, &ts));
    printf("coarse resolution: %d.%09d\n", ts.sec, ts.nsec);
    struct ts64 t64;
    CHECK("clock_gettime64 REALTIME", syscall(403, CLOCK_REALTIME, &t64));
    printf("time64 seconds near time(): %d\n", t64.sec - t >= 0 && t64.sec - t < 100);
    CHECK("clock_getres_time64", syscall(406, CLOCK_REALTIME, &t64));
    printf("resolution64: %lld.%09lld\n", (long long)t64.sec, (long long)t64.nsec);
    CHECK("clock_gettime CPUTIME",
          syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &ts));

    struct tms tm;
    long ticks = syscall(SYS_times, &tm);
    printf("times: ticks nonzero %d, user and system time sane %d\n", ticks != 0,
           (long)tm.tms_utime >= 0 && (long)tm.tms_stime >= 0 && tm.tms_cutime == 0);
    long again = syscall(SYS_times, NULL);
    printf("times again (NULL buffer): %d\n",
           again - ticks >= 0 && again - ticks < 10000);
    CHECK("times bad pointer", syscall(SYS_times, (void *)16));

    struct timex32 x;
    memset(&x, 0, sizeof(x));
    long st = syscall(SYS_adjtimex, &x);
    printf("adjtimex read: %ld tick %d precision %d tolerance %d constant %d status %x\n",
           st, x.tick, x.precision, x.tolerance, x.constant, x.status);
    printf("adjtimex time near time(): %d\n",
           x.time.sec - t >= 0 && x.time.sec - t < 100);
    x.modes = 0x8000; /* ADJ_OFFSET_SINGLESHOT alone is not ADJ_OFFSET_SS_READ */
    x.offset = 0;
    long adj = syscall(SYS_adjtimex, &x);
    printf("adjtimex singleshot: %s\n", adj >= 0 ? "ok" : strerrorname_np(errno));
    CHECK("adjtimex bad pointer", syscall(SYS_adjtimex, (void *)16));
    memset(&x, 0, sizeof(x));
    st = syscall(SYS_clock_adjtime, CLOCK_REALTIME, &x);
    printf("clock_adjtime read: %ld tick %d\n", st, x.tick);
    CHECK("clock_adjtime MONOTONIC", syscall(SYS_clock_adjtime, CLOCK_MONOTONIC, &x));
    struct timex64 x64;
    memset(&x64, 0, sizeof(x64));
    st = syscall(405, CLOCK_REALTIME, &x64);
    printf("clock_adjtime64 read: %ld tick %lld precision %lld time near %d\n", st,
           (long long)x64.tick, (long long)x64.precision,
           x64.sec - t >= 0 && x64.sec - t < 100);

    struct tv32 it[2] = {{7, 7}, {7, 7}};
    CHECK("getitimer REAL", syscall(SYS_getitimer, ITIMER_REAL, it));
    printf("itimer: %d.%06d %d.%06d\n", it[0].sec, it[0].usec, it[1].sec, it[1].usec);
    CHECK("getitimer bad which", syscall(SYS_getitimer, 7, it));
    CHECK("getitimer bad pointer", syscall(SYS_getitimer, ITIMER_PROF, (void *)16));

    struct ts32 req = {0, 1000000}, rem = {9, 9};
    CHECK("nanosleep 1ms", syscall(SYS_nanosleep, &req, &rem));
    printf("rem untouched: %d.%d\n", rem.sec, rem.nsec);
    req.nsec = 1000000000;
    CHECK("nanosleep bad nsec", syscall(SYS_nanosleep, &req, NULL));
    req = (struct ts32){-1, 0};
    CHECK("nanosleep negative", syscall(SYS_nanosleep, &req, NULL));
    CHECK("nanosleep bad pointer", syscall(SYS_nanosleep, (void *)16, NULL));
    struct ts32 past = {1, 0};
    CHECK("clock_nanosleep absolute, in the past",
          syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
    req = (struct ts32){0, 1000};
    CHECK("clock_nanosleep REALTIME 1us",
          syscall(SYS_clock_nanosleep, CLOCK_REALTIME, 0, &req, NULL));
    CHECK("clock_nanosleep THREAD_CPUTIME",
          syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL));
    CHECK("clock_nanosleep bad clock", syscall(SYS_clock_nanosleep, 99, 0, &req, NULL));
    struct ts64 r64 = {0, 1000 | (0x5ll << 32)};
    CHECK("clock_nanosleep_time64 (nsec's upper half ignored)",
          syscall(407, CLOCK_MONOTONIC, 0, &r64, NULL));
    return 0;
}
