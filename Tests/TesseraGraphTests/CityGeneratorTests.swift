import Foundation
import Testing

@testable import TesseraGraph

@Suite("CityGenerator")
struct CityGeneratorTests {
    /// The output of one run of the generator.
    struct Output {
        var bytes: [UInt8] = []
        var chunkSizes: [Int] = []
        var chunksEndInNewline = true
        var summary = CityGenerator.Summary()

        /// The lines of the output, without their newlines.
        var lines: [ArraySlice<UInt8>] {
            bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        }
    }

    /// What the entity lines say about one entity.
    struct EntityModel {
        var type: String
        var versions: Int
        var firstFrom: Int
        var lastTo: Int?
    }

    static func generate(_ entities: Int, seed: UInt64) -> Output {
        var output = Output()
        output.summary = CityGenerator(entities: entities, seed: seed).write { buffer in
            output.bytes.append(contentsOf: buffer)
            output.chunkSizes.append(buffer.count)
            if buffer.last != UInt8(ascii: "\n") { output.chunksEndInNewline = false }
        }
        return output
    }

    static func parse(_ line: ArraySlice<UInt8>) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
    }

    static func number(_ value: Any?) -> Double? {
        (value as? NSNumber)?.doubleValue
    }

    static let city2025 = 1_735_689_600...1_767_225_600

    /// Seconds since the Unix epoch of a timestamp of the form `2025-03-04T05:06:07Z`, or `nil`.
    static func seconds(_ value: Any?) -> Int? {
        guard let text = value as? String else { return nil }
        let bytes = Array(text.utf8)
        let layout = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
        guard bytes.count == layout.count else { return nil }
        var fields: [Int] = []
        var field = 0
        for (byte, expected) in zip(bytes, layout) {
            if expected == UInt8(ascii: "d") {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                field = field * 10 + Int(byte - UInt8(ascii: "0"))
            } else {
                guard byte == expected else { return nil }
                fields.append(field)
                field = 0
            }
        }
        let (year, month, day) = (fields[0], fields[1], fields[2])
        let (hour, minute, second) = (fields[3], fields[4], fields[5])
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthLengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...monthLengths[month - 1]).contains(day), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// Records an issue when `condition` does not hold; cheaper than `#expect` inside hot loops.
    static func check(
        _ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if !condition { Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation) }
    }

    static func inCity(_ position: Any) -> Bool {
        guard let pair = position as? [Any], pair.count == 2,
            let lon = number(pair[0]), let lat = number(pair[1])
        else { return false }
        return (116.20...116.60).contains(lon) && (39.75...40.05).contains(lat)
    }

    // MARK: Determinism and chunking

    @Test func sameArgumentsGiveIdenticalBytes() {
        let first = Self.generate(1_500, seed: 99)
        let second = Self.generate(1_500, seed: 99)
        #expect(first.bytes == second.bytes)
        #expect(first.summary == second.summary)
    }

    @Test func differentSeedsGiveDifferentBytes() {
        #expect(Self.generate(1_500, seed: 1).bytes != Self.generate(1_500, seed: 2).bytes)
    }

    @Test func chunksHoldWholeLinesOfAboutSixtyFourKiB() {
        let output = Self.generate(2_000, seed: 5)
        #expect(output.chunksEndInNewline)
        #expect(output.chunkSizes.count > 1)
        for size in output.chunkSizes.dropLast() {
            #expect(size >= 64 * 1024 && size < 80 * 1024)
        }
        #expect(output.chunkSizes.reduce(0, +) == output.bytes.count)
    }

    @Test func emptyCityWritesNothing() {
        let output = Self.generate(0, seed: 3)
        #expect(output.bytes.isEmpty)
        #expect(output.summary == CityGenerator.Summary())
    }

    @Test func timestampsMatchFoundation() {
        let formatter = ISO8601DateFormatter()
        var random = CityGenerator.Random(state: 17)
        for _ in 0..<2_000 {
            let seconds = 1_735_689_600 + random.int(0...(366 * 86_400))
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(CityGenerator.rfc3339(seconds) == expected)
        }
        #expect(CityGenerator.rfc3339(1_767_225_600) == "2026-01-01T00:00:00Z")
        #expect(CityGenerator.rfc3339(951_782_400) == "2000-02-29T00:00:00Z")
    }

    // MARK: Counts

    @Test func summaryMatchesLinesAndHitsTargetAverages() {
        let entities = 20_000
        let output = Self.generate(entities, seed: 11)
        var versionLines = 0
        var edgeLines = 0
        let edgePrefix = Array("{\"id\":\"e".utf8)
        for line in output.lines {
            if line.starts(with: edgePrefix) { edgeLines += 1 } else { versionLines += 1 }
        }
        #expect(output.summary.entities == entities)
        #expect(output.summary.versions == versionLines)
        #expect(output.summary.edges == edgeLines)
        let versionsPerEntity = Double(versionLines) / Double(entities)
        let edgesPerEntity = Double(edgeLines) / Double(entities)
        #expect((5.0...7.0).contains(versionsPerEntity))
        #expect((2.5...3.5).contains(edgesPerEntity))
        let deletedFraction = Double(output.summary.deletedEntities) / Double(entities)
        #expect((0.03...0.07).contains(deletedFraction))
    }
}

// MARK: - Entity lines

extension CityGeneratorTests {
    static let kindOfPrefix: [Character: String] = [
        "b": "building", "r": "road", "p": "pipe", "s": "sensor", "v": "vehicle",
    ]
    static let geometryOfKind = [
        "building": "Polygon", "road": "LineString", "pipe": "LineString", "sensor": "Point", "vehicle": "Point",
    ]
    static let propsOfKind: [String: [String]] = [
        "building": ["name", "height_m", "floors", "use", "year_built"],
        "road": ["name", "lanes", "speed_limit", "surface", "status"],
        "pipe": ["material", "diameter_mm", "pressure_kpa", "network"],
        "sensor": ["kind", "status", "reading"],
        "vehicle": ["plate", "fleet", "speed_kmh"],
    ]
    static let versionsOfKind: [String: ClosedRange<Int>] = [
        "building": 2...5, "road": 2...4, "pipe": 2...4, "sensor": 3...8, "vehicle": 10...25,
    ]

    /// Checks a GeoJSON geometry of an entity of `kind`.
    static func checkGeometry(_ geometry: [String: Any], kind: String, id: String) {
        let type = geometry["type"] as? String
        check(type == geometryOfKind[kind], "\(id) has geometry \(type ?? "?")")
        switch type {
        case "Point":
            check(inCity(geometry["coordinates"] as Any), "\(id) lies outside the city")
        case "LineString":
            let points = geometry["coordinates"] as? [Any] ?? []
            check((2...6).contains(points.count), "\(id) has \(points.count) points")
            check(points.allSatisfy(inCity), "\(id) leaves the city")
        case "Polygon":
            let rings = geometry["coordinates"] as? [[[Any]]] ?? []
            check(rings.count == 1, "\(id) has \(rings.count) rings")
            let ring = rings.first ?? []
            check((5...9).contains(ring.count), "\(id) has a ring of \(ring.count) positions")
            check(ring.allSatisfy(inCity), "\(id) leaves the city")
            let points = ring.map { $0.compactMap(number) }
            check(points.first == points.last, "\(id) has an open ring")
            var twiceArea = 0.0
            for (a, b) in zip(points, points.dropFirst()) where a.count == 2 && b.count == 2 {
                twiceArea += a[0] * b[1] - b[0] * a[1]
            }
            check(twiceArea > 0, "\(id) has a ring that is not counter-clockwise")
        default:
            Issue.record("\(id) has an unexpected geometry \(geometry)")
        }
    }

    /// Checks one entity version line and folds it into `model`.
    static func checkEntityLine(
        _ object: [String: Any], model: inout [String: EntityModel], current: inout String?
    ) {
        guard let id = object["id"] as? String, let first = id.first, let type = object["type"] as? String,
            let version = object["version"] as? Int, let from = seconds(object["valid_from"]),
            let geometry = object["geometry"] as? [String: Any], let props = object["props"] as? [String: Any]
        else {
            Issue.record("malformed entity line \(object)")
            return
        }
        let to = seconds(object["valid_to"])
        check(to != nil || object["valid_to"] is NSNull, "\(id) has a bad valid_to")
        check(kindOfPrefix[first] == type, "\(id) has type \(type)")
        check(city2025.contains(from), "\(id) starts outside 2025")
        if let to { check(from < to && city2025.contains(to), "\(id) v\(version) has a bad interval") }
        checkGeometry(geometry, kind: type, id: id)
        for key in propsOfKind[type] ?? [] { check(props[key] != nil, "\(id) lacks \(key)") }
        if version == 1 {
            check(model[id] == nil, "\(id) appears twice")
            model[id] = EntityModel(type: type, versions: 1, firstFrom: from, lastTo: to)
        } else if var entity = model[id], current == id {
            check(version == entity.versions + 1, "\(id) v\(version) follows v\(entity.versions)")
            check(entity.lastTo == from, "\(id) v\(version) does not chain")
            entity.versions = version
            entity.lastTo = to
            model[id] = entity
        } else {
            Issue.record("\(id) v\(version) does not follow its previous version")
        }
        current = id
    }

    /// Parses every line of a city and checks its entity lines; returns the entity model and the edges.
    static func checkCity(_ output: Output) -> (entities: [String: EntityModel], edges: [[String: Any]]) {
        var model: [String: EntityModel] = [:]
        var edges: [[String: Any]] = []
        var current: String?
        for line in output.lines {
            guard let object = parse(line) else {
                Issue.record("line does not parse: \(String(decoding: line, as: UTF8.self))")
                continue
            }
            if (object["id"] as? String)?.first == "e" {
                edges.append(object)
            } else {
                check(edges.isEmpty, "entity line after an edge line")
                checkEntityLine(object, model: &model, current: &current)
            }
        }
        return (model, edges)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func entityLinesAreWellFormed(seed: UInt64) {
        let output = Self.generate(2_000, seed: seed)
        let (model, _) = Self.checkCity(output)
        #expect(model.count == 2_000)
        #expect(model.values.reduce(0) { $0 + $1.versions } == output.summary.versions)
        #expect(model.values.filter { $0.lastTo != nil }.count == output.summary.deletedEntities)
        for (id, entity) in model {
            Self.check(Self.versionsOfKind[entity.type]?.contains(entity.versions) == true, "\(id) versions")
        }
        let kinds = Dictionary(grouping: model.values, by: \.type).mapValues(\.count)
        #expect(kinds == ["building": 500, "road": 400, "pipe": 300, "sensor": 600, "vehicle": 200])
    }
}

// MARK: - Edge lines

extension CityGeneratorTests {
    static let endpointsOfType: [String: Set<String>] = [
        "LOCATED_IN": ["sensor>building"],
        "ATTACHED_TO": ["sensor>road", "sensor>building"],
        "CONNECTS": ["road>road", "pipe>pipe"],
        "ADJACENT_TO": ["building>building"],
    ]

    /// Checks one edge against the entity model; returns whether it ended while both endpoints live on,
    /// or `nil` when an endpoint is deleted or the edge is malformed.
    static func checkEdge(_ edge: [String: Any], model: [String: EntityModel], ids: inout Set<String>) -> Bool? {
        guard let id = edge["id"] as? String, let fromID = edge["from"] as? String,
            let toID = edge["to"] as? String, let type = edge["type"] as? String,
            let from = model[fromID], let to = model[toID], let validFrom = seconds(edge["valid_from"]),
            edge["props"] is [String: Any]
        else {
            Issue.record("malformed edge \(edge)")
            return nil
        }
        check(ids.insert(id).inserted, "duplicate edge id \(id)")
        check(endpointsOfType[type]?.contains("\(from.type)>\(to.type)") == true, "\(id) joins wrong kinds")
        let validTo = seconds(edge["valid_to"])
        check(validTo != nil || edge["valid_to"] is NSNull, "\(id) has a bad valid_to")
        check(validFrom >= from.firstFrom && validFrom >= to.firstFrom, "\(id) starts before an endpoint")
        if let validTo { check(validFrom < validTo && city2025.contains(validTo), "\(id) has a bad interval") }
        guard let death = [from.lastTo, to.lastTo].compactMap({ $0 }).min() else { return validTo != nil }
        check(validFrom < death, "\(id) starts after an endpoint is deleted")
        check(validTo.map { $0 <= death } == true, "\(id) outlives an endpoint")
        return nil
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func edgesLieWithinTheLifetimesOfTheirEndpoints(seed: UInt64) {
        let output = Self.generate(2_000, seed: seed)
        let (model, edges) = Self.checkCity(output)
        #expect(edges.count == output.summary.edges)
        var ids = Set<String>()
        var ended = 0
        var open = 0
        for edge in edges {
            switch Self.checkEdge(edge, model: model, ids: &ids) {
            case true: ended += 1
            case false: open += 1
            case nil: break
            }
        }
        let endedFraction = Double(ended) / Double(ended + open)
        #expect((0.05...0.15).contains(endedFraction))
    }
}
