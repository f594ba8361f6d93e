import TesseraStorage

/// The one-byte prefixes that divide the single RocksDB key space (see Docs/OnDiskFormat.md).
enum Keyspace: UInt8 {
    /// external entity id -> internal id
    case entityIdByName = 0x01
    /// internal entity id -> external id
    case entityNameById = 0x02
    /// external edge id -> internal id
    case edgeIdByName = 0x03
    /// catalog kind | name -> catalog id (labels, relation types)
    case catalogByName = 0x05
    /// entity | ~validFrom | ~systemFrom -> entity version record
    case entityVersions = 0x10
    /// external entity id -> internal id | validFrom | systemFrom | record of the believed version with
    /// the latest valid-from (keyed by name so that "X now" is one point read)
    case entityHead = 0x11
    /// label | entity -> (empty): the entity carries the label in at least one version
    case labelIndex = 0x12
    /// tier | level | time bin | GeoSOT cell | entity | ~validFrom | ~systemFrom -> space-time entry
    case spaceTime = 0x13
    /// index | encoded value | entity -> (empty): some version of the entity carried the value in the
    /// index's property while carrying its label (declared property indexes, see PropertyIndex.swift)
    case propertyIndex = 0x14
    /// edge | ~validFrom | ~systemFrom -> edge version record
    case edgeVersions = 0x20
    /// entity | side (0 outgoing, 1 incoming) | type | other entity | edge | ~validFrom | ~systemFrom
    /// -> adjacency record; both directions of an entity are one prefix
    case adjacency = 0x21
    /// systemTime | sequence -> change record
    case changeLog = 0x30
    /// name -> engine metadata (format version, clocks, counters, load progress)
    case meta = 0x40
}

/// Which end of an edge an adjacency entry is filed under.
enum EdgeSide: UInt8 {
    /// Filed under the source: the edge goes out of the entity.
    case outgoing = 0
    /// Filed under the target: the edge comes into the entity.
    case incoming = 1
}

/// Where an adjacency entry sits among the keys of its entity (`Keys.adjacency` after the entity): written entries
/// and the edges of the present follow the same order.
struct AdjacencyPosition: Sendable {
    let side: EdgeSide
    let type: UInt32
    let far: UInt64
    let edge: UInt64
    let validFrom: Int64
    let systemFrom: Int64

    /// Key order: side, type, far end, edge, then valid-from and system-from descending.
    func precedes(_ other: AdjacencyPosition) -> Bool {
        if side != other.side { return side.rawValue < other.side.rawValue }
        if type != other.type { return type < other.type }
        if far != other.far { return far < other.far }
        if edge != other.edge { return edge < other.edge }
        if validFrom != other.validFrom { return validFrom > other.validFrom }
        return systemFrom > other.systemFrom
    }
}

/// Catalog kinds: separate name spaces for labels and relation types.
enum CatalogKind: UInt8 {
    case label = 1
    case relationType = 2
}

/// Key builders for every key space.
enum Keys {
    static func entityIdByName(_ name: String) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.entityIdByName.rawValue, capacity: name.utf8.count + 3)
        key.append(rawSuffix: Array(name.utf8))
        return key.bytes
    }

    static func entityNameById(_ id: UInt64) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.entityNameById.rawValue, capacity: 9)
        key.append(id)
        return key.bytes
    }

    static func edgeIdByName(_ name: String) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.edgeIdByName.rawValue, capacity: name.utf8.count + 3)
        key.append(rawSuffix: Array(name.utf8))
        return key.bytes
    }

    static func catalog(_ kind: CatalogKind, _ name: String) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.catalogByName.rawValue)
        key.append(byte: kind.rawValue)
        key.append(rawSuffix: Array(name.utf8))
        return key.bytes
    }

    static func entityPrefix(_ space: Keyspace, _ id: UInt64) -> [UInt8] {
        var key = KeyWriter(prefix: space.rawValue, capacity: 25)
        key.append(id)
        return key.bytes
    }

    static func entityVersion(_ id: UInt64, validFrom: Int64, systemFrom: Int64) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.entityVersions.rawValue, capacity: 25)
        key.append(id)
        key.append(validFrom, descending: true)
        key.append(systemFrom, descending: true)
        return key.bytes
    }

    /// The first entity-version key with valid-from <= `validAt`.
    static func entityVersionSeek(_ id: UInt64, validAt: Int64) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.entityVersions.rawValue, capacity: 17)
        key.append(id)
        key.append(validAt, descending: true)
        return key.bytes
    }

    static func entityHead(_ name: String) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.entityHead.rawValue, capacity: name.utf8.count + 1)
        key.append(rawSuffix: Array(name.utf8))
        return key.bytes
    }

    static func labelPrefix(_ label: UInt32) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.labelIndex.rawValue, capacity: 5)
        key.append(label)
        return key.bytes
    }

    static func label(_ label: UInt32, _ id: UInt64) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.labelIndex.rawValue, capacity: 13)
        key.append(label)
        key.append(id)
        return key.bytes
    }

    static func edgeVersion(_ edge: UInt64, validFrom: Int64, systemFrom: Int64) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.edgeVersions.rawValue, capacity: 25)
        key.append(edge)
        key.append(validFrom, descending: true)
        key.append(systemFrom, descending: true)
        return key.bytes
    }

    /// Length of an adjacency key.
    static let adjacencyKeyBytes = 46

    static func adjacency(
        _ side: EdgeSide, _ near: UInt64, _ type: UInt32, _ far: UInt64, _ edge: UInt64, validFrom: Int64,
        systemFrom: Int64
    ) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.adjacency.rawValue, capacity: adjacencyKeyBytes)
        key.append(near)
        key.append(byte: side.rawValue)
        key.append(type)
        key.append(far)
        key.append(edge)
        key.append(validFrom, descending: true)
        key.append(systemFrom, descending: true)
        return key.bytes
    }

    static func adjacency(_ near: UInt64, _ position: AdjacencyPosition) -> [UInt8] {
        adjacency(
            position.side, near, position.type, position.far, position.edge, validFrom: position.validFrom,
            systemFrom: position.systemFrom)
    }

    /// The prefix of an entity's adjacency entries: all of them, one side, or one side and type.
    static func adjacencyPrefix(_ near: UInt64, side: EdgeSide? = nil, type: UInt32? = nil) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.adjacency.rawValue, capacity: 14)
        key.append(near)
        if let side {
            key.append(byte: side.rawValue)
            if let type { key.append(type) }
        }
        return key.bytes
    }

    static func change(systemTime: Int64, sequence: UInt32) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.changeLog.rawValue, capacity: 13)
        key.append(systemTime)
        key.append(sequence)
        return key.bytes
    }

    static func changeSeek(systemTime: Int64) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.changeLog.rawValue, capacity: 9)
        key.append(systemTime)
        return key.bytes
    }

    static func meta(_ name: String) -> [UInt8] {
        var key = KeyWriter(prefix: Keyspace.meta.rawValue)
        key.append(rawSuffix: Array(name.utf8))
        return key.bytes
    }

    static func space(_ space: Keyspace) -> (lower: [UInt8], upper: [UInt8]) {
        ([space.rawValue], [space.rawValue + 1])
    }
}
