import Hummingbird

/// A path with a NUL or another control character (raw or percent-encoded) is never a page or a
/// file of ours: 400 before the file middleware, which would cut such a name short.
struct PathGuardMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.isHostile(request.uri.path) { throw HTTPError(.badRequest) }
        return try await next(request, context)
    }

    static func isHostile(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        for (i, b) in bytes.enumerated() {
            if b < 0x20 || b == 0x7f { return true }
            // "%00"–"%1F" and "%7F".
            if b == UInt8(ascii: "%"), i + 2 < bytes.count {
                let hi = bytes[i + 1]
                let lo = bytes[i + 2] | 0x20
                if (hi == UInt8(ascii: "0") || hi == UInt8(ascii: "1")) && (lo.isHexDigitASCII) { return true }
                if hi == UInt8(ascii: "7") && lo == UInt8(ascii: "f") { return true }
            }
        }
        return false
    }
}

private extension UInt8 {
    var isHexDigitASCII: Bool { (0x30...0x39).contains(self) || (0x61...0x66).contains(self) }
}
