#ifndef HEMICYCLE_ALLOCATOR_H
#define HEMICYCLE_ALLOCATOR_H

/// Keeps up to `trim_threshold` bytes of freed memory at the top of each glibc heap instead of
/// returning it to the kernel, and grows heaps `top_pad` bytes at a time. Returns 0 when glibc
/// refused a setting (or on a C library without mallopt).
int hemicycle_allocator_keep_freed_memory(int trim_threshold, int top_pad);

#endif
