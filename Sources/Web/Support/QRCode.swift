import CQREncode

/// A QR code drawn on the server as SVG (no script, no outside service): libqrencode makes the
/// module matrix, and each dark module becomes part of one path. Error correction M, with the
/// quiet zone of four modules the standard asks for.
enum QRCode {
    /// The modules, row by row (true: dark), or nil when the text does not fit a QR code.
    static func matrix(_ text: String) -> [[Bool]]? {
        guard let code = text.withCString({ QRcode_encodeString($0, 0, QR_ECLEVEL_M, QR_MODE_8, 1) }) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = code.pointee.data!
        return (0..<width).map { y in (0..<width).map { x in data[y * width + x] & 1 == 1 } }
    }

    /// The SVG (black on white, scaled by its viewBox); `label` names it for screen readers.
    static func svg(_ text: String, label: String, moduleSize: Int = 6) -> String? {
        guard let matrix = matrix(text) else { return nil }
        let quiet = 4
        let size = matrix.count + 2 * quiet
        var path = ""
        for (y, row) in matrix.enumerated() {
            var x = 0
            while x < row.count {
                guard row[x] else {
                    x += 1
                    continue
                }
                var run = 1
                while x + run < row.count, row[x + run] { run += 1 }
                path += "M\(x + quiet) \(y + quiet)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let escaped = label.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" width="\(size * moduleSize)" height="\(size * moduleSize)" \
            role="img" aria-label="\(escaped)" shape-rendering="crispEdges"><rect width="\(size)" height="\(size)" fill="#fff"/>\
            <path d="\(path)" fill="#000"/></svg>
            """
    }
}
