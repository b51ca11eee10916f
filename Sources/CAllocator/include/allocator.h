#ifndef HEMICYCLE_ALLOCATOR_H
#define HEMICYCLE_ALLOCATOR_H

/// Process-wide allocator settings for a server process, called once by an executable at start.
/// glibc returns the free top of each thread's heap to the kernel as soon as it passes 128 KiB
/// and maps it back on the next allocation; under a write load that churn (page faults,
/// `madvise`) took a third of the database writer's time. Keeping up to 256 MiB, and growing
/// heaps 64 MiB at a time, stops it. Returns 0 when glibc refused a setting (or on a C library
/// without mallopt): the server still runs, only slower under load.
int hemicycle_allocator_tune_for_serving(void);

#endif
