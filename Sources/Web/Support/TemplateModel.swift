import Foundation

extension TemplateValue {
    /// A view model as the templates read it: stored properties by name, arrays as lists,
    /// optionals unwrapped (nil leaves the name out, so a section over it shows nothing), and
    /// every other value as its text. One walk with `Mirror` per page, not one per `{{name}}`.
    static func from(_ value: Any) -> TemplateValue? {
        switch value {
        case let s as String: return .string(s)
        case let b as Bool: return .bool(b)
        case let i as Int: return .string(String(i))
        case let i as Int64: return .string(String(i))
        case let v as TemplateValue: return v
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { from($0.value) }
        case .collection, .set:
            return .list(mirror.children.compactMap { from($0.value) })
        case .struct, .class:
            // A value without stored properties to read (e.g. Decimal) is shown as its text.
            guard !mirror.children.isEmpty, !(value is CustomStringConvertible) else {
                return .string(String(describing: value))
            }
            var fields = [String: TemplateValue](minimumCapacity: mirror.children.count)
            for child in mirror.children {
                if let label = child.label, let field = from(child.value) { fields[label] = field }
            }
            return .object(fields)
        default:
            return .string(String(describing: value))
        }
    }
}
