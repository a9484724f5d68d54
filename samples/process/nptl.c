/* NPTL: eight threads share counters under a mutex, hand work over through
 * a condition variable, and are joined; the totals are deterministic. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>

#define THREADS 8
#define ROUNDS  20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_cv = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn; /* which thread may add its id to the chain next */
static char chain[THREADS * 4 + 1];
static __thread int my_id; /* TLS through %gs, one block per thread */
static int tids_distinct[THREADS];

static void *worker(void *arg)
{
    my_id = (int)(long)arg;
    tids_distinct[my_id] = (int)syscall(SYS_gettid);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    /* Take turns in id order: each waits on the condition variable. */
    pthread_mutex_lock(&lock);
    while (turn != my_id)
        pthread_cond_wait(&turn_cv, &lock);
    char buf[8];
    snprintf(buf, sizeof(buf), "%d,", my_id);
    for (char *p = buf; *p; p++)
        chain[turn * 2 + (p - buf)] = *p;
    turn++;
    pthread_cond_broadcast(&turn_cv);
    pthread_mutex_unlock(&lock);
    return (void *)(long)(my_id * 10);
}

int main(void)
{
    pthread_t th[THREADS];
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&th[i], NULL, worker, (void *)i) != 0) {
            perror("pthread_create");
            return 1;
        }
    long sum = 0;
    for (int i = 0; i < THREADS; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        sum += (long)ret;
    }
    int distinct = 1;
    for (int i = 0; i < THREADS; i++)
        for (int j = 0; j < i; j++)
            if (tids_distinct[i] == tids_distinct[j] || tids_distinct[i] == getpid())
                distinct = 0;
    printf("counter %ld (expected %d)\n", counter, THREADS * ROUNDS);
    printf("turns %s\n", chain);
    printf("join values sum %ld\n", sum);
    printf("thread ids distinct from each other and the pid: %s\n",
           distinct ? "yes" : "no");
    printf("main TLS id %d\n", my_id);
    return 0;
}
