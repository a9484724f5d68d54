/* The kernel relic presents until personalities choose one per binary. */
#ifndef RELIC_SYSCALLS_KERNEL_H
#define RELIC_SYSCALLS_KERNEL_H

#define KERNEL_RELEASE        "6.1.0"
#define KERNEL_VERSION_STRING "#1 SMP PREEMPT_DYNAMIC relic"
#define KERNEL_MACHINE        "i686"

#endif
