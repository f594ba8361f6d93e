/// A typed property value, as stored on entities and edges.
///
/// Maps are ordered by key when encoded, so two maps with the same entries always encode to
/// the same bytes (``ValueCodec``), which is what makes re-loading the same data a no-op.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([Value])
    case map([String: Value])
}

extension Value: CustomStringConvertible {
    public var description: String { String(decoding: JSONWriter.encode(self), as: UTF8.self) }
}
