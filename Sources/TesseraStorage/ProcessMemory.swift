internal import CRocksDB

/// How the process's allocator treats memory it frees, for processes that write in large batches.
public enum ProcessMemory {
    /// Keeps freed memory in the process for the next batch instead of handing it back to the system. A bulk
    /// load allocates and frees buffers of tens of megabytes per batch (write batches, parsed lines, index
    /// entries); with glibc's defaults the large ones are mapped and unmapped each time and the top of the heap
    /// is trimmed, so every batch pays page faults on fresh pages. Process-wide and irreversible: call it from a
    /// command that bulk-loads (as `tessera load` does), not from a library. Does nothing off glibc.
    public static func keepFreedMemory() {
        #if os(Linux)
            _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
            _ = mallopt(M_TOP_PAD, 64 << 20)
            _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        #endif
    }
}
