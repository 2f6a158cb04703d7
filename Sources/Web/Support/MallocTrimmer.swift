import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Hands freed heap pages back to the system every `interval`, beside the server; it stops with
/// the application (graceful shutdown).
///
/// After a burst (64 readers of the annual report at once), the freed small blocks stay in glibc's
/// heap as resident pages; `malloc_trim(0)` returns whole free pages. It takes a millisecond or
/// two. The heap's shape itself (two arenas, large blocks mapped on their own) is deployment
/// configuration: `MALLOC_ARENA_MAX` and `MALLOC_MMAP_THRESHOLD_`, which glibc reads at start
/// (see the README's configuration table). Elsewhere than glibc this service only waits for the
/// shutdown. (`malloc_trim` is not in Swift's Glibc module, hence the lookup.)
struct MallocTrimmer: Service {
    var interval: Duration = .seconds(10)
    let logger: Logger

    func run() async throws {
        #if os(Linux)
            if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
                let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    do {
                        try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                    } catch {
                        return
                    }
                    _ = trim(0)
                }
                return
            }
            logger.notice("malloc_trim not found: freed heap pages are not handed back")
        #endif
        // A service that returns early would end the application: wait for the shutdown instead.
        try? await gracefulShutdown()
    }
}
