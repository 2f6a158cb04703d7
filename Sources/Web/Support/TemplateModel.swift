import Foundation

extension TemplateValue {
    /// A view model as the templates read it: stored properties by name, arrays as lists, numbers
    /// as their text, a nil Optional as `.null` (present but empty: a section over it shows
    /// nothing, and strict rendering does not take it for a missing key), dictionaries as open
    /// objects (`TemplateFields.isOpen`). A nil in a list is left out.
    ///
    /// The models are `Encodable` and the compiler writes their walk: no reflection at run time.
    /// (A `Mirror` walk was a quarter of the CPU time of an agenda page.)
    static func from<Model: Encodable>(_ model: Model) throws -> TemplateValue {
        try TemplateValueEncoder.box(model)
    }
}

/// The `Encoder` behind `TemplateValue.from`. Containers fill a shared box in place; the value
/// is read once the model has encoded itself.
private final class TemplateValueEncoder: Encoder {
    enum Storage {
        case empty
        case value(TemplateValue)
        case keyed(Fields)
        case unkeyed(Items)
    }

    var storage = Storage.empty
    /// The one encoder that learns `dictionaryKey`, and what it learnt.
    private var isProbe = false
    private var probedKey: ObjectIdentifier?
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var value: TemplateValue? {
        switch storage {
        case .empty: nil
        case .value(let value): value
        case .keyed(let fields): fields.value
        case .unkeyed(let items): items.value
        }
    }

    /// A value's template form: text for the scalar types, otherwise what its `encode(to:)` writes.
    static func box<T: Encodable>(_ value: T) throws -> TemplateValue {
        // Comparing the type itself is cheaper than trying a cast per scalar type on every value.
        if T.self == String.self { return .string(value as! String) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Int.self { return .string(String(value as! Int)) }
        if T.self == Int64.self { return .string(String(value as! Int64)) }
        if T.self == Decimal.self { return .string((value as! Decimal).description) }
        let encoder = TemplateValueEncoder()
        try value.encode(to: encoder)
        return encoder.value ?? .null
    }

    /// The coding-key type `Dictionary` encodes itself with (the standard library's own, not
    /// public), learnt once from a dictionary: a keyed container of that type is a dictionary's.
    /// Comparing it costs less than asking every value's type whether it is a dictionary.
    static let dictionaryKey: ObjectIdentifier? = {
        let probe = TemplateValueEncoder()
        probe.isProbe = true
        try? ["": 0].encode(to: probe)
        return probe.probedKey
    }()

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed(let fields) = storage { return KeyedEncodingContainer(Keyed<Key>(fields: fields)) }
        let fields = Fields()
        if isProbe {
            probedKey = ObjectIdentifier(type)
        } else if ObjectIdentifier(type) == Self.dictionaryKey {
            fields.values.isOpen = true
        }
        storage = .keyed(fields)
        return KeyedEncodingContainer(Keyed<Key>(fields: fields))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed(let items) = storage { return Unkeyed(items: items) }
        let items = Items()
        storage = .unkeyed(items)
        return Unkeyed(items: items)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(owner: self) }

    final class Fields {
        var values = TemplateFields(minimumCapacity: 16)
        /// Containers a custom `encode(to:)` nested by hand, read at the end.
        var nested: [(String, TemplateValueEncoder)] = []
        var value: TemplateValue {
            var all = values
            for (key, encoder) in nested { all[key] = encoder.value }
            return .object(all)
        }
    }

    final class Items {
        var values: [TemplateValue] = []
        var nested: [(Int, TemplateValueEncoder)] = []
        var value: TemplateValue {
            var all = values
            for (index, encoder) in nested { all[index] = encoder.value ?? .null }
            return .list(all)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let fields: Fields
        var codingPath: [any CodingKey] { [] }

        private func set(_ value: TemplateValue, _ key: Key) { fields.values[key.stringValue] = value }
        private func text(_ value: some LosslessStringConvertible, _ key: Key) { set(.string(String(value)), key) }

        mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { text(value, key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { text(value, key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { set(try box(value), key) }

        // A nil Optional property is kept as `.null` (the standard implementations leave it out),
        // so that strict rendering can tell it from a name the model does not have.
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { set(value.map { .bool($0) } ?? .null, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { set(value.map { .string($0) } ?? .null, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { optionalText(value, key) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            if let value { set(try box(value), key) } else { set(.null, key) }
        }

        private func optionalText(_ value: (some LosslessStringConvertible)?, _ key: Key) {
            set(value.map { .string(String($0)) } ?? .null, key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = TemplateValueEncoder()
            fields.nested.append((key.stringValue, nested))
            return nested.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = TemplateValueEncoder()
            fields.nested.append((key.stringValue, nested))
            return nested.unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { superEncoder(key: "super") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key.stringValue) }
        private func superEncoder(key: String) -> any Encoder {
            let nested = TemplateValueEncoder()
            fields.nested.append((key, nested))
            return nested
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer, ScalarSink {
        let items: Items
        var codingPath: [any CodingKey] { [] }
        var count: Int { items.values.count }

        func put(_ value: TemplateValue) { items.values.append(value) }
        mutating func encodeNil() throws {}

        private func nested() -> TemplateValueEncoder {
            let nested = TemplateValueEncoder()
            items.nested.append((items.values.count, nested))
            items.values.append(.object(TemplateFields()))  // its place in the list
            return nested
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            nested().container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { nested().unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { nested() }
    }

    struct Single: SingleValueEncodingContainer, ScalarSink {
        let owner: TemplateValueEncoder
        var codingPath: [any CodingKey] { [] }

        func put(_ value: TemplateValue) { owner.storage = .value(value) }
        mutating func encodeNil() throws { owner.storage = .value(.null) }
    }
}

/// The scalar `encode` overloads that unkeyed and single-value containers share: each puts one
/// value where the container keeps it.
private protocol ScalarSink {
    func put(_ value: TemplateValue)
}

extension ScalarSink {
    private func text(_ value: some LosslessStringConvertible) { put(.string(String(value))) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { text(value) }
    mutating func encode(_ value: Float) throws { text(value) }
    mutating func encode(_ value: Int) throws { text(value) }
    mutating func encode(_ value: Int8) throws { text(value) }
    mutating func encode(_ value: Int16) throws { text(value) }
    mutating func encode(_ value: Int32) throws { text(value) }
    mutating func encode(_ value: Int64) throws { text(value) }
    mutating func encode(_ value: UInt) throws { text(value) }
    mutating func encode(_ value: UInt8) throws { text(value) }
    mutating func encode(_ value: UInt16) throws { text(value) }
    mutating func encode(_ value: UInt32) throws { text(value) }
    mutating func encode(_ value: UInt64) throws { text(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { put(try TemplateValueEncoder.box(value)) }
}
