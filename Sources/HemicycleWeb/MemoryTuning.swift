import CAllocator

/// Process-wide allocator settings for serving. glibc returns the free top of each thread's
/// heap to the kernel as soon as it passes 128 KiB and maps it back on the next allocation;
/// under a write load that churn (page faults, `madvise`) took a third of the database
/// writer's time. Keeping up to 256 MiB, and growing heaps 64 MiB at a time, stops it.
public enum MemoryTuning {
    /// Applies the settings; call once at the start of a server process. False when the C
    /// library refused them (the server still runs, only slower under load).
    @discardableResult
    public static func applyForServing() -> Bool {
        hemicycle_allocator_keep_freed_memory(256 << 20, 64 << 20) != 0
    }
}
