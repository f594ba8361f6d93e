import TesseraCore
import TesseraStorage

/// A declared property index: the entities that carry `label`, by the value of `property`.
///
/// An index holds one entry per (value, entity) for every version, at any valid or system time, that
/// carried the label and a boolean, number or string in the property (Docs/Decisions/0009). Reads
/// check the version found at the requested times, so the index answers for every time pin.
public struct PropertyIndex: Sendable, Hashable {
    /// Whether reads may use the index yet.
    public enum State: String, Sendable {
        /// Being built from existing data: commits already maintain it, reads do not use it.
        case populating = "POPULATING"
        /// Complete: every version's value has its entry.
        case online = "ONLINE"
    }

    /// The internal id, the first component of every entry key; never reused.
    public let id: UInt32
    /// The unique name (`building_name` by default).
    public let name: String
    /// The label of the indexed entities.
    public let label: String
    /// The indexed property key.
    public let property: String
    /// Populating or online.
    public internal(set) var state: State
    /// While populating: every entity with an internal id up to this one has been backfilled.
    var builtThrough: UInt64 = 0

    /// The name an index gets when its creator gives none: `label_property`.
    public static func defaultName(label: String, property: String) -> String { label + "_" + property }

    /// Whether this index covers the same entities and property as `other` (the name aside).
    public func isEquivalent(to other: PropertyIndex) -> Bool {
        label == other.label && property == other.property
    }

    /// `:label(property)`, as messages write it.
    public var schemaText: String { ":\(label)(\(property))" }
}

/// The persisted definitions of every property index (meta key `indexes`), cached by ``Graph``.
struct PropertyIndexCatalog: Sendable {
    var indexes: [PropertyIndex] = []
    /// The id the next index gets (ids are never reused, so a dropped index leaves no ambiguity).
    var nextId: UInt32 = 1
    /// In memory only: a sequence number of the store at or after the write of this state (it was published
    /// with that write still the latest catalog write), so a snapshot that sees that sequence number sees this
    /// state.
    var writtenBy: UInt64 = 0

    static let key = Keys.meta("indexes")

    func index(named name: String) -> PropertyIndex? { indexes.first { $0.name == name } }

    func index(id: UInt32) -> PropertyIndex? { indexes.first { $0.id == id } }

    mutating func replace(_ index: PropertyIndex) {
        if let position = indexes.firstIndex(where: { $0.id == index.id }) { indexes[position] = index }
    }

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 16 + indexes.count * 48)
        writer.writeVarint(UInt64(nextId))
        writer.writeVarint(UInt64(indexes.count))
        for index in indexes {
            writer.writeVarint(UInt64(index.id))
            writer.writeString(index.name)
            writer.writeString(index.label)
            writer.writeString(index.property)
            writer.write(index.state == .online ? 1 : 0)
            writer.writeVarint(index.builtThrough)
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(CorruptionError) -> PropertyIndexCatalog {
        var reader = ByteReader(bytes, context: "property index catalog")
        var catalog = PropertyIndexCatalog()
        catalog.nextId = UInt32(truncatingIfNeeded: try reader.readVarint())
        let count = try reader.readVarint()
        guard count <= UInt64(bytes.count) else { throw reader.corrupt("index count \(count)") }
        for _ in 0..<count {
            let id = UInt32(truncatingIfNeeded: try reader.readVarint())
            let name = try reader.readString()
            let label = try reader.readString()
            let property = try reader.readString()
            let state: PropertyIndex.State = try reader.read() == 1 ? .online : .populating
            var index = PropertyIndex(id: id, name: name, label: label, property: property, state: state)
            index.builtThrough = try reader.readVarint()
            guard id < catalog.nextId else { throw reader.corrupt("index id \(id) not below the next id") }
            catalog.indexes.append(index)
        }
        return catalog
    }

    static func load(from store: Store, snapshot: Snapshot? = nil) throws(GraphError) -> PropertyIndexCatalog {
        do {
            guard let bytes = try store.get(key, snapshot: snapshot) else { return PropertyIndexCatalog() }
            return try decode(bytes)
        } catch { throw GraphError.wrap(error) }
    }
}

extension Keys {
    /// The prefix of every entry of one property index.
    static func propertyIndexPrefix(_ index: UInt32) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.propertyIndex.rawValue, capacity: 5)
        key.append(index)
        return key.bytes
    }

    /// `0x14 | index | encoded value | entity`.
    static func propertyIndex(_ index: UInt32, value: [UInt8], entity: UInt64) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.propertyIndex.rawValue, capacity: 13 + value.count)
        key.append(index)
        key.append(rawSuffix: value)
        key.append(entity)
        return key.bytes
    }
}

extension EntityContent {
    /// The value of property `key` in this content, nil when the version has none.
    func propertyValue(_ key: String) throws(CorruptionError) -> Value? {
        var reader = ByteReader(bytes, context: "entity version")
        try PropertyLookup.skipLabels(&reader)
        return try PropertyLookup.value(&reader, key)
    }
}

/// Reads single properties out of encoded entity records without decoding the whole map.
enum PropertyLookup {
    /// Skips the label list at the reader's position.
    static func skipLabels(_ reader: inout ByteReader) throws(CorruptionError) {
        let count = try reader.readVarint()
        guard count < 4096 else { throw reader.corrupt("label count \(count)") }
        for _ in 0..<count { _ = try reader.readVarint() }
    }

    /// Reads the label ids at the reader's position.
    static func labels(_ reader: inout ByteReader) throws(CorruptionError) -> [UInt32] {
        let count = try reader.readVarint()
        guard count < 4096 else { throw reader.corrupt("label count \(count)") }
        var labels: [UInt32] = []
        labels.reserveCapacity(Int(count))
        for _ in 0..<count { labels.append(UInt32(truncatingIfNeeded: try reader.readVarint())) }
        return labels
    }

    /// With the reader at a length-prefixed property map: the value of `key`, nil when absent.
    ///
    /// Entries are sorted by the UTF-8 bytes of their keys (``ValueCodec``), so the search stops at the
    /// first larger key.
    static func value(_ reader: inout ByteReader, _ key: String) throws(CorruptionError) -> Value? {
        _ = try reader.readVarint()
        let count = try reader.readVarint()
        let wanted = Array(key.utf8)
        for _ in 0..<count {
            let name = try reader.readLengthPrefixed()
            if name.elementsEqual(wanted) { return try ValueCodec.decode(from: &reader) }
            if wanted.lexicographicallyPrecedes(name) { return nil }
            _ = try ValueCodec.decode(from: &reader)
        }
        return nil
    }
}
