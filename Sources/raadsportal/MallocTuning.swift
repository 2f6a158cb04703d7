#if os(Linux)
import Glibc
#endif

/// glibc's allocator, tuned for a small, long-running server. (`mallopt` and `malloc_trim` are
/// not in Swift's Glibc module, hence the lookups; the option numbers are malloc.h's.)
enum MallocTuning {
    /// Every thread that allocates gets its own heap arena, and an arena keeps what it once held:
    /// with event loops, database and bcrypt threads that was half the resident memory. Two arenas
    /// are plenty for two event loops. Blocks of 64 KB and more (a large page while it is rendered)
    /// are mapped on their own and given back when freed.
    static func configure() {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(-8, 2)            // M_ARENA_MAX
        _ = mallopt(-3, 64 * 1024)    // M_MMAP_THRESHOLD
        #endif
    }

    /// After a burst (64 readers of the annual report at once), the freed small blocks stay in the
    /// heap as resident pages; `malloc_trim` hands whole free pages back to the system. It runs
    /// every `interval` until the task is cancelled; it takes a millisecond or two.
    static func trimPeriodically(every interval: Duration = .seconds(10)) async {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        while (try? await Task.sleep(for: interval)) != nil {
            _ = trim(0)
        }
        #endif
    }
}
