import Foundation

/// Deterministic generator of a synthetic city in Tessera's NDJSON ingest format.
///
/// The city holds buildings, roads, pipes, sensors and vehicles, each with a history of versions
/// inside the year 2025, followed by the edges that relate them. Every attribute of an entity is
/// derived from a hash of the seed and the entity's index, so edges can recompute an endpoint's
/// kind, lifetime and position without storing anything: memory stays constant in the number of
/// entities. The same `(entities, seed)` always yields byte-identical output.
public struct CityGenerator: Sendable {
    /// Counts of the lines emitted by one call to ``CityGenerator/write(_:)``.
    public struct Summary: Sendable, Equatable {
        /// Number of distinct entities.
        public var entities: Int
        /// Number of entity version lines.
        public var versions: Int
        /// Number of edge lines.
        public var edges: Int
        /// Number of entities whose last version has a non-null `valid_to`.
        public var deletedEntities: Int

        /// Creates a summary from its counts.
        public init(entities: Int = 0, versions: Int = 0, edges: Int = 0, deletedEntities: Int = 0) {
            self.entities = entities
            self.versions = versions
            self.edges = edges
            self.deletedEntities = deletedEntities
        }
    }

    /// Number of entities the city holds.
    public let entities: Int
    /// Seed from which every attribute of the city is derived.
    public let seed: UInt64
    /// Placement of the blocks of entities over the city area.
    let layout: Layout

    /// Size in bytes after which the buffered lines are handed to the sink.
    static let chunkSize = 64 * 1024

    /// Creates a generator for a city of `entities` entities derived from `seed`.
    public init(entities: Int, seed: UInt64) {
        precondition(entities >= 0, "entity count must not be negative")
        self.entities = entities
        self.seed = seed
        self.layout = Layout(entities: entities)
    }

    /// Emits complete NDJSON lines (each ending in "\n") in chunks of roughly 64 KiB; the last chunk may be smaller.
    ///
    /// All entity version lines come first, then all edge lines. The buffer passed to `sink` is only
    /// valid for the duration of the call.
    public func write(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows -> Summary {
        var writer = Writer(generator: self)
        var summary = Summary(entities: entities)
        for index in 0..<entities {
            summary.versions += writer.writeEntity(index)
            if lifetime(of: index).deleted != nil { summary.deletedEntities += 1 }
            if writer.out.bytes.count >= Self.chunkSize {
                try writer.out.bytes.withUnsafeBytes { try sink($0) }
                writer.out.bytes.removeAll(keepingCapacity: true)
            }
        }
        for index in 0..<entities {
            writer.writeEdges(from: index)
            if writer.out.bytes.count >= Self.chunkSize {
                try writer.out.bytes.withUnsafeBytes { try sink($0) }
                writer.out.bytes.removeAll(keepingCapacity: true)
            }
        }
        if !writer.out.bytes.isEmpty {
            try writer.out.bytes.withUnsafeBytes { try sink($0) }
        }
        summary.edges = writer.edgeCount
        return summary
    }
}

// MARK: - Constants

extension CityGenerator {
    /// Fixed parameters of the synthetic city.
    enum City {
        /// 2025-01-01T00:00:00Z in seconds since the Unix epoch.
        static let yearStart = 1_735_689_600
        /// 2026-01-01T00:00:00Z in seconds since the Unix epoch.
        static let yearEnd = 1_767_225_600
        static let day = 86_400
        /// Bounds of the city area in WGS84 degrees.
        static let minLon = 116.20
        static let maxLon = 116.60
        static let minLat = 39.75
        static let maxLat = 40.05
        /// Margin between the city border and the area in which blocks are placed, in degrees.
        static let margin = 0.01
        static let metersPerDegreeLat = 111_320.0
        /// Metres per degree of longitude at latitude 39.9°.
        static let metersPerDegreeLon = 85_400.0
    }

    /// Salts that separate the independent random streams of one entity.
    enum Salt {
        static let block: UInt64 = 0x11
        static let anchor: UInt64 = 0x22
        static let life: UInt64 = 0x33
        static let schedule: UInt64 = 0x44
        static let props: UInt64 = 0x55
        static let shape: UInt64 = 0x66
        static let edge: UInt64 = 0x77
    }
}

// MARK: - Random numbers

extension CityGenerator {
    /// SplitMix64: a small, fast, statistically solid generator.
    struct Random {
        var state: UInt64

        /// The SplitMix64 finaliser, a bijective 64-bit mixing function.
        @inline(__always)
        static func mix(_ value: UInt64) -> UInt64 {
            var z = value
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        @inline(__always)
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return Self.mix(state)
        }

        /// A uniform double in [0, 1).
        @inline(__always)
        mutating func unit() -> Double {
            Double(next() >> 11) * 0x1p-53
        }

        /// A uniform double in `range`.
        mutating func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + unit() * (range.upperBound - range.lowerBound)
        }

        /// A uniform integer in `range`.
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }

        /// The larger of two uniform integers in `range`: skewed towards the upper bound.
        mutating func skewedInt(_ range: ClosedRange<Int>) -> Int {
            Swift.max(int(range), int(range))
        }

        /// `true` with probability `probability`.
        mutating func chance(_ probability: Double) -> Bool {
            unit() < probability
        }

        /// One element of a non-empty array, chosen uniformly.
        mutating func pick(_ options: [StaticString]) -> StaticString {
            options[Int(next() % UInt64(options.count))]
        }
    }

    /// The random stream of entity (or block) `index` for purpose `salt`.
    func stream(_ index: Int, _ salt: UInt64) -> Random {
        let key = Random.mix(seed ^ Random.mix(salt &* 0x9E37_79B9_7F4A_7C15))
        return Random(state: Random.mix(key &+ UInt64(truncatingIfNeeded: index)))
    }
}

// MARK: - Kinds and index layout

extension CityGenerator {
    /// The kinds of entity in the city.
    enum Kind: Int, Sendable, CaseIterable {
        case building, road, pipe, sensor, vehicle

        /// Kinds of the twenty slots of a block; index `i` has the kind of slot `i % 20`.
        static let pattern: [Kind] = [
            .building, .sensor, .road, .sensor, .building, .pipe, .sensor, .building, .road, .sensor,
            .vehicle, .building, .pipe, .sensor, .road, .sensor, .building, .pipe, .road, .vehicle,
        ]
        /// Slots of each kind within a block, in order.
        static let slots: [[Int]] = Kind.allCases.map { kind in
            pattern.indices.filter { pattern[$0] == kind }
        }
        /// Rank of each slot among the slots of its kind.
        static let ranks: [Int] = pattern.indices.map { slot in
            pattern[..<slot].filter { $0 == pattern[slot] }.count
        }

        /// The value of the `type` field.
        var typeName: StaticString {
            switch self {
            case .building: "building"
            case .road: "road"
            case .pipe: "pipe"
            case .sensor: "sensor"
            case .vehicle: "vehicle"
            }
        }

        /// The letter that starts the ids of this kind.
        var prefix: UInt8 {
            switch self {
            case .building: UInt8(ascii: "b")
            case .road: UInt8(ascii: "r")
            case .pipe: UInt8(ascii: "p")
            case .sensor: UInt8(ascii: "s")
            case .vehicle: UInt8(ascii: "v")
            }
        }
    }

    /// Entities per block.
    static let blockSize = 20

    /// The kind of entity `index`.
    func kind(of index: Int) -> Kind {
        Kind.pattern[index % Self.blockSize]
    }

    /// Position of entity `index` among the entities of its kind.
    func ordinal(of index: Int) -> Int {
        let kind = kind(of: index)
        return index / Self.blockSize * Kind.slots[kind.rawValue].count + Kind.ranks[index % Self.blockSize]
    }

    /// The index of the `ordinal`-th entity of `kind`, or `nil` when the city is too small to hold it.
    func index(of kind: Kind, ordinal: Int) -> Int? {
        let slots = Kind.slots[kind.rawValue]
        let index = ordinal / slots.count * Self.blockSize + slots[ordinal % slots.count]
        return index < entities ? index : nil
    }

    /// The index of the `rank`-th entity of `kind` in the block of `index`, or `nil` past the end.
    func index(of kind: Kind, rank: Int, inBlockOf index: Int) -> Int? {
        let slots = Kind.slots[kind.rawValue]
        return self.index(of: kind, ordinal: index / Self.blockSize * slots.count + rank % slots.count)
    }
}

// MARK: - Space

extension CityGenerator {
    /// A WGS84 position.
    struct Position {
        var lon: Double
        var lat: Double

        /// This position moved by `east` and `north` metres.
        func offset(east: Double, north: Double) -> Position {
            Position(
                lon: lon + east / City.metersPerDegreeLon,
                lat: lat + north / City.metersPerDegreeLat)
        }

        /// Approximate distance in metres to `other`.
        func distance(to other: Position) -> Double {
            let east = (other.lon - lon) * City.metersPerDegreeLon
            let north = (other.lat - lat) * City.metersPerDegreeLat
            return (east * east + north * north).squareRoot()
        }
    }

    /// Blocks of twenty consecutive entities laid on a grid over the city in serpentine order, so
    /// that consecutive blocks are neighbours on the map.
    struct Layout: Sendable {
        let columns: Int
        let cellLon: Double
        let cellLat: Double
        /// Radius in metres around its block centre within which an entity is anchored.
        let spread: Double

        init(entities: Int) {
            let blocks = Swift.max(1, (entities + CityGenerator.blockSize - 1) / CityGenerator.blockSize)
            let lonSpan = City.maxLon - City.minLon - 2 * City.margin
            let latSpan = City.maxLat - City.minLat - 2 * City.margin
            let aspect = lonSpan * City.metersPerDegreeLon / (latSpan * City.metersPerDegreeLat)
            let columns = Swift.max(1, Int((Double(blocks) * aspect).squareRoot().rounded(.up)))
            let rows = Swift.max(1, (blocks + columns - 1) / columns)
            self.columns = columns
            cellLon = lonSpan / Double(columns)
            cellLat = latSpan / Double(rows)
            spread = Swift.min(
                250, 0.35 * Swift.min(cellLon * City.metersPerDegreeLon, cellLat * City.metersPerDegreeLat))
        }
    }

    /// The centre of block `block`.
    func blockCenter(_ block: Int) -> Position {
        let row = block / layout.columns
        let step = block % layout.columns
        let column = row % 2 == 0 ? step : layout.columns - 1 - step
        var random = stream(block, Salt.block)
        let jitterLon = random.uniform(-0.3...0.3)
        let jitterLat = random.uniform(-0.3...0.3)
        return Position(
            lon: City.minLon + City.margin + (Double(column) + 0.5 + jitterLon) * layout.cellLon,
            lat: City.minLat + City.margin + (Double(row) + 0.5 + jitterLat) * layout.cellLat)
    }

    /// The building a sensor sits in: one of the buildings of the sensor's block.
    func hostBuilding(of sensor: Int) -> Int {
        var random = stream(sensor, Salt.shape)
        let rank = random.int(0...4)
        return index(of: .building, rank: rank, inBlockOf: sensor) ?? sensor / Self.blockSize * Self.blockSize
    }

    /// Half the width of building `index` in metres (10-60 m across).
    func buildingRadius(_ index: Int) -> Double {
        var random = stream(index, Salt.shape)
        return random.uniform(5...30)
    }

    /// The reference position of entity `index`: a building's centre, a line's first point, a
    /// sensor's location or a vehicle's first position.
    func anchor(of index: Int) -> Position {
        if kind(of: index) == .sensor {
            let host = hostBuilding(of: index)
            var random = stream(index, Salt.anchor)
            let radius = 0.2 * buildingRadius(host) * random.unit()
            let angle = random.uniform(0...(2 * Double.pi))
            return anchor(of: host).offset(east: radius * cos(angle), north: radius * sin(angle))
        }
        var random = stream(index, Salt.anchor)
        let radius = layout.spread * random.unit().squareRoot()
        let angle = random.uniform(0...(2 * Double.pi))
        return blockCenter(index / Self.blockSize).offset(east: radius * cos(angle), north: radius * sin(angle))
    }
}

// MARK: - Time

extension CityGenerator {
    /// When an entity exists: from `created` until `deleted`, or on past the end of 2025.
    struct Lifetime {
        let created: Int
        let deleted: Int?
        /// Key from which the jitter of the version boundaries is derived.
        let scheduleKey: UInt64

        /// The end of the period over which versions are spread.
        var horizon: Int { deleted ?? City.yearEnd }

        /// The `valid_from` of version `k` (0-based) of `count` versions.
        ///
        /// Versions are spread evenly over the lifetime with a jitter of ±40% of their share, so
        /// the starts strictly increase and the last one lies before the horizon.
        func start(_ k: Int, of count: Int) -> Int {
            if k == 0 { return created }
            let share = Double(horizon - created) / Double(count)
            let jitter = Double(Random.mix(scheduleKey &+ UInt64(k)) >> 11) * 0x1p-53 - 0.5
            return created + Int(share * (Double(k) + 0.8 * jitter))
        }

        /// The `valid_to` of version `k` (0-based) of `count` versions; `nil` means open.
        func end(_ k: Int, of count: Int) -> Int? {
            k + 1 < count ? start(k + 1, of: count) : deleted
        }
    }

    /// The lifetime of entity `index`: about a third exist from the start of the year and about
    /// 5% are deleted at least 30 days after their creation.
    func lifetime(of index: Int) -> Lifetime {
        var random = stream(index, Salt.life)
        let created = random.chance(0.35) ? City.yearStart : City.yearStart + random.int(0...(240 * City.day))
        var deleted: Int?
        if random.chance(0.05) {
            let earliest = created + 30 * City.day
            deleted = earliest + random.int(0...(City.yearEnd - City.day - earliest))
        }
        return Lifetime(created: created, deleted: deleted, scheduleKey: random.next())
    }
}

// MARK: - Byte output

extension CityGenerator {
    /// A growable byte buffer with writers for the pieces of an NDJSON line.
    struct Bytes {
        var bytes: [UInt8] = []

        @inline(__always)
        mutating func raw(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        @inline(__always)
        mutating func byte(_ value: UInt8) {
            bytes.append(value)
        }

        /// A JSON string whose content needs no escaping.
        mutating func quoted(_ text: StaticString) {
            bytes.append(UInt8(ascii: "\""))
            raw(text)
            bytes.append(UInt8(ascii: "\""))
        }

        /// A decimal integer.
        mutating func int(_ value: Int) {
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            var rest = value.magnitude
            var digits = 1
            var probe = rest
            while probe >= 10 {
                probe /= 10
                digits += 1
            }
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
            var position = start + digits - 1
            repeat {
                bytes[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                position -= 1
            } while rest > 0
        }

        /// A non-negative integer left-padded with zeros to `width` digits.
        mutating func padded(_ value: Int, width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }

        /// A double in its shortest round-trip form.
        mutating func double(_ value: Double) {
            var text = value.description
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        /// A double rounded to `scale` (a power of ten such as 10 or 100).
        mutating func double(_ value: Double, scale: Double) {
            double((value * scale).rounded() / scale)
        }

        /// A `[lon,lat]` pair clamped to the city and rounded to 7 decimals.
        mutating func position(_ position: Position) {
            let lon = Swift.min(Swift.max(position.lon, City.minLon), City.maxLon)
            let lat = Swift.min(Swift.max(position.lat, City.minLat), City.maxLat)
            bytes.append(UInt8(ascii: "["))
            double(lon, scale: 1e7)
            bytes.append(UInt8(ascii: ","))
            double(lat, scale: 1e7)
            bytes.append(UInt8(ascii: "]"))
        }

        /// A quoted entity id such as `"b17"`.
        mutating func id(_ kind: Kind, _ index: Int) {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(kind.prefix)
            int(index)
            bytes.append(UInt8(ascii: "\""))
        }

        /// A quoted RFC 3339 UTC timestamp with whole seconds, e.g. `"2025-03-04T05:06:07Z"`.
        mutating func timestamp(_ seconds: Int) {
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let secondOfDay = seconds - days * 86_400
            let (year, month, day) = CityGenerator.civil(fromDays: days)
            bytes.append(UInt8(ascii: "\""))
            padded(year, width: 4)
            bytes.append(UInt8(ascii: "-"))
            padded(month, width: 2)
            bytes.append(UInt8(ascii: "-"))
            padded(day, width: 2)
            bytes.append(UInt8(ascii: "T"))
            padded(secondOfDay / 3600, width: 2)
            bytes.append(UInt8(ascii: ":"))
            padded(secondOfDay / 60 % 60, width: 2)
            bytes.append(UInt8(ascii: ":"))
            padded(secondOfDay % 60, width: 2)
            raw("Z\"")
        }

        /// A timestamp, or `null` for an open end.
        mutating func timestamp(orNull seconds: Int?) {
            if let seconds { timestamp(seconds) } else { raw("null") }
        }
    }

    /// The proleptic Gregorian date of `days` days since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The RFC 3339 text of `seconds` since the Unix epoch, as written in the output.
    static func rfc3339(_ seconds: Int) -> String {
        var out = Bytes()
        out.timestamp(seconds)
        return String(decoding: out.bytes.dropFirst().dropLast(), as: UTF8.self)
    }
}

// MARK: - Vocabulary

extension CityGenerator {
    /// Names and property values the city draws from.
    enum Words {
        static let nameFirst: [StaticString] = [
            "Jade", "Lotus", "Pine", "Harbor", "Summit", "Maple", "Cedar", "Willow", "Granite", "Silver",
            "Phoenix", "Crane", "Orchid", "Bamboo", "Aurora", "Golden",
        ]
        static let buildingNoun: [StaticString] = [
            "Tower", "Court", "Plaza", "House", "Center", "Residences", "Hall", "Block",
        ]
        static let roadNoun: [StaticString] = ["Road", "Street", "Avenue", "Lane", "Hutong", "Boulevard"]
        static let uses: [StaticString] = ["residential", "office", "retail", "industrial"]
        static let surfaces: [StaticString] = ["asphalt", "concrete", "gravel", "cobblestone"]
        static let materials: [StaticString] = ["PE", "PVC", "steel", "cast_iron"]
        static let networks: [StaticString] = ["water", "gas", "drainage"]
        static let sensorKinds: [StaticString] = ["air", "noise", "water", "camera", "traffic"]
        static let fleets: [StaticString] = ["taxi", "bus", "delivery", "municipal", "rideshare"]
        static let speedLimits = [30, 40, 50, 60, 80]
        static let diameters = [50, 75, 100, 150, 200, 300, 400, 600]
        static let plateSymbols = Array("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ".utf8)
    }
}

// MARK: - Entity lines

extension CityGenerator {
    /// Turns entity indices into NDJSON lines, buffering them until the caller flushes.
    struct Writer {
        let generator: CityGenerator
        /// Lines not yet handed to the sink.
        var out = Bytes()
        /// The GeoJSON of the entity being written, shared by its versions.
        var geometry = Bytes()
        /// Number of edge lines written so far; also the next edge id.
        var edgeCount = 0

        init(generator: CityGenerator) {
            self.generator = generator
            out.bytes.reserveCapacity(CityGenerator.chunkSize + 16 * 1024)
            geometry.bytes.reserveCapacity(1024)
        }

        /// Writes every version of entity `index` and returns how many there are.
        mutating func writeEntity(_ index: Int) -> Int {
            switch generator.kind(of: index) {
            case .building: writeBuilding(index)
            case .road: writeRoad(index)
            case .pipe: writePipe(index)
            case .sensor: writeSensor(index)
            case .vehicle: writeVehicle(index)
            }
        }

        /// Writes a version line up to and including `"geometry":`.
        mutating func header(_ kind: Kind, _ index: Int, version: Int, of count: Int, life: Lifetime) {
            out.raw("{\"id\":")
            out.id(kind, index)
            out.raw(",\"type\":\"")
            out.raw(kind.typeName)
            out.raw("\",\"version\":")
            out.int(version + 1)
            out.raw(",\"valid_from\":")
            out.timestamp(life.start(version, of: count))
            out.raw(",\"valid_to\":")
            out.timestamp(orNull: life.end(version, of: count))
            out.raw(",\"geometry\":")
        }

        /// Whether `position` lies inside the city area.
        static func inCity(_ position: Position) -> Bool {
            position.lon > City.minLon && position.lon < City.maxLon
                && position.lat > City.minLat && position.lat < City.maxLat
        }

        /// Moves `length` metres from `position` along `heading`, turning back at the city border.
        static func step(from position: Position, heading: inout Double, length: Double) -> Position {
            var next = position.offset(east: length * cos(heading), north: length * sin(heading))
            if !inCity(next) {
                heading += Double.pi
                next = position.offset(east: length * cos(heading), north: length * sin(heading))
            }
            return next
        }

        /// Sets the geometry to a counter-clockwise polygon of 4-8 corners around building `index`.
        mutating func makePolygon(_ index: Int, _ random: inout Random) {
            let center = generator.anchor(of: index)
            let radius = generator.buildingRadius(index)
            let corners = random.int(4...8)
            let phase = random.uniform(0...(2 * Double.pi))
            let step = 2 * Double.pi / Double(corners)
            geometry.bytes.removeAll(keepingCapacity: true)
            geometry.raw("{\"type\":\"Polygon\",\"coordinates\":[[")
            var first = center
            for corner in 0..<corners {
                let angle = phase + step * (Double(corner) + random.uniform(-0.3...0.3))
                let distance = radius * random.uniform(0.85...1.15)
                let point = center.offset(east: distance * cos(angle), north: distance * sin(angle))
                if corner == 0 { first = point }
                geometry.position(point)
                geometry.byte(UInt8(ascii: ","))
            }
            geometry.position(first)
            geometry.raw("]]}")
        }

        /// Sets the geometry to a line of `points` points wandering from `start`.
        mutating func makeLine(
            from start: Position, points: Int, length: ClosedRange<Double>, _ random: inout Random
        ) {
            geometry.bytes.removeAll(keepingCapacity: true)
            geometry.raw("{\"type\":\"LineString\",\"coordinates\":[")
            geometry.position(start)
            var point = start
            var heading = random.uniform(0...(2 * Double.pi))
            for _ in 1..<points {
                heading += random.uniform(-0.5...0.5)
                point = Self.step(from: point, heading: &heading, length: random.uniform(length))
                geometry.byte(UInt8(ascii: ","))
                geometry.position(point)
            }
            geometry.raw("]}")
        }

        /// Sets the geometry to a point.
        mutating func makePoint(_ position: Position) {
            geometry.bytes.removeAll(keepingCapacity: true)
            geometry.raw("{\"type\":\"Point\",\"coordinates\":")
            geometry.position(position)
            geometry.raw("}")
        }
    }
}

// MARK: - Entity kinds

extension CityGenerator.Writer {
    typealias Words = CityGenerator.Words

    /// A building: 2-5 versions, renovations change height, floors and use.
    mutating func writeBuilding(_ index: Int) -> Int {
        var random = generator.stream(index, CityGenerator.Salt.props)
        let life = generator.lifetime(of: index)
        let count = random.skewedInt(2...5)
        makePolygon(index, &random)
        let first = random.pick(Words.nameFirst)
        let noun = random.pick(Words.buildingNoun)
        let number = random.int(1...99)
        let yearBuilt = random.int(1950...2024)
        var floors = random.chance(0.7) ? random.int(1...12) : random.int(13...45)
        var use = random.pick(Words.uses)
        let storey = random.uniform(2.9...3.6)
        var roof = random.uniform(0...4)
        for version in 0..<count {
            if version > 0 {
                if random.chance(0.5) { floors += random.int(1...3) }
                if random.chance(0.3) { use = random.pick(Words.uses) }
                roof = random.uniform(0...4)
            }
            let height = Double(floors) * storey + roof
            header(.building, index, version: version, of: count, life: life)
            out.bytes.append(contentsOf: geometry.bytes)
            out.raw(",\"props\":{\"name\":\"")
            out.raw(first)
            out.byte(UInt8(ascii: " "))
            out.raw(noun)
            out.byte(UInt8(ascii: " "))
            out.int(number)
            out.raw("\",\"height_m\":")
            out.double(height, scale: 10)
            out.raw(",\"floors\":")
            out.int(floors)
            out.raw(",\"use\":")
            out.quoted(use)
            out.raw(",\"year_built\":")
            out.int(yearBuilt)
            out.raw("}}\n")
        }
        return count
    }

    /// A road: 2-4 versions that open and close it and occasionally change lanes or surface.
    mutating func writeRoad(_ index: Int) -> Int {
        var random = generator.stream(index, CityGenerator.Salt.props)
        let life = generator.lifetime(of: index)
        let count = random.int(2...4)
        makeLine(from: generator.anchor(of: index), points: random.int(2...6), length: 60...250, &random)
        let first = random.pick(Words.nameFirst)
        let noun = random.pick(Words.roadNoun)
        let speedLimit = Words.speedLimits[random.int(0...(Words.speedLimits.count - 1))]
        var lanes = random.int(1...6)
        var surface = random.pick(Words.surfaces)
        var status: StaticString = "open"
        for version in 0..<count {
            if version > 0 {
                status = random.chance(0.35) ? "closed" : "open"
                if random.chance(0.2) { lanes = Swift.max(1, lanes + random.int(-1...1)) }
                if random.chance(0.2) { surface = random.pick(Words.surfaces) }
            }
            header(.road, index, version: version, of: count, life: life)
            out.bytes.append(contentsOf: geometry.bytes)
            out.raw(",\"props\":{\"name\":\"")
            out.raw(first)
            out.byte(UInt8(ascii: " "))
            out.raw(noun)
            out.raw("\",\"lanes\":")
            out.int(lanes)
            out.raw(",\"speed_limit\":")
            out.int(speedLimit)
            out.raw(",\"surface\":")
            out.quoted(surface)
            out.raw(",\"status\":")
            out.quoted(status)
            out.raw("}}\n")
        }
        return count
    }

    /// A pipe: 2-4 versions with changing pressure and the odd replacement of its material.
    mutating func writePipe(_ index: Int) -> Int {
        var random = generator.stream(index, CityGenerator.Salt.props)
        let life = generator.lifetime(of: index)
        let count = random.int(2...4)
        makeLine(from: generator.anchor(of: index), points: random.int(2...4), length: 30...150, &random)
        let diameter = Words.diameters[random.int(0...(Words.diameters.count - 1))]
        let networkChoice = random.int(0...(Words.networks.count - 1))
        let pressureRange: ClosedRange<Double> = [200...600, 2...400, 0...60][networkChoice]
        var material = random.pick(Words.materials)
        for version in 0..<count {
            if version > 0, random.chance(0.15) { material = random.pick(Words.materials) }
            let pressure = random.uniform(pressureRange)
            header(.pipe, index, version: version, of: count, life: life)
            out.bytes.append(contentsOf: geometry.bytes)
            out.raw(",\"props\":{\"material\":")
            out.quoted(material)
            out.raw(",\"diameter_mm\":")
            out.int(diameter)
            out.raw(",\"pressure_kpa\":")
            out.double(pressure, scale: 10)
            out.raw(",\"network\":")
            out.quoted(Words.networks[networkChoice])
            out.raw("}}\n")
        }
        return count
    }

    /// A sensor: 3-8 versions with new readings and an occasional change of status.
    mutating func writeSensor(_ index: Int) -> Int {
        var random = generator.stream(index, CityGenerator.Salt.props)
        let life = generator.lifetime(of: index)
        let count = random.skewedInt(3...8)
        makePoint(generator.anchor(of: index))
        let kindChoice = random.int(0...(Words.sensorKinds.count - 1))
        let readingRange: ClosedRange<Double> = [5...300, 30...100, 6...9, 0...500, 0...2000][kindChoice]
        for version in 0..<count {
            let roll = random.unit()
            let status: StaticString = roll < 0.85 ? "active" : roll < 0.95 ? "maintenance" : "offline"
            let reading = random.uniform(readingRange)
            header(.sensor, index, version: version, of: count, life: life)
            out.bytes.append(contentsOf: geometry.bytes)
            out.raw(",\"props\":{\"kind\":")
            out.quoted(Words.sensorKinds[kindChoice])
            out.raw(",\"status\":")
            out.quoted(status)
            out.raw(",\"reading\":")
            out.double(reading, scale: 100)
            out.raw("}}\n")
        }
        return count
    }

    /// A vehicle: 10-25 versions, each a few hundred metres from the previous one.
    mutating func writeVehicle(_ index: Int) -> Int {
        var random = generator.stream(index, CityGenerator.Salt.props)
        let life = generator.lifetime(of: index)
        let count = random.skewedInt(10...25)
        let plateKey = random.next()
        let fleet = random.pick(Words.fleets)
        var position = generator.anchor(of: index)
        var heading = random.uniform(0...(2 * Double.pi))
        for version in 0..<count {
            if version > 0 {
                heading += random.uniform(-1...1)
                position = Self.step(from: position, heading: &heading, length: random.uniform(100...500))
            }
            makePoint(position)
            header(.vehicle, index, version: version, of: count, life: life)
            out.bytes.append(contentsOf: geometry.bytes)
            out.raw(",\"props\":{\"plate\":\"BJ-")
            var plate = CityGenerator.Random(state: plateKey)
            out.byte(UInt8(ascii: "A") &+ UInt8(truncatingIfNeeded: plate.next() % 26))
            for _ in 0..<5 {
                out.byte(Words.plateSymbols[Int(plate.next() % UInt64(Words.plateSymbols.count))])
            }
            out.raw("\",\"fleet\":")
            out.quoted(fleet)
            out.raw(",\"speed_kmh\":")
            out.double(random.uniform(0...80), scale: 10)
            out.raw("}}\n")
        }
        return count
    }
}

// MARK: - Edge lines

extension CityGenerator {
    /// The relations between entities.
    enum EdgeType {
        case locatedIn, attachedTo, connects, adjacentTo

        /// The value of the `type` field.
        var name: StaticString {
            switch self {
            case .locatedIn: "LOCATED_IN"
            case .attachedTo: "ATTACHED_TO"
            case .connects: "CONNECTS"
            case .adjacentTo: "ADJACENT_TO"
            }
        }
    }
}

extension CityGenerator.Writer {
    typealias Kind = CityGenerator.Kind

    /// Writes the edges that start at entity `index`.
    mutating func writeEdges(from index: Int) {
        switch generator.kind(of: index) {
        case .building: writeChain(from: index, kind: .building, type: .adjacentTo, links: 2...5)
        case .road: writeChain(from: index, kind: .road, type: .connects, links: 2...5)
        case .pipe: writeChain(from: index, kind: .pipe, type: .connects, links: 2...5)
        case .sensor: writeSensorEdges(from: index)
        case .vehicle: break
        }
    }

    /// Links entity `index` to the next few entities of its kind, which lie in the same or the
    /// neighbouring block.
    mutating func writeChain(
        from index: Int, kind: Kind, type: CityGenerator.EdgeType, links: ClosedRange<Int>
    ) {
        var random = generator.stream(index, CityGenerator.Salt.edge)
        let ordinal = generator.ordinal(of: index)
        for link in 1...random.int(links) {
            guard let target = generator.index(of: kind, ordinal: ordinal + link) else { return }
            writeEdge(from: index, to: target, type: type, &random)
        }
    }

    /// A sensor lies in its host building and is attached to 1-3 roads or buildings nearby.
    mutating func writeSensorEdges(from index: Int) {
        var random = generator.stream(index, CityGenerator.Salt.edge)
        let host = generator.hostBuilding(of: index)
        writeEdge(from: index, to: host, type: .locatedIn, &random)
        let attachments = random.int(1...3)
        let roadRank = random.int(0...3)
        for attachment in 0..<attachments {
            let target =
                switch attachment {
                case 0: generator.index(of: .road, rank: roadRank, inBlockOf: index)
                case 1: generator.index(of: .building, ordinal: generator.ordinal(of: host) + 1)
                default: generator.index(of: .road, rank: roadRank + 1, inBlockOf: index)
                }
            if let target { writeEdge(from: index, to: target, type: .attachedTo, &random) }
        }
    }

    /// Writes one edge valid while both endpoints exist, or nothing when their lifetimes do not
    /// overlap. About 10% of edges end before their endpoints do.
    mutating func writeEdge(
        from source: Int, to target: Int, type: CityGenerator.EdgeType, _ random: inout CityGenerator.Random
    ) {
        let sourceLife = generator.lifetime(of: source)
        let targetLife = generator.lifetime(of: target)
        let yearEnd = CityGenerator.City.yearEnd
        let low = Swift.max(sourceLife.created, targetLife.created)
        let high = Swift.min(sourceLife.deleted ?? yearEnd, targetLife.deleted ?? yearEnd)
        let ended = random.chance(0.1)
        let startFraction = random.unit()
        let endFraction = random.unit()
        let detail = random.unit()
        guard high - low >= 2 else { return }
        let validFrom = low + Int(Double(high - low - 1) * 0.5 * startFraction)
        var validTo: Int?
        if ended {
            validTo = validFrom + 1 + Int(Double(high - validFrom - 1) * endFraction)
        } else if sourceLife.deleted != nil || targetLife.deleted != nil {
            validTo = high
        }
        out.raw("{\"id\":\"e")
        out.int(edgeCount)
        out.raw("\",\"from\":")
        out.id(generator.kind(of: source), source)
        out.raw(",\"to\":")
        out.id(generator.kind(of: target), target)
        out.raw(",\"type\":")
        out.quoted(type.name)
        out.raw(",\"valid_from\":")
        out.timestamp(validFrom)
        out.raw(",\"valid_to\":")
        out.timestamp(orNull: validTo)
        out.raw(",\"props\":{")
        writeEdgeProps(from: source, to: target, type: type, detail: detail)
        out.raw("}}\n")
        edgeCount += 1
    }

    /// The small property object of an edge, derived from `detail` in [0, 1).
    mutating func writeEdgeProps(from source: Int, to target: Int, type: CityGenerator.EdgeType, detail: Double) {
        switch type {
        case .locatedIn:
            out.raw("\"floor\":")
            out.int(Int(detail * 12))
        case .attachedTo:
            out.raw("\"since_survey\":")
            out.int(2015 + Int(detail * 11))
        case .connects:
            out.raw("\"weight\":")
            out.double(0.1 + detail * 4.9, scale: 100)
        case .adjacentTo:
            let distance = generator.anchor(of: source).distance(to: generator.anchor(of: target))
            out.raw("\"distance_m\":")
            out.double(distance, scale: 10)
        }
    }
}
