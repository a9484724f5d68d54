/* The safe-syscall gate (x86-64 host): a host system call that a signal
 * cannot slip past. The flag is tested immediately before the syscall
 * instruction; a host signal handler that finds the interrupted pc in
 * [safe_syscall_start, safe_syscall_end) moves it to safe_syscall_interrupted,
 * so a signal that arrives after the test but before the kernel blocks still
 * ends the wait. This is the race qemu-user closes the same way.
 *
 * long safe_syscall_base(volatile int *flag, long nr, long a1, ..., long a6)
 * returns the raw kernel result (-errno on failure), or -512 (ERESTARTSYS)
 * when the flag was already set or was set during the call. */
    .text
    .globl safe_syscall_base
    .globl safe_syscall_start
    .globl safe_syscall_end
    .globl safe_syscall_interrupted
    .type safe_syscall_base, @function
safe_syscall_base:
    .cfi_startproc
    mov %rdi, %r11          /* the flag; r11 is free until syscall */
    mov %rsi, %rax          /* nr */
    mov %rdx, %rdi          /* a1 */
    mov %rcx, %rsi          /* a2 */
    mov %r8, %rdx           /* a3 */
    mov %r9, %r10           /* a4 */
    mov 8(%rsp), %r8        /* a5 */
    mov 16(%rsp), %r9       /* a6 */
safe_syscall_start:
    cmpl $0, (%r11)
    jnz safe_syscall_interrupted
    syscall
safe_syscall_end:
    ret
safe_syscall_interrupted:
    mov $-512, %rax
    ret
    .cfi_endproc
    .size safe_syscall_base, .-safe_syscall_base
    .section .note.GNU-stack,"",@progbits
