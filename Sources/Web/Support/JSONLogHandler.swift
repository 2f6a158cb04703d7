import Foundation
import Logging

/// A log handler that writes one JSON object per line to standard output (`LOG_FORMAT=json`), for
/// a log collector: time, level, logger, message and the metadata as fields.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    static let lock = NSLock()

    public func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        var fields: [String: String] = [:]
        for (key, value) in self.metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        fields["time"] = Date().ISO8601Format(
            .iso8601.time(includingFractionalSeconds: true).year().month().day().dateSeparator(.dash).timeZone(separator: .omitted))
        fields["level"] = level.rawValue
        fields["logger"] = label
        fields["message"] = message.description
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        Self.lock.lock()
        defer { Self.lock.unlock() }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
