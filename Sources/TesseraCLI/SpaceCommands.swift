import ArgumentParser
import TesseraCore
import TesseraGeometry
import TesseraGraph
import TesseraGrid

/// Parses `a,b,c,...` into exactly `count` numbers (or one of `counts`).
func parseNumbers(_ text: String, option: String, counts: Set<Int>) throws -> [Double] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
        Double($0.trimmingCharacters(in: .whitespaces))
    }
    guard counts.contains(parts.count), parts.allSatisfy({ $0 != nil && $0!.isFinite }) else {
        throw ValidationError(
            "\(option) \"\(text)\": expected \(counts.sorted().map(String.init).joined(separator: " or ")) numbers separated by commas"
        )
    }
    return parts.compactMap { $0 }
}

func hitValue(_ hit: SpatialHit, distance: Double? = nil) -> Value {
    var object: [String: Value] = [
        "id": .string(hit.id),
        "labels": .list(hit.labels.map(Value.string)),
        "valid_from": Output.time(hit.valid.from),
        "valid_to": Output.time(hit.valid.to),
        "system_from": Output.time(hit.system.from),
        "system_to": Output.time(hit.system.to),
        "bbox": .list(
            [hit.bounds.minLongitude, hit.bounds.minLatitude, hit.bounds.maxLongitude, hit.bounds.maxLatitude].map(
                Value.double)),
    ]
    if let distance { object["distance_m"] = .double((distance * 1000).rounded() / 1000) }
    return .map(object)
}

struct Within: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the entities in a box (by bounding box) or meeting a geometry (exactly), as a JSON array.",
        discussion: """
            --bbox keeps the entities whose geometry's bounding box intersects the box. --geometry (WKT or GeoJSON) \
            keeps those whose geometry itself intersects it, touching included (GEOS, in the longitude/latitude \
            plane); give --geometry with a rectangle for an exact box test.
            """)
    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, parsing: .unconditional, help: "minLon,minLat,maxLon,maxLat") var bbox: String?
    @Option(name: .long, parsing: .unconditional, help: "A WKT or GeoJSON geometry, tested exactly.") var geometry:
        String?
    @Option(name: .long, help: "Valid time (default: now).") var validAt: String?
    @Option(name: .long, help: "Start of a valid-time range.") var validFrom: String?
    @Option(name: .long, help: "End of a valid-time range (exclusive).") var validTo: String?
    @Option(name: .long, help: "System time: what the database believed then (default: latest).") var systemAt: String?
    @Option(name: .long, help: "Only entities with this label (repeatable).") var label: [String] = []

    func run() throws {
        guard (bbox == nil) != (geometry == nil) else { throw ValidationError("give either --bbox or --geometry") }
        guard (validFrom == nil) == (validTo == nil), validAt == nil || validFrom == nil else {
            throw ValidationError("give either --valid-at, or both --valid-from and --valid-to")
        }
        let shape = try geometry.map(Self.parseGeometry)
        var box = SpatialBounds(minLongitude: 0, minLatitude: 0, maxLongitude: 0, maxLatitude: 0)
        if let bbox {
            let numbers = try parseNumbers(bbox, option: "--bbox", counts: [4])
            guard numbers[0] <= numbers[2], numbers[1] <= numbers[3] else {
                throw ValidationError("--bbox: minLon must be <= maxLon and minLat <= maxLat")
            }
            box = SpatialBounds(
                minLongitude: numbers[0], minLatitude: numbers[1], maxLongitude: numbers[2], maxLatitude: numbers[3])
        }
        let labels = label.isEmpty ? nil : label
        let graph = try openGraph(database.db, readOnly: true)
        let system = try parseTimeOption(systemAt, "system-at").map(SystemTimePin.asOf) ?? .latest
        let hits: [SpatialHit]
        if let from = try parseTimeOption(validFrom, "valid-from"), let to = try parseTimeOption(validTo, "valid-to") {
            hits =
                try shape.map {
                    try graph.entities(intersecting: $0, validFrom: from, validTo: to, system: system, labels: labels)
                }
                ?? graph.entities(intersecting: box, validFrom: from, validTo: to, system: system, labels: labels)
        } else {
            // One query per process: the space-time index answers it directly, while the in-memory R-tree
            // of the present pays off only in long-running processes that build it once.
            let instant = try parseTimeOption(validAt, "valid-at")
            hits =
                try shape.map { try graph.entities(intersecting: $0, validAt: instant, system: system, labels: labels) }
                ?? graph.entities(intersecting: box, validAt: instant, system: system, labels: labels)
        }
        Output.print(Output.array(hits.map { JSONWriter.encode(hitValue($0)) }))
    }

    /// A `--geometry` value: GeoJSON when it starts with `{`, else WKT; the error names the option.
    static func parseGeometry(_ text: String) throws -> Geometry {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            return trimmed.hasPrefix("{") ? try Geometry(geoJSON: trimmed) : try Geometry(wkt: trimmed)
        } catch { throw ValidationError("--geometry: \(error)") }
    }
}

struct Nearest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the k entities nearest to a point, nearest first, with distance_m, as a JSON array.")
    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, parsing: .unconditional, help: "lon,lat") var point: String
    @Option(name: .long, help: "How many.") var k: Int = 10
    @Option(name: .long, help: "Valid time (default: now).") var validAt: String?
    @Option(name: .long, help: "System time (default: latest).") var systemAt: String?
    @Option(name: .long, help: "Only entities with this label (repeatable).") var label: [String] = []

    func run() throws {
        let numbers = try parseNumbers(point, option: "--point", counts: [2])
        guard (-180...180).contains(numbers[0]), (-90...90).contains(numbers[1]) else {
            throw ValidationError("--point: longitude must be in [-180, 180] and latitude in [-90, 90]")
        }
        guard k > 0 else { throw ValidationError("--k must be positive") }
        let graph = try openGraph(database.db, readOnly: true)
        let system = try parseTimeOption(systemAt, "system-at").map(SystemTimePin.asOf) ?? .latest
        let labels = label.isEmpty ? nil : label
        // The space-time index answers a single query without building the in-memory R-tree.
        let found = try graph.nearest(
            longitude: numbers[0], latitude: numbers[1], k: k,
            validAt: try parseTimeOption(validAt, "valid-at") ?? Time.nowMicros(), system: system, labels: labels)
        Output.print(Output.array(found.map { JSONWriter.encode(hitValue($0.hit, distance: $0.distanceMeters)) }))
    }
}

struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the BeiDou grid code of a point (2D, or 3D when a height in metres is given).")
    @Option(name: .long, help: "Level 1-10.") var level: Int = 10
    @Argument(parsing: .allUnrecognized, help: "lon,lat or lon,lat,height (western and southern values are negative)")
    var position: [String]

    func validate() throws {
        guard position.count == 1 else { throw ValidationError("give one position: lon,lat or lon,lat,height") }
    }

    func run() throws {
        let numbers = try parseNumbers(position[0], option: "position", counts: [2, 3])
        guard (1...10).contains(level) else { throw ValidationError("--level must be 1-10") }
        let point = GeoPoint(longitude: numbers[0], latitude: numbers[1])
        do {
            if numbers.count == 3 {
                print(try BeiDouCell3D(containing: point, heightMeters: numbers[2], level: level).code)
            } else {
                print(try BeiDouCell(containing: point, level: level).code)
            }
        } catch {
            Output.error("\(error)")
            throw ExitCode(1)
        }
    }
}

struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the cell of a BeiDou grid code as JSON.")
    @Argument(help: "A 2D or 3D BeiDou grid code.") var code: String

    func run() throws {
        do {
            // 2D codes are at most 20 characters long; 3D codes are longer (or 7, 10, 12 ... 32).
            if code.count <= 20, let cell = try? BeiDouCell(code: code) {
                Output.print(cellValue(cell))
                return
            }
            if code.count <= 20, (try? BeiDouCell3D(code: code)) == nil {
                _ = try BeiDouCell(code: code)
            }
            let cell3D = try BeiDouCell3D(code: code)
            guard case .map(var object) = cellValue(cell3D.footprint) else { return }
            object["code"] = .string(cell3D.code)
            object["dimensions"] = .int(3)
            object["below_ground"] = .bool(cell3D.isBelowGround)
            object["height_m"] = .list(
                [.double(cell3D.heightRangeMeters.lowerBound), .double(cell3D.heightRangeMeters.upperBound)])
            Output.print(.map(object))
        } catch {
            Output.error("\(error)")
            throw ExitCode(1)
        }
    }

    func cellValue(_ cell: BeiDouCell) -> Value {
        let bounds = cell.bounds
        return .map([
            "code": .string(cell.code),
            "dimensions": .int(2),
            "level": .int(Int64(cell.level)),
            "west": .double(bounds.west), "south": .double(bounds.south),
            "east": .double(bounds.east), "north": .double(bounds.north),
            "parent": cell.parent.map { .string($0.code) } ?? .null,
        ])
    }
}
