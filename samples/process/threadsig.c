/* Signals between threads: pthread_kill to a thread blocked in a condition
 * wait (its handler runs there and the wait goes on), sigwait in a thread,
 * and a process-directed kill. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int go;
static volatile sig_atomic_t hits;
static pthread_t self_seen;
static void h(int s)
{
    (void)s;
    hits++;
    self_seen = pthread_self();
}
static void *w(void *a)
{
    pthread_mutex_lock(&m);
    while (!go)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    int sig;
    sigwait(&set, &sig);
    printf("thread sigwait got %d\n", sig);
    return a;
}
int main(void)
{
    signal(SIGUSR1, h);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, 0);
    pthread_t t;
    pthread_create(&t, 0, w, 0);
    usleep(100000);
    pthread_kill(t, SIGUSR1);
    usleep(100000);
    printf("handler hits %d, ran in the thread: %s\n", (int)hits,
           pthread_equal(self_seen, t) ? "yes" : "no");
    pthread_mutex_lock(&m);
    go = 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    usleep(100000);
    pthread_kill(t, SIGUSR2);
    pthread_join(t, 0);
    kill(getpid(), SIGUSR1);
    printf("process-directed hit: %d\n", (int)hits);
    return 0;
}
