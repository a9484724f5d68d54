/* The VMA list: a sorted array of non-overlapping [start, end) ranges, split
 * and merged as mmap, munmap and mprotect carve them. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Descriptors relic holds for itself live above the guest's usual ones, so
 * that the guest's next open() gets the number the kernel would give. */
#define RELIC_FD_BASE 900

int mm_hide_fd(int fd)
{
    if (fd < 0 || fd >= RELIC_FD_BASE)
        return fd;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, RELIC_FD_BASE);
    if (high < 0)
        return fd; /* no room up there: keep it where it is */
    close(fd);
    return high;
}

size_t vma_lower_bound(const struct mm *mm, uint32_t va)
{
    size_t lo = 0, hi = mm->nvma;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (mm->vmas[mid].end > va)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

struct vma *vma_find(struct mm *mm, uint32_t va)
{
    size_t i = vma_lower_bound(mm, va);
    if (i < mm->nvma && mm->vmas[i].start <= va)
        return &mm->vmas[i];
    return NULL;
}

int vma_reserve(struct mm *mm, size_t extra)
{
    if (mm->nvma + extra <= mm->vma_cap)
        return 0;
    size_t cap = mm->vma_cap ? mm->vma_cap * 2 : 64;
    while (cap < mm->nvma + extra)
        cap *= 2;
    struct vma *n = realloc(mm->vmas, cap * sizeof(*n));
    if (!n)
        return -ENOMEM;
    mm->vmas = n;
    mm->vma_cap = cap;
    return 0;
}

static int vma_insert_at(struct mm *mm, size_t i, const struct vma *v)
{
    if (vma_reserve(mm, 1) < 0)
        return -ENOMEM;
    memmove(&mm->vmas[i + 1], &mm->vmas[i], (mm->nvma - i) * sizeof(*v));
    mm->vmas[i] = *v;
    mm->nvma++;
    return 0;
}

int vma_insert(struct mm *mm, const struct vma *v)
{
    return vma_insert_at(mm, vma_lower_bound(mm, v->start), v);
}

int vma_split_at(struct mm *mm, uint32_t addr)
{
    size_t i = vma_lower_bound(mm, addr);
    if (i >= mm->nvma || mm->vmas[i].start >= addr)
        return 0;
    struct vma hi = mm->vmas[i];
    hi.offset += addr - hi.start;
    hi.start = addr;
    int err = vma_insert_at(mm, i + 1, &hi);
    if (err)
        return err;
    mm->vmas[i].end = addr;
    mm_file_get(hi.file);
    shmem_get(hi.shmem);
    mpol_get(hi.policy);
    return 0;
}

void vma_remove_range(struct mm *mm, uint32_t start, uint32_t end)
{
    /* Splitting can only fail on allocation; the caller has reserved room. */
    vma_split_at(mm, start);
    if (end)
        vma_split_at(mm, end);
    size_t i = vma_lower_bound(mm, start), j = i;
    while (j < mm->nvma && (end == 0 || mm->vmas[j].start < end))
        vma_release(&mm->vmas[j++]);
    memmove(&mm->vmas[i], &mm->vmas[j], (mm->nvma - j) * sizeof(struct vma));
    mm->nvma -= j - i;
}

void vma_release(struct vma *v)
{
    mm_file_put(v->file);
    shmem_put(v->shmem);
    mm_mpol_put(v->policy);
}

static bool can_merge(const struct vma *a, const struct vma *b)
{
    /* hugetlb VMAs are VM_DONTEXPAND, which never merges (VM_SPECIAL). */
    if ((a->flags & VMA_HUGETLB) || (b->flags & VMA_HUGETLB))
        return false;
    if (a->end != b->start || a->prot != b->prot || a->flags != b->flags ||
        a->file != b->file || a->shmem != b->shmem || a->name != b->name ||
        a->sysv_id != b->sysv_id || !mpol_equal(a->policy, b->policy))
        return false;
    bool backed = a->file || a->shmem || (a->flags & VMA_SYSV);
    return !backed || a->offset + (a->end - a->start) == b->offset;
}

void vma_merge_around(struct mm *mm, uint32_t start, uint32_t end)
{
    size_t i = vma_lower_bound(mm, start);
    if (i > 0)
        i--;
    while (i + 1 < mm->nvma && (end == 0 || mm->vmas[i].start <= end)) {
        if (can_merge(&mm->vmas[i], &mm->vmas[i + 1])) {
            mm->vmas[i].end = mm->vmas[i + 1].end;
            vma_release(&mm->vmas[i + 1]);
            memmove(&mm->vmas[i + 1], &mm->vmas[i + 2],
                    (mm->nvma - i - 2) * sizeof(struct vma));
            mm->nvma--;
        } else {
            i++;
        }
    }
}

bool vma_range_free(const struct mm *mm, uint32_t start, uint32_t end)
{
    size_t i = vma_lower_bound(mm, start);
    return i >= mm->nvma || mm->vmas[i].start >= end;
}

bool vma_range_mapped(const struct mm *mm, uint32_t start, uint32_t end)
{
    size_t i = vma_lower_bound(mm, start);
    uint32_t at = start;
    for (; i < mm->nvma && at < end; i++) {
        if (mm->vmas[i].start > at)
            return false;
        at = mm->vmas[i].end;
        if (at == 0)
            return true;
    }
    return at >= end;
}

struct mm_file *mm_file_get(struct mm_file *f)
{
    if (f)
        f->refs++;
    return f;
}

void mm_file_put(struct mm_file *f)
{
    if (!f || --f->refs > 0)
        return;
    close(f->fd);
    free(f->path);
    free(f);
}

struct mm_file *mm_file_open(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return NULL;
    struct mm_file *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->fd = fcntl(fd, F_DUPFD_CLOEXEC, RELIC_FD_BASE);
    if (f->fd < 0) {
        free(f);
        return NULL;
    }
    f->refs = 1;
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    char link[64], path[4096];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof(path) - 1);
    if (n > 0) {
        path[n] = 0;
        f->path = strdup(path);
    }
    return f;
}

size_t mm_vma_count(const struct mm *mm)
{
    return mm->nvma;
}

const struct vma *mm_vma_at(const struct mm *mm, size_t i)
{
    return i < mm->nvma ? &mm->vmas[i] : NULL;
}

const struct vma *mm_vma_find(const struct mm *mm, uint32_t va)
{
    return vma_find((struct mm *)mm, va);
}
